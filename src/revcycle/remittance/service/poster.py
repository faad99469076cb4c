"""Post one 835 transaction set: match claims in bulk, post each claim payment's plan to the
ledger, reverse earlier postings (CLP02 22), post PLB, fill the work queues, move claim states."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from revcycle.claims.outcomes import PaymentOutcome, record_payment_outcomes
from revcycle.claims.tables import ClaimLineRow, ClaimRow
from revcycle.intake.tables import CoverageRow
from revcycle.kit.money import Money
from revcycle.ledger import service as ledger_service
from revcycle.remittance import repository as repo
from revcycle.remittance.domain.matching import match_lines
from revcycle.remittance.domain.posting import REVERSAL_STATUS, ClaimPlan, Outcome, PostingRules, plan_claim
from revcycle.remittance.service import queues, receivable
from revcycle.remittance.service.ledger_entries import EntryFactory
from revcycle.remittance.tables import EraRow
from revcycle.x12.core.common import Adjustment
from revcycle.x12.x835.models import ClaimPayment, Remittance835

NEXT_ORDER = {"primary": "secondary", "secondary": "tertiary"}


@dataclass
class PostOutcome:
    posted: int = 0
    unmatched: int = 0
    secondary_claim_ids: list[int] = dataclasses.field(default_factory=list)


def _cas(adjustments: tuple[Adjustment, ...]) -> list[list[str]]:
    return [[a.group, r.reason, str(r.amount.amount)] for a in adjustments for r in a.reasons]


def adjudication_json(clp: ClaimPayment, line_ids: list[int | None]) -> str:
    """What a secondary claim needs from this payment: claim CAS, and each line's payment and CAS."""
    lines = [
        {
            "claim_line_id": line_id,
            "code": s.procedure_code,
            "modifiers": list(s.modifiers),
            "units": str(s.units or 1),
            "paid": str(s.paid_amount.amount),
            "cas": _cas(s.adjustments),
        }
        for s, line_id in zip(clp.services, line_ids, strict=True)
    ]
    return json.dumps({"claim_cas": _cas(clp.adjustments), "lines": lines})


