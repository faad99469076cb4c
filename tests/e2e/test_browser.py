"""The billing office in a real browser: sign in, the dashboard, work a rejection, enter charges
with code search, read a remittance's EOB, take a patient payment, check a claim's status with the
sandbox payer, and every page without a console error (screenshots in test-artifacts/)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from revcycle.sandbox.config import load_config
from revcycle.sandbox.http import create_app as create_sandbox
from tests.e2e.conftest import LiveServer, _free_port, screenshot, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_a_biller_signs_in_and_sees_todays_work_and_charts(page: Any, live_server: LiveServer):
    sign_in(page, live_server)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    screenshot(page, "dashboard")
    assert page.locator(".tiles li").filter(has_text="Rejections").locator(".n").inner_text() == "1"
    assert page.locator("svg.chart").count() >= 3  # aging, clean claim rate, the posted ERA's denials
    assert page.get_by_text("No denial posted yet").count() == 0
    screenshot(page, "dashboard")


def test_a_biller_works_a_rejection_from_the_queue_to_a_clean_claim(page: Any, live_server: LiveServer):
    sign_in(page, live_server)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Rejections").click()
    expect(page.get_by_text("rejected for invalid information").first).to_be_visible()
    screenshot(page, "queue-rejections")
    page.get_by_role("link", name=live_server_pcn(live_server)).click()
    expect(page.get_by_text("Why:")).to_be_visible()
    screenshot(page, "claim-rejected")
    page.get_by_role("button", name="Correct the claim").click()
    expect(page.locator("h1 .state")).to_have_text("draft")
    page.get_by_role("button", name="Scrub again").click()
    expect(page.locator("h1 .state")).to_have_text("ready")
    timeline = page.locator(".timeline").inner_text()
    assert "payer rejected" in timeline and "correct" in timeline and "277CA" in timeline
    screenshot(page, "claim-corrected")


def test_charge_entry_suggests_codes_as_you_type_and_shows_the_scrub(page: Any, live_server: LiveServer):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/patients/{live_server.scenario.patient_id}")
    account = page.locator(".facts dd").first.inner_text()
    page.goto(f"{live_server.url}/encounters/new")
    page.get_by_label("Patient account number").fill(account)
    page.get_by_label("Diagnosis A (pointer 1)").press_sequentially("hyperten", delay=20)
    page.locator("#dl-dx1 option").first.wait_for(state="attached")
    assert page.locator("#dl-dx1 option").first.get_attribute("value") == "I10"
    page.get_by_label("Diagnosis A (pointer 1)").fill("I10")
    page.get_by_label("Line 1 code").press_sequentially("9921", delay=20)
    page.locator("#dl-px1 option").first.wait_for(state="attached")
    screenshot(page, "charge-entry")
    page.get_by_label("Line 1 code").fill("99213")
    page.get_by_role("button", name="Save, build the claim and scrub it").click()
    page.wait_for_url(f"{live_server.url}/claims/*")
    expect(page.get_by_role("heading", name="Scrubber findings")).to_be_visible()
    expect(page.get_by_text("99213").first).to_be_visible()
    screenshot(page, "claim-from-charge-entry")


def test_every_page_renders_without_console_errors(page: Any, live_server: LiveServer):
    sign_in(page, live_server)
    s = live_server.scenario
    pages = {
        "patients": "/patients",
        "patient-account": f"/patients/{s.patient_id}",
        "claim-to-fix": f"/claims/{s.to_fix_claim_id}",
        "claim-cms1500": f"/claims/{s.accepted_claim_ids[0]}/cms1500",
        "queue-to-fix": "/queues/to-fix",
        "queue-unpaid": "/queues/unpaid?days=0",
        "queue-balances": "/queues/balances",
        "queue-eligibility": "/queues/eligibility",
        "queue-denials": "/queues/denials",
        "remittance-eob": f"/remittances/{s.era_id}",
        "claim-denied": f"/claims/{s.denied_claim_id}",
    }
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        screenshot(page, name)
    page.goto(f"{live_server.url}/patients")
    page.get_by_label("Last name starts with").fill("a")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("status")).to_be_visible()
    screenshot(page, "patients-found")


def live_server_pcn(server: LiveServer) -> str:
    with server.database.uow() as uow:
        from revcycle.claims import service

        return service.get_claim(
            uow, practice_id=server.scenario.practice_id, claim_id=server.scenario.rejected_claim_id
        ).claim.patient_control_number


def test_a_biller_opens_a_remittance_and_reads_each_adjustment_in_words(page: Any, live_server: LiveServer):
    sign_in(page, live_server)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Remittances").click()
    page.get_by_role("link", name="EFT7001").click()
    expect(page.get_by_role("heading", name="Remittance EFT7001")).to_be_visible()
    adjustments = {
        code: page.locator("td div").filter(has_text=code).first.inner_text()
        for code in ("CO-45", "PR-2", "CO-50")
    }
    assert "fee schedule" in adjustments["CO-45"] and "(contractual obligation" in adjustments["CO-45"]
    assert "(patient responsibility" in adjustments["PR-2"] and "Coinsurance" in adjustments["PR-2"]
    assert "medical necessity" in adjustments["CO-50"]
    screenshot(page, "remittance-eob-adjustments")


def test_the_front_desk_records_a_patient_payment_and_the_receipt_shows_the_new_balance(
    page: Any, live_server: LiveServer
):
    s = live_server.scenario
    with live_server.database.uow() as uow:
        from revcycle.claims import service

        patient = service.get_claim(uow, practice_id=s.practice_id, claim_id=s.paid_claim_id).claim.patient_id
    sign_in(page, live_server, "demo.front-desk")
    page.goto(f"{live_server.url}/patients/{patient}")
    due = page.locator(".balance-due").inner_text()
    assert due == "$15.60"  # the ERA's PR-2 coinsurance
    page.get_by_label("Amount").fill("5.00")
    page.get_by_label("Method").select_option("check")
    page.get_by_label("Check number or approval code").fill("1001")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.get_by_role("heading", name="Receipt R")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("$5.00")
    assert page.locator(".balance-due").inner_text() == "$10.60"
    screenshot(page, "patient-payment-receipt")


@pytest.fixture(scope="module")
def sandbox_payer_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sandbox payer's real-time endpoint served on a loopback port."""
    import uvicorn

    state = Path(tmp_path_factory.mktemp("payer")) / "state.sqlite3"
    config = uvicorn.Config(
        create_sandbox(load_config(seed=1), state),
        host="127.0.0.1",
        port=_free_port(),
        log_level="warning",
        access_log=False,
        lifespan="off",
        ws="none",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the sandbox payer did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{config.port}/x12"
    server.should_exit = True
    thread.join(timeout=10)


def test_a_biller_checks_a_claims_status_from_the_unpaid_queue_and_reads_the_answer(
    page: Any, live_server: LiveServer, sandbox_payer_url: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("REVCYCLE_REALTIME_URL", sandbox_payer_url)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/queues/unpaid?days=0")
    screenshot(page, "queue-unpaid-check-status")
    page.get_by_role("button", name="Check status").first.click()
    page.wait_for_url(f"{live_server.url}/claims/*")
    answer = page.locator(".status-answer")
    expect(answer).to_contain_text("claim or encounter not found")  # the sandbox never got the claim
    timeline = page.locator(".timeline").inner_text()
    assert "status request sent in real time" in timeline and "277 277_answer_to_276_" in timeline
    page.get_by_role("button", name="Check status").click()  # and again from the claim page
    expect(page.locator(".timeline li").filter(has_text="277 277_answer_to_276_")).to_have_count(2)
    screenshot(page, "claim-status-answer")
