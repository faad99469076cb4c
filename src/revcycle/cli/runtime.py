"""What commands share: the configured database, checked and disposed, and the practice to act for.

Every command that touches the database opens it with :func:`open_database`, so the schema check
runs and the pooled connection is closed when the command ends (never left to the garbage
collector), and picks its practice with :func:`resolve_practice`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from revcycle.intake.repository import practice_repo
from revcycle.kit.db import Database, UnitOfWork
from revcycle.kit.errors import ConfigurationError
from revcycle.kit.migrate import ensure_up_to_date
from revcycle.kit.settings import get_settings


@contextmanager
def open_database(*, check_schema: bool = True) -> Iterator[Database]:
    """The configured database; refuses an out-of-date schema; disposed when the block ends."""
    database = Database(get_settings().database_url)
    try:
        if check_schema:
            ensure_up_to_date(database.engine)
        yield database
    finally:
        database.dispose()


def resolve_practice(uow: UnitOfWork, given: int | None) -> int:
    """The practice named by ``--practice``, or the only one there is; otherwise an error naming it."""
    if given is not None:
        return practice_repo(uow).get(given).id
    practices = practice_repo(uow).all()
    if len(practices) != 1:
        raise ConfigurationError(f"there are {len(practices)} practices: name one with --practice")
    return practices[0].id
