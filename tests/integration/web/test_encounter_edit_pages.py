"""Editing an encounter from the patient's account page: the charge-entry form opens filled in,
saving applies the edit (a self-pay visit's balance restated), a bad field is shown and nothing
is written, and a billed encounter is refused."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from sqlalchemy import select

from revcycle.charges import editing
from revcycle.charges.tables import EncounterRow
from revcycle.kit.clock import clock
from tests.integration.web.conftest import billed_encounter, csrf_of, patient_owes

DOS = (clock.today() - dt.timedelta(days=3)).isoformat()


def _self_pay_visit(client, played) -> tuple[str, str]:
    """Capture a self-pay 99213 for I10 on the web; the account page and the visit's edit link."""
    account = client.get(f"/patients/{played.patient_id}").text
    number = account.split("<dt>Account</dt><dd>")[1].split("<")[0]
    providers = client.get("/encounters/new").text
    form = {
        "csrf_token": csrf_of(account),
        "account_number": number,
        "provider": providers.split('<option value="')[1].split('"')[0],
        "date_of_service": DOS,
        "self_pay": "1",
        "dx1": "I10",
        "px1": "99213",
    }
    assert client.post("/encounters/new", data=form, follow_redirects=False).status_code == 303
    page = client.get(f"/patients/{played.patient_id}").text
    edit = re.search(r'href="(/encounters/\d+/edit)"', page)  # newest first: the visit just captured
    assert edit is not None
    return page, edit.group(1)


def test_the_web_edit_form_prefills_the_visit_and_saving_restates_the_balance(client_as, web):
    _, played = web
    client = client_as("biller")
    before = patient_owes(client.get(f"/patients/{played.patient_id}").text)
    captured, edit = _self_pay_visit(client, played)
    charge = patient_owes(captured) - before
    assert charge > 0
    form_page = client.get(edit)
    assert form_page.status_code == 200
    html = form_page.text
    assert "Edit encounter" in html and f'action="{edit}"' in html
    assert 'id="dx1" name="dx1"' in html and 'value="I10"' in html and 'value="99213"' in html
    assert f'value="{DOS}"' in html and 'name="self_pay"' not in html
    answer = client.post(
        edit,
        data={
            "csrf_token": csrf_of(html),
            "provider": html.split('<option value="')[1].split('"')[0],
            "date_of_service": DOS,
            "dx1": "I10",
            "dx2": "E11.9",
            "px1": "99213",
            "units1": "2",
            "ptr1": "1,2",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    after = client.get(answer.headers["location"]).text
    assert "I10, E119" in after
    assert patient_owes(after) - before == charge * Decimal(2)


def test_a_bad_field_in_a_web_edit_is_shown_on_the_form_and_nothing_is_written(client_as, web):
    database, played = web
    client = client_as("biller")
    captured, edit = _self_pay_visit(client, played)
    html = client.get(edit).text
    answer = client.post(
        edit,
        data={
            "csrf_token": csrf_of(html),
            "provider": html.split('<option value="')[1].split('"')[0],
            "date_of_service": DOS,
            "dx1": "I10",
            "px1": "BAD",
            "ptr1": "3",
        },
    )
    assert answer.status_code == 422
    assert "lines.0.code" in answer.text and "lines.0.diagnosis_pointers" in answer.text
    assert 'value="BAD"' in answer.text  # the form keeps what was typed
    encounter_id = int(edit.split("/")[2])
    with database.uow() as uow:
        assert editing.history(uow, practice_id=played.practice_id, encounter_id=encounter_id) == []
    assert patient_owes(client.get(f"/patients/{played.patient_id}").text) == patient_owes(captured)


def test_a_billed_encounter_has_no_edit_action_and_its_edit_form_is_refused_naming_the_claim(client_as, web):
    database, played = web
    client = client_as("biller")
    billed = billed_encounter(database, played.patient_id)
    page = client.get(f"/patients/{played.patient_id}").text
    assert f'href="/encounters/{billed}/edit"' not in page
    answer = client.get(f"/encounters/{billed}/edit")
    assert answer.status_code == 409
    assert "correct the claim" in answer.text.lower() and "on claim" in answer.text


def test_the_edit_form_needs_charges_write(client_as, web):
    database, played = web
    with database.uow() as uow:
        some = uow.session.scalars(
            select(EncounterRow.id).where(EncounterRow.patient_id == played.patient_id)
        ).first()
    assert client_as("auditor").get(f"/encounters/{some}/edit").status_code == 403
