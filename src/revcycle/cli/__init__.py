"""The ``revcycle`` command. Each command group lives in its own module of this package and is
registered in ``GROUPS``; a module exposes ``app`` (a Typer app) and ``HELP``."""

from __future__ import annotations

import importlib

import typer

GROUPS: tuple[tuple[str, str], ...] = (
    # (command name, module under revcycle.cli)
    ("db", "db"),
    ("demo", "demo"),
    ("codes", "codes"),
    ("reports", "reports"),
    ("users", "users"),
    ("tokens", "tokens"),
    ("audit", "audit"),
    ("keys", "keys"),
    ("sandbox", "sandbox"),
    ("eligibility", "eligibility"),
    ("auth", "auth"),
    ("estimate", "estimate"),
    ("payments", "payments"),
    ("statements", "statements"),
    ("plans", "plans"),
    ("collections", "collections"),
    ("era", "era"),
    ("claims", "claims"),
    ("inbox", "inbox"),
    ("charges", "charges"),
    ("import", "imports"),
    ("worker", "worker"),
    ("x12", "x12"),
)

app = typer.Typer(
    name="revcycle",
    help="revcycle: medical billing and revenue-cycle management.",
    no_args_is_help=True,
    add_completion=False,
)


def _register() -> None:
    from revcycle.cli import serve

    app.command("serve", help=serve.HELP)(serve.serve)
    for name, module_name in GROUPS:
        module = importlib.import_module(f"revcycle.cli.{module_name}")
        app.add_typer(module.app, name=name, help=module.HELP)


_register()


def main() -> None:
    app()
