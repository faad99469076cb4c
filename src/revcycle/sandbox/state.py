"""The sandbox payer's own memory, in a small SQLite file: the sandbox day, control-number
counters, claims it adjudicated, 835 claim loops waiting for release, and members' accumulators.

It is the payer's database, not the practice's; nothing here is shared with revcycle's own tables.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from revcycle.kit.money import Money
from revcycle.sandbox.adjudication import Accumulation, ClaimResult, LineKey, YearToDate, line_key
from revcycle.sandbox.records import dump_result, load_result

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS interchanges (
    sender TEXT NOT NULL, control_number TEXT NOT NULL, PRIMARY KEY (sender, control_number));
CREATE TABLE IF NOT EXISTS claims (
    payer_claim_number TEXT PRIMARY KEY, payer TEXT NOT NULL, member_id TEXT NOT NULL,
    patient_control_number TEXT NOT NULL, status TEXT NOT NULL, reversed INTEGER NOT NULL DEFAULT 0,
    result TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS remits (
    id INTEGER PRIMARY KEY AUTOINCREMENT, payer TEXT NOT NULL, billing_npi TEXT NOT NULL,
    receiver TEXT NOT NULL, release_day TEXT NOT NULL, payer_claim_number TEXT NOT NULL,
    trace_number TEXT, result TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accumulators (
    payer TEXT NOT NULL, member_id TEXT NOT NULL, year INTEGER NOT NULL,
    deductible INTEGER NOT NULL, out_of_pocket INTEGER NOT NULL, PRIMARY KEY (payer, member_id, year));
"""


@dataclass(frozen=True, slots=True)
class PendingRemit:
    """One 835 claim loop waiting for its release day."""

    id: int
    payer: str
    billing_npi: str
    receiver: str
    result: ClaimResult


