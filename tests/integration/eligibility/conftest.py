"""A practice with a Summit Blue Cross patient, and the sandbox payer answering 270s over HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from revcycle.clearinghouse.realtime_http import HttpRealtimeClearinghouse
from revcycle.intake import service as intake
from revcycle.kit.clock import clock
from revcycle.kit.db import Database
from revcycle.sandbox.config import parse_config
from revcycle.sandbox.http import create_app
from tests.integration.security.factories import practice_values  # installs the test key ring
from tests.unit.sandbox.factories import config_data

MEMBER = "XYZ123456789"
ON = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with clock.frozen(datetime(2026, 3, 1, 15, 0, tzinfo=UTC)):
        yield


def make_people(database: Database, member_id: str = MEMBER, **coverage: Any) -> dict[str, int]:
    with database.transaction() as uow:
        practice = intake.create_practice(uow, values=practice_values())
        pid = practice.id
        payer = intake.create(
            uow, intake.PAYER, practice_id=pid, values={"name": "Summit Blue Cross", "payer_code": "SBC01"}
        )
        guarantor = intake.create(
            uow,
            intake.GUARANTOR,
            practice_id=pid,
            values={"first_name": "Jane", "last_name": "Doe", "date_of_birth": date(1980, 5, 1)},
        )
        patient = intake.create(
            uow,
            intake.PATIENT,
            practice_id=pid,
            values={
                "first_name": "Jane",
                "last_name": "Doe",
                "date_of_birth": date(1980, 5, 1),
                "sex": "F",
                "guarantor_id": guarantor.id,
                "guarantor_relationship": "18",
            },
        )
        cov = intake.create(
            uow,
            intake.COVERAGE,
            practice_id=pid,
            values={
                "patient_id": patient.id,
                "payer_id": payer.id,
                "member_id": member_id,
                "effective_date": date(2025, 1, 1),
                "plan_name": "PPO",
            }
            | coverage,
        )
        return {
            "practice": pid,
            "payer": payer.id,
            "patient": patient.id,
            "guarantor": guarantor.id,
            "coverage": cov.id,
        }


@pytest.fixture(scope="module")
def sandbox_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sandbox's real-time endpoint, served by uvicorn on a free local port."""
    state = Path(tmp_path_factory.mktemp("sandbox")) / "state.sqlite"
    app = create_app(parse_config(config_data()), state)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/x12"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def realtime(sandbox_url: str) -> HttpRealtimeClearinghouse:
    return HttpRealtimeClearinghouse(sandbox_url, timeout=10)


@pytest.fixture
def cli_database(database: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """Point the ``revcycle`` command at the test database (settings are cached per process)."""
    from revcycle.kit.settings import get_settings

    monkeypatch.setenv("REVCYCLE_DATABASE_URL", database.url)
    get_settings.cache_clear()
    yield database
    get_settings.cache_clear()
