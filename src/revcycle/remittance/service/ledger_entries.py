"""Turn planned postings and PLB items into ledger entries (through the ledger's builders)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.remittance.domain.posting import Move, PlannedPosting
from revcycle.x12.x835.models import ProviderAdjustmentItem


class EntryFactory:
    """Builds the entries of one ERA: ``source`` ``era:<id>``, keys ``era:<id>:<where>:<n>``."""

    def __init__(self, practice_id: int, era_id: int, effective: date) -> None:
        self.practice_id = practice_id
        self.source = f"era:{era_id}"
        self.effective = effective

    def meta(self, key: str, memo: str) -> ledger.EntryMeta:
        return ledger.EntryMeta(
            practice_id=self.practice_id,
            effective_date=self.effective,
            source=self.source,
            idempotency_key=f"{self.source}:{key}",
            memo=memo[:500],
        )

    def claim_entries(
        self,
        key: str,
        postings: tuple[PlannedPosting, ...],
        *,
        patient_id: int,
        claim_id: int,
        payer_id: int,
        next_payer_id: int | None,
        pcn: str,
    ) -> Iterator[ledger.Entry]:
        insurance = ledger.Responsibility.insurance(payer_id)
        for n, p in enumerate(postings):
            ref = ledger.ChargeRef(patient_id=patient_id, claim_id=claim_id, claim_line_id=p.claim_line_id)
            meta = self.meta(f"{key}:{n}", f"{p.label} {pcn}")
            if p.move is Move.PAYMENT:
                yield ledger.insurance_payment(meta, ref=ref, payer_id=payer_id, amount=p.amount)
            elif p.move is Move.CONTRACTUAL:
                yield ledger.contractual_adjustment(meta, ref=ref, payer_id=payer_id, amount=p.amount)
            elif p.move is Move.WRITE_OFF:
                yield ledger.write_off(
                    meta,
                    ref=ref,
                    owed_by=insurance,
                    reason=ledger.WriteOffReason.ADMINISTRATIVE,
                    amount=p.amount,
                )
            else:
                to = (
                    ledger.Responsibility.insurance(next_payer_id)
                    if p.move is Move.TO_NEXT_PAYER and next_payer_id is not None
                    else ledger.Responsibility.patient()
                )
                if p.amount.is_negative():  # a negative share moves back to the payer
                    yield ledger.transfer(meta, ref=ref, from_=to, to=insurance, amount=-p.amount)
                else:
                    yield ledger.transfer(meta, ref=ref, from_=insurance, to=to, amount=p.amount)

    def unapplied(self, key: str, payer_id: int, amount: Money, memo: str) -> ledger.Entry:
        return ledger.unapplied_cash(
            self.meta(key, memo), holder=ledger.Holder(payer_id=payer_id), amount=amount
        )

    def provider_adjustment(
        self, key: str, payer_id: int, item: ProviderAdjustmentItem
    ) -> ledger.Entry | None:
        """PLB: a negative amount adds to the payment, a positive one takes from it.

        L6 (interest, paid as a negative PLB) is interest income; WO and FB and any other positive
        amount are money withheld (recoupment); any other negative amount is unapplied cash.
        """
        memo = f"PLB {item.reason} {item.reference}".strip()
        meta = self.meta(key, memo)
        if item.amount.is_zero():
            return None
        if item.amount.is_negative():
            if item.reason == "L6":
                return ledger.interest(meta, payer_id=payer_id, amount=-item.amount)
            return ledger.unapplied_cash(meta, holder=ledger.Holder(payer_id=payer_id), amount=-item.amount)
        return ledger.recoupment(meta, payer_id=payer_id, amount=item.amount)