class SandboxState:
    """Open with ``SandboxState(path)``; changes are committed by ``with state.transaction():``."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path)
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._db:
            yield

    # -- clock and counters ----------------------------------------------------------------
    def _meta(self, key: str, default: str) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    @property
    def day_offset(self) -> int:
        """Days the sandbox clock runs ahead of the real (or frozen) clock."""
        return int(self._meta("day_offset", "0"))

    def advance(self, days: int) -> None:
        with self._db:
            self._set_meta("day_offset", str(self.day_offset + days))

    def get_text(self, key: str, default: str = "") -> str:
        return self._meta(f"text:{key}", default)

    def set_text(self, key: str, value: str) -> None:
        self._set_meta(f"text:{key}", value)

    def next_number(self, counter: str) -> int:
        value = int(self._meta(f"counter:{counter}", "0")) + 1
        self._set_meta(f"counter:{counter}", str(value))
        return value

    def carry(self, payer: str, npi: str) -> Money:
        """What the payer still has to recover from this provider (a forward balance)."""
        return Money.from_cents(int(self._meta(f"carry:{payer}:{npi}", "0")))

    def set_carry(self, payer: str, npi: str, amount: Money) -> None:
        self._set_meta(f"carry:{payer}:{npi}", str(amount.cents))

    # -- interchanges ----------------------------------------------------------------------
    def seen_interchange(self, sender: str, control_number: str) -> bool:
        """Record an inbound ISA13; True when this sender already used it."""
        try:
            self._db.execute("INSERT INTO interchanges VALUES (?, ?)", (sender, control_number))
        except sqlite3.IntegrityError:
            return True
        return False

    # -- claims ------------------------------------------------------------------------------
    def known_claim_numbers(self, payer: str) -> frozenset[str]:
        rows = self._db.execute(
            "SELECT payer_claim_number FROM claims WHERE payer = ? AND reversed = 0", (payer,)
        )
        return frozenset(r[0] for r in rows)

    def claim(self, payer_claim_number: str) -> ClaimResult | None:
        row = self._db.execute(
            "SELECT result FROM claims WHERE payer_claim_number = ? AND reversed = 0", (payer_claim_number,)
        ).fetchone()
        return load_result(row[0]) if row else None

    def claims_for(self, patient_control_number: str) -> list[ClaimResult]:
        rows = self._db.execute(
            "SELECT result FROM claims WHERE patient_control_number = ? ORDER BY rowid",
            (patient_control_number,),
        )
        return [load_result(r[0]) for r in rows]

    def paid_lines(self, payer: str, member_id: str) -> frozenset[LineKey]:
        rows = self._db.execute(
            "SELECT result FROM claims WHERE payer = ? AND member_id = ? AND reversed = 0 AND status != '4'",
            (payer, member_id),
        )
        keys: set[LineKey] = set()
        for (text,) in rows:
            result = load_result(text)
            keys.update(line_key(result.claim, r.line) for r in result.lines if r.paid.is_positive())
        return frozenset(keys)

    def save_claim(self, result: ClaimResult) -> None:
        c = result.claim
        self._db.execute(
            "INSERT INTO claims (payer_claim_number, payer, member_id, patient_control_number,"
            " status, result) VALUES (?, ?, ?, ?, ?, ?)",
            (
                result.payer_claim_control_number,
                c.payer_code,
                c.member_id,
                c.patient_control_number,
                result.status_code,
                dump_result(result),
            ),
        )

    def mark_reversed(self, payer_claim_number: str) -> None:
        self._db.execute("UPDATE claims SET reversed = 1 WHERE payer_claim_number = ?", (payer_claim_number,))

    # -- accumulators ----------------------------------------------------------------------
    def year_to_date(self, payer: str, member_id: str, year: int) -> YearToDate:
        row = self._db.execute(
            "SELECT deductible, out_of_pocket FROM accumulators"
            " WHERE payer = ? AND member_id = ? AND year = ?",
            (payer, member_id, year),
        ).fetchone()
        if row is None:
            return YearToDate(Money.zero(), Money.zero())
        return YearToDate(Money.from_cents(row[0]), Money.from_cents(row[1]))

    def accumulate(self, payer: str, member_id: str, change: Accumulation) -> None:
        ytd = self.year_to_date(payer, member_id, change.year)
        self._db.execute(
            "INSERT OR REPLACE INTO accumulators VALUES (?, ?, ?, ?, ?)",
            (
                payer,
                member_id,
                change.year,
                (ytd.deductible_met + change.deductible).cents,
                (ytd.out_of_pocket_met + change.out_of_pocket).cents,
            ),
        )

    # -- remits ------------------------------------------------------------------------------
    def queue_remit(self, result: ClaimResult, *, receiver: str, release_day: dt.date) -> None:
        self._db.execute(
            "INSERT INTO remits (payer, billing_npi, receiver, release_day, payer_claim_number, result)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                result.claim.payer_code,
                result.claim.billing_npi,
                receiver,
                release_day.isoformat(),
                result.payer_claim_control_number,
                dump_result(result),
            ),
        )

    def due_remits(self, today: dt.date) -> list[PendingRemit]:
        rows = self._db.execute(
            "SELECT id, payer, billing_npi, receiver, result FROM remits"
            " WHERE trace_number IS NULL AND release_day <= ? ORDER BY id",
            (today.isoformat(),),
        )
        return [PendingRemit(r[0], r[1], r[2], r[3], load_result(r[4])) for r in rows]

    def mark_remitted(self, ids: list[int], trace_number: str) -> None:
        self._db.executemany(
            "UPDATE remits SET trace_number = ? WHERE id = ?", [(trace_number, i) for i in ids]
        )

    def remit_trace(self, payer_claim_number: str) -> str | None:
        """The EFT trace of the 835 that carried this claim, once released."""
        row = self._db.execute(
            "SELECT trace_number FROM remits WHERE payer_claim_number = ? ORDER BY id DESC",
            (payer_claim_number,),
        ).fetchone()
        return str(row[0]) if row and row[0] else None
