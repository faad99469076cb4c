"""Work-queue items the poster raises: unmatched remittances, denials (by cause), underpayments,
provider-level adjustments it could not post. Rows are built as dicts and inserted in bulk."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import update

from revcycle.charges import service as charges
from revcycle.claims.tables import ClaimRow
from revcycle.kit.clock import clock
from revcycle.kit.money import Money
from revcycle.remittance.domain.denials import classify, recommended_action
from revcycle.remittance.domain.posting import ClaimPlan, line_allowed
from revcycle.remittance.tables import EraClaimRow
from revcycle.x12.x835.models import ClaimPayment, ProviderAdjustmentItem

UNMATCHED, DENIAL, UNDERPAID, EFT_EXCEPTION, WRITE_OFF_APPROVAL, SECONDARY = (
    "unmatched",
    "denial",
    "underpaid",
    "eft_exception",
    "write_off_approval",
    "secondary",
)
QUEUES = (UNMATCHED, DENIAL, UNDERPAID, EFT_EXCEPTION, WRITE_OFF_APPROVAL, SECONDARY)


def work_item(practice_id: int, queue: str, **values: Any) -> dict[str, object]:
    row: dict[str, object] = {
        "practice_id": practice_id,
        "queue": queue,
        "status": "open",
        "era_id": None,
        "era_claim_id": None,
        "claim_id": None,
        "patient_control_number": "",
        "cause": "",
        "codes": "",
        "recommended_action": "",
        "recommendation": "",
        "amount": Money.zero(),
        "details": "{}",
        "resolution": "",
        "created_at": clock.now(),
        "resolved_at": None,
    }
    row.update(values)
    return row


def unmatched_item(
    practice_id: int, era_id: int, index: int, clp: ClaimPayment, *, held: bool
) -> dict[str, object]:
    note = "payer unknown: cash not posted" if held else "paid amount held as unapplied cash"
    return work_item(
        practice_id,
        UNMATCHED,
        era_id=era_id,
        era_claim_index=index,
        patient_control_number=clp.patient_control_number[:38],
        amount=clp.paid_amount,
        recommendation=f"Find the claim this payment belongs to (CLP01 not found); {note}.",
        details=json.dumps({"payer_claim_control_number": clp.payer_claim_control_number}),
    )


def denial_item(
    practice_id: int, era_id: int, index: int, claim: ClaimRow, clp: ClaimPayment, plan: ClaimPlan
) -> dict[str, object]:
    cause = classify(plan.denial_reasons, plan.remarks)
    action, words = recommended_action(cause)
    return work_item(
        practice_id,
        DENIAL,
        era_id=era_id,
        era_claim_index=index,
        claim_id=claim.id,
        patient_control_number=claim.patient_control_number,
        cause=cause.value,
        codes=",".join((*plan.denial_reasons, *plan.remarks))[:200],
        recommended_action=action.value,
        recommendation=words,
        amount=plan.held,
        details=json.dumps({"payer_claim_control_number": clp.payer_claim_control_number}),
    )


def plb_item(practice_id: int, era_id: int, item: ProviderAdjustmentItem) -> dict[str, object]:
    return work_item(
        practice_id,
        UNMATCHED,
        era_id=era_id,
        codes=f"PLB-{item.reason}",
        amount=item.amount,
        recommendation="A provider-level adjustment from an unknown payer: post it by hand.",
        details=json.dumps({"reference": item.reference}),
    )


def mark_reversed(uow: Any, earlier_id: int, by_id: int) -> None:
    uow.session.execute(update(EraClaimRow).where(EraClaimRow.id == earlier_id).values(reversed_by_id=by_id))


class ExpectedPayments:
    """Expected allowed amounts from the payer's contract (charges context), cached per code."""

    def __init__(self, uow: Any, practice_id: int) -> None:
        self.uow, self.practice_id = uow, practice_id
        self._cache: dict[tuple[int, str, str, str], Money | None] = {}

    def allowed(self, payer_id: int, code: str, modifier: str, pos: str) -> Money | None:
        key = (payer_id, code, modifier, pos)
        if key not in self._cache:
            self._cache[key] = charges.expected_allowed(
                self.uow,
                practice_id=self.practice_id,
                payer_id=payer_id,
                code=code,
                modifier=modifier,
                place_of_service=pos,
            )
        return self._cache[key]

    def underpayment(self, claim: ClaimRow, clp: ClaimPayment) -> dict[str, object] | None:
        """An underpaid item when paid plus patient share is below the contract's allowed amount."""
        pos = str(json.loads(claim.snapshot).get("place_of_service") or "11")
        short = Money.zero()
        lines: list[dict[str, str]] = []
        for s in clp.services:
            if s.paid_amount.is_zero():
                continue
            per_unit = self.allowed(
                claim.payer_id, s.procedure_code, s.modifiers[0] if s.modifiers else "", pos
            )
            if per_unit is None:
                continue
            expected = Money.of_decimal(per_unit.amount * (s.units or 1))
            allowed = line_allowed(s.paid_amount, s.adjustments)
            if allowed < expected:
                short += expected - allowed
                lines.append(
                    {
                        "code": s.procedure_code,
                        "expected": str(expected.amount),
                        "allowed": str(allowed.amount),
                    }
                )
        if not short.is_positive():
            return None
        return work_item(
            self.practice_id,
            UNDERPAID,
            claim_id=claim.id,
            patient_control_number=claim.patient_control_number,
            amount=short,
            recommendation="Paid plus patient share is below the contract; ask the payer to reprocess.",
            details=json.dumps({"lines": lines}),
        )
