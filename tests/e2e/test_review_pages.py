"""The compliance review pages in a real browser: an auditor finds them in the navigation, opens a
patient's accounting of disclosures by id and reads the coding audit, with no console error."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import LiveServer, screenshot, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_an_auditor_opens_a_patients_accounting_of_disclosures_and_the_coding_audit(
    page: Any, live_server: LiveServer
):
    sign_in(page, live_server, "demo.auditor")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Break-glass review")).to_have_count(0)
    nav.get_by_role("link", name="Disclosures").click()
    page.get_by_label("Patient id").fill(str(live_server.scenario.patient_id))
    page.get_by_role("button", name="Find").click()
    page.wait_for_url(f"{live_server.url}/patients/{live_server.scenario.patient_id}/disclosures")
    expect(page.get_by_role("heading", name="Accounting of disclosures")).to_be_visible()
    expect(page.get_by_role("button", name="Record the disclosure")).to_have_count(0)
    screenshot(page, "disclosures")
    nav.get_by_role("link", name="Coding audit").click()
    expect(page.get_by_role("heading", name="Accuracy per coder")).to_be_visible()
    expect(page.get_by_role("button", name="Draw")).to_have_count(0)
    screenshot(page, "coding-audit")
