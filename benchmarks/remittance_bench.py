"""Benchmark: post a 20,000-claim ERA (balanced, every claim loaded and matching).

    python benchmarks/remittance_bench.py                       # SQLite only (a temporary file)
    python benchmarks/remittance_bench.py postgresql+psycopg://postgres@127.0.0.1:5432/test
    REVCYCLE_TEST_DATABASE_URL=... python benchmarks/remittance_bench.py --claims 5000

Always runs on SQLite, then on PostgreSQL when a URL is given (or REVCYCLE_TEST_DATABASE_URL or a
PostgreSQL REVCYCLE_DATABASE_URL is set), in a schema of its own that it creates and drops. For
``ingest_era`` plus the commit (validation, parsing, matching, posting) it prints the wall time, the
CPU time of this process, and the time spent inside database calls (driver and server) with the
number of statements: on a loaded machine the wall time alone says little. Target: under 20 s on
PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, text

from revcycle.charges import service as charges
from revcycle.claims import service as claims
from revcycle.claims.tables import ClaimLineRow, ClaimRow
from revcycle.intake import service as intake
from revcycle.kit.crypto import KeyRing, install_key_ring
from revcycle.kit.db import Database
from revcycle.kit.migrate import upgrade
from revcycle.kit.money import Money
from revcycle.remittance.service.ingest import ingest_era
from revcycle.x12 import api as x12
from revcycle.x12.core.common import Adjustment, AdjustmentReason, Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.x835.models import (
    ClaimGroup,
    ClaimPayment,
    Party,
    Payment,
    Remittance835,
    ServicePayment,
    Trace,
)

DOS = dt.date(2026, 1, 15)


def _setup(db: Database, n: int) -> list[str]:
    """A practice, payer, patient and one real claim; ``n - 1`` copies of it inserted in bulk."""
    with db.transaction() as uow:
        practice = intake.create_practice(
            uow,
            values={
                "name": "Bench Clinic",
                "tin": "84-1234567",
                "billing_npi": "1234567893",
                "taxonomy_code": "207Q00000X",
                "address": {"line1": "1 Main St", "city": "Denver", "state": "CO", "zip": "80202"},
            },
        )
        pid = practice.id
        payer = intake.create(
            uow,
            intake.PAYER,
            practice_id=pid,
            values={
                "name": "Bench Health",
                "payer_code": "BENCH1",
                "claim_filing_indicator": "CI",
                "address": {"line1": "PO Box 1", "city": "Dallas", "state": "TX", "zip": "75201"},
            },
        )
        provider = intake.create(
            uow,
            intake.PROVIDER,
            practice_id=pid,
            values={"first_name": "A", "last_name": "Doc", "npi": "1245319599", "is_rendering": True},
        )
        patient = intake.create(
            uow,
            intake.PATIENT,
            practice_id=pid,
            values={
                "first_name": "Bench",
                "last_name": "Patient",
                "date_of_birth": dt.date(1970, 1, 1),
                "sex": "F",
                "address": {"line1": "2 Oak St", "city": "Denver", "state": "CO", "zip": "80205"},
            },
        )
        intake.create(
            uow,
            intake.COVERAGE,
            practice_id=pid,
            values={
                "patient_id": patient.id,
                "payer_id": payer.id,
                "member_id": "BEN123",
                "order": "primary",
                "relationship": "18",
                "effective_date": dt.date(2025, 1, 1),
            },
        )
        encounter = charges.capture_encounter(
            uow,
            practice_id=pid,
            values={
                "patient_id": patient.id,
                "rendering_provider_id": provider.id,
                "date_of_service": DOS,
                "diagnoses": ["E119"],
                "lines": [{"code": "99213", "charge": Money("100.00"), "units": 1}],
            },
        )
        first = claims.build_claim(uow, practice_id=pid, encounter_id=encounter.id)
        first.state = "accepted"
        uow.flush()
        template = {c.name: getattr(first, c.key) for c in ClaimRow.__table__.columns if c.name != "id"}
        pcns = [first.patient_control_number] + [f"BENCH{i:08d}" for i in range(1, n)]
        rows = [template | {"patient_control_number": p} for p in pcns[1:]]
        for i in range(0, len(rows), 5000):
            uow.session.execute(insert(ClaimRow), rows[i : i + 5000])
        ids = uow.session.execute(text("SELECT id FROM claims WHERE id <> :f ORDER BY id"), {"f": first.id})
        lines = [
            {
                "claim_id": cid,
                "line_number": 1,
                "code": "99213",
                "modifiers": "",
                "units": Decimal(1),
                "charge": Money("100.00"),
                "service_date": DOS,
            }
            for (cid,) in ids
        ]
        for i in range(0, len(lines), 5000):
            uow.session.execute(insert(ClaimLineRow), lines[i : i + 5000])
    return pcns


def _era(pcns: list[str]) -> str:
    def adj(group: str, reason: str, amount: str) -> Adjustment:
        return Adjustment(group, (AdjustmentReason(reason, Money(amount)),))

    claims_ = tuple(
        ClaimPayment(
            patient_control_number=pcn,
            status_code="1",
            charge_amount=Money("100.00"),
            paid_amount=Money("70.00"),
            patient=Name("QC", "1", "PATIENT", "BENCH"),
            patient_responsibility_amount=Money("10.00"),
            claim_filing_indicator="12",
            payer_claim_control_number=f"P{i}",
            services=(
                ServicePayment(
                    procedure_code="99213",
                    charge_amount=Money("100.00"),
                    paid_amount=Money("70.00"),
                    units=Decimal(1),
                    service_date=DOS,
                    adjustments=(adj("CO", "45", "20.00"), adj("PR", "2", "10.00")),
                ),
            ),
        )
        for i, pcn in enumerate(pcns)
    )
    remit = Remittance835(
        envelope=Envelope(
            "BENCHPAYER", "BENCHCLINIC", "000000901", "901", "0001", DOS, "1200", usage_indicator="T"
        ),
        payment=Payment(amount=Money("70.00") * len(pcns), method="ACH", date=DOS + dt.timedelta(days=20)),
        trace=Trace("BENCHTRACE1", "1512345678"),
        payer=Party("BENCH HEALTH", id_qualifier="XV", identifier="BENCH1"),
        payee=Party("BENCH CLINIC", id_qualifier="XX", identifier="1234567893"),
        claim_groups=(ClaimGroup("1", claims_),),
    )
    return x12.write(remit)


@dataclass
class Timing:
    wall: float = 0.0
    cpu: float = 0.0
    database: float = 0.0
    statements: int = 0

    def describe(self) -> str:
        return (
            f"{self.wall:.1f} s wall, {self.cpu:.1f} s CPU of this process, "
            f"{self.database:.1f} s in {self.statements} database calls"
        )


def _time_database_calls(db: Database, timing: Timing) -> None:
    started: list[float] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def _before(*_: Any) -> None:
        started.append(time.perf_counter())

    @event.listens_for(db.engine, "after_cursor_execute")
    def _after(*_: Any) -> None:
        timing.database += time.perf_counter() - started.pop()
        timing.statements += 1


def run(url: str, n: int) -> Timing:
    db = Database(url)
    try:
        upgrade(db.engine)
        pcns = _setup(db, n)
        text_ = _era(pcns)
        with db.uow() as uow:
            pid = int(uow.session.execute(text("SELECT id FROM practices")).scalar_one())
        timing = Timing()
        _time_database_calls(db, timing)
        wall, cpu = time.perf_counter(), time.process_time()
        with db.transaction() as uow:
            result = ingest_era(uow, practice_id=pid, text=text_, source_name="bench.835")
        timing.wall, timing.cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        db.dispose()
    assert result.status == "posted" and result.claims_posted == n, result
    return timing


def run_postgresql(url: str, n: int) -> Timing:
    """In a schema of this process's own (several runs may share a server), dropped afterwards."""
    schema = f"remittance_bench_{os.getpid()}"
    admin = Database(url)
    try:
        with admin.engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        joiner = "&" if "?" in url else "?"
        try:
            return run(f"{url}{joiner}options=-csearch_path%3D{schema}", n)
        finally:
            with admin.engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    finally:
        admin.dispose()


def _postgresql_url(given: str) -> str:
    for url in (
        given,
        os.environ.get("REVCYCLE_TEST_DATABASE_URL", ""),
        os.environ.get("REVCYCLE_DATABASE_URL", ""),
    ):
        if url.startswith("postgresql"):
            return url
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("url", nargs="?", default="", help="a PostgreSQL URL (SQLite always runs)")
    parser.add_argument("--claims", type=int, default=20_000)
    args = parser.parse_args()
    install_key_ring(KeyRing.generate())
    with tempfile.TemporaryDirectory() as tmp:
        timing = run(f"sqlite:///{tmp}/bench.db", args.claims)
    print(f"sqlite: posted a {args.claims}-claim ERA: {timing.describe()}", flush=True)
    url = _postgresql_url(args.url)
    if not url:
        print("postgresql: not run (give a URL or set REVCYCLE_TEST_DATABASE_URL)")
        return
    timing = run_postgresql(url, args.claims)
    verdict = "under" if timing.wall < 20 else "NOT under"
    print(f"postgresql: posted a {args.claims}-claim ERA: {timing.describe()} ({verdict} the 20 s target)")
    sys.exit(0)


if __name__ == "__main__":
    main()
