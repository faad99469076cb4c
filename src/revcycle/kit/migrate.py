"""Schema migrations (Alembic), run from code: ``revcycle db upgrade`` and the start-up check.

Migrations live in ``revcycle/migrations/versions``. Each bounded context keeps its own branch
(``branch_labels = ("intake",)`` ...), with ``depends_on`` where it references another context's
tables, so contexts can grow their schema independently; ``upgrade`` goes to all heads.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from revcycle.kit.errors import ConfigurationError

_MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> list[str]:
    """Bring the schema to the newest revision of every branch; returns the heads reached."""
    config = alembic_config(engine)
    command.upgrade(config, "heads")
    return sorted(ScriptDirectory.from_config(config).get_heads())


def pending_revisions(engine: Engine) -> set[str]:
    """Heads of the code that the database has not reached yet (empty when up to date)."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    applied: set[str] = set()
    for rev in current:
        applied.update(r.revision for r in script.iterate_revisions(rev, "base"))
    return {head for head in script.get_heads() if head not in applied}


def ensure_up_to_date(engine: Engine) -> None:
    """Refuse to run on an out-of-date schema, naming the command that fixes it."""
    missing = pending_revisions(engine)
    if missing:
        raise ConfigurationError(
            f"the database schema is out of date ({len(missing)} migration branch(es) not applied); "
            "run `revcycle db upgrade` first"
        )
