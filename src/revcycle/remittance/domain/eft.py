"""EFT reassociation: bank deposits read from CSV and matched to ERAs by trace number and amount.

CSV columns (a header row, names case-insensitive): ``date`` (YYYY-MM-DD), ``amount``,
``trace_number``, and optionally ``description``. A deposit matches an ERA whose TRN02 equals its
trace number; a different amount, or no ERA, is an exception for a person to work.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from revcycle.kit.errors import FieldCollector
from revcycle.kit.money import Money


@dataclass(frozen=True)
class Deposit:
    """One bank deposit line."""

    deposit_date: dt.date
    amount: Money
    trace_number: str
    description: str = ""


@dataclass(frozen=True)
class EraPayment:
    """What an ERA says was paid (BPR02) under its trace number (TRN02)."""

    era_id: int
    trace_number: str
    amount: Money


class MatchStatus(StrEnum):
    MATCHED = "matched"
    """The trace number and the amount agree."""
    AMOUNT_MISMATCH = "amount_mismatch"
    """An ERA has the trace number, but its payment is a different amount."""
    NO_ERA = "no_era"
    """No ERA carries this trace number (yet)."""


@dataclass(frozen=True)
class DepositMatch:
    deposit: Deposit
    status: MatchStatus
    era_id: int | None = None
    difference: Money = field(default_factory=Money.zero)


def read_deposits_csv(text: str) -> list[Deposit]:
    """Read deposits; a bad row raises ``FieldErrors`` naming the row and column."""
    reader = csv.DictReader(io.StringIO(text))
    c = FieldCollector()
    out: list[Deposit] = []
    if reader.fieldnames is None:
        c.add("csv", "the file is empty; expected a header row date,amount,trace_number")
        c.raise_if_any()
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        try:
            when = dt.date.fromisoformat(row.get("date", ""))
        except ValueError:
            c.add(f"row {n}.date", f"{row.get('date')!r} is not a date (YYYY-MM-DD)")
            continue
        trace = row.get("trace_number", "")
        if not trace:
            c.add(f"row {n}.trace_number", "a deposit needs the trace number (TRN02)")
            continue
        try:
            amount = Money.parse(row.get("amount", ""), field=f"row {n}.amount")
        except Exception as exc:  # FieldErrors: collect with the others
            c.add(f"row {n}.amount", str(exc))
            continue
        out.append(Deposit(when, amount, trace, row.get("description", "")))
    c.raise_if_any()
    return out


def match_deposits(deposits: Sequence[Deposit], eras: Mapping[str, EraPayment]) -> list[DepositMatch]:
    """Match each deposit to the ERA with its trace number (``eras`` keyed by trace number)."""
    out: list[DepositMatch] = []
    for d in deposits:
        era = eras.get(d.trace_number)
        if era is None:
            out.append(DepositMatch(d, MatchStatus.NO_ERA))
        elif era.amount != d.amount:
            out.append(DepositMatch(d, MatchStatus.AMOUNT_MISMATCH, era.era_id, d.amount - era.amount))
        else:
            out.append(DepositMatch(d, MatchStatus.MATCHED, era.era_id))
    return out
