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

from bai2 import bai2
from bai2.constants import TypeCodeTransaction

from revcycle.kit.errors import FieldCollector, FieldErrors
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


def is_bai2(text: str) -> bool:
    """A BAI2 file starts with its 01 (file header) record; a deposits CSV with its header row."""
    return text.lstrip().startswith("01,")


def _trace(detail: object) -> str:
    """The trace number of a 16 credit: the customer reference (ACH CCD+/CTX carry the TRN02
    there), else a ``TRN*1*<trace>`` in the text (88 continuations), else the bank reference."""
    customer = (getattr(detail, "customer_reference", None) or "").strip()
    text = (getattr(detail, "text", None) or "").strip()
    if customer:
        return customer
    if "TRN*1*" in text:
        return text.split("TRN*1*", 1)[1].split("*", 1)[0].split("\\", 1)[0].strip().rstrip("/\\~")
    return (getattr(detail, "bank_reference", None) or "").strip()


def read_deposits_bai2(text: str) -> list[Deposit]:
    """The credits (16 records with a credit type code) of a BAI2 file as deposits.

    Amounts are integers in cents (read as ``Money.from_cents``), the date is the group's as-of
    date (02 record). A file that does not parse, or a credit without a trace number, raises
    ``FieldErrors`` naming the record."""
    c = FieldCollector()
    for n, line in enumerate(text.splitlines(), start=1):
        code = line.strip()[:2]
        if line.strip() and code not in {"01", "02", "03", "16", "49", "88", "98", "99"}:
            c.add(f"line {n}", f"record code {code!r} is not a BAI2 record (01 02 03 16 49 88 98 99)")
    c.raise_if_any()
    try:
        parsed = bai2.parse_from_string(text)
    except Exception as exc:  # the library's ParsingException and NotSupportedYetException
        raise FieldErrors.single("bai2", f"the BAI2 file does not parse: {exc}") from exc
    out: list[Deposit] = []
    for g, group in enumerate(parsed.children, start=1):
        when = group.header.as_of_date
        for a, account in enumerate(group.children, start=1):
            number = account.header.customer_account_number
            for t, detail in enumerate(account.children, start=1):
                where = f"group {g} (02), account {a} ({number}, 03), transaction {t} (16)"
                if detail.type_code.transaction is not TypeCodeTransaction.credit:
                    continue
                trace = _trace(detail)
                if not trace:
                    c.add(where, "a credit needs a trace number (customer or bank reference)")
                    continue
                if not isinstance(detail.amount, int):
                    c.add(where, f"the amount {detail.amount!r} is not an integer number of cents")
                    continue
                description = f"BAI2 {detail.type_code.code} {(detail.text or '').strip()}".strip()
                out.append(Deposit(when, Money.from_cents(detail.amount), trace, description))
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
