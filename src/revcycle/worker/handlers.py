"""The built-in job types; each calls its context's service and owns its transactions.

- ``era_ingestion``: ``{"practice_id", "path"}`` (or ``"text"``): post an 835 file. Idempotent: the
  remittance service recognises an ERA it already posted (payer + TRN02).
- ``claim_submission``: ``{"practice_id"}``: batch the ready claims and send them through the
  configured clearinghouse. Running it again finds nothing ready (or only unsent files) to send.
- ``batch_eligibility``: ``{"practice_id", "date"}``: check every patient seen that day in real
  time (``REVCYCLE_REALTIME_URL``).
- ``statement_run``: ``{"practice_id", "date"}``: cycle statements for every account with a balance.
- ``payment_reminders``: ``{"practice_id", "date"}``: remind payment plans of installments due soon
  (sent, deferred outside the contact window, or stopped while disputed).
- ``plan_review``: ``{"practice_id", "date"}``: default plans with too many missed installments.

The daily jobs are queued once per practice and day under ``daily_key(kind, practice_id, day)``.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from revcycle.kit.clock import clock
from revcycle.kit.db import Database
from revcycle.kit.errors import ConfigurationError
from revcycle.kit.settings import get_settings
from revcycle.worker.domain import PermanentJobError
from revcycle.worker.registry import register
from revcycle.worker.retrying import in_transaction


def daily_key(kind: str, practice_id: int, day: date) -> str:
    """The idempotency key of a job run once per practice and day (``plan_review:3:2026-03-13``)."""
    return f"{kind}:{practice_id}:{day.isoformat()}"


def _day(payload: dict[str, Any]) -> date:
    try:
        return date.fromisoformat(str(payload["date"]))
    except (KeyError, ValueError):
        raise PermanentJobError("the payload needs a date (YYYY-MM-DD)") from None


def _practice(payload: dict[str, Any]) -> int:
    try:
        return int(payload["practice_id"])
    except (KeyError, TypeError, ValueError):
        raise PermanentJobError("the payload needs a practice_id") from None


@register("era_ingestion")
def ingest_era(database: Database, payload: dict[str, Any]) -> dict[str, Any]:
    from revcycle.remittance.service.ingest import ingest_era as ingest

    if "path" in payload:
        path = Path(payload["path"])
        if not path.is_file():
            raise PermanentJobError(f"no ERA file at {path.name}")
        text, name = path.read_text(encoding="utf-8", errors="replace"), payload.get("source_name", path.name)
    elif "text" in payload:
        text, name = str(payload["text"]), str(payload.get("source_name", "job"))
    else:
        raise PermanentJobError("the payload needs a path or the text of an 835")
    practice_id = _practice(payload)
    result = in_transaction(
        database, lambda uow: ingest(uow, practice_id=practice_id, text=text, source_name=name)
    )
    return result.to_json()


@register("claim_submission")
def submit_claims(database: Database, payload: dict[str, Any]) -> dict[str, Any]:
    from revcycle.claims import submission
    from revcycle.clearinghouse.config import clearinghouse_from_env, receiver_id
    from revcycle.intake.repository import practice_repo

    practice_id = _practice(payload)
    with database.transaction() as uow:
        practice = practice_repo(uow).get(practice_id)
        submitter = submission.default_submitter(practice, receiver_id=receiver_id())
        submission.prepare_batches(uow, practice_id=practice_id, submitter=submitter)
    with database.transaction() as uow:
        sent = submission.send_batches(
            uow, practice_id=practice_id, clearinghouse=clearinghouse_from_env(get_settings()), actor="worker"
        )
        return {
            "batches": [b.interchange_control_number for b in sent],
            "claims": sum(b.claim_count for b in sent),
        }


@register("batch_eligibility")
def check_eligibility(database: Database, payload: dict[str, Any]) -> dict[str, Any]:
    from revcycle.clearinghouse.realtime_http import HttpRealtimeClearinghouse
    from revcycle.eligibility import service as eligibility

    url = payload.get("url") or os.environ.get("REVCYCLE_REALTIME_URL")
    if not url:
        raise ConfigurationError("batch eligibility needs REVCYCLE_REALTIME_URL")
    try:
        on = date.fromisoformat(str(payload["date"]))
    except (KeyError, ValueError):
        raise PermanentJobError("the payload needs a date (YYYY-MM-DD)") from None
    with database.transaction() as uow:
        checks = eligibility.check_day(
            uow, practice_id=_practice(payload), on=on, clearinghouse=HttpRealtimeClearinghouse(url)
        )
        return {"patients": len(checks), "checked": sum(1 for c in checks if c.result is not None)}


@register("statement_run")
def run_statements(database: Database, payload: dict[str, Any]) -> dict[str, Any]:
    """``{"practice_id", "date", "out_dir"?}``: this cycle's statements. Idempotent: the service
    sends at most one statement per account and cycle."""
    from revcycle.patient_billing.service.documents import run_statements as run

    try:
        on = date.fromisoformat(str(payload["date"]))
    except (KeyError, ValueError):
        raise PermanentJobError("the payload needs a date (YYYY-MM-DD)") from None
    out_dir = Path(payload["out_dir"]) if payload.get("out_dir") else None
    with database.transaction() as uow:
        result = run(uow, practice_id=_practice(payload), on=on, out_dir=out_dir)
        return {"sent": len(result.sent), "skipped": len(result.skipped)}


@register("payment_reminders")
def send_payment_reminders(database: Database, payload: dict[str, Any]) -> dict[str, Any]:
    """Idempotent: the service makes at most one attempt per installment and day (a deferred one is
    tried again on a later run)."""
    from revcycle.patient_billing.service.collections import send_reminders

    practice_id, on = _practice(payload), _day(payload)
    with database.transaction() as uow:
        run = send_reminders(uow, practice_id=practice_id, now=clock.now(), today=on)
        statuses = [c.status for c in run.contacts]
        return {status: statuses.count(status) for status in ("sent", "deferred", "stopped")}


@register("plan_review")
def review_payment_plans(database: Database, payload: dict[str, Any]) -> dict[str, Any]:
    """Idempotent: a defaulted plan is no longer active, so a second review finds nothing new."""
    from revcycle.patient_billing.service.plans import review_plans

    practice_id, on = _practice(payload), _day(payload)
    with database.transaction() as uow:
        return {"defaulted": [plan.id for plan in review_plans(uow, practice_id=practice_id, today=on)]}
