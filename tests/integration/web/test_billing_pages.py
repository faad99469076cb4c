"""The billing office's newer screens over HTTP: the EOB of a posted ERA, working a denial (write-off
with approval, appeal and its letter), assignments, patient payments and receipts, statements,
eligibility checks through the sandbox payer, and the ICD-10 codes shown dotted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from revcycle.claims import service
from revcycle.clearinghouse.port import TransportError
from revcycle.kit.clock import clock
from revcycle.sandbox.config import load_config
from revcycle.sandbox.http import create_app as create_sandbox
from revcycle.security.tables import AuditEventRow
from tests.integration.web.conftest import csrf_of


def _patient_of(database: Any, played: Any, claim_id: int) -> int:
    with database.uow() as uow:
        return service.get_claim(uow, practice_id=played.practice_id, claim_id=claim_id).claim.patient_id


def _audited(database: Any, detail: str) -> list[tuple[str, str]]:
    with database.uow() as uow:
        rows = uow.session.scalars(select(AuditEventRow).where(AuditEventRow.detail == detail)).all()
        return [(r.entity, r.action) for r in rows]


def test_the_eob_shows_each_adjustment_in_words(client_as, web):
    _, played = web
    page = client_as("biller").get(f"/remittances/{played.era_id}").text
    assert "EFT7001" in page and "CO-45" in page and "PR-2" in page and "CO-50" in page
    assert "patient responsibility" in page and "contractual obligation" in page


def test_a_claim_shows_icd10_codes_dotted_with_descriptions(client_as, web):
    _, played = web
    page = client_as("biller").get(f"/claims/{played.paid_claim_id}").text
    dx = page.split('<ol class="dx">')[1].split("</ol>")[0]
    assert "." in dx.split("<strong>")[1].split("</strong>")[0]
    assert "not in the loaded code sets" not in dx


def test_a_write_off_within_the_limit_is_posted_and_the_claim_page_shows_its_resolution(
    client_as, web, monkeypatch
):
    _, played = web
    monkeypatch.setenv("REVCYCLE_WRITE_OFF_APPROVAL_LIMIT", "1000.00")
    client = client_as("biller")
    page = client.get(f"/claims/{played.denied_claim_id}")
    assert "Correct and resubmit" in page.text
    item = page.text.split('action="/denials/')[1].split("/")[0]
    token = csrf_of(page.text)
    assert (
        client.post(f"/denials/{item}/write-off", data={"reason": "administrative", "note": "x"}).status_code
        == 403
    )
    answer = client.post(
        f"/denials/{item}/write-off",
        data={"csrf_token": token, "reason": "administrative", "note": "not worth appealing"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    page = client.get(f"/claims/{played.denied_claim_id}").text
    panel = page.split('id="denial-h"')[1].split("</section>")[0]
    assert "Correct and resubmit" not in panel
    resolution = panel.split('class="note write-off">')[1].split("</p>")[0]
    assert "Written off" in resolution and "$283.00" in resolution and "administrative" in resolution
    assert "not worth appealing" in resolution and "asked by " in resolution and " on " in resolution
    assert "posted " in resolution and "UTC" in resolution


def test_a_write_off_above_the_limit_waits_for_a_supervisor(client_as, web, monkeypatch):
    _, played = web
    monkeypatch.setenv("REVCYCLE_WRITE_OFF_APPROVAL_LIMIT", "1.00")
    biller = client_as("biller")
    page = biller.get(f"/claims/{played.denied_claim_id}").text
    item = page.split('action="/denials/')[1].split("/")[0]
    biller.post(
        f"/denials/{item}/write-off",
        data={"csrf_token": csrf_of(page), "reason": "administrative", "note": "too old"},
    )
    waiting = biller.get(f"/claims/{played.denied_claim_id}").text.split('class="note write-off">')[1]
    waiting = waiting.split("</p>")[0]
    assert "waiting for a supervisor's approval" in waiting and "$283.00" in waiting
    assert "too old" in waiting and "asked by " in waiting and "posted" not in waiting
    assert "Write-offs waiting for a supervisor" in biller.get("/queues/denials").text
    supervisor = client_as("supervisor")
    page = supervisor.get(f"/claims/{played.denied_claim_id}").text
    assert "Approve the write-off" in page
    answer = supervisor.post(f"/denials/{item}/approve-write-off", data={"csrf_token": csrf_of(page)})
    assert answer.status_code == 200
    resolution = answer.text.split('class="note write-off">')[1].split("</p>")[0]
    assert "Written off" in resolution and "$283.00" in resolution and "approved by " in resolution
    assert "posted " in resolution and "Approve the write-off" not in answer.text


def test_an_appeal_is_opened_edited_decided_and_its_letter_downloaded(client_as, web):
    database, played = web
    client = client_as("biller")
    page = client.get(f"/claims/{played.denied_claim_id}").text
    item = page.split('action="/denials/')[1].split("/")[0]
    token = csrf_of(page)
    answer = client.post(
        f"/denials/{item}/appeal",
        data={"csrf_token": token, "argument": "The visit was medically necessary."},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    appeal = answer.headers["location"]
    client.post(appeal, data={"csrf_token": token, "argument": "Records attached show necessity."})
    assert "Records attached show necessity." in client.get(appeal).text
    letter = client.get(f"{appeal}/letter.pdf")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    assert ("claim", "export") in _audited(database, f"web appeal letter {appeal.rsplit('/', 1)[1]}")
    client.post(f"{appeal}/outcome", data={"csrf_token": token, "outcome": "won", "note": "paid"})
    assert "won" in client.get(appeal).text
    assert client_as("auditor").post(f"{appeal}/outcome", data={"csrf_token": token}).status_code == 403


def test_bulk_assignment_shows_under_assigned_to_me(client_as):
    client = client_as("biller")
    page = client.get("/queues/denials").text
    users = page.split('<select id="assignee" name="assignee">')[1].split("</select>")[0]
    me = users.split("selected")[0].rsplit('value="', 1)[1].split('"')[0]
    item = page.split('name="item" value="')[1].split('"')[0]
    assert client.post("/queues/denials/assign", data={"item": item, "assignee": me}).status_code == 403
    answer = client.post(
        "/queues/denials/assign",
        data={"csrf_token": csrf_of(page), "item": item, "assignee": me},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert '<span class="count">1</span>' in client.get("/queues/denials?mine=1").text
    assert '<span class="count">0</span>' in client.get("/queues/rejections?mine=1").text
    assert client_as("auditor").get("/queues/denials").text.count('name="item"') == 0


def _due_now(page: str) -> str:
    return page.split('class="balance-due"><strong>')[1].split("</strong>")[0]


def test_the_coinsurance_of_the_posted_era_is_due_from_the_patient(client_as, web):
    database, played = web
    patient = _patient_of(database, played, played.paid_claim_id)
    # 99213 charged $130.00, allowed 60% = $78.00, coinsurance 20% of that = $15.60
    assert _due_now(client_as("biller").get(f"/patients/{patient}").text) == "$15.60"
    queue = client_as("biller").get("/queues/balances").text
    assert '<span class="count">1</span>' in queue
    assert f'href="/patients/{patient}"' in queue and "$15.60" in queue


def test_a_patient_payment_posts_shows_a_receipt_and_lowers_the_balance(client_as, web):
    database, played = web
    patient = _patient_of(database, played, played.paid_claim_id)
    client = client_as("front_desk")
    page = client.get(f"/patients/{patient}").text
    assert _due_now(page) == "$15.60"
    form = {"csrf_token": csrf_of(page), "amount": "5.00", "method": "check", "reference": "1001"}
    assert client.post(f"/patients/{patient}/payments", data={**form, "reference": ""}).status_code == 422
    answer = client.post(f"/patients/{patient}/payments", data=form, follow_redirects=False)
    assert answer.status_code == 303
    receipt = client.get(answer.headers["location"]).text
    assert "Receipt R" in receipt and "$5.00" in receipt and "ref 1001" in receipt
    assert _due_now(receipt) == "$10.60"
    assert _due_now(client.get(f"/patients/{patient}").text) == "$10.60"
    assert ("patient_payment", "read") in _audited(database, "web receipt")
    assert client_as("coder").get(answer.headers["location"]).status_code == 403


def test_a_payment_plan_set_up_on_the_account_takes_the_next_payment(client_as, web):
    database, played = web
    patient = _patient_of(database, played, played.paid_claim_id)
    client = client_as("front_desk")
    page = client.get(f"/patients/{patient}").text
    assert "No payment plan." in page
    first = clock.today() + timedelta(days=10)
    form = {
        "csrf_token": csrf_of(page),
        "total": "15.60",
        "installments": "3",
        "frequency": "monthly",
        "first_due": first.isoformat(),
    }
    assert client.post(f"/patients/{patient}/plans", data={**form, "installments": "x"}).status_code == 422
    answer = client.post(f"/patients/{patient}/plans", data=form, follow_redirects=False)
    assert answer.status_code == 303
    page = client.get(f"/patients/{patient}").text
    plan = page.split('id="plan-h"')[1].split("</section>")[0]
    assert "active" in plan and "$15.60" in plan and f"$5.20 due {first:%m/%d/%Y}" in plan
    assert 'action="/patients/' not in plan  # one active plan per account: no second form
    pay = {"csrf_token": csrf_of(page), "amount": "5.20", "method": "cash", "reference": ""}
    assert client.post(f"/patients/{patient}/payments", data=pay, follow_redirects=False).status_code == 303
    plan = client.get(f"/patients/{patient}").text.split('id="plan-h"')[1].split("</section>")[0]
    assert "Paid</dt><dd>$5.20" in plan and "Remaining</dt><dd>$10.40" in plan
    assert ("payment_plan", "create") in _audited(database, "web")
    assert client_as("coder").post(f"/patients/{patient}/plans", data=form).status_code == 403


def test_statement_pdfs_download_and_are_audited_as_exports(client_as, web):
    database, played = web
    patient = _patient_of(database, played, played.paid_claim_id)
    answer = client_as("biller").get(f"/patients/{patient}/statement.pdf")
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    assert ("statement", "export") in _audited(database, "web statement pdf")
    assert client_as("biller").get(f"/patients/{patient}/statements/999999.pdf").status_code == 404


class SandboxPayer:
    """The configured real-time clearinghouse: the sandbox payer's ASGI app, answering ``POST /x12``."""

    def __init__(self, folder: Any) -> None:
        self.client = TestClient(create_sandbox(load_config(seed=1), folder / "sandbox.sqlite"))

    def exchange(self, content: str) -> str:
        answer = self.client.post(
            "/x12", content=content.encode("latin-1"), headers={"content-type": "application/edi-x12"}
        )
        assert answer.status_code == 200, answer.text
        return answer.text


