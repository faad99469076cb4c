"""Job handlers by name. A handler takes the database and the job's payload, owns its own units of
work (it commits), and returns a small JSON-able result. It must be idempotent: a job can run again
after a worker dies mid-way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from revcycle.kit.db import Database

Handler = Callable[[Database, dict[str, Any]], dict[str, Any] | None]

HANDLERS: dict[str, Handler] = {}


def register(kind: str) -> Callable[[Handler], Handler]:
    """``@register("era_ingestion")`` above a handler."""

    def wrap(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler

    return wrap


def handler_for(kind: str) -> Handler | None:
    import revcycle.worker.handlers  # noqa: F401  (registers the built-in job types once)

    return HANDLERS.get(kind)
