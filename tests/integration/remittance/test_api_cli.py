"""The remittance API and CLI: post an ERA, see the queue, the JSON output and exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from revcycle.api.app import create_app
from revcycle.cli import app as cli_app
from revcycle.kit.db import Database
from revcycle.kit.settings import get_settings
from tests.integration.remittance.conftest import World, clp, era_text, make_claim, svc
from tests.integration.security.factories import auth_headers


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(database=database)) as test_client:
        yield test_client


def test_api_posts_an_era_and_lists_denials(world: World, client: TestClient) -> None:
    claim = make_claim(world)
    headers = auth_headers(world.database, world.practice_id, "biller")
    denied = clp(claim.pcn, svc("99213", "200.00", "0.00", ("CO", "29", "200.00")), status="4")
    response = client.post("/api/v1/remittance/eras", json={"text": era_text(denied)}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "posted"
    grouped = client.get("/api/v1/remittance/denials", headers=headers).json()
    assert [i["codes"] for i in grouped["timely_filing"]] == ["CO-29"]


def test_front_desk_cannot_approve_write_offs(world: World, client: TestClient) -> None:
    headers = auth_headers(world.database, world.practice_id, "coder")
    response = client.post("/api/v1/remittance/eras", json={"text": "x"}, headers=headers)
    assert response.status_code == 403


@pytest.fixture
def cli_database(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI reads the database URL from the (cached) settings: point them at this test's
    database, and forget them afterwards so that no later test sees this URL."""
    monkeypatch.setenv("REVCYCLE_DATABASE_URL", str(world.database.url))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("cli_database")
def test_cli_import_prints_json_and_exits_1_when_quarantined(world: World, tmp_path: Path) -> None:
    claim = make_claim(world)
    good = tmp_path / "good.835"
    good.write_text(era_text(clp(claim.pcn, svc("99213", "200.00", "150.00", ("CO", "45", "50.00")))))
    runner = CliRunner()
    first = runner.invoke(cli_app, ["era", "import", str(good), "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output) == {
        "status": "posted",
        "claims_posted": 1,
        "claims_unmatched": 0,
        "paid": "150.00",
        "reason": "",
    }
    again = runner.invoke(cli_app, ["era", "import", str(good), "--json"])
    assert (again.exit_code, json.loads(again.output)["status"]) == (0, "duplicate")
    bad = tmp_path / "bad.835"
    bad.write_text("ISA*garbage")
    quarantined = runner.invoke(cli_app, ["era", "import", str(bad), "--json"])
    assert (quarantined.exit_code, json.loads(quarantined.output)["status"]) == (1, "quarantined")
