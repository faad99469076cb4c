"""The break-glass review page: a supervisor sees pending grants with what was done under them, and
marks each justified or unjustified (which ends it at once); nobody else reaches the page."""

from __future__ import annotations

from sqlalchemy import select

from revcycle.security.service import break_glass, users
from revcycle.security.tables import AuditEventRow, BreakGlassRow
from tests.integration.security.conftest import PATIENT, make_patient_with_coverage
from tests.integration.web.conftest import csrf_of

REASON = "patient collapsed at the desk; paramedics ask for history"


def _grant(client, headers_for, *, opener=None) -> tuple[dict, dict[str, str], int]:
    """A patient and an open grant to them by a front-desk user: (grant, opener's headers, patient id)."""
    pid = make_patient_with_coverage(client, headers_for("biller"))["patient"]["id"]
    opener = opener or headers_for("front_desk")
    grant = client.post("/api/v1/break-glass", json={"reason": REASON, "patient_id": pid}, headers=opener)
    assert grant.status_code == 201, grant.text
    return grant.json(), opener, pid


def _card(page: str, grant_id: int) -> str:
    return page.split(f'id="grant-{grant_id}"')[1].split("</section>")[0]


def test_a_supervisor_sees_a_pending_grant_with_its_reason_patient_and_accesses(
    client, headers_for, pages_for
):
    grant, opener, pid = _grant(client, headers_for)
    assert client.get(f"/api/v1/patients/{pid}", headers=opener).status_code == 200
    page = pages_for("supervisor").get("/break-glass")
    assert page.status_code == 200
    card = _card(page.text, grant["id"])
    assert REASON in card and "pending" in card and "open" in card
    assert f'href="/patients/{pid}"' in card
    assert f"{PATIENT['last_name']}, {PATIENT['first_name']}" in card
    assert "1 access under this grant" in card and "read" in card


def test_naming_the_patient_on_the_review_page_is_audited(client, headers_for, pages_for, database):
    _, _, pid = _grant(client, headers_for)
    pages_for("supervisor").get("/break-glass")
    with database.uow() as uow:
        reads = uow.session.scalars(
            select(AuditEventRow).where(AuditEventRow.detail == "web break-glass review")
        ).all()
        assert [(r.action, r.entity, r.patient_id) for r in reads] == [("read", "patient", pid)]


def test_a_supervisor_marks_a_grant_unjustified_and_it_ends_at_once(client, headers_for, pages_for):
    grant, opener, _ = _grant(client, headers_for)
    supervisor = pages_for("supervisor")
    page = supervisor.get("/break-glass").text
    answer = supervisor.post(
        f"/break-glass/{grant['id']}/review",
        data={"csrf_token": csrf_of(page), "decision": "unjustified", "note": "no emergency on record"},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/break-glass?show=pending"
    assert f'id="grant-{grant["id"]}"' not in supervisor.get("/break-glass").text
    card = _card(supervisor.get("/break-glass?show=all").text, grant["id"])
    assert "unjustified" in card and "ended" in card and "no emergency on record" in card
    assert client.get("/api/v1/me", headers=opener).json()["break_glass_id"] is None


def test_a_grant_marked_justified_stays_open_until_it_expires(client, headers_for, pages_for):
    grant, opener, _ = _grant(client, headers_for)
    supervisor = pages_for("supervisor")
    token = csrf_of(supervisor.get("/break-glass").text)
    supervisor.post(f"/break-glass/{grant['id']}/review", data={"csrf_token": token, "decision": "justified"})
    card = _card(supervisor.get("/break-glass?show=all").text, grant["id"])
    assert "justified" in card and "open" in card
    assert client.get("/api/v1/me", headers=opener).json()["break_glass_id"] == grant["id"]


def test_a_review_without_a_decision_shows_the_error_by_the_field_and_changes_nothing(
    client, headers_for, pages_for, database
):
    grant, _, _ = _grant(client, headers_for)
    supervisor = pages_for("supervisor")
    token = csrf_of(supervisor.get("/break-glass").text)
    answer = supervisor.post(
        f"/break-glass/{grant['id']}/review", data={"csrf_token": token, "note": "looked at it"}
    )
    assert answer.status_code == 422
    card = _card(answer.text, grant["id"])
    assert f'id="decision-{grant["id"]}-err"' in card and "one of justified, unjustified" in card
    assert "looked at it" in card  # what was typed is kept
    with database.uow() as uow:
        assert uow.session.get(BreakGlassRow, grant["id"]).review_status == "pending"


def test_a_supervisor_cannot_review_their_own_emergency_access_on_the_page(
    client, headers_for, pages_for, database
):
    _, _, pid = _grant(client, headers_for)
    supervisor = pages_for("supervisor")
    me = supervisor.get("/api/v1/me").json()
    with database.transaction() as uow:
        own = break_glass.open_break_glass(
            uow, users.principal_for(users.get_user(uow, me["user_id"])), reason=REASON, patient_id=pid
        ).id
    page = supervisor.get("/break-glass").text
    assert "This is your own emergency access" in _card(page, own)
    answer = supervisor.post(
        f"/break-glass/{own}/review", data={"csrf_token": csrf_of(page), "decision": "justified"}
    )
    assert answer.status_code == 409 and "cannot review their own" in _card(answer.text, own)


def test_a_biller_gets_403_on_the_break_glass_review_page(client, headers_for, pages_for):
    grant, _, _ = _grant(client, headers_for)
    biller = pages_for("biller")
    assert biller.get("/break-glass").status_code == 403
    token = csrf_of(biller.get("/").text)
    answer = biller.post(
        f"/break-glass/{grant['id']}/review", data={"csrf_token": token, "decision": "justified"}
    )
    assert answer.status_code == 403
    for role in ("auditor", "admin", "coder", "front_desk"):
        assert pages_for(role).get("/break-glass").status_code == 403, role


def test_the_review_form_needs_its_csrf_token(client, headers_for, pages_for, database):
    grant, _, _ = _grant(client, headers_for)
    answer = pages_for("supervisor").post(
        f"/break-glass/{grant['id']}/review", data={"decision": "unjustified"}
    )
    assert answer.status_code == 403
    with database.uow() as uow:
        assert uow.session.get(BreakGlassRow, grant["id"]).review_status == "pending"
