"""8 workers ingest 200 ERAs (50 of them twice) at once through the era_ingestion job handler;
the ledger ends exactly as a serial run of the same ERAs leaves it (a second practice)."""

from __future__ import annotations

import queue
import threading
from typing import Any

from sqlalchemy import func, select

from revcycle.charges import service as charges
from revcycle.claims import service as claims
from revcycle.kit.db import Database
from revcycle.kit.money import Money
from revcycle.ledger import service as ledger_service
from revcycle.ledger.tables import LedgerEntryRow
from revcycle.remittance.tables import EraRow
from revcycle.worker.handlers import ingest_era
from tests.integration.remittance.conftest import DOS, World, clp, era_text, make_world, svc

ERAS, DUPLICATES, WORKERS = 200, 50, 8


def _claims(world: World, count: int) -> list[str]:
    with world.database.transaction() as uow:
        pcns = []
        for _ in range(count):
            encounter = charges.capture_encounter(
                uow,
                practice_id=world.practice_id,
                values={
                    "patient_id": world.patient_id,
                    "rendering_provider_id": world.provider_id,
                    "date_of_service": DOS,
                    "diagnoses": ["E119"],
                    "lines": [{"code": "99213", "charge": Money("200.00"), "units": 1}],
                },
            )
            row = claims.build_claim(uow, practice_id=world.practice_id, encounter_id=encounter.id)
            row.state = "accepted"
            pcns.append(row.patient_control_number)
        return pcns


def _eras(pcns: list[str]) -> list[str]:
    return [
        era_text(
            clp(pcn, svc("99213", "200.00", str(100 + i % 50), ("CO", "45", str(100 - i % 50)))),
            trace=f"EFT{i:05d}",
        )
        for i, pcn in enumerate(pcns)
    ]


def _ledger(database: Database, world: World) -> tuple[Any, ...]:
    with database.uow() as uow:
        trial = ledger_service.trial_balance(uow, practice_id=world.practice_id)
        entries = uow.session.scalar(
            select(func.count())
            .select_from(LedgerEntryRow)
            .where(LedgerEntryRow.practice_id == world.practice_id)
        )
        eras = uow.session.scalar(
            select(func.count()).select_from(EraRow).where(EraRow.practice_id == world.practice_id)
        )
        return tuple((r.kind, r.balance) for r in trial.rows), entries, eras


def test_concurrent_ingestion_with_duplicates_equals_a_serial_run(database: Database) -> None:
    serial = make_world(database)
    concurrent = make_world(database)
    files = {w.practice_id: _eras(_claims(w, ERAS)) for w in (serial, concurrent)}

    for text in files[serial.practice_id]:
        ingest_era(database, {"practice_id": serial.practice_id, "text": text})

    work: queue.Queue[str] = queue.Queue()
    mine = files[concurrent.practice_id]
    for text in mine + mine[:DUPLICATES]:
        work.put(text)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        while True:
            try:
                text = work.get_nowait()
            except queue.Empty:
                return
            try:
                outcomes.append(
                    ingest_era(database, {"practice_id": concurrent.practice_id, "text": text})["status"]
                )
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors[:3]
    assert sorted(set(outcomes)) == ["duplicate", "posted"]
    assert outcomes.count("posted") == ERAS and outcomes.count("duplicate") == DUPLICATES
    assert _ledger(database, concurrent) == _ledger(database, serial)
    kinds, entries, eras = _ledger(database, concurrent)
    assert eras == ERAS and entries >= 2 * ERAS
    assert dict(kinds)["cash"] == Money.total(Money(100 + i % 50) for i in range(ERAS))
