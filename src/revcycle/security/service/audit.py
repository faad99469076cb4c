"""The PHI audit trail: one record per access, chained with HMAC-SHA256 under a key outside the DB.

Any context writes a record with :func:`record_access` inside its unit of work. Records are sealed
into the chain when that unit of work commits (so the chain order is the commit order); on
PostgreSQL an advisory lock serialises sealing, on SQLite the write lock already does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from revcycle.kit.clock import clock
from revcycle.kit.crypto import key_ring
from revcycle.kit.db import Database, UnitOfWork
from revcycle.kit.logs import current_request_id
from revcycle.security import repository
from revcycle.security.domain import (
    CHAIN_FIELDS,
    GENESIS,
    TPO,
    AuditAction,
    ChainRecord,
    ChainVerdict,
    DisclosurePurpose,
    Outcome,
    Principal,
    chain_hash,
    validate_disclosure,
    verify_chain,
)
from revcycle.security.tables import AuditEventRow

log = logging.getLogger("revcycle.audit")
_PENDING = "revcycle_audit_pending"
_ADVISORY_LOCK = 7_243_021


def record_access(
    uow: UnitOfWork,
    scope: Principal | None,
    action: AuditAction | str,
    entity: str,
    entity_id: object = None,
    patient_id: int | None = None,
    outcome: Outcome | str = Outcome.ALLOWED,
    *,
    detail: str | None = None,
    purpose: DisclosurePurpose | str | None = None,
    recipient: str | None = None,
) -> AuditEventRow:
    """Write one audit record (user, role, practice, patient, object, action, outcome, time, request).

    ``detail`` is for the auditor: what happened, never the PHI itself.
    """
    row = AuditEventRow(
        occurred_at=clock.now(),
        request_id=current_request_id(),
        practice_id=scope.practice_id if scope else None,
        user_id=scope.user_id if scope else None,
        role=scope.role if scope else None,
        action=AuditAction(action).value,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        patient_id=patient_id,
        outcome=Outcome(outcome).value,
        purpose=DisclosurePurpose(purpose).value if purpose else None,
        recipient=recipient,
        detail=detail,
        break_glass_id=scope.break_glass_id if scope else None,
    )
    uow.session.add(row)
    uow.session.info.setdefault(_PENDING, []).append(row)
    return row


def record_now(database: Database, scope: Principal | None, action: str, entity: str, **kw: Any) -> None:
    """Write one record in a transaction of its own: for refusals, whose request rolls back."""
    try:
        with database.transaction() as uow:
            record_access(uow, scope, action, entity, **kw)
    except Exception:  # an audit failure must not hide the refusal itself
        log.exception("could not write an audit record for a refused request")


class UnauthenticatedAuditLimit:
    """Per client address, at most ``limit`` refused no-credential calls are recorded one by one in
    each fixed ``window``; the first call over the limit writes one record saying so, the rest are
    counted, and when the window has closed one summary record says how many were not recorded."""

    def __init__(self, limit: int, window: timedelta = timedelta(minutes=1)) -> None:
        self.limit = limit
        self.window = window
        self._windows: dict[str, tuple[datetime, int, int]] = {}
        """address -> (window start, recorded, counted but not recorded)"""
        self._lock = threading.Lock()

    def hit(self, address: str, now: datetime) -> tuple[bool, bool, list[tuple[str, datetime, int]]]:
        """(record this call?, is it the first over the limit?, closed windows to summarise as
        (address, window start, calls not recorded))."""
        closed: list[tuple[str, datetime, int]] = []
        with self._lock:
            for other, (start, _, skipped) in list(self._windows.items()):
                if now - start >= self.window:
                    del self._windows[other]
                    if skipped:
                        closed.append((other, start, skipped))
            start, recorded, skipped = self._windows.get(address, (now, 0, 0))
            record = recorded < self.limit
            self._windows[address] = (start, recorded + record, skipped + (not record))
        return record, not record and skipped == 0, closed

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()


_unauthenticated: UnauthenticatedAuditLimit | None = None


def unauthenticated_limit() -> UnauthenticatedAuditLimit:
    global _unauthenticated
    if _unauthenticated is None:
        from revcycle.security.config import security_settings

        _unauthenticated = UnauthenticatedAuditLimit(security_settings().unauthenticated_audit_per_ip)
    return _unauthenticated


def reset_unauthenticated_limit() -> None:
    global _unauthenticated
    _unauthenticated = None


def record_unauthenticated(
    database: Database, *, method: str, route: str, object_id: str | None, client: str
) -> None:
    """A call to a PHI route without (valid) credentials: user unknown, the route, the object id,
    denied, the client address; never the query string or the body. Rate-limited per address."""
    limit = unauthenticated_limit()
    record, first_over, closed = limit.hit(client, clock.now())
    if not (record or first_over or closed):
        return
    try:
        with database.transaction() as uow:
            for address, start, count in closed:
                record_access(
                    uow,
                    None,
                    AuditAction.ACCESS,
                    "route",
                    outcome=Outcome.DENIED,
                    detail=f"no credentials: {count} more call(s) from client {address} in the "
                    f"{int(limit.window.total_seconds())} s from {start.isoformat()} not recorded "
                    f"one by one (over {limit.limit} per window)",
                )
            if record:
                record_access(
                    uow,
                    None,
                    AuditAction.ACCESS,
                    "route",
                    object_id,
                    outcome=Outcome.DENIED,
                    detail=f"no credentials: {method} {route} from client {client}",
                )
            elif first_over:
                record_access(
                    uow,
                    None,
                    AuditAction.ACCESS,
                    "route",
                    outcome=Outcome.DENIED,
                    detail=f"no credentials: more than {limit.limit} calls from client {client} within "
                    f"{int(limit.window.total_seconds())} s; further ones are counted into one summary",
                )
    except Exception:  # an audit failure must not hide the refusal itself
        log.exception("could not write an audit record for a call without credentials")


@event.listens_for(Session, "before_commit")
def _seal(session: Session) -> None:
    pending: list[AuditEventRow] = session.info.pop(_PENDING, [])
    if not pending:
        return
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_LOCK})
    last = repository.last_chained(session)
    previous, position = (last.hash or GENESIS, last.position or 0) if last else (GENESIS, 0)
    ring = key_ring()
    key, version = ring.audit_key, ring.audit_version
    for row in pending:
        position += 1
        row.position = position
        row.previous_hash = previous
        row.key_version = version
        row.hash = chain_hash(key, previous, _fields(row))
        previous = row.hash
    session.flush()


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _fields(row: AuditEventRow) -> dict[str, object]:
    return {name: getattr(row, name) for name in CHAIN_FIELDS}


def verify_audit_chain(uow: UnitOfWork) -> ChainVerdict:
    """Recompute the chain, each record with the audit key version it names; the verdict names the
    first edited, deleted, reordered or re-sealed record."""
    records = [
        ChainRecord(
            r.id, r.position or 0, r.previous_hash or "", r.hash or "", _fields(r), r.key_version or 1
        )
        for r in repository.chain(uow)
    ]
    ring = key_ring()
    return verify_chain(records, ring.audit_keys, ring.audit_first_positions)


def search_audit(
    uow: UnitOfWork, scope: Principal, criteria: Mapping[str, Any], *, limit: int = 100, offset: int = 0
) -> tuple[Sequence[AuditEventRow], int]:
    """The practice's audit records matching ``criteria`` (user, patient, action, outcome, period)."""
    return repository.search_audit(uow, scope.practice_id, criteria, limit, offset)


