from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from revcycle.intake import service as intake_service
from revcycle.kit.crypto import KeyRing, install_key_ring, key_ring
from revcycle.security.service.keys import rotate_keys
from tests.integration.security.conftest import MEMBER_ID, make_patient_with_coverage
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
    ring.audit_key = TEST_KEY_RING.audit_key
    ring.index_key = TEST_KEY_RING.index_key
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
