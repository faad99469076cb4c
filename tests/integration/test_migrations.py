from pathlib import Path

import pytest
from sqlalchemy import inspect

from revcycle.api.app import create_app
from revcycle.kit.db import Database
from revcycle.kit.errors import ConfigurationError
from revcycle.kit.migrate import pending_revisions, upgrade


def test_migrations_build_the_schema_from_an_empty_database(database: Database):
    tables = set(inspect(database.engine).get_table_names())
    assert {"practices", "providers", "facilities", "payers", "patients", "guarantors", "coverages"} <= tables
    assert pending_revisions(database.engine) == set()


def test_upgrade_twice_changes_nothing(database: Database):
    upgrade(database.engine)
    assert pending_revisions(database.engine) == set()


def test_app_refuses_to_start_on_an_empty_schema_and_names_the_command(tmp_path: Path):
    empty = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(ConfigurationError, match="revcycle db upgrade"):
        create_app(database=empty)
    empty.dispose()


def test_sqlite_engine_uses_wal_foreign_keys_and_busy_timeout(tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
    db.dispose()
