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
from typing import Any

import httpx2
import psycopg
from sqlalchemy import event

from revcycle.kit.db import Database
from revcycle.kit.migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_data import AS_OF_TEXT, load

SERVER = os.environ.get("REVCYCLE_BENCH_SERVER_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = "revcycle_bench"
AS_OF = date.fromisoformat(AS_OF_TEXT)


def _db_url(driver: bool) -> str:
    base = SERVER.rsplit("/", 1)[0] + f"/{DB_NAME}"
    return base.replace("postgresql://", "postgresql+psycopg://") if driver else base


def create_database() -> None:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    database = Database(_db_url(True))
    upgrade(database.engine)
    database.dispose()


def drop_database() -> None:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


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
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, _context: Any, _many: bool) -> None:
        statements.append((statement, params))

    for name, run in cases.items():
        times = []
        for _ in range(repeat):
            with database.uow() as uow:
                started = time.perf_counter()
                result = run(uow)
                times.append(time.perf_counter() - started)
        best[name] = min(times)
        extra = f" ties={result.ties} total={result.total}" if hasattr(result, "ties") else ""
        statements.clear()
        event.listen(database.engine, "before_cursor_execute", capture)
        with database.uow() as uow:
            run(uow)
        event.remove(database.engine, "before_cursor_execute", capture)
        server_ms = _execution_ms(statements)
        print(
            f"  {name:40} wall best {min(times):6.3f} s  worst {max(times):6.3f} s  "
            f"PostgreSQL execution {server_ms / 1000:6.3f} s{extra}",
            flush=True,
        )
    database.dispose()
    return best


def _execution_ms(statements: list[tuple[str, Any]]) -> float:
    """The server's own execution time (EXPLAIN ANALYZE) of a report's SELECTs, with the settings
    its transaction uses: what the report costs apart from the host's load and the client."""
    total = 0.0
    with psycopg.connect(_db_url(False)) as conn:
        conn.execute("SET jit = off")
        conn.execute("SET work_mem = '64MB'")
        for statement, params in statements:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            plan = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, params).fetchone()
            total += float(plan[0][0]["Execution Time"]) if plan else 0.0
    return total


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
    base: str,
    token: str,
    clients: int,
    seconds: float,
    max_requests: int,
    claims: int,
    think: float,
    post_every: float = 0.0,
    patients: int = 1,
) -> dict[str, list[float]]:
    """``clients`` users, each waiting ``think`` seconds on average (0.5x-1.5x) between requests
    (0: back to back, a closed loop that measures the most the server can take). With
    ``post_every``, a cashier also records a $1.00 patient payment every that many seconds: every
    posting moves the reports' watermark, so the next request for a report in each API process
    recomputes it (the cost of fresh reports while money is being posted)."""
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
            if think:  # users arrive spread over one think time, as a load tool's spawn rate does,
                # not as one burst of ``clients`` requests at the same instant
                await asyncio.sleep(random.uniform(0, think))
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

    async def cashier() -> None:
        nonlocal failures
        posted: list[float] = []
        latencies["payment (post)"] = posted
        async with httpx2.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}) as http:
            while time.monotonic() < deadline:
                await asyncio.sleep(post_every)
                body = {"patient_id": random.randint(1, patients), "amount": "1.00", "method": "cash"}
                started = time.perf_counter()
                response = await http.post("/api/v1/billing/payments", json=body, timeout=30)
                posted.append(time.perf_counter() - started)
                if response.status_code != 201:
                    failures += 1

    workers = [client() for _ in range(clients)]
    if post_every:
        workers.append(cashier())
    await asyncio.gather(*workers)
    latencies["failures"] = [float(failures)]
    return latencies


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def api_bench(
    clients: int,
    seconds: float,
    max_requests: int,
    api_workers: int,
    claims: int,
    think: float,
    cache_seconds: float,
    post_every: float = 0.0,
    patients: int = 1,
) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="revcycle-bench-"))
    token = make_token(data_dir)
    port = _free_port()
    env = os.environ | {
        "REVCYCLE_DATABASE_URL": _db_url(True),
        "REVCYCLE_DATA_DIR": str(data_dir),
        "REVCYCLE_REPORT_CACHE_SECONDS": str(cache_seconds),
    }
    server_log = (data_dir / "server.log").open("wb")
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
        stderr=server_log,  # one JSON log line a request: written, shown only if the server fails
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx2.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx2.HTTPError:
                pass
            if server.poll() is not None:
                tail = (data_dir / "server.log").read_text(errors="replace")[-2000:]
                raise SystemExit(f"the API server stopped (exit {server.returncode}):\n{tail}")
            time.sleep(0.2)
        # warm up: every report computed once in every API process (the first computation of a
        # report in a process makes its callers wait), connection pools
        asyncio.run(_load_test(base, token, 10, 15, 2000, claims, 0))
        for pause in (think, 0.0):
            started = time.perf_counter()
            result = asyncio.run(
                _load_test(base, token, clients, seconds, max_requests, claims, pause, post_every, patients)
            )
            elapsed = time.perf_counter() - started
            failures = int(result.pop("failures")[0])
            every = [v for values in result.values() for v in values]
            print(
                f"  {clients} clients, think time {pause:.1f} s: {len(every)} requests in {elapsed:.1f} s "
                f"({len(every) / elapsed:.0f}/s), {api_workers} API processes, {failures} failures"
                + (f", a payment posted every {post_every:g} s" if post_every else "")
            )
            for name, values in (*result.items(), ("all", every)):
                if values:
                    print(
                        f"    {name:14} n={len(values):6}  p50 {_pct(values, 50) * 1000:7.1f} ms  "
                        f"p95 {_pct(values, 95) * 1000:7.1f} ms  p99 {_pct(values, 99) * 1000:7.1f} ms  "
                        f"mean {statistics.fmean(values) * 1000:7.1f} ms"
                    )
    finally:
        server.terminate()
        server.wait(timeout=30)
        server_log.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--think", type=float, default=1.0, help="Mean seconds between a client's requests.")
    parser.add_argument("--api-workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument(
        "--cache-seconds",
        type=float,
        default=10.0,
        help="REVCYCLE_REPORT_CACHE_SECONDS of the API (short enough that reports refresh during the run).",
    )
    parser.add_argument(
        "--post-every",
        type=float,
        default=0.0,
        help="Also post a patient payment every this many seconds (0: the data stands still).",
    )
    parser.add_argument("--skip-reports", action="store_true", help="Only the API under load.")
    parser.add_argument("--keep", action="store_true", help="Leave the benchmark database in place.")
    parser.add_argument("--reuse", action="store_true", help="Use the database a --keep run left.")
    args = parser.parse_args()
    print(f"scale benchmark: {args.claims:,} claims, {args.patients:,} patients, as of {AS_OF}")
    try:
        if args.reuse:
            database = Database(_db_url(True))
            upgrade(database.engine)  # migrations added since the --keep run
            database.dispose()
        else:
            started = time.perf_counter()
            create_database()
            load(_db_url(False), args.claims, args.patients)
            print(f"  data loaded in {time.perf_counter() - started:.1f} s")
        if not args.skip_reports:
            print("reports (service calls, no cache):")
            time_reports()
        print(f"API under load (report cache {args.cache_seconds:g} s):")
        api_bench(
            args.clients,
            args.seconds,
            args.max_requests,
            args.api_workers,
            args.claims,
            args.think,
            args.cache_seconds,
            args.post_every,
            args.patients,
        )
    finally:
        if not args.keep:
            drop_database()


if __name__ == "__main__":
    main()
