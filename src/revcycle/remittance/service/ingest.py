"""Ingest an 835: validate, quarantine or de-duplicate, then post every claim payment.

``ingest_era(uow, *, practice_id, text, source_name)`` is the one entry point (CLI, API and the
inbox processor call it). It never commits: the caller's unit of work is the ERA's transaction.
Posting runs in a savepoint, so an ERA posts completely or not at all; a file that is not valid X12,
does not balance, or fails while posting is quarantined (stored with the reason and the raw text).
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass, field
from typing import Any

from revcycle.kit.errors import RevcycleError
from revcycle.kit.money import Money
from revcycle.remittance import repository as repo
from revcycle.remittance.domain.posting import PostingRules
from revcycle.remittance.service.poster import EraPoster
from revcycle.remittance.service.rules import posting_rules
from revcycle.remittance.tables import EraRow
from revcycle.x12 import api as x12
from revcycle.x12.errors import X12Error
from revcycle.x12.validate import validate
from revcycle.x12.x835.models import Remittance835

log = logging.getLogger(__name__)

POSTED, DUPLICATE, QUARANTINED = "posted", "duplicate", "quarantined"


@dataclass(frozen=True)
class EraResult:
    """What happened to one ERA file."""

    status: str
    """posted, duplicate or quarantined."""
    claims_posted: int = 0
    claims_unmatched: int = 0
    paid: Money = field(default_factory=Money.zero)
    reason: str = ""
    era_ids: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status != QUARANTINED

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "claims_posted": self.claims_posted,
            "claims_unmatched": self.claims_unmatched,
            "paid": str(self.paid.amount),
            "reason": self.reason,
            "era_ids": list(self.era_ids),
        }


def payer_key(remit: Remittance835) -> str:
    """Who paid, for idempotency: TRN03 (1 + payer TIN), else the N1*PR identifier, else the name."""
    return (remit.trace.originating_company_id or remit.payer.identifier or remit.payer.name)[:80]


def _quarantine(
    uow: Any, practice_id: int, text: str, source_name: str, reason: str, **extra: Any
) -> EraResult:
    row = EraRow(
        practice_id=practice_id,
        status=QUARANTINED,
        reason=reason[:4000],
        source_name=source_name[:200],
        raw_text=text,
        **extra,
    )
    uow.session.add(row)
    uow.flush()
    log.warning("ERA %s quarantined: %s", row.id, reason.splitlines()[0] if reason else "")
    return EraResult(QUARANTINED, reason=reason, era_ids=(row.id,))


def ingest_era(
    uow: Any,
    *,
    practice_id: int,
    text: str,
    source_name: str,
    rules: PostingRules | None = None,
    actor: str = "remittance",
) -> EraResult:
    """Validate and post an 835 file (every 835 transaction set in it). Never commits.

    The cyclic garbage collector is paused meanwhile (as ``x12.api.parse`` does): a large ERA
    builds hundreds of thousands of short-lived objects that it would rescan again and again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _ingest_file(uow, practice_id, text, source_name, rules, actor)
    finally:
        if enabled:
            gc.enable()


def _ingest_file(
    uow: Any, practice_id: int, text: str, source_name: str, rules: PostingRules | None, actor: str
) -> EraResult:
    report = validate(text)
    if not report.valid:
        reason = "; ".join(f.describe() for f in report.errors[:5]) or "not an X12 file"
        return _quarantine(uow, practice_id, text, source_name, f"invalid 835: {reason}")
    try:
        remits = [m for m in x12.parse(text) if isinstance(m, Remittance835)]
    except X12Error as exc:
        return _quarantine(uow, practice_id, text, source_name, f"unreadable 835: {exc}")
    if not remits:
        return _quarantine(uow, practice_id, text, source_name, "the file holds no 835 transaction set")
    stored_rules = rules or posting_rules(uow, practice_id=practice_id)
    results = [
        _ingest_one(uow, practice_id, remit, text, source_name, stored_rules, actor) for remit in remits
    ]
    if len(results) == 1:
        return results[0]
    statuses = {r.status for r in results}
    status = QUARANTINED if QUARANTINED in statuses else POSTED if POSTED in statuses else DUPLICATE
    return EraResult(
        status,
        sum(r.claims_posted for r in results),
        sum(r.claims_unmatched for r in results),
        Money.total(r.paid for r in results),
        "; ".join(r.reason for r in results if r.reason),
        tuple(i for r in results for i in r.era_ids),
    )


def _ingest_one(
    uow: Any,
    practice_id: int,
    remit: Remittance835,
    text: str,
    source_name: str,
    rules: PostingRules,
    actor: str,
) -> EraResult:
    who = payer_key(remit)
    trace = remit.trace.trace_number
    key = f"{who}/{trace}"
    existing = repo.era_by_key(uow, practice_id, key)
    if existing is not None:
        return EraResult(
            DUPLICATE,
            paid=existing.paid or Money.zero(),
            reason=f"already posted as ERA {existing.id}",
            era_ids=(existing.id,),
        )
    payer = repo.payer_by_codes(
        uow, practice_id, [remit.payer.identifier, *_payer_refs(remit), remit.trace.originating_company_id]
    )
    row = EraRow(
        practice_id=practice_id,
        payer_id=payer.id if payer else None,
        payer_key=who,
        trace_number=trace[:50],
        idempotency_key=key,
        status=POSTED,
        source_name=source_name[:200],
        raw_text=text,
        paid=remit.payment.amount,
        payment_date=remit.payment.date,
    )
    try:
        with uow.session.begin_nested():
            uow.session.add(row)
            uow.flush()
            poster = EraPoster(uow, practice_id, row, remit, rules, actor)
            outcome = poster.post()
            row.claims_posted, row.claims_unmatched = outcome.posted, outcome.unmatched
            _bill_next_payers(uow, practice_id, outcome.secondary_claim_ids, actor)
    except (RevcycleError, ValueError) as exc:
        return _quarantine(
            uow,
            practice_id,
            text,
            source_name,
            f"posting failed, nothing posted: {exc}",
            payer_key=who,
            trace_number=trace[:50],
            paid=remit.payment.amount,
            payment_date=remit.payment.date,
        )
    log.info("ERA %s posted: %s claims, %s unmatched", row.id, outcome.posted, outcome.unmatched)
    return EraResult(POSTED, outcome.posted, outcome.unmatched, remit.payment.amount, "", (row.id,))


def _payer_refs(remit: Remittance835) -> list[str]:
    """REF*2U (payer identification) values kept with the payer loop."""
    return [
        s.elements[2]
        for s in remit.payer.other_segments
        if s.elements[:2] == ("REF", "2U") and len(s.elements) > 2
    ]


def _bill_next_payers(uow: Any, practice_id: int, claim_ids: list[int], actor: str) -> None:
    """Build the next payer's claim where the primary left a balance; a claim that cannot be built
    goes to the secondary queue (the ERA still posts)."""
    from revcycle.remittance.service import queues, secondary

    problems: list[dict[str, object]] = []
    for claim_id in claim_ids:
        try:
            with uow.session.begin_nested():
                secondary.build_secondary_claim(uow, practice_id=practice_id, claim_id=claim_id, actor=actor)
        except RevcycleError as exc:
            problems.append(
                queues.work_item(
                    practice_id,
                    queues.SECONDARY,
                    claim_id=claim_id,
                    recommendation=f"Bill the next payer: {exc}",
                )
            )
    repo.add_work_items(uow, problems)
