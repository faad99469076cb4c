"""Alembic environment: runs migrations on the engine handed over by ``revcycle.kit.migrate``."""

from __future__ import annotations

import importlib
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.types import TypeDecorator

from revcycle.kit.db import Base

TABLE_MODULES = (
    "revcycle.intake.tables",
    "revcycle.codes.tables",
    "revcycle.security.tables",
    "revcycle.ledger.tables",
    "revcycle.charges.tables",
    "revcycle.claims.tables",
    "revcycle.remittance.tables",
    "revcycle.eligibility.tables",
    "revcycle.patient_billing.tables",
    "revcycle.imports.tables",
    "revcycle.reporting.tables",
    "revcycle.worker.tables",
    "revcycle.web.tables",
)
"""Every context's ``tables`` module, so that autogenerate sees the whole schema."""

for _module in TABLE_MODULES:
    importlib.import_module(_module)


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write revcycle's column types as their plain storage types, so migrations import nothing."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()
