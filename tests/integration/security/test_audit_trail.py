from __future__ import annotations

import json

from sqlalchemy import text
from typer.testing import CliRunner

from revcycle.cli import app as cli
from revcycle.security.domain import AuditAction
from tests.integration.security.conftest import make_patient_with_coverage


def _events(client, headers, **params):
    response = client.get("/api/v1/audit-events", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_reading_creating_and_changing_phi_each_write_one_audit_record(client, headers_for):
    biller = headers_for("biller")
    made = make_patient_with_coverage(client, biller)
    pid = made["patient"]["id"]
    client.get(f"/api/v1/patients/{pid}", headers=biller)
    client.patch(f"/api/v1/patients/{pid}", json={"phone": "3035550100"}, headers=biller)
    client.get(f"/api/v1/coverages/{made['coverage']['id']}", headers=biller)
    events = _events(client, headers_for("auditor"), patient_id=pid)
    actions = [(e["action"], e["entity"]) for e in events]
    assert actions == [
        ("create", "patient"),
        ("create", "coverage"),
        ("read", "patient"),
        ("update", "patient"),
        ("read", "coverage"),
    ]
    first = events[0]
    assert first["role"] == "biller" and first["outcome"] == "allowed" and first["request_id"]
    assert first["user_id"] and first["practice_id"] and first["occurred_at"]


def test_denied_attempts_are_audited(client, headers_for):
    coder = headers_for("coder")
    assert client.post("/api/v1/patients", json={}, headers=coder).status_code == 403
    denied = _events(client, headers_for("auditor"), outcome="denied")
    assert denied and denied[-1]["role"] == "coder" and "patients:write" in denied[-1]["detail"]


def test_reading_another_practices_object_is_audited_as_not_found(client, headers_for, practice_b, database):
    from tests.integration.security.factories import auth_headers

    other = make_patient_with_coverage(client, auth_headers(database, practice_b["id"], "biller"))
    assert (
        client.get(f"/api/v1/patients/{other['patient']['id']}", headers=headers_for("biller")).status_code
        == 404
    )
    assert _events(client, headers_for("auditor"), outcome="not_found")


def test_audit_verify_cli_passes_then_names_the_edited_deleted_or_reordered_record(
    client, headers_for, database, monkeypatch
):
    biller = headers_for("biller")
    make_patient_with_coverage(client, biller)
    client.get("/api/v1/patients", headers=biller)
    monkeypatch.setenv("REVCYCLE_DATABASE_URL", database.url)
    from revcycle.kit import settings

    settings.get_settings.cache_clear()
    try:
        runner = CliRunner()
        ok = runner.invoke(cli, ["audit", "verify", "--json"])
        assert ok.exit_code == 0, ok.output
        assert json.loads(ok.output)["intact"] is True
        with database.engine.begin() as conn:
            ids = [r[0] for r in conn.execute(text("SELECT id FROM audit_events ORDER BY position"))]
            conn.execute(text("UPDATE audit_events SET outcome = 'denied' WHERE id = :i"), {"i": ids[2]})
        edited = runner.invoke(cli, ["audit", "verify", "--json"])
        assert edited.exit_code == 1 and json.loads(edited.output)["first_bad_id"] == ids[2]
        with database.engine.begin() as conn:
            conn.execute(text("UPDATE audit_events SET outcome = 'allowed' WHERE id = :i"), {"i": ids[2]})
            conn.execute(text("DELETE FROM audit_events WHERE id = :i"), {"i": ids[1]})
        deleted = runner.invoke(cli, ["audit", "verify"])
        assert deleted.exit_code == 1 and f"record {ids[2]}" in deleted.output
    finally:
        settings.get_settings.cache_clear()


def test_swapping_two_records_breaks_the_chain(client, headers_for, database):
    from revcycle.security.service import verify_audit_chain

    make_patient_with_coverage(client, headers_for("biller"))
    with database.engine.begin() as conn:
        rows = list(conn.execute(text("SELECT id, position FROM audit_events ORDER BY position")))
        (a, pa), (b, pb) = rows[0], rows[1]
        conn.execute(text("UPDATE audit_events SET position = NULL WHERE id = :i"), {"i": a})
        conn.execute(text("UPDATE audit_events SET position = :p WHERE id = :i"), {"p": pa, "i": b})
        conn.execute(text("UPDATE audit_events SET position = :p WHERE id = :i"), {"p": pb, "i": a})
    with database.uow() as uow:
        verdict = verify_audit_chain(uow)
    assert not verdict.intact and verdict.first_bad_id == b


def test_accounting_of_disclosures_lists_only_those_outside_tpo(client, headers_for):
    biller = headers_for("biller")
    pid = make_patient_with_coverage(client, biller)["patient"]["id"]
    for purpose, recipient in (("payment", "Summit Blue Cross"), ("legal", "Denver District Court")):
        r = client.post(
            "/api/v1/disclosures",
            json={"patient_id": pid, "purpose": purpose, "recipient": recipient, "detail": "records"},
            headers=biller,
        )
        assert r.status_code == 201, r.text
    report = client.get(f"/api/v1/patients/{pid}/disclosures", headers=headers_for("auditor"))
    assert [d["recipient"] for d in report.json()] == ["Denver District Court"]
    exports = _events(client, headers_for("auditor"), action=AuditAction.EXPORT.value)
    assert exports[-1]["entity"] == "disclosure_accounting"


def test_auditor_searches_by_user_and_cannot_change_anything(client, headers_for):
    biller = headers_for("biller")
    make_patient_with_coverage(client, biller)
    me = client.get("/api/v1/me", headers=biller).json()
    auditor = headers_for("auditor")
    mine = _events(client, auditor, user_id=me["user_id"])
    assert mine and all(e["user_id"] == me["user_id"] for e in mine)
    assert client.post("/api/v1/patients", json={}, headers=auditor).status_code == 403
    assert client.get("/api/v1/audit-events/verify", headers=auditor).json()["intact"] is True


def _verify(runner) -> dict:
    result = runner.invoke(cli, ["audit", "verify", "--json"])
    return {"exit": result.exit_code, **json.loads(result.output)}


def test_the_chain_verifies_across_an_audit_key_rotation_and_tampering_after_it_is_caught(
    client, headers_for, database, monkeypatch, tmp_path
):
    from revcycle.kit.crypto import install_key_ring, key_ring
    from revcycle.kit.settings import get_settings
    from revcycle.security.domain import CHAIN_FIELDS, chain_hash
    from revcycle.security.service.keys import rotate_audit_key
    from revcycle.security.tables import AuditEventRow
    from tests.integration.security.factories import TEST_KEY_RING
    from tests.integration.security.test_encryption import _ring_in

    install_key_ring(_ring_in(tmp_path))
    monkeypatch.setenv("REVCYCLE_DATABASE_URL", database.url)
    get_settings.cache_clear()
    try:
        biller = headers_for("biller")
        pid = make_patient_with_coverage(client, biller)["patient"]["id"]
        report = rotate_audit_key(database, key_ring())
        assert report.new_version == 2
        client.get(f"/api/v1/patients/{pid}", headers=biller)
        client.get(f"/api/v1/patients/{pid}", headers=biller)
        with database.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, key_version FROM audit_events ORDER BY position")).all()
        versions = [v for _, v in rows]
        assert versions == sorted(versions) and versions[0] == 1 and versions[-1] == 2
        assert key_ring().audit_first_positions[2] == versions.index(2) + 1
        runner = CliRunner()
        assert _verify(runner)["intact"] is True

        last_id = rows[-1][0]
        with database.engine.begin() as conn:
            conn.execute(text("UPDATE audit_events SET outcome = 'denied' WHERE id = :i"), {"i": last_id})
        edited = _verify(runner)
        assert edited["exit"] == 1 and edited["first_bad_id"] == last_id
        with database.engine.begin() as conn:
            conn.execute(text("UPDATE audit_events SET outcome = 'allowed' WHERE id = :i"), {"i": last_id})
        assert _verify(runner)["intact"] is True

        # someone holding the retired key re-seals a newer record under it: still caught
        with database.uow() as uow:
            row = uow.session.get(AuditEventRow, last_id)
            fields = {name: getattr(row, name) for name in CHAIN_FIELDS} | {"outcome": "denied"}
            forged = chain_hash(key_ring().audit_keys[1], row.previous_hash or "", fields)
        with database.engine.begin() as conn:
            conn.execute(
                text("UPDATE audit_events SET outcome = 'denied', key_version = 1, hash = :h WHERE id = :i"),
                {"h": forged, "i": last_id},
            )
        resealed = _verify(runner)
        assert resealed["exit"] == 1 and resealed["first_bad_id"] == last_id
        assert "older than" in resealed["problem"]
    finally:
        get_settings.cache_clear()
        install_key_ring(TEST_KEY_RING)


def test_a_denied_call_without_credentials_to_a_phi_route_is_audited_without_phi(
    client, headers_for, database
):
    pid = make_patient_with_coverage(client, headers_for("biller"))["patient"]["id"]
    assert client.get(f"/api/v1/patients/{pid}").status_code == 401
    assert client.get(f"/api/v1/patients/{pid}", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/v1/codes/99213").status_code == 401  # reference data: no record
    with database.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT user_id, practice_id, action, entity, entity_id, outcome, detail, patient_id "
                "FROM audit_events WHERE user_id IS NULL ORDER BY position"
            )
        ).all()
    assert len(rows) == 2
    for user_id, practice_id, action, entity, entity_id, outcome, detail, patient_id in rows:
        assert (user_id, practice_id, action, entity, outcome) == (None, None, "access", "route", "denied")
        assert entity_id == str(pid) and patient_id is None
        assert "GET /patients/{item_id}" in detail and "client testclient" in detail
        assert "Quartermaine" not in detail


def test_calls_without_credentials_are_recorded_one_by_one_up_to_a_limit_per_address_then_summarised(
    client, database, monkeypatch
):
    from datetime import timedelta

    from revcycle.kit.clock import clock
    from revcycle.security.service import audit

    monkeypatch.setenv("REVCYCLE_UNAUTHENTICATED_AUDIT_PER_IP", "3")
    audit.reset_unauthenticated_limit()
    for ident in range(1, 11):
        assert client.get(f"/api/v1/patients/{ident}").status_code == 401

    def details() -> list[str]:
        with database.engine.connect() as conn:
            return list(
                conn.execute(
                    text("SELECT detail FROM audit_events WHERE user_id IS NULL ORDER BY position")
                ).scalars()
            )

    first = details()
    assert len(first) == 4  # three calls, then one record saying the limit was reached
    assert "more than 3 calls" in first[-1]
    later = clock.now() + timedelta(minutes=2)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert client.get("/api/v1/patients/11").status_code == 401
    after = details()
    assert len(after) == 6
    assert "7 more call(s) from client testclient" in after[4] and "GET /patients/{item_id}" in after[5]
