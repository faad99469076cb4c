"""Fixtures for the page tests: the web scenario built once, copied for each test, and a client
signed in with a web session of the role a test asks for."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from revcycle.api.app import create_app
from revcycle.kit.db import Database
from revcycle.security.views import reset_rate_limits
from tests.integration.security.factories import session_cookie
from tests.integration.web import scenario


@pytest.fixture(scope="session")
def web_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, scenario.Scenario]:
    path = tmp_path_factory.mktemp("web") / "template.db"
    return path, scenario.build(path)


@pytest.fixture
def web(
    web_template: tuple[Path, scenario.Scenario], tmp_path: Path
) -> Iterator[tuple[Database, scenario.Scenario]]:
    shutil.copyfile(web_template[0], tmp_path / "web.db")
    database = Database(f"sqlite:///{tmp_path / 'web.db'}")
    yield database, web_template[1]
    database.dispose()


@pytest.fixture
def app(web: tuple[Database, scenario.Scenario]) -> FastAPI:
    reset_rate_limits()
    return create_app(database=web[0])


@pytest.fixture
def client_as(app: FastAPI, web: tuple[Database, scenario.Scenario]) -> Iterator[Callable[[str], TestClient]]:
    """``client_as("biller")``: a client with a signed-in session of a new user of that role."""
    clients: list[TestClient] = []

    def make(role: str) -> TestClient:
        client = TestClient(app, base_url="http://testserver")
        client.cookies.set("rc_session", session_cookie(web[0], web[1].practice_id, role))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def patient_owes(page: str) -> Decimal:
    """The balance the patient account page's ledger says the patient owes."""
    ledger = page.split('id="led-h"')[1].split("</section>")[0]
    if "<tfoot>" not in ledger:
        return Decimal(0)
    owed = ledger.split("<tfoot>")[1].split("<strong>")[1].split("</strong>")[0]
    return Decimal(owed.replace("$", "").replace(",", ""))


def billed_encounter(database: Database, patient_id: int) -> int:
    """One of the patient's encounters billed to insurance (its claim carries its charges)."""
    from revcycle.charges.tables import EncounterRow

    with database.uow() as uow:
        billed = uow.session.scalars(
            select(EncounterRow.id).where(
                EncounterRow.patient_id == patient_id, EncounterRow.status == "billed"
            )
        ).first()
    assert billed is not None
    return int(billed)