@pytest.fixture
def sandbox_payer(app, tmp_path):
    payer = SandboxPayer(tmp_path)
    app.state.realtime_clearinghouse = payer
    yield payer
    payer.client.close()


def test_check_now_asks_the_payer_and_shows_the_answer_on_the_account(client_as, web, sandbox_payer):
    _, played = web
    client = client_as("front_desk")
    page = client.get(f"/patients/{played.patient_id}").text
    coverage = page.split('action="/coverages/')[1].split("/")[0]
    answer = client.post(
        f"/coverages/{coverage}/eligibility-check", data={"csrf_token": csrf_of(page)}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    cell = client.get(f"/patients/{played.patient_id}").text.split(f'action="/coverages/{coverage}/')[0]
    cell = cell.rsplit("<td>", 1)[1]
    assert "not checked yet" not in cell and ">active</span>" in cell
    assert "MEDICARE PART B" in cell and "coinsurance 20%" in cell
    assert client_as("coder").post(f"/coverages/{coverage}/eligibility-check").status_code == 403


class UnreachablePayer:
    def exchange(self, content: str) -> str:
        raise TransportError("the real-time endpoint did not answer: ConnectTimeout")


def test_a_failed_check_shows_its_reason_and_what_to_do_on_the_account(client_as, web, app):
    _, played = web
    app.state.realtime_clearinghouse = UnreachablePayer()
    client = client_as("front_desk")
    page = client.get(f"/patients/{played.patient_id}").text
    coverage = page.split('action="/coverages/')[1].split("/")[0]
    client.post(f"/coverages/{coverage}/eligibility-check", data={"csrf_token": csrf_of(page)})
    cell = client.get(f"/patients/{played.patient_id}").text.split(f'action="/coverages/{coverage}/')[0]
    cell = cell.rsplit("<td>", 1)[1]
    assert "check failed" in cell and "ConnectTimeout" in cell and "call the payer" in cell


def test_check_now_without_a_configured_clearinghouse_says_so(client_as, web, monkeypatch):
    _, played = web
    monkeypatch.delenv("REVCYCLE_REALTIME_URL", raising=False)
    client = client_as("biller")
    page = client.get(f"/patients/{played.patient_id}").text
    coverage = page.split('action="/coverages/')[1].split("/")[0]
    answer = client.post(f"/coverages/{coverage}/eligibility-check", data={"csrf_token": csrf_of(page)})
    assert answer.status_code == 409 and "no real-time clearinghouse is configured" in answer.text


def test_the_balances_queue_answers_for_billers_and_refuses_coders(client_as):
    assert "Patient balances" in client_as("biller").get("/queues/balances").text
    assert client_as("coder").get("/queues/balances").status_code == 403


def test_the_eligibility_queue_answers_with_an_empty_state(client_as):
    page = client_as("front_desk").get("/queues/eligibility")
    assert page.status_code == 200 and "Eligibility problems" in page.text


def _timeline(page: str) -> str:
    return page.split('<ol class="timeline">')[1].split("</ol>")[0]


def test_check_status_asks_the_payer_and_the_claim_page_shows_its_answer_in_words(
    client_as, web, sandbox_payer
):
    database, played = web
    claim = played.accepted_claim_ids[0]
    client = client_as("biller")
    page = client.get(f"/claims/{claim}").text
    assert "Check status" in page and "No status answer from the payer yet." in page
    assert client.post(f"/claims/{claim}/status-check").status_code == 403  # no CSRF token
    answer = client.post(
        f"/claims/{claim}/status-check", data={"csrf_token": csrf_of(page)}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/claims/{claim}#status-h"
    page = client.get(f"/claims/{claim}").text
    shown = page.split('class="answer">')[1].split("</span>")[0]
    # the sandbox payer never received the scenario's claims
    assert shown == "D0/35: data search unsuccessful: claim or encounter not found"
    timeline = _timeline(page)
    assert "status request sent in real time" in timeline and "276 276_" in timeline
    assert "277 277_answer_to_276_" in timeline and shown in timeline
    assert '<span class="state state-accepted">' in page
    assert ("claim", "update") in _audited(database, "web status check")


def test_check_status_on_a_paid_claim_records_the_answer_and_keeps_it_paid(client_as, web, sandbox_payer):
    _, played = web
    client = client_as("biller")
    page = client.get(f"/claims/{played.paid_claim_id}").text
    client.post(f"/claims/{played.paid_claim_id}/status-check", data={"csrf_token": csrf_of(page)})
    page = client.get(f"/claims/{played.paid_claim_id}").text
    assert '<span class="state state-paid">' in page
    assert "claim or encounter not found" in _timeline(page).rsplit("<li>", 1)[1]


def test_the_unpaid_queue_offers_check_status_to_billers_only(client_as, web, sandbox_payer):
    _, played = web
    client = client_as("biller")
    queue = client.get("/queues/unpaid?days=0").text
    claim = played.accepted_claim_ids[0]
    assert f'form="status-{claim}"' in queue and f'action="/claims/{claim}/status-check"' in queue
    form = queue.split(f'<form id="status-{claim}"')[1].split("</form>")[0]
    answer = client.post(f"/claims/{claim}/status-check", data={"csrf_token": csrf_of(form)})
    assert answer.status_code == 200 and "claim or encounter not found" in answer.text
    assert "Check status" not in client_as("auditor").get("/queues/unpaid?days=0").text
    assert client_as("coder").post(f"/claims/{claim}/status-check").status_code == 403


def test_check_status_on_a_claim_never_sent_is_refused_with_the_reason(client_as, web, sandbox_payer):
    _, played = web
    client = client_as("biller")
    page = client.get(f"/claims/{played.to_fix_claim_id}").text
    assert "Check status" not in page
    answer = client.post(f"/claims/{played.to_fix_claim_id}/status-check", data={"csrf_token": csrf_of(page)})
    assert answer.status_code == 409 and "the payer has not received it" in answer.text


def test_check_status_when_the_payer_does_not_answer_says_so_and_records_nothing(client_as, web, app):
    _, played = web
    app.state.realtime_clearinghouse = UnreachablePayer()
    client = client_as("biller")
    claim = played.accepted_claim_ids[0]
    page = client.get(f"/claims/{claim}").text
    answer = client.post(f"/claims/{claim}/status-check", data={"csrf_token": csrf_of(page)})
    assert answer.status_code == 502 and "ConnectTimeout" in answer.text
    assert "276 276_" not in _timeline(answer.text)
