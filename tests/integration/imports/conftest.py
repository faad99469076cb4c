"""Fixtures for import tests: an empty practice, a runner for ``revcycle import``, a writer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from revcycle.cli import app
from revcycle.imports import service
from revcycle.imports.model import Parsed
from revcycle.kit.db import Database
from revcycle.kit.settings import get_settings
from tests.integration.security.factories import make_practice


@pytest.fixture
def practice_id(database: Database) -> int:
    return int(make_practice(database)["id"])


@pytest.fixture
def write(database: Database, practice_id: int):
    """``write(parsed, source)``: import in one committed unit of work; returns the result."""

    def _write(parsed: Parsed, source: str = "fhir") -> service.ImportResult:
        with database.transaction() as uow:
            return service.import_records(uow, practice_id=practice_id, source=source, parsed=parsed)

    return _write


@pytest.fixture
def cli(database: Database, practice_id: int, monkeypatch) -> Iterator[Any]:
    """``cli("fhir", path)`` -> (exit code, JSON summary)."""
    monkeypatch.setenv("REVCYCLE_DATABASE_URL", database.engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()

    def _run(*args: str) -> tuple[int, dict[str, Any]]:
        result = CliRunner().invoke(app, ["import", *args, "--json"])
        assert result.stdout, result.output
        return result.exit_code, json.loads(result.stdout)

    yield _run
    get_settings.cache_clear()
