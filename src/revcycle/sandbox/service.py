"""Run the sandbox over directories: ``process_once`` answers every new file of the inbox and
releases the 835s whose day has come; ``advance`` moves the sandbox clock on.

The sandbox day is the clock's date (``revcycle.kit.clock``, which tests freeze) plus the days the
sandbox has been advanced, kept in its state file. 835s are released ``lag_days`` after the claim
was received; with a lag of 0 they come in the same run as the 277CA.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from revcycle.kit.clock import clock as default_clock
from revcycle.kit.money import Money
from revcycle.sandbox.config import SandboxConfig, load_config
from revcycle.sandbox.intake import answer_file
from revcycle.sandbox.replies.envelopes import Correspondent, reply_envelope
from revcycle.sandbox.replies.era import build_835
from revcycle.sandbox.state import PendingRemit, SandboxState
from revcycle.x12 import write

log = logging.getLogger("revcycle.sandbox")

STATE_DIR = ".sandbox"


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


@dataclass(slots=True)
class RunReport:
    """What one ``process_once`` did: files read and written, claims accepted, rejected, remitted."""

    files_read: int = 0
    files_written: list[str] = field(default_factory=list)
    claims_accepted: int = 0
    claims_rejected: int = 0
    remittances: int = 0


def default_state_path(inbox: Path) -> Path:
    """Where the sandbox keeps its state unless told otherwise: beside the files it reads."""
    return Path(inbox) / STATE_DIR / "state.sqlite3"


def _write_atomic(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f".{name}.part"
    temp.write_text(text, encoding="ascii")
    os.replace(temp, folder / name)


class Sandbox:
    """The sandbox clearinghouse and payer over an inbox (where 837s arrive) and an outbox."""

    def __init__(
        self,
        inbox: Path,
        outbox: Path,
        config: SandboxConfig | None = None,
        *,
        clock: Clock = default_clock,
        state_path: Path | None = None,
    ) -> None:
        self.inbox = Path(inbox)
        self.outbox = Path(outbox)
        self.config = config or load_config()
        self.clock = clock
        self.state = SandboxState(state_path or default_state_path(self.inbox))

    def close(self) -> None:
        self.state.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> dt.datetime:
        """The sandbox clock: the clock's time plus the days the sandbox was advanced."""
        return self.clock.now() + dt.timedelta(days=self.state.day_offset)

    def advance(self, days: int) -> None:
        """Move the sandbox clock ``days`` ahead (835s come due as their day arrives)."""
        if days < 0:
            raise ValueError("the sandbox clock only moves forward")
        self.state.advance(days)

    def inbound_files(self) -> list[Path]:
        if not self.inbox.is_dir():
            return []
        return sorted(p for p in self.inbox.iterdir() if p.is_file() and not p.name.startswith("."))

    def process_once(self) -> RunReport:
        """Answer every file now in the inbox (moving each to ``inbox/processed``), then release
        the 835s that are due."""
        report = RunReport()
        now = self.now()
        for path in self.inbound_files():
            text = path.read_text(encoding="latin-1")
            with self.state.transaction():
                answer = answer_file(
                    text, config=self.config, state=self.state, now=now, lag_days=self.config.lag_days
                )
                for kind, body in answer.files.items():
                    name = f"{path.stem}.{kind}.x12"
                    _write_atomic(self.outbox, name, body)
                    report.files_written.append(name)
                processed = self.inbox / "processed"
                processed.mkdir(exist_ok=True)
                os.replace(path, processed / path.name)
            report.files_read += 1
            report.claims_accepted += answer.accepted
            report.claims_rejected += answer.rejected
        with self.state.transaction():
            for name in self._release(now):
                report.files_written.append(name)
                report.remittances += 1
        log.info(
            "sandbox run: %d files read, %d written, %d claims accepted, %d rejected, %d 835s",
            report.files_read,
            len(report.files_written),
            report.claims_accepted,
            report.claims_rejected,
            report.remittances,
        )
        return report

    def _release(self, now: dt.datetime) -> list[str]:
        groups: dict[tuple[str, str, str], list[PendingRemit]] = {}
        for remit in self.state.due_remits(now.date()):
            groups.setdefault((remit.payer, remit.billing_npi, remit.receiver), []).append(remit)
        written: list[str] = []
        for (payer_code, npi, receiver), remits in groups.items():
            payer = self.config.payer(payer_code)
            if payer is None:
                continue
            number = self.state.next_number("trace")
            trace = f"{now:%y%m%d}{number:06d}"
            results = [r.result for r in remits]
            rng = random.Random(f"{self.config.seed}:interest:{trace}")  # noqa: S311 - simulation
            paid = Money.total(r.paid for r in results)
            interest = Money.zero()
            if paid.is_positive() and rng.random() < self.config.mix.interest:
                interest = paid.times(self.config.mix.interest_annual_rate / Decimal(12)).max(Money("0.01"))
            qualifier, identifier, usage = receiver.split("|")
            envelope = reply_envelope(
                self.config.interchange_id,
                Correspondent(qualifier, identifier, usage),
                self.state.next_number("interchange"),
                now,
            )
            built = build_835(
                envelope=envelope,
                config=self.config,
                payer=payer,
                payee_name=results[0].claim.billing_name,
                payee_npi=npi,
                results=results,
                trace_number=trace,
                paid_on=now.date(),
                interest=interest,
                carry=self.state.carry(payer_code, npi),
            )
            self.state.set_carry(payer_code, npi, built.carry)
            self.state.mark_remitted([r.id for r in remits], trace)
            name = f"era-{payer_code}-{trace}.835.x12"
            _write_atomic(self.outbox, name, write(built.model))
            written.append(name)
            log.info("sandbox released 835 trace %s with %d claims", trace, len(results))
        return written


def process_once(
    inbox: Path,
    outbox: Path,
    config: SandboxConfig | None = None,
    clock: Clock = default_clock,
    *,
    state_path: Path | None = None,
) -> RunReport:
    """Answer what is in ``inbox`` now and release due 835s into ``outbox``; for drivers and tests."""
    with Sandbox(inbox, outbox, config, clock=clock, state_path=state_path) as sandbox:
        return sandbox.process_once()


def advance(inbox: Path, days: int, *, state_path: Path | None = None) -> None:
    """Move the sandbox clock of the sandbox serving ``inbox`` ``days`` ahead."""
    state = SandboxState(state_path or default_state_path(Path(inbox)))
    try:
        state.advance(days)
    finally:
        state.close()
