"""Every integration test runs on SQLite and, when REVCYCLE_TEST_DATABASE_URL is set, PostgreSQL.

Each pytest worker gets its own PostgreSQL schema (migrated once); every test starts from empty
tables. Under CI=true an unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from revcycle.kit.db import Database
from revcycle.kit.migrate import upgrade

PG_URL = os.environ.get("REVCYCLE_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def _pg_url_for_schema(schema: str) -> str:
    joiner = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session", params=BACKENDS)
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> Iterator[tuple[str, str | Path]]:
    """('sqlite', template file) or ('postgresql', url): a schema migrated once per worker."""
    if request.param == "sqlite":
        template = tmp_path_factory.mktemp("sqlite") / "template.db"
        db = Database(f"sqlite:///{template}")
        upgrade(db.engine)
        db.dispose()
        yield "sqlite", template
        return
    # Unique per process: several test runs may share one PostgreSQL server at once.
    schema = f"rc_test_{worker_id}_{os.getpid()}"
    admin = Database(PG_URL)
    try:
        with admin.engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # the server is not there
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at REVCYCLE_TEST_DATABASE_URL is unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    url = _pg_url_for_schema(schema)
    db = Database(url)
    upgrade(db.engine)
    db.dispose()
    yield "postgresql", url
    with admin.engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def database(backend: tuple[str, str | Path], tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database for one test."""
    kind, where = backend
    if kind == "sqlite":
        path = tmp_path / "revcycle.db"
        shutil.copyfile(where, path)
        db = Database(f"sqlite:///{path}")
        yield db
        db.dispose()
        return
    db = Database(str(where))
    yield db
    with db.engine.begin() as conn:
        tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        if tables:
            conn.execute(
                text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
            )
    db.dispose()
