from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from revcycle.kit.errors import AccessDenied, FieldErrors
from revcycle.security.domain import (
    GENESIS,
    MFA_ROLES,
    ChainRecord,
    Principal,
    Role,
    SessionPolicy,
    SessionState,
    chain_hash,
    draw_sample,
    needs_accounting,
    permissions_for,
    session_state,
    token_permissions,
    validate_password,
    validate_username,
    verify_chain,
)

KEY = b"k" * 32
T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def test_every_role_holds_self_read_and_admins_and_supervisors_need_mfa():
    assert all("self:read" in permissions_for(r) for r in Role)
    assert {Role.ADMIN, Role.SUPERVISOR} == MFA_ROLES


def test_front_desk_is_refused_diagnoses():
    p = Principal(practice_id=1, user_id=1, role="front_desk", permissions=permissions_for("front_desk"))
    with pytest.raises(AccessDenied, match="diagnoses:read"):
        p.check("diagnoses:read")


def test_token_scopes_narrow_but_never_widen_the_role():
    assert token_permissions("biller", ["patients:read"]) == {"patients:read"}
    assert token_permissions("front_desk", ["diagnoses:read"]) == frozenset()
    assert token_permissions("biller", []) == permissions_for("biller")


def test_short_passwords_and_shared_names_are_refused():
    with pytest.raises(FieldErrors):
        validate_password("short", username="maya")
    with pytest.raises(FieldErrors):
        validate_password("maya-is-my-password", username="maya")
    with pytest.raises(FieldErrors):
        validate_username("shared")
    validate_username("maya.okafor")


@pytest.mark.parametrize(
    ("idle", "age", "expected"),
    [
        (timedelta(minutes=14), timedelta(hours=1), SessionState.ACTIVE),
        (timedelta(minutes=16), timedelta(hours=1), SessionState.IDLE_EXPIRED),
        (timedelta(minutes=1), timedelta(hours=13), SessionState.ABSOLUTE_EXPIRED),
    ],
)
def test_session_idle_and_absolute_timeouts(idle, age, expected):
    now = T0 + age
    state = session_state(
        created_at=T0, last_seen_at=now - idle, ended=False, now=now, policy=SessionPolicy()
    )
    assert state is expected


def _chain(n: int) -> list[ChainRecord]:
    records, previous = [], GENESIS
    for i in range(1, n + 1):
        fields = {
            "position": i,
            "action": "read",
            "entity": "patient",
            "entity_id": str(i),
            "outcome": "allowed",
        }
        digest = chain_hash(KEY, previous, fields)
        records.append(ChainRecord(i, i, previous, digest, fields))
        previous = digest
    return records


def test_an_intact_chain_verifies():
    assert verify_chain(_chain(5), KEY).intact


def test_an_edited_record_is_named():
    records = _chain(5)
    edited = records[2]
    records[2] = ChainRecord(
        edited.id, edited.position, edited.previous_hash, edited.hash, {**edited.fields, "outcome": "denied"}
    )
    verdict = verify_chain(records, KEY)
    assert not verdict.intact and verdict.first_bad_id == 3 and "edited" in (verdict.problem or "")


def test_a_deleted_record_is_detected_at_the_next_one():
    records = _chain(5)
    del records[1]
    assert verify_chain(records, KEY).first_bad_id == 3


def test_a_chain_under_another_key_fails():
    assert not verify_chain(_chain(2), b"x" * 32).intact


def test_only_disclosures_outside_treatment_payment_and_operations_need_accounting():
    assert needs_accounting("legal") and not needs_accounting("payment") and not needs_accounting(None)


def test_sampling_is_reproducible_and_never_larger_than_the_population():
    assert draw_sample(range(1, 101), 10, seed=3) == draw_sample(list(range(100, 0, -1)), 10, seed=3)
    assert draw_sample([4, 5], 10, seed=1) == [4, 5]


def test_a_route_names_its_patient_only_through_a_patients_path_segment():
    from revcycle.security.domain import patient_in_path

    assert patient_in_path("/api/v1/patients/{item_id}", {"item_id": "7"}) == 7
    assert patient_in_path("/api/v1/ledger/patients/{patient_id}/balance", {"patient_id": 9}) == 9
    assert patient_in_path("/api/v1/patients", {}) is None
    assert patient_in_path("/api/v1/patients/search", {}) is None
    assert patient_in_path("/api/v1/coverages/{item_id}", {"item_id": "7"}) is None
    assert patient_in_path("/patients/{patient_id}", {"patient_id": "x"}) is None


def test_a_grant_widens_a_principal_only_for_its_patient():
    from revcycle.security.domain import BREAK_GLASS_PERMISSIONS, Principal

    base = Principal(practice_id=1, user_id=2, role="front_desk", grant_id=5, grant_patient_id=10)
    assert base.for_patient(11) is base and base.for_patient(None) is base
    widened = base.for_patient(10)
    assert widened.permissions >= BREAK_GLASS_PERMISSIONS and widened.break_glass_id == 5
    no_grant = Principal(practice_id=1, user_id=2)
    assert no_grant.for_patient(10) is no_grant