class EraPoster:
    """Posts one ERA inside the caller's transaction (the ingest service holds the savepoint)."""

    def __init__(
        self, uow: Any, practice_id: int, era: EraRow, remit: Remittance835, rules: PostingRules, actor: str
    ) -> None:
        self.uow, self.practice_id, self.era, self.remit = uow, practice_id, era, remit
        self.rules, self.actor = rules, actor
        self.effective: date = remit.payment.date
        self.entries = EntryFactory(practice_id, era.id, self.effective)
        self.work: list[dict[str, object]] = []
        self.era_claims: list[dict[str, object]] = []
        self.reversals: list[tuple[int, int]] = []  # (index in era_claims, earlier era claim id)
        self.batch: list[Any] = []  # ledger entries, posted together at the end
        self.batch_of: list[tuple[int, int, int]] = []  # (era claim index, first entry, end)
        self.moves: list[PaymentOutcome] = []
        self.outcome = PostOutcome()
        self.expected = queues.ExpectedPayments(uow, practice_id)

    # -- the whole ERA --------------------------------------------------------------------------
    def post(self) -> PostOutcome:
        clps = list(self.remit.claims())
        claims = repo.claims_by_pcn(self.uow, self.practice_id, [c.patient_control_number for c in clps])
        ids = [c.id for c in claims.values()]
        lines = repo.lines_by_claim(self.uow, ids)
        coverages = repo.coverages_by_patient(
            self.uow, self.practice_id, [c.patient_id for c in claims.values()]
        )
        self.originals = receivable.originals(
            self.uow,
            self.practice_id,
            list(claims.values()),
            [c for cs in coverages.values() for c in cs],
            lines,
        )
        earlier = (
            repo.last_payments(self.uow, ids) if any(c.status_code == REVERSAL_STATUS for c in clps) else {}
        )
        for n, clp in enumerate(clps):
            claim = claims.get(clp.patient_control_number)
            if claim is None:
                self._unmatched(n, clp)
                continue
            if clp.status_code == REVERSAL_STATUS and claim.id in earlier:
                self._reverse(n, clp, claim, earlier.pop(claim.id))
            else:
                self._post_claim(n, clp, claim, lines.get(claim.id, []), coverages.get(claim.patient_id, []))
            self.outcome.posted += 1
        self._provider_adjustments(claims)
        posted = ledger_service.post_many(self.uow, self.batch)
        record_payment_outcomes(self.uow, self.moves, actor=self.actor, source_document=f"era:{self.era.id}")
        for index, start, end in self.batch_of:
            self.era_claims[index]["entry_ids"] = json.dumps(posted[start:end])
        era_claim_ids = repo.insert_era_claims(self.uow, self.era_claims)
        for index, earlier_id in self.reversals:
            queues.mark_reversed(self.uow, earlier_id, era_claim_ids[index])
        for item in self.work:
            if isinstance(item.get("era_claim_index"), int):
                item["era_claim_id"] = era_claim_ids[int(item.pop("era_claim_index"))]  # type: ignore[call-overload]
        repo.add_work_items(self.uow, self.work)
        return self.outcome

    # -- one claim payment ----------------------------------------------------------------------
    def _post_claim(
        self,
        n: int,
        clp: ClaimPayment,
        claim: ClaimRow,
        lines: list[ClaimLineRow],
        coverages: list[CoverageRow],
    ) -> None:
        billed = receivable.billed(lines)
        pcn, dos = clp.patient_control_number, claim.date_of_service
        line_ids = match_lines(pcn, clp.services, billed, claim_date=dos)
        next_payer = self._next_payer(claim, coverages)
        reversal = clp.status_code == REVERSAL_STATUS
        plan_of = dataclasses.replace(clp, status_code="1") if reversal else clp
        original = self.originals.get(claim.id)
        on_lines = line_ids
        if original is not None:  # the receivable is on the original claim's lines
            on_lines = [None if i is None else original.line_of.get(i) for i in line_ids]
        plan = plan_claim(
            plan_of,
            on_lines,
            rules=self.rules,
            has_next_payer=next_payer is not None,
            after_prior_payer=original is not None,
        )
        start = len(self.batch)
        self._post_entries(n, plan, claim, next_payer, original.claim_id if original else claim.id)
        index = self._record(clp, claim, plan.outcome if not reversal else Outcome.REVERSED, [], line_ids)
        self.batch_of.append((index, start, len(self.batch)))
        if plan.outcome is Outcome.DENIED:
            self.work.append(queues.denial_item(self.practice_id, self.era.id, index, claim, clp, plan))
        elif not reversal:
            self._check_underpayment(index, clp, claim, line_ids)
            if plan.held.is_positive() and plan.denial_reasons:
                self.work.append(queues.denial_item(self.practice_id, self.era.id, index, claim, clp, plan))
        if not reversal:
            self._move_claim(clp, claim, plan)
        if (
            next_payer is not None
            and not plan.forwarded
            and plan.outcome is not Outcome.DENIED
            and not reversal
        ):
            self.outcome.secondary_claim_ids.append(claim.id)

    def _post_entries(
        self, n: int, plan: ClaimPlan, claim: ClaimRow, next_payer: int | None, on_claim: int
    ) -> None:
        """``on_claim``: the claim whose lines carry the receivable (for a secondary or tertiary
        claim, the original claim: see ``service.receivable``); the payer is the claim's payer."""
        for entry in self.entries.claim_entries(
            f"clp:{n}",
            plan.postings,
            patient_id=claim.patient_id,
            claim_id=on_claim,
            payer_id=claim.payer_id,
            next_payer_id=next_payer,
            pcn=claim.patient_control_number,
        ):
            self.batch.append(entry)

    def _reverse(self, n: int, clp: ClaimPayment, claim: ClaimRow, earlier: Any) -> None:
        ids = [
            ledger_service.reverse(
                self.uow,
                practice_id=self.practice_id,
                entry_id=entry_id,
                effective_date=self.effective,
                idempotency_key=f"era:{self.era.id}:clp:{n}:reverses:{entry_id}",
            ).id
            for entry_id in json.loads(earlier.entry_ids)
        ]
        index = self._record(clp, claim, Outcome.REVERSED, ids, [None] * len(clp.services))
        self.reversals.append((index, earlier.id))

    def _record(
        self,
        clp: ClaimPayment,
        claim: ClaimRow | None,
        outcome: Outcome,
        entry_ids: list[int],
        line_ids: list[int | None],
    ) -> int:
        self.era_claims.append(
            {
                "era_id": self.era.id,
                "claim_id": claim.id if claim else None,
                "patient_control_number": clp.patient_control_number[:38],
                "status_code": clp.status_code[:2],
                "outcome": outcome.value,
                "charge": clp.charge_amount,
                "paid": clp.paid_amount,
                "patient_responsibility": clp.patient_responsibility_amount or Money.zero(),
                "payer_claim_control_number": clp.payer_claim_control_number[:50],
                "adjudication_date": self.effective,
                "adjudication": adjudication_json(clp, line_ids),
                "entry_ids": json.dumps(entry_ids),
                "reversed_by_id": None,
            }
        )
        return len(self.era_claims) - 1

    def _move_claim(self, clp: ClaimPayment, claim: ClaimRow, plan: ClaimPlan) -> None:
        """Queued for the claims service; a state that does not take the outcome keeps its state."""
        self.moves.append(PaymentOutcome(claim, plan.outcome.value, clp.payer_claim_control_number))

    def _next_payer(self, claim: ClaimRow, coverages: list[CoverageRow]) -> int | None:
        current = next((c for c in coverages if c.id == claim.coverage_id), None)
        wanted = NEXT_ORDER.get(current.order) if current else None
        dos = claim.date_of_service
        for c in coverages:
            if (
                c.order == wanted
                and c.effective_date <= dos
                and (c.termination_date is None or c.termination_date >= dos)
            ):
                return c.payer_id
        return None

    def _check_underpayment(
        self, index: int, clp: ClaimPayment, claim: ClaimRow, line_ids: list[int | None]
    ) -> None:
        item = self.expected.underpayment(claim, clp)
        if item is not None:
            item.update(era_id=self.era.id, era_claim_index=index)
            self.work.append(item)

    # -- unmatched and provider level -----------------------------------------------------------
    def _unmatched(self, n: int, clp: ClaimPayment) -> None:
        self.outcome.unmatched += 1
        index = self._record(clp, None, Outcome.PAID, [], [None] * len(clp.services))
        payer_id = self.era.payer_id
        if payer_id is not None and clp.paid_amount.is_positive():
            entry = self.entries.unapplied(
                f"clp:{n}:unapplied", payer_id, clp.paid_amount, "unmatched ERA claim"
            )
            self.batch_of.append((index, len(self.batch), len(self.batch) + 1))
            self.batch.append(entry)
        self.era_claims[index]["outcome"] = "unmatched"
        self.work.append(
            queues.unmatched_item(self.practice_id, self.era.id, index, clp, held=payer_id is None)
        )

    def _provider_adjustments(self, claims: dict[str, ClaimRow]) -> None:
        payer_id = self.era.payer_id or next((c.payer_id for c in claims.values()), None)
        for i, plb in enumerate(self.remit.provider_adjustments):
            for j, item in enumerate(plb.items):
                if payer_id is None:
                    self.work.append(queues.plb_item(self.practice_id, self.era.id, item))
                    continue
                entry = self.entries.provider_adjustment(f"plb:{i}:{j}", payer_id, item)
                if entry is not None:
                    self.batch.append(entry)