def record_disclosure(
    uow: UnitOfWork,
    scope: Principal,
    *,
    patient_id: int,
    purpose: DisclosurePurpose | str,
    recipient: str,
    entity: str = "patient",
    entity_id: object = None,
    detail: str | None = None,
    disclosed_on: date | None = None,
) -> AuditEventRow:
    """A disclosure of a patient's PHI outside the practice (to a court, an agency...).

    Every field is checked at once (``FieldErrors`` names each bad one); ``disclosed_on`` is the
    day it happened when that was before it is recorded, and is kept in the chained detail."""
    checked = validate_disclosure(
        purpose=purpose, recipient=recipient, detail=detail, disclosed_on=disclosed_on, today=clock.today()
    )
    return record_access(
        uow,
        scope,
        AuditAction.DISCLOSE,
        entity,
        entity_id if entity_id is not None else patient_id,
        patient_id,
        detail=checked.audit_detail,
        purpose=checked.purpose,
        recipient=checked.recipient,
    )


def accounting_of_disclosures(
    uow: UnitOfWork, scope: Principal, *, patient_id: int, since: datetime | None = None
) -> Sequence[AuditEventRow]:
    """Disclosures of one patient's PHI outside treatment, payment and operations (45 CFR 164.528)."""
    others = [p.value for p in DisclosurePurpose if p not in TPO]
    rows, _ = repository.search_audit(
        uow,
        scope.practice_id,
        {"patient_id": patient_id, "action": AuditAction.DISCLOSE.value, "purposes": others, "since": since},
        10_000,
        0,
    )
    return rows
