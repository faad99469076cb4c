"""Fixtures for ledger tests: a practice in the test database."""

from __future__ import annotations

import pytest

from revcycle.intake import service as intake
from revcycle.kit.db import Database

PRACTICE = {
    "name": "Ledger Clinic",
    "tin": "84-1234567",
    "billing_npi": "1234567893",
    "address": {"line1": "1 Main St", "city": "Denver", "state": "CO", "zip": "80202"},
}


def make_practice(database: Database) -> int:
    with database.transaction() as uow:
        return int(intake.create_practice(uow, values=PRACTICE).id)


@pytest.fixture
def practice_id(database: Database) -> int:
    return make_practice(database)
