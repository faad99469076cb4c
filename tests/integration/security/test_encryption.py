from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import text

from revcycle.intake import service as intake_service
from revcycle.kit.crypto import KeyRing, install_key_ring, key_ring
from revcycle.security.service.keys import rotate_blind_index, rotate_keys
from tests.integration.security.conftest import MEMBER_ID, PATIENT, PAYER, make_patient_with_coverage
from tests.integration.security.factories import TEST_KEY_RING


def test_member_id_is_never_stored_in_plain_text(client, headers_for, database, backend):
    made = make_patient_with_coverage(client, headers_for("biller"))
    assert made["coverage"]["member_id"] == MEMBER_ID  # the API is unchanged
    read = client.get(f"/api/v1/coverages/{made['coverage']['id']}", headers=headers_for("biller")).json()
    assert read["member_id"] == MEMBER_ID
    with database.engine.connect() as conn:
        raw = conn.execute(text("SELECT member_id_ciphertext, member_id_index FROM coverages")).one()
    assert MEMBER_ID not in raw[0] and raw[0].startswith("v1:") and MEMBER_ID not in raw[1]
    kind, _ = backend
    if kind == "sqlite":
        database.dispose()
        files = Path(database.url.split("///", 1)[1]).parent.glob("revcycle.db*")
        assert all(MEMBER_ID.encode() not in f.read_bytes() for f in files)


def test_coverages_are_found_by_member_id_through_the_blind_index(client, headers_for, database, practice_a):
    made = make_patient_with_coverage(client, headers_for("biller"))
    with database.uow() as uow:
        found = intake_service.find_coverages_by_member_id(
            uow, practice_id=practice_a["id"], member_id=MEMBER_ID.lower()
        )
        assert [c.id for c in found] == [made["coverage"]["id"]]
        assert not intake_service.find_coverages_by_member_id(
            uow, practice_id=practice_a["id"], member_id="nope"
        )


def test_key_rotation_re_encrypts_every_value_and_old_keys_are_kept(client, headers_for, database, tmp_path):
    ring = KeyRing.generate(tmp_path / "keys.json")
    ring.audit_keys = dict(TEST_KEY_RING.audit_keys)
    ring.index_keys = dict(TEST_KEY_RING.index_keys)
    install_key_ring(ring)
    try:
        make_patient_with_coverage(client, headers_for("biller"))
        headers_for("admin")  # an admin has a TOTP secret, encrypted too
        with database.transaction() as uow:
            report = rotate_keys(uow, key_ring())
        assert report.new_version == 2 and report.values >= 2
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT member_id_ciphertext FROM coverages")).scalar().startswith("v2:")
        reloaded = KeyRing.load(tmp_path / "keys.json")
        assert sorted(reloaded.encryption_keys) == [1, 2] and reloaded.active_version == 2
        assert (tmp_path / "keys.json").stat().st_mode & 0o777 == 0o600
        h = headers_for("biller")
        assert client.get("/api/v1/coverages", headers=h).json()["items"][0]["member_id"] == MEMBER_ID
    finally:
        install_key_ring(TEST_KEY_RING)


def _ring_in(tmp_path) -> KeyRing:
    """A key ring saved in a file, holding the test keys (values already stored stay readable)."""
    ring = replace(
        TEST_KEY_RING,
        encryption_keys=dict(TEST_KEY_RING.encryption_keys),
        index_keys=dict(TEST_KEY_RING.index_keys),
        audit_keys=dict(TEST_KEY_RING.audit_keys),
        audit_first_positions=dict(TEST_KEY_RING.audit_first_positions),
        path=tmp_path / "keys.json",
    )
    ring.save()
    return ring


def _second_coverage(client, headers) -> int:
    """Another patient's coverage with the same member ID, at another payer."""
    patient = client.post("/api/v1/patients", json=PATIENT | {"first_name": "Ottoline"}, headers=headers)
    payer = client.post("/api/v1/payers", json=PAYER | {"payer_code": "SBC02"}, headers=headers)
    body = {
        "patient_id": patient.json()["id"],
        "payer_id": payer.json()["id"],
        "member_id": MEMBER_ID,
        "effective_date": "2025-01-01",
    }
    coverage = client.post("/api/v1/coverages", json=body, headers=headers)
    assert coverage.status_code == 201, coverage.text
    return int(coverage.json()["id"])


def _found(database, practice_id) -> list[int]:
    with database.uow() as uow:
        rows = intake_service.find_coverages_by_member_id(uow, practice_id=practice_id, member_id=MEMBER_ID)
        return [c.id for c in rows]


def test_blind_index_rotation_recomputes_every_member_id_index_under_a_new_version(
    client, headers_for, database, practice_a, tmp_path
):
    install_key_ring(_ring_in(tmp_path))
    try:
        made = make_patient_with_coverage(client, headers_for("biller"))
        with database.engine.connect() as conn:
            before = conn.execute(
                text("SELECT member_id_index, member_id_index_version FROM coverages")
            ).one()
        assert before[1] == 1
        with database.transaction() as uow:
            report = rotate_blind_index(uow, key_ring())
        assert report.new_version == 2 and report.values == 1
        with database.engine.connect() as conn:
            after = conn.execute(text("SELECT member_id_index, member_id_index_version FROM coverages")).one()
        assert after[1] == 2 and after[0] != before[0] and MEMBER_ID not in after[0]
        assert _found(database, practice_a["id"]) == [made["coverage"]["id"]]
        reloaded = KeyRing.load(tmp_path / "keys.json")
        assert reloaded.index_version == 2 and sorted(reloaded.index_keys) == [1, 2]
    finally:
        install_key_ring(TEST_KEY_RING)


def test_member_id_lookups_fall_back_to_the_previous_index_until_re_indexing_is_done(
    client, headers_for, database, practice_a, tmp_path
):
    ring = _ring_in(tmp_path)
    install_key_ring(ring)
    try:
        old = make_patient_with_coverage(client, headers_for("biller"))["coverage"]["id"]
        ring.add_index_version()  # a rotation under way: the new key exists, nothing re-indexed yet
        ring.save()
        assert _found(database, practice_a["id"]) == [old]
        new = _second_coverage(client, headers_for("biller"))
        with database.engine.connect() as conn:
            versions = dict(conn.execute(text("SELECT id, member_id_index_version FROM coverages")).all())
        assert versions == {old: 1, new: 2}
        assert _found(database, practice_a["id"]) == [old, new]
        with database.transaction() as uow:
            assert rotate_blind_index(uow, key_ring()).values == 2
        assert _found(database, practice_a["id"]) == [old, new]
    finally:
        install_key_ring(TEST_KEY_RING)
