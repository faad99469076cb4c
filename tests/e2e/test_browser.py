"""The billing office in a real browser: sign in, the dashboard, work a rejection, enter charges
with code search, and every page without a console error (screenshots in test-artifacts/)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import LiveServer, screenshot, sign_in

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
