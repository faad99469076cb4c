"""Editing a self-pay visit restates the patient's receivable: the charge of a line that changed
or went away is reversed and the edited line charged, effective the day of the edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from revcycle.charges import editing
from revcycle.charges import service as charges
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.money import Money
from revcycle.ledger import service as ledger_service
from tests.integration.charges.conftest import assert_books_hold, self_pay_entries, uninsured_patient
from tests.integration.remittance.conftest import World

DOS = clock.today() - dt.timedelta(days=45)


def _self_pay_visit(world: World) -> tuple[int, int]:
    """An uninsured patient's visit: 99213 (150.00) and 80053 (80.00) on the patient's balance."""
    patient_id = uninsured_patient(world)
    with world.database.transaction() as uow:
        row = charges.capture_encounter(
            uow,
            practice_id=world.practice_id,
            values={
                "patient_id": patient_id,
                "rendering_provider_id": world.provider_id,
                "date_of_service": DOS,
                "diagnoses": ["E119"],
                "lines": [{"code": "99213"}, {"code": "80053"}],
            },
        )
        assert row.status == "self_pay"
        return int(row.id), patient_id


def _edit(world: World, encounter_id: int, changes: dict[str, Any]) -> editing.Edited:
    with world.database.transaction() as uow:
        return editing.edit_encounter(
            uow, practice_id=world.practice_id, encounter_id=encounter_id, changes=changes, actor="biller"
        )


def _balance(uow: UnitOfWork, world: World, patient_id: int) -> Money:
    balance = ledger_service.patient_balance(uow, practice_id=world.practice_id, patient_id=patient_id)
    assert balance.insurance == Money.zero()
    return balance.patient


def test_editing_a_self_pay_visit_restates_the_patients_balance_to_the_edited_charges(world: World):
    encounter, patient = _self_pay_visit(world)
    edited = _edit(world, encounter, {"lines": [{"code": "99213"}, {"code": "85025", "units": "2"}]})
    assert edited.changes["lines.1.code"] == ("80053", "85025")
    with world.database.uow() as uow:
        assert _balance(uow, world, patient) == Money("230.00")  # 150.00 + 2 x 40.00
        view = charges.get_encounter(uow, practice_id=world.practice_id, encounter_id=encounter)
        first, second = view.lines
        posted = self_pay_entries(uow, world, encounter)
        by_key = {p.entry.idempotency_key: p for p in posted}
        # the unchanged line keeps its charge, dated the day of service
        kept = by_key[f"encounter:{encounter}:line:{first.id}:charge"]
        assert kept.reversed_by_entry_id is None and kept.entry.effective_date == DOS
        # the changed line: its old charge reversed, the new one charged, both effective today
        old = by_key[f"encounter:{encounter}:line:{second.id}:charge"]
        new = by_key[f"encounter:{encounter}:line:{second.id}:charge:2"]
        assert old.reversed_by_entry_id is not None
        reversal = next(p for p in posted if p.id == old.reversed_by_entry_id)
        assert reversal.entry.effective_date == clock.today()
        assert new.entry.effective_date == clock.today() and new.reversed_by_entry_id is None
        assert view.encounter.status == "self_pay"
        assert_books_hold(uow, world)


def test_a_line_taken_off_a_self_pay_visit_comes_off_the_patients_balance(world: World):
    encounter, patient = _self_pay_visit(world)
    _edit(world, encounter, {"lines": [{"code": "99213"}]})
    with world.database.uow() as uow:
        assert _balance(uow, world, patient) == Money("150.00")
        assert [
            ln.code
            for ln in charges.get_encounter(uow, practice_id=world.practice_id, encounter_id=encounter).lines
        ] == ["99213"]
        assert_books_hold(uow, world)


def test_editing_twice_with_the_same_values_posts_nothing_new(world: World):
    encounter, patient = _self_pay_visit(world)
    change = {
        "diagnoses": ["E119", "I10"],
        "lines": [{"code": "99213", "modifiers": ["25"]}, {"code": "80053"}],
    }
    assert _edit(world, encounter, change).changes
    with world.database.uow() as uow:
        count = len(self_pay_entries(uow, world, encounter))
    assert _edit(world, encounter, change).changes == {}
    with world.database.uow() as uow:
        assert len(self_pay_entries(uow, world, encounter)) == count
        assert _balance(uow, world, patient) == Money("230.00")
        assert len(editing.history(uow, practice_id=world.practice_id, encounter_id=encounter)) == 1
        assert_books_hold(uow, world)


def test_a_line_edited_away_and_back_is_charged_under_fresh_unique_keys(world: World):
    encounter, patient = _self_pay_visit(world)
    _edit(world, encounter, {"lines": [{"code": "99213"}, {"code": "80053", "units": "2"}]})
    _edit(world, encounter, {"lines": [{"code": "99213"}, {"code": "80053", "units": "1"}]})
    with world.database.uow() as uow:
        keys = [p.entry.idempotency_key for p in self_pay_entries(uow, world, encounter)]
        assert len(keys) == len(set(keys))
        assert _balance(uow, world, patient) == Money("230.00")
        assert_books_hold(uow, world)


def test_a_diagnosis_added_to_a_self_pay_visit_posts_nothing(world: World):
    encounter, patient = _self_pay_visit(world)
    with world.database.uow() as uow:
        before = len(self_pay_entries(uow, world, encounter))
    edited = _edit(world, encounter, {"diagnoses": ["E119", "I10"]})
    assert edited.changes == {"diagnoses": ("E119", "E119,I10")}
    with world.database.uow() as uow:
        assert len(self_pay_entries(uow, world, encounter)) == before
        assert _balance(uow, world, patient) == Money("230.00")
