"""Data for the scale benchmark, generated inside PostgreSQL (INSERT ... SELECT generate_series)
with the shapes the application writes: encounters, claims, lines, history events, ledger accounts,
entries and lines, and the receivable summary. Used by scale_bench.py."""

from __future__ import annotations

import time

import psycopg

AS_OF_TEXT = "2026-06-30"
PAYERS, PROVIDERS, CODES = 20, 10, ("99211", "99212", "99213", "99214", "99215", "99203", "99204", "93000")


def _load_sql(n: int, patients: int) -> list[tuple[str, str]]:
    """(label, SQL) steps. Claim i: date of service 0-399 days before AS_OF; outcome by i % 100:
    0-59 paid, 60-74 partially paid (20 % to the patient), 75-82 denied, 83-99 open; i % 33 == 0
    was rejected once first; i % 10 == 0 failed a scrub first."""
    dos = f"(DATE '{AS_OF_TEXT}' - ((i::bigint * 7919) % 400)::int)"
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
                                date_of_service, snapshot, findings, submitted_at, first_submitted_at,
                                created_at, updated_at)
                SELECT i, 1, i, 1 + i % {patients}, 1 + (1 + i % {patients}) % {PAYERS}, 1 + i % {patients},
                       'professional', 'B' || i, '1',
                       CASE WHEN {outcome} < 60 THEN 'paid' WHEN {outcome} < 75 THEN 'partially_paid'
                            WHEN {outcome} < 83 THEN 'denied' ELSE 'accepted' END,
                       {charge}, {dos}, '{{}}', '[]', {dos} + TIME '12:00' + INTERVAL '1 day',
                       {dos} + TIME '12:00' + INTERVAL '1 day', {now}, {now}
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
            ) e WHERE day <= DATE '{AS_OF_TEXT}';
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


_SUMMARY_SQL = """
INSERT INTO reporting_ar_balances
    (account_id, practice_id, kind, payer_id, patient_id, claim_id, opened_on, balance)
SELECT a.id, a.practice_id, a.kind, a.payer_id, a.patient_id, a.claim_id,
       CAST(timezone('UTC', a.created_at) AS date), COALESCE(SUM(l.amount), 0)
FROM ledger_accounts a LEFT JOIN ledger_lines l ON l.account_id = a.id
WHERE a.kind IN ('insurance_ar', 'patient_ar')
GROUP BY a.id;
INSERT INTO reporting_ar_movements (practice_id, effective_date, entry_kind, account_kind, amount)
SELECT e.practice_id, e.effective_date, e.kind, a.kind, SUM(l.amount)
FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id JOIN ledger_accounts a ON a.id = l.account_id
WHERE a.kind IN ('insurance_ar', 'patient_ar')
GROUP BY e.practice_id, e.effective_date, e.kind, a.kind;
"""
"""The receivable summary the ledger service keeps at posting time, built once for the bulk load
(as the reporting_0002 migration does for an existing ledger)."""


def load(url: str, n: int, patients: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        for label, sql in _load_sql(n, patients):
            started = time.perf_counter()
            conn.execute(sql)
            print(f"  load {label:28} {time.perf_counter() - started:7.1f} s", flush=True)
        started = time.perf_counter()
        conn.execute(_lines_sql(n))
        print(f"  load {'ledger lines':28} {time.perf_counter() - started:7.1f} s", flush=True)
        started = time.perf_counter()
        conn.execute(_SUMMARY_SQL)
        print(f"  load {'receivable summary':28} {time.perf_counter() - started:7.1f} s", flush=True)
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
