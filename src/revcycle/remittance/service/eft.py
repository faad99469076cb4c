"""EFT reassociation: import bank deposits and match them to posted ERAs by trace number and
amount; a mismatch, or a deposit with no ERA, goes to the EFT exception queue."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from revcycle.kit.money import Money
from revcycle.remittance import repository as repo
from revcycle.remittance.domain.eft import (
    Deposit,
    EraPayment,
    MatchStatus,
    is_bai2,
    match_deposits,
    read_deposits_bai2,
    read_deposits_csv,
)
from revcycle.remittance.service.queues import EFT_EXCEPTION, work_item
from revcycle.remittance.tables import DepositRow


@dataclass(frozen=True)
class DepositImport:
    matched: int
    exceptions: int
    already_imported: int

    def to_json(self) -> dict[str, int]:
        return {
            "matched": self.matched,
            "exceptions": self.exceptions,
            "already_imported": self.already_imported,
        }


def read_deposits(text: str, file_format: str | None = None) -> list[Deposit]:
    """A deposits CSV or a BAI2 bank file (``file_format`` "csv" or "bai2"; None: detected)."""
    if file_format is None:
        file_format = "bai2" if is_bai2(text) else "csv"
    return read_deposits_bai2(text) if file_format == "bai2" else read_deposits_csv(text)


def import_deposits(
    uow: Any, *, practice_id: int, csv_text: str, file_format: str | None = None
) -> DepositImport:
    """Read a deposits CSV (date, amount, trace_number[, description]) or a BAI2 file (its credits)
    and reassociate each deposit."""
    deposits = read_deposits(csv_text, file_format)
    eras = repo.posted_eras_by_trace(uow, practice_id, [d.trace_number for d in deposits])
    payments = {t: EraPayment(e.id, t, e.paid or Money.zero()) for t, e in eras.items()}
    matched = exceptions = seen = 0
    work: list[dict[str, object]] = []
    for m in match_deposits(deposits, payments):
        d = m.deposit
        exists = uow.session.scalars(
            select(DepositRow.id).where(
                DepositRow.practice_id == practice_id,
                DepositRow.trace_number == d.trace_number,
                DepositRow.deposit_date == d.deposit_date,
                DepositRow.amount == d.amount,
            )
        ).first()
        if exists is not None:
            seen += 1
            continue
        uow.session.add(
            DepositRow(
                practice_id=practice_id,
                deposit_date=d.deposit_date,
                amount=d.amount,
                trace_number=d.trace_number[:50],
                description=d.description[:200],
                era_id=m.era_id,
                status=m.status.value,
            )
        )
        if m.status is MatchStatus.MATCHED:
            matched += 1
            continue
        exceptions += 1
        why = (
            f"the ERA paid a different amount (deposit minus ERA: {m.difference})"
            if m.status is MatchStatus.AMOUNT_MISMATCH
            else "no posted ERA carries this trace number"
        )
        work.append(
            work_item(
                practice_id,
                EFT_EXCEPTION,
                era_id=m.era_id,
                codes=m.status.value,
                amount=d.amount,
                recommendation=f"Reconcile deposit {d.trace_number} of {d.deposit_date}: {why}.",
                details=json.dumps({"trace_number": d.trace_number, "difference": str(m.difference.amount)}),
            )
        )
    uow.flush()
    repo.add_work_items(uow, work)
    return DepositImport(matched, exceptions, seen)
