"""The root command lists every command group, so a group written but not registered is caught."""

from pathlib import Path

from typer.testing import CliRunner

from revcycle import cli

CLI_DIR = Path(cli.__file__).parent
NOT_GROUPS = {"__init__", "serve", "runtime"}


def test_every_cli_module_is_a_registered_group():
    registered = {module for _, module in cli.GROUPS}
    modules = {p.stem for p in CLI_DIR.glob("*.py")} - NOT_GROUPS
    assert modules == registered


def test_root_help_lists_serve_db_demo_and_x12():
    result = CliRunner().invoke(cli.app, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    for name in ("serve", "db", "demo", "x12", "codes", "claims", "era", "reports"):
        assert f" {name} " in result.output
