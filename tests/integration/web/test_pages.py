"""Every page: 200 for the roles that may see it, 403 for the others; PHI views are audited;
forms need their CSRF token; actions change what they say."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from revcycle.claims import service
from revcycle.claims.tables import ClaimRow
from revcycle.security.domain import Role, permissions_for
from revcycle.security.tables import AuditEventRow
from tests.integration.web.conftest import billed_encounter, csrf_of, patient_owes

PAGES = {
    "/": "self:read",
    "/patients": "patients:read",
    "/patients/{patient}": "patients:read",
    "/claims/{rejected}": "claims:read",
    "/claims/{rejected}/cms1500": "claims:read",
    "/queues/to-fix": "claims:read",
    "/queues/rejections": "claims:read",
    "/queues/unpaid": "claims:read",
    "/encounters/new": "charges:write",
    "/remittances": "payments:read",
    "/queues/denials": "payments:read",
    "/queues/underpaid": "payments:read",
    "/queues/unmatched": "payments:read",
    "/queues/balances": "payments:read",
    "/queues/eligibility": "coverages:read",
    "/remittances/{era}": "payments:read",
    "/claims/{denied}": "claims:read",
    "/break-glass": "break_glass:review",
    "/disclosures": "disclosures:read",
    "/disclosures/new": "disclosures:write",
    "/patients/{patient}/disclosures": "disclosures:read",
    "/coding-audits": "coding_audit:read",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_page_answers_200_to_permitted_roles_and_403_to_others(client_as, web, role):
    _, played = web
    client = client_as(role.value)
    for template, permission in PAGES.items():
        path = template.format(
            patient=played.patient_id,
            rejected=played.rejected_claim_id,
            era=played.era_id,
            denied=played.denied_claim_id,
        )
        expected = 200 if permission in permissions_for(role) else 403
        assert client.get(path).status_code == expected, f"{role} {path}"


def test_opening_a_patient_account_writes_an_audit_record(client_as, web):
    database, played = web
    assert client_as("biller").get(f"/patients/{played.patient_id}").status_code == 200
    with database.uow() as uow:
        rows = uow.session.scalars(select(AuditEventRow).where(AuditEventRow.detail == "web account")).all()
        seen = [(r.entity, r.patient_id, r.action) for r in rows]
    assert seen == [("patient", played.patient_id, "read")]


def test_front_desk_sees_demographics_and_coverage_but_no_claims_or_diagnoses(client_as, web):
    _, played = web
    page = client_as("front_desk").get(f"/patients/{played.patient_id}").text
    assert "Coverages" in page and "Member ID" in page
    assert "Claims</h2>" not in page and "Encounters</h2>" not in page


def test_patient_search_posts_its_criteria_and_needs_the_csrf_token(client_as):
    client = client_as("biller")
    token = csrf_of(client.get("/patients").text)
    assert client.post("/patients", data={"last_name": "a"}).status_code == 403
    found = client.post("/patients", data={"last_name": "a", "csrf_token": token})
    assert found.status_code == 200 and "found" in found.text
    assert client.post("/patients", data={"csrf_token": token}).status_code == 422


def test_correcting_a_rejected_claim_sends_it_back_to_draft(client_as, web):
    database, played = web
    client = client_as("biller")
    token = csrf_of(client.get(f"/claims/{played.rejected_claim_id}").text)
    answer = client.post(
        f"/claims/{played.rejected_claim_id}/correct", data={"csrf_token": token}, follow_redirects=False
    )
    assert answer.status_code == 303
    with database.uow() as uow:
        claim = service.get_claim(
            uow, practice_id=played.practice_id, claim_id=played.rejected_claim_id
        ).claim
        assert claim.state == "draft"
    assert "Nothing in this queue" in client.get("/queues/rejections").text


def test_an_auditor_reads_a_claim_but_cannot_act_on_it(client_as, web):
    _, played = web
    client = client_as("auditor")
    page = client.get(f"/claims/{played.rejected_claim_id}")
    assert page.status_code == 200 and "Correct the claim" not in page.text
    token = csrf_of(page.text)
    assert (
        client.post(f"/claims/{played.rejected_claim_id}/void", data={"csrf_token": token}).status_code == 403
    )


def test_code_search_suggests_codes_for_the_field_being_typed(client_as):
    client = client_as("coder")
    token = csrf_of(client.get("/encounters/new").text)
    answer = client.post(
        "/codes/suggest",
        data={"csrf_token": token, "dx1": "hypertension"},
        headers={"HX-Trigger-Name": "dx1"},
    )
    assert answer.status_code == 200 and 'value="I10"' in answer.text


def test_charge_entry_builds_and_scrubs_a_claim(client_as, web):
    _, played = web
    client = client_as("biller")
    account = client.get(f"/patients/{played.patient_id}")
    token = csrf_of(account.text)
    number = account.text.split("<dt>Account</dt><dd>")[1].split("<")[0]
    form = {
        "csrf_token": token,
        "account_number": number,
        "date_of_service": "2026-11-20",
        "onset_date": "2026-11-14",
        "dx1": "I10",
        "px1": "99213",
    }
    providers = client.get("/encounters/new").text
    form["provider"] = providers.split('<option value="')[1].split('"')[0]
    answer = client.post("/encounters/new", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert "99213" in client.get(answer.headers["location"]).text
    claim_id = int(answer.headers["location"].rsplit("/", 1)[1])
    with web[0].uow() as uow:
        assert service.claim_of(uow.session.get(ClaimRow, claim_id)).onset_date == date(2026, 11, 14)


def test_charge_entry_of_a_self_pay_visit_puts_it_on_the_patients_balance_and_builds_no_claim(client_as, web):
    _, played = web
    client = client_as("biller")
    account = client.get(f"/patients/{played.patient_id}")
    claims_before = account.text.count('href="/claims/')
    number = account.text.split("<dt>Account</dt><dd>")[1].split("<")[0]
    providers = client.get("/encounters/new").text
    form = {
        "csrf_token": csrf_of(account.text),
        "account_number": number,
        "provider": providers.split('<option value="')[1].split('"')[0],
        "date_of_service": "2026-11-20",
        "self_pay": "1",
        "dx1": "I10",
        "px1": "99213",
    }
    answer = client.post("/encounters/new", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == f"/patients/{played.patient_id}#led-h"
    page = client.get(answer.headers["location"]).text
    assert "<td>self_pay</td>" in page
    assert page.count('href="/claims/') == claims_before
    assert patient_owes(page) > patient_owes(account.text)  # the visit's charge, at capture


def test_a_self_pay_visit_voided_on_the_account_page_leaves_the_balance_as_it_was(client_as, web):
    _, played = web
    client = client_as("biller")
    before = client.get(f"/patients/{played.patient_id}").text
    number = before.split("<dt>Account</dt><dd>")[1].split("<")[0]
    providers = client.get("/encounters/new").text
    form = {
        "csrf_token": csrf_of(before),
        "account_number": number,
        "provider": providers.split('<option value="')[1].split('"')[0],
        "date_of_service": "2026-11-21",
        "self_pay": "1",
        "dx1": "I10",
        "px1": "99213",
    }
    assert client.post("/encounters/new", data=form, follow_redirects=False).status_code == 303
    page = client.get(f"/patients/{played.patient_id}").text
    void = page.split('action="/encounters/')[1].split('"')[0]  # newest first: the visit just captured
    assert void.endswith("/void")
    answer = client.post(f"/encounters/{void}", data={"csrf_token": csrf_of(page)}, follow_redirects=False)
    assert answer.status_code == 303
    after = client.get(f"/patients/{played.patient_id}").text
    assert "<td>voided</td>" in after
    assert patient_owes(after) == patient_owes(before)


def test_an_encounter_billed_to_insurance_cannot_be_billed_to_the_patient_from_the_account_page(
    client_as, web
):
    database, played = web
    client = client_as("biller")
    billed = billed_encounter(database, played.patient_id)
    page = client.get(f"/patients/{played.patient_id}").text
    answer = client.post(f"/encounters/{billed}/self-pay", data={"csrf_token": csrf_of(page)})
    assert answer.status_code == 409
    assert "billed to insurance" in answer.text


def test_the_dashboard_counts_todays_work_and_charts_the_posted_denial(client_as):
    page = client_as("biller").get("/").text
    assert '<span class="n">1</span> <span class="l">Rejections</span>' in page
    assert "No denial posted yet" not in page
