"""Editing a self-pay visit restates the patient's receivable: the charge of a line that changed
or went away is reversed and the edited line charged, effective the day of the edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from revcycle.charges import editing, self_pay
from revcycle.charges import service as charges
from revcycle.intake import service as intake
from revcycle.kit.clock import clock
from revcycle.kit.db import Database, UnitOfWork
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service
from revcycle.reporting import summary
from tests.integration.remittance.conftest import World, make_world

DOS = clock.today() - dt.timedelta(days=45)


@pytest.fixture
def world(database: Database) -> World:
    w = make_world(database)
    with database.transaction() as uow:
        charges.set_charge_master(
            uow,
            practice_id=w.practice_id,
            entries=[
                {"code": "99213", "amount": Money("150.00")},
                {"code": "80053", "amount": Money("80.00")},
                {"code": "85025", "amount": Money("40.00")},
            ],
        )
    return w


def _self_pay_visit(world: World) -> tuple[int, int]:
    """An uninsured patient's visit: 99213 (150.00) and 80053 (80.00) on the patient's balance."""
    with world.database.transaction() as uow:
        patient = intake.create(
            uow,
            intake.PATIENT,
            practice_id=world.practice_id,
            values={
                "first_name": "Cash",
                "last_name": "Payer",
                "date_of_birth": dt.date(1985, 2, 3),
                "sex": "M",
                "address": {"line1": "9 Elm St", "city": "Denver", "state": "CO", "zip": "80206"},
            },
        )
        row = charges.capture_encounter(
            uow,
            practice_id=world.practice_id,
            values={
                "patient_id": patient.id,
                "rendering_provider_id": world.provider_id,
                "date_of_service": DOS,
                "diagnoses": ["E119"],
                "lines": [{"code": "99213"}, {"code": "80053"}],
            },
        )
        assert row.status == "self_pay"
        return int(row.id), int(patient.id)


def _edit(world: World, encounter_id: int, changes: dict[str, Any]) -> editing.Edited:
    with world.database.transaction() as uow:
        return editing.edit_encounter(
            uow, practice_id=world.practice_id, encounter_id=encounter_id, changes=changes, actor="biller"
        )


def _balance(uow: UnitOfWork, world: World, patient_id: int) -> Money:
    balance = ledger_service.patient_balance(uow, practice_id=world.practice_id, patient_id=patient_id)
    assert balance.insurance == Money.zero()
    return balance.patient


def _entries(uow: UnitOfWork, world: World, encounter_id: int) -> list[ledger.PostedEntry]:
    return ledger_service.entries_from_source(
        uow, practice_id=world.practice_id, source=self_pay.source_of(encounter_id)
    )


def _no_drift(uow: UnitOfWork, world: World) -> None:
    assert summary.drift(uow.session, world.practice_id) == {}
    assert ledger_service.trial_balance(uow, practice_id=world.practice_id).is_balanced


def test_editing_a_self_pay_visit_restates_the_patients_balance_to_the_edited_charges(world: World):
    encounter, patient = _self_pay_visit(world)
    edited = _edit(world, encounter, {"lines": [{"code": "99213"}, {"code": "85025", "units": "2"}]})
    assert edited.changes["lines.1.code"] == ("80053", "85025")
    with world.database.uow() as uow:
        assert _balance(uow, world, patient) == Money("230.00")  # 150.00 + 2 x 40.00
        view = charges.get_encounter(uow, practice_id=world.practice_id, encounter_id=encounter)
        first, second = view.lines
        posted = _entries(uow, world, encounter)
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
        _no_drift(uow, world)


def test_a_line_taken_off_a_self_pay_visit_comes_off_the_patients_balance(world: World):
    encounter, patient = _self_pay_visit(world)
    _edit(world, encounter, {"lines": [{"code": "99213"}]})
    with world.database.uow() as uow:
        assert _balance(uow, world, patient) == Money("150.00")
        assert [
            ln.code
            for ln in charges.get_encounter(uow, practice_id=world.practice_id, encounter_id=encounter).lines
        ] == ["99213"]
        _no_drift(uow, world)


def test_editing_twice_with_the_same_values_posts_nothing_new(world: World):
    encounter, patient = _self_pay_visit(world)
    change = {
        "diagnoses": ["E119", "I10"],
        "lines": [{"code": "99213", "modifiers": ["25"]}, {"code": "80053"}],
    }
    assert _edit(world, encounter, change).changes
    with world.database.uow() as uow:
        count = len(_entries(uow, world, encounter))
    assert _edit(world, encounter, change).changes == {}
    with world.database.uow() as uow:
        assert len(_entries(uow, world, encounter)) == count
        assert _balance(uow, world, patient) == Money("230.00")
        assert len(editing.history(uow, practice_id=world.practice_id, encounter_id=encounter)) == 1
        _no_drift(uow, world)


def test_a_line_edited_away_and_back_is_charged_under_fresh_unique_keys(world: World):
    encounter, patient = _self_pay_visit(world)
    _edit(world, encounter, {"lines": [{"code": "99213"}, {"code": "80053", "units": "2"}]})
    _edit(world, encounter, {"lines": [{"code": "99213"}, {"code": "80053", "units": "1"}]})
    with world.database.uow() as uow:
        keys = [p.entry.idempotency_key for p in _entries(uow, world, encounter)]
        assert len(keys) == len(set(keys))
        assert _balance(uow, world, patient) == Money("230.00")
        _no_drift(uow, world)


def test_a_diagnosis_added_to_a_self_pay_visit_posts_nothing(world: World):
    encounter, patient = _self_pay_visit(world)
    with world.database.uow() as uow:
        before = len(_entries(uow, world, encounter))
    edited = _edit(world, encounter, {"diagnoses": ["E119", "I10"]})
    assert edited.changes == {"diagnoses": ("E119", "E119,I10")}
    with world.database.uow() as uow:
        assert len(_entries(uow, world, encounter)) == before
        assert _balance(uow, world, patient) == Money("230.00")
