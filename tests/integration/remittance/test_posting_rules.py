"""A practice's posting rules decide how OA, PI and CR adjustments post; they are data, not code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from revcycle.api.app import create_app
from revcycle.kit.db import Database
from revcycle.kit.money import Money
from revcycle.ledger import service as ledger_service
from revcycle.remittance.service.ingest import ingest_era
from tests.integration.remittance.conftest import World, clp, era_text, make_claim, svc
from tests.integration.security.factories import auth_headers


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(database=database)) as test_client:
        yield test_client


def _insurance_after_oa(world: World) -> Money:
    claim = make_claim(world)
    paid = clp(claim.pcn, svc("99213", "200.00", "150.00", ("OA", "94", "50.00")))
    with world.database.transaction() as uow:
        assert ingest_era(uow, practice_id=world.practice_id, text=era_text(paid), source_name="e").ok
    with world.database.uow() as uow:
        return ledger_service.claim_balance(uow, practice_id=world.practice_id, claim_id=claim.id).insurance


def test_oa_is_written_off_by_default(world: World) -> None:
    # no charge was posted by this test: -(150 paid + 50 written off)
    assert _insurance_after_oa(world) == Money("-200.00")


def test_a_practice_that_holds_oa_leaves_it_with_the_payer(world: World, client: TestClient) -> None:
    supervisor = auth_headers(world.database, world.practice_id, "supervisor")
    assert client.get("/api/v1/remittance/posting-rules", headers=supervisor).json() == {
        "oa": "write_off",
        "pi": "contractual",
        "cr": "contractual",
    }
    changed = client.put("/api/v1/remittance/posting-rules", json={"oa": "hold"}, headers=supervisor)
    assert changed.status_code == 200 and changed.json()["oa"] == "hold"
    assert _insurance_after_oa(world) == Money("-150.00")


def test_posting_rules_refuse_unknown_treatments_and_roles_without_the_permission(
    world: World, client: TestClient
) -> None:
    supervisor = auth_headers(world.database, world.practice_id, "supervisor")
    bad = client.put("/api/v1/remittance/posting-rules", json={"pi": "shred"}, headers=supervisor)
    assert bad.status_code == 422 and "pi" in bad.text
    biller = auth_headers(world.database, world.practice_id, "biller")
    assert (
        client.put("/api/v1/remittance/posting-rules", json={"oa": "hold"}, headers=biller).status_code == 403
    )
