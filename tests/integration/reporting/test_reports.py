"""Reports on the hand-computed books of conftest.py, through the service, the API and the CLI.

AR as of 2026-06-30: A 200 (insurance, DOS 06-20), B 150 (insurance, DOS 03-15, first sent 06-05),
C 20 (patient, DOS 02-01), D 50 (insurance, DOS 05-01): 420 in all.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from revcycle.api.app import create_app
from revcycle.cli import app as cli
from revcycle.kit.money import Money
from revcycle.kit.settings import get_settings
from revcycle.reporting import cache
from revcycle.reporting import service as reporting
from revcycle.reporting.domain import AgingBasis, AgingBy
from tests.integration.reporting.conftest import AS_OF, JUNE, Books
from tests.integration.security.factories import auth_headers

M = Money


def _aging(books: Books, **kwargs: object) -> reporting.AgingReport:  # type: ignore[name-defined]
    with books.world.database.uow() as uow:
        return reporting.ar_aging(uow, practice_id=books.world.practice_id, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]


def test_aging_by_payer_from_date_of_service_ties_to_the_ledger(books: Books) -> None:
    report = _aging(books)
    payer, patient = report.rows
    assert payer.party.id == books.world.primary_payer_id
    assert payer.amounts == (M("200.00"), M("50.00"), M(0), M("150.00"), M(0))
    assert patient.party.id is None and patient.amounts == (M(0), M(0), M(0), M(0), M("20.00"))
    assert report.total == report.ledger_total == M("420.00")
    assert report.ties


def test_aging_from_first_submission_moves_a_late_claim_to_a_younger_bucket(books: Books) -> None:
    report = _aging(books, basis=AgingBasis.SUBMISSION)
    assert report.rows[0].amounts == (M("350.00"), M("50.00"), M(0), M(0), M(0))
    assert report.ties


def test_aging_by_patient_names_the_account_never_the_person(books: Books) -> None:
    report = _aging(books, by=AgingBy.PATIENT)
    (row,) = report.rows
    assert row.party.id == books.world.patient_id
    assert "Fixturely" not in row.party.label
    assert row.amounts == (M("200.00"), M("50.00"), M(0), M("150.00"), M("20.00"))


def test_aging_as_of_an_earlier_day_leaves_out_later_postings(books: Books) -> None:
    with books.world.database.uow() as uow:
        report = reporting.ar_aging(uow, practice_id=books.world.practice_id, as_of=AS_OF.replace(day=9))
    # before June 10: A not yet charged; C 100 and D 300 and B 150 all insurance
    assert report.total == M("550.00") and report.ties


def test_kpis_match_the_hand_computed_figures(books: Books) -> None:
    with books.world.database.uow() as uow:
        k = reporting.kpis(uow, practice_id=books.world.practice_id, start=JUNE[0], end=JUNE[1])
    assert k.clean_claim_rate.value == Decimal("0.5000")  # A clean; B failed a scrub
    assert k.first_pass_resolution_rate.value == Decimal("0.3333")  # D; C was rejected first, B denied
    assert k.initial_denial_rate_count.value == Decimal("0.3333")
    assert k.initial_denial_rate_dollars.value == Decimal("0.2727")  # 150 / 550
    assert k.net_collection_rate.value == Decimal("2.0000")  # 260 / (200 - 70)
    assert k.days_in_ar.value == Decimal("87.9")  # 420 / (430 / 90)
    assert k.ar_over_90.value == Decimal("0.4048")  # 170 / 420
    assert k.ar_over_120.value == Decimal("0.0476")  # 20 / 420


def test_payer_performance_denial_trends_productivity_and_revenue(books: Books) -> None:
    pid = books.world.practice_id
    with books.world.database.uow() as uow:
        (payer,) = reporting.payer_report(uow, practice_id=pid, start=JUNE[0], end=JUNE[1])
        trends = reporting.denial_trends(uow, practice_id=pid, start=JUNE[0], end=JUNE[1])
        people = reporting.staff_productivity(uow, practice_id=pid, start=JUNE[0], end=JUNE[1])
        codes = reporting.charges_and_payments(uow, practice_id=pid, start=JUNE[0], end=JUNE[1], by="code")
        providers = reporting.charges_and_payments(
            uow, practice_id=pid, start=JUNE[0], end=JUNE[1], by="provider"
        )
    assert (payer.claims_paid, payer.claims_denied, payer.days_to_pay) == (2, 1, Decimal("86.0"))
    assert payer.underpayment_rate.value == Decimal("0.5000")
    assert [(p.month, p.key, p.count) for p in trends.by_cause] == [("2026-06", "eligibility", 1)]
    assert trends.by_payer[0].key == "Apex Health PPO"
    assert [(p.user_id, p.claims_worked, p.denials_resolved) for p in people] == [(7, 1, 1)]
    assert {r.key: (r.charges, r.payments, r.adjustments) for r in codes} == {
        "99213": (M("200.00"), M(0), M(0)),
        "99212": (M(0), M("60.00"), M("20.00")),
        "99214": (M(0), M("200.00"), M("50.00")),
    }
    (provider,) = providers
    assert (provider.charges, provider.payments, provider.adjustments) == (
        M("200.00"),
        M("260.00"),
        M("70.00"),
    )


@pytest.fixture
def client(books: Books) -> TestClient:
    return TestClient(create_app(database=books.world.database))


def test_api_answers_aging_json_with_amounts_as_strings(books: Books, client: TestClient) -> None:
    headers = auth_headers(books.world.database, books.world.practice_id, "biller")
    body = client.get("/api/v1/reports/ar-aging", params={"as_of": "2026-06-30"}, headers=headers).json()
    assert body["buckets"] == ["0-30", "31-60", "61-90", "91-120", "120+"]
    assert body["rows"][0]["amounts"] == ["200.00", "50.00", "0.00", "150.00", "0.00"]
    assert body["rows"][1] == {"payer": None, "amounts": ["0.00"] * 4 + ["20.00"], "total": "20.00"}
    assert body["total"] == "420.00" and body["ties"] is True


def test_api_exports_csv_and_refuses_roles_without_reports(books: Books, client: TestClient) -> None:
    db, pid = books.world.database, books.world.practice_id
    csv = client.get(
        "/api/v1/reports/kpis",
        params={"from": "2026-06-01", "to": "2026-06-30", "format": "csv"},
        headers=auth_headers(db, pid, "supervisor"),
    )
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "clean_claim_rate,0.5000,1,2" in csv.text
    denied = client.get("/api/v1/reports/kpis", headers=auth_headers(db, pid, "front_desk"))
    assert denied.status_code == 403


def test_cli_prints_aging_json_and_writes_csv(
    books: Books, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVCYCLE_DATABASE_URL", books.world.database.url)
    get_settings.cache_clear()
    out = tmp_path / "aging.csv"
    try:
        result = CliRunner().invoke(
            cli, ["reports", "ar-aging", "--as-of", "2026-06-30", "--json", "--csv", str(out)]
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["total"] == "420.00" and body["as_of"] == "2026-06-30" and body["basis"] == "date_of_service"
    assert out.read_text().splitlines()[-1] == "total,,,200.00,50.00,0.00,150.00,20.00,420.00"


def test_cli_period_reports_print_json(books: Books, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVCYCLE_DATABASE_URL", books.world.database.url)
    get_settings.cache_clear()
    try:
        runs = {
            name: CliRunner().invoke(
                cli, ["reports", name, "--from", "2026-06-01", "--to", "2026-06-30", "--json"]
            )
            for name in ("kpis", "denial-trends", "payer-performance", "staff-productivity")
        }
    finally:
        get_settings.cache_clear()
    for name, result in runs.items():
        assert result.exit_code == 0, (name, result.output)
        json.loads(result.output)
    assert "clean_claim_rate" in runs["kpis"].output


def _post_late_charge(books: Books) -> None:
    from revcycle.ledger import domain as ledger
    from revcycle.ledger import service as ledger_service

    world = books.world
    with world.database.transaction() as uow:
        meta = ledger.EntryMeta(world.practice_id, AS_OF, "test:late", "late-charge")
        ref = ledger.ChargeRef(world.patient_id, books.claims["A"])
        insurance = ledger.Responsibility.insurance(world.primary_payer_id)
        ledger_service.post(uow, ledger.charge(meta, ref=ref, owed_by=insurance, amount=Money("5.00")))


def _refreshed() -> None:
    """Wait for the background refresh the last request started."""
    for flight in list(cache.flights().values()):
        with flight:
            pass


def test_a_cached_aging_is_answered_for_its_lifetime_and_shows_a_posting_once_it_is_refreshed(
    books: Books, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVCYCLE_REPORT_CACHE_SECONDS", "60")
    first, again = _aging(books), _aging(books)
    assert again is first
    _post_late_charge(books)
    assert _aging(books) is first  # within its lifetime: the books may lag by up to 60 s
    cache.expire()
    assert _aging(books) is first  # the lifetime is over: answered at once, refreshed beside it
    _refreshed()
    fresh = _aging(books)
    assert fresh is not first and fresh.total == M("425.00") and fresh.ties


def test_while_a_cached_aging_is_refreshed_the_others_answer_with_the_previous_one(
    books: Books, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVCYCLE_REPORT_CACHE_SECONDS", "60")
    first = _aging(books)
    _post_late_charge(books)
    cache.expire()
    (refreshing,) = cache.flights().values()
    with refreshing:  # another request is refreshing it: no second refresh starts
        assert _aging(books) is first
        assert _aging(books) is first
    assert _aging(books) is first  # nobody started a refresh while the other one ran
    _refreshed()
    assert _aging(books).total == M("425.00")


def test_an_expired_aging_whose_data_did_not_move_is_kept_without_computing_it_again(
    books: Books, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVCYCLE_REPORT_CACHE_SECONDS", "60")
    first = _aging(books)
    cache.expire()
    assert _aging(books) is first
    _refreshed()
    assert _aging(books) is first  # same watermark: kept for another lifetime, not recomputed


def test_the_first_aging_of_a_process_is_computed_once_for_callers_that_come_together(
    books: Books, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    monkeypatch.setenv("REVCYCLE_REPORT_CACHE_SECONDS", "60")
    answers: list[object] = []
    callers = [threading.Thread(target=lambda: answers.append(_aging(books))) for _ in range(4)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    assert len(answers) == 4 and all(a is answers[0] for a in answers)
