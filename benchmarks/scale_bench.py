"""Scale benchmark: a million claims in PostgreSQL; AR aging and KPI timings; API latency under load.

    python benchmarks/scale_bench.py [--claims 1000000] [--clients 50] [--seconds 20] [--keep]

Needs a PostgreSQL server (``REVCYCLE_BENCH_SERVER_URL``, default the local ``postgres`` user on
127.0.0.1:5432). It creates its own database ``revcycle_bench`` and drops it at the end (``--keep``
leaves it). Data is generated inside the server (INSERT ... SELECT generate_series), with the same
shapes the application writes: encounters, claims, lines, history events, ledger accounts, entries
and lines. Prints the figures; never part of the test suite. The load generator only talks to
127.0.0.1 and stops after ``--seconds`` or ``--max-requests``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx2
import psycopg

from revcycle.kit.db import Database
from revcycle.kit.migrate import upgrade

SERVER = os.environ.get("REVCYCLE_BENCH_SERVER_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = "revcycle_bench"
AS_OF = date(2026, 6, 30)
PAYERS, PROVIDERS, CODES = 20, 10, ("99211", "99212", "99213", "99214", "99215", "99203", "99204", "93000")


def _db_url(driver: bool) -> str:
    base = SERVER.rsplit("/", 1)[0] + f"/{DB_NAME}"
    return base.replace("postgresql://", "postgresql+psycopg://") if driver else base


def create_database() -> None:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    database = Database(_db_url(True))
    upgrade(database.engine)
    database.dispose()


def drop_database() -> None:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def _load_sql(n: int, patients: int) -> list[tuple[str, str]]:
    """(label, SQL) steps. Claim i: date of service 0-399 days before AS_OF; outcome by i % 100:
    0-59 paid, 60-74 partially paid (20 % to the patient), 75-82 denied, 83-99 open; i % 33 == 0
    was rejected once first; i % 10 == 0 failed a scrub first."""
    dos = f"(DATE '{AS_OF}' - ((i * 7919) % 400))"
    charge = "((100 + i % 400) * 100)"
    outcome = "(i % 100)"
    now = "TIMESTAMPTZ '2026-06-30 12:00+00'"
    codes = "ARRAY[" + ",".join(f"'{c}'" for c in CODES) + "]"
    return [
        (
            "practice, payers, providers",
            f"""
            INSERT INTO practices (id, name, tin, billing_npi, created_at, updated_at)
                VALUES (1, 'Bench Clinic', '841234567', '1234567893', {now}, {now});
            INSERT INTO payers (id, practice_id, name, payer_code, claim_filing_indicator,
                                timely_filing_days, active, created_at, updated_at)
                SELECT p, 1, 'Payer ' || p, 'PY' || p, 'CI', 365, true, {now}, {now}
                FROM generate_series(1, {PAYERS}) p;
            INSERT INTO providers (id, practice_id, kind, npi, last_name, is_billing, is_rendering,
                                   is_referring, active, created_at, updated_at)
                SELECT p, 1, 'person', lpad((1000000000 + p)::text, 10, '0'), 'Provider' || p,
                       false, true, false, true, {now}, {now}
                FROM generate_series(1, {PROVIDERS}) p;
            """,
        ),
        (
            "patients, coverages",
            f"""
            INSERT INTO patients (id, practice_id, account_number, first_name, last_name, date_of_birth,
                                  sex, created_at, updated_at)
                SELECT p, 1, 'A' || p, 'Bench', 'Patient' || p, DATE '1960-01-01' + (p % 20000), 'F',
                       {now}, {now}
                FROM generate_series(1, {patients}) p;
            INSERT INTO coverages (id, practice_id, patient_id, payer_id, "order", relationship,
                                   effective_date, created_at, updated_at, member_id_ciphertext,
                                   member_id_index)
                SELECT p, 1, p, 1 + p % {PAYERS}, 'primary', '18', DATE '2024-01-01', {now}, {now},
                       'x', 'x' || p
                FROM generate_series(1, {patients}) p;
            """,
        ),
        (
            "encounters, claims, lines",
            f"""
            INSERT INTO encounters (id, practice_id, patient_id, claim_type, date_of_service,
                                    rendering_provider_id, place_of_service, diagnoses, related_causes,
                                    status, created_at, updated_at)
                SELECT i, 1, 1 + i % {patients}, 'professional', {dos}, 1 + i % {PROVIDERS}, '11',
                       'E119', '', 'billed', {now}, {now}
                FROM generate_series(1, {n}) i;
            INSERT INTO claims (id, practice_id, encounter_id, patient_id, payer_id, coverage_id, kind,
                                patient_control_number, frequency_code, state, total_charge,
                                date_of_service, snapshot, findings, submitted_at, created_at, updated_at)
                SELECT i, 1, i, 1 + i % {patients}, 1 + (1 + i % {patients}) % {PAYERS}, 1 + i % {patients},
                       'professional', 'B' || i, '1',
                       CASE WHEN {outcome} < 60 THEN 'paid' WHEN {outcome} < 75 THEN 'partially_paid'
                            WHEN {outcome} < 83 THEN 'denied' ELSE 'accepted' END,
                       {charge}, {dos}, '{{}}', '[]', {dos} + TIME '12:00' + INTERVAL '1 day', {now}, {now}
                FROM generate_series(1, {n}) i;
            INSERT INTO claim_lines (id, claim_id, line_number, code, modifiers, units, charge, service_date)
                SELECT i, i, 1, ({codes})[1 + i % {len(CODES)}], '', 1, {charge}, {dos}
                FROM generate_series(1, {n}) i;
            """,
        ),
        (
            "claim history",
            f"""
            INSERT INTO claim_events (claim_id, at, actor, event, from_state, to_state, source_document, note)
            SELECT i, ts, actor, event, NULL, event, '', '' FROM (
                SELECT i, {dos} + TIME '09:00' AS ts, 'system' AS actor, 'create' AS event
                    FROM generate_series(1, {n}) i
                UNION ALL SELECT i, {dos} + TIME '10:00', 'system', 'scrub_failed'
                    FROM generate_series(1, {n}) i WHERE i % 10 = 0
                UNION ALL SELECT i, {dos} + TIME '10:30', 'user ' || (1 + i % 5), 'edit'
                    FROM generate_series(1, {n}) i WHERE i % 10 = 0
                UNION ALL SELECT i, {dos} + TIME '11:00', 'system', 'scrub_passed'
                    FROM generate_series(1, {n}) i
                UNION ALL SELECT i, {dos} + TIME '12:00' + INTERVAL '1 day', 'system', 'submit'
                    FROM generate_series(1, {n}) i
                UNION ALL SELECT i, {dos} + TIME '12:00' + INTERVAL '3 days', 'system', 'payer_rejected'
                    FROM generate_series(1, {n}) i WHERE i % 33 = 0
                UNION ALL SELECT i, {dos} + TIME '12:00' + ((18 + i % 30) || ' days')::interval, 'remittance',
                       CASE WHEN {outcome} < 60 THEN 'paid' WHEN {outcome} < 75 THEN 'partially_paid'
                            ELSE 'denied' END
                    FROM generate_series(1, {n}) i WHERE {outcome} < 83
                UNION ALL SELECT i, {dos} + TIME '12:00' + INTERVAL '50 days', 'user ' || (1 + i % 5), 'close'
                    FROM generate_series(1, {n}) i WHERE {outcome} BETWEEN 75 AND 82
            ) e ORDER BY ts;
            """,
        ),
        (
            "ledger accounts",
            f"""
            INSERT INTO ledger_accounts (id, practice_id, code, kind, payer_id, patient_id, claim_id,
                                         claim_line_id, created_at)
                SELECT i, 1, 'insurance_ar/payer=' || c.payer_id || '/patient=' || c.patient_id
                             || '/claim=' || i || '/line=' || i,
                       'insurance_ar', c.payer_id, c.patient_id, i, i, {now}
                FROM generate_series(1, {n}) i JOIN claims c ON c.id = i;
            INSERT INTO ledger_accounts (id, practice_id, code, kind, patient_id, claim_id, claim_line_id,
                                         created_at)
                SELECT {n} + i, 1, 'patient_ar/patient=' || (1 + i % {patients}) || '/claim=' || i
                                   || '/line=' || i,
                       'patient_ar', 1 + i % {patients}, i, i, {now}
                FROM generate_series(1, {n}) i WHERE {outcome} BETWEEN 60 AND 74;
            INSERT INTO ledger_accounts (id, practice_id, code, kind, payer_id, created_at) VALUES
                ({3 * n + 1}, 1, 'cash', 'cash', NULL, {now}),
                ({3 * n + 2}, 1, 'gross_charges', 'gross_charges', NULL, {now});
            INSERT INTO ledger_accounts (id, practice_id, code, kind, payer_id, created_at)
                SELECT {3 * n + 2} + p, 1, 'contractual_adjustment/payer=' || p, 'contractual_adjustment',
                       p, {now}
                FROM generate_series(1, {PAYERS}) p;
            """,
        ),
        (
            "ledger entries",
            f"""
            INSERT INTO ledger_entries (id, practice_id, kind, effective_date, posted_at, memo, source,
                                        idempotency_key)
            SELECT id, 1, kind, day, {now}, '', src, src || ':' || kind FROM (
                SELECT i AS id, 'charge' AS kind, {dos} AS day, 'claim:' || i AS src
                    FROM generate_series(1, {n}) i
                UNION ALL SELECT {n} + i, 'insurance_payment', {dos} + 18 + i % 30, 'era:' || i
                    FROM generate_series(1, {n}) i WHERE {outcome} < 75
                UNION ALL SELECT 2 * {n} + i, 'contractual_adjustment', {dos} + 18 + i % 30, 'era:' || i
                    FROM generate_series(1, {n}) i WHERE {outcome} < 75
                UNION ALL SELECT 3 * {n} + i, 'transfer', {dos} + 18 + i % 30, 'era:' || i
                    FROM generate_series(1, {n}) i WHERE {outcome} BETWEEN 60 AND 74
            ) e WHERE day <= DATE '{AS_OF}';
            """,
        ),
    ]


def _lines_sql(n: int) -> str:
    """Two lines per entry: the debit and the credit (debit positive)."""
    return f"""
    WITH e AS (
        SELECT e.id, e.kind, c.id AS claim, c.payer_id, c.total_charge AS t
        FROM ledger_entries e
        JOIN claims c ON c.id = ((e.id - 1) % {n}) + 1
    ), amounts AS (
        SELECT id, kind, claim, payer_id,
            CASE kind WHEN 'charge' THEN t
                      WHEN 'insurance_payment' THEN CASE WHEN claim % 100 < 60 THEN t * 6 / 10 ELSE t / 2 END
                      WHEN 'contractual_adjustment' THEN CASE WHEN claim % 100 < 60 THEN t - t * 6 / 10
                                                              ELSE t * 3 / 10 END
                      ELSE t - t / 2 - t * 3 / 10 END AS amount,
            CASE kind WHEN 'charge' THEN claim WHEN 'transfer' THEN {n} + claim
                      WHEN 'insurance_payment' THEN {3 * n + 1} ELSE {3 * n + 2} + payer_id END AS debit,
            CASE kind WHEN 'charge' THEN {3 * n + 2} ELSE claim END AS credit
        FROM e
    )
    INSERT INTO ledger_lines (entry_id, account_id, amount)
    SELECT id, debit, amount FROM amounts
    UNION ALL SELECT id, credit, -amount FROM amounts
    """


def load(n: int, patients: int) -> None:
    with psycopg.connect(_db_url(False), autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        for label, sql in _load_sql(n, patients):
            started = time.perf_counter()
            conn.execute(sql)
            print(f"  load {label:28} {time.perf_counter() - started:7.1f} s", flush=True)
        started = time.perf_counter()
        conn.execute(_lines_sql(n))
        print(f"  load {'ledger lines':28} {time.perf_counter() - started:7.1f} s", flush=True)
        for table in (
            "practices",
            "payers",
            "providers",
            "patients",
            "coverages",
            "encounters",
            "claims",
            "claim_lines",
            "claim_events",
            "ledger_accounts",
            "ledger_entries",
            "ledger_lines",
        ):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        started = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        print(f"  vacuum analyze {time.perf_counter() - started:19.1f} s", flush=True)
        for table in ("claims", "claim_events", "ledger_entries", "ledger_lines"):
            count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            print(f"  {table:20} {count[0] if count else 0:>12,} rows")


def time_reports(repeat: int = 3) -> dict[str, float]:
    from revcycle.reporting import service as reporting
    from revcycle.reporting.domain import AgingBasis, AgingBy

    os.environ["REVCYCLE_REPORT_CACHE_SECONDS"] = "0"
    database = Database(_db_url(True))
    cases = {
        "ar-aging by payer (date of service)": lambda uow: reporting.ar_aging(
            uow, practice_id=1, as_of=AS_OF
        ),
        "ar-aging by payer (first submission)": lambda uow: reporting.ar_aging(
            uow, practice_id=1, as_of=AS_OF, basis=AgingBasis.SUBMISSION
        ),
        "ar-aging by patient": lambda uow: reporting.ar_aging(
            uow, practice_id=1, as_of=AS_OF, by=AgingBy.PATIENT
        ),
        "kpis (30 days)": lambda uow: reporting.kpis(
            uow, practice_id=1, start=AS_OF - timedelta(days=29), end=AS_OF
        ),
    }
    best: dict[str, float] = {}
    for name, run in cases.items():
        times = []
        for _ in range(repeat):
            with database.uow() as uow:
                started = time.perf_counter()
                result = run(uow)
                times.append(time.perf_counter() - started)
        best[name] = min(times)
        extra = f" ties={result.ties} total={result.total}" if hasattr(result, "ties") else ""
        print(f"  {name:40} best {min(times):6.3f} s  worst {max(times):6.3f} s{extra}", flush=True)
    database.dispose()
    return best


def make_token(data_dir: Path) -> str:
    os.environ["REVCYCLE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("REVCYCLE_PASSWORD_HASHING", "fast")
    from revcycle.security.service import tokens, users

    database = Database(_db_url(True))
    with database.transaction() as uow:
        user = users.create_user(
            uow,
            username=f"bench-{os.getpid()}",
            role="biller",
            practice_id=1,
            password="correct horse battery staple",
        )
        token = tokens.create_token(uow, user_id=user.user.id).token
    database.dispose()
    return token


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _load_test(
    base: str, token: str, clients: int, seconds: float, max_requests: int, claims: int, think: float
) -> dict[str, list[float]]:
    """``clients`` users, each waiting ``think`` seconds on average (0.5x-1.5x) between requests
    (0: back to back, a closed loop that measures the most the server can take)."""
    paths = {
        "ar-aging": lambda: f"/api/v1/reports/ar-aging?as_of={AS_OF}",
        "kpis": lambda: f"/api/v1/reports/kpis?from={AS_OF - timedelta(days=29)}&to={AS_OF}",
        "claim balance": lambda: f"/api/v1/ledger/claims/{random.randint(1, claims)}/balance",
    }
    weights = [0.3, 0.2, 0.5]
    latencies: dict[str, list[float]] = {name: [] for name in paths}
    failures = 0
    deadline = time.monotonic() + seconds
    sent = 0

    async def client() -> None:
        nonlocal sent, failures
        async with httpx2.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}) as http:
            while time.monotonic() < deadline and sent < max_requests:
                sent += 1
                name = random.choices(list(paths), weights)[0]
                started = time.perf_counter()
                response = await http.get(paths[name](), timeout=30)
                latencies[name].append(time.perf_counter() - started)
                if response.status_code != 200:
                    failures += 1
                if think:
                    await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))

    await asyncio.gather(*(client() for _ in range(clients)))
    latencies["failures"] = [float(failures)]
    return latencies


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def api_bench(
    clients: int, seconds: float, max_requests: int, api_workers: int, claims: int, think: float
) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="revcycle-bench-"))
    token = make_token(data_dir)
    port = _free_port()
    env = os.environ | {
        "REVCYCLE_DATABASE_URL": _db_url(True),
        "REVCYCLE_DATA_DIR": str(data_dir),
        "REVCYCLE_REPORT_CACHE_SECONDS": "30",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "revcycle.api.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(api_workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx2.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx2.HTTPError:
                pass
            time.sleep(0.2)
        asyncio.run(_load_test(base, token, 5, 3, 200, claims))  # warm up: caches, connection pools
        started = time.perf_counter()
        result = asyncio.run(_load_test(base, token, clients, seconds, max_requests, claims))
        elapsed = time.perf_counter() - started
        failures = int(result.pop("failures")[0])
        every = [v for values in result.values() for v in values]
        print(
            f"  {len(every)} requests in {elapsed:.1f} s ({len(every) / elapsed:.0f}/s), "
            f"{clients} clients, {api_workers} API processes, {failures} failures"
        )
        for name, values in (*result.items(), ("all", every)):
            if values:
                print(
                    f"  {name:14} n={len(values):6}  p50 {_pct(values, 50) * 1000:7.1f} ms  "
                    f"p95 {_pct(values, 95) * 1000:7.1f} ms  p99 {_pct(values, 99) * 1000:7.1f} ms  "
                    f"mean {statistics.fmean(values) * 1000:7.1f} ms"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--think", type=float, default=1.0, help="Mean seconds between a client's requests.")
    parser.add_argument("--api-workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--keep", action="store_true", help="Leave the benchmark database in place.")
    parser.add_argument("--reuse", action="store_true", help="Use the database a --keep run left.")
    args = parser.parse_args()
    print(f"scale benchmark: {args.claims:,} claims, {args.patients:,} patients, as of {AS_OF}")
    try:
        if not args.reuse:
            started = time.perf_counter()
            create_database()
            load(args.claims, args.patients)
            print(f"  data loaded in {time.perf_counter() - started:.1f} s")
        print("reports (service calls, no cache):")
        time_reports()
        print("API under load:")
        api_bench(args.clients, args.seconds, args.max_requests, args.api_workers, args.claims, args.think)
    finally:
        if not args.keep:
            drop_database()


if __name__ == "__main__":
    main()
