"""270 building and 271 reading: the snapshot holds status, plan, cost shares, limits, rejections."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from revcycle.eligibility.domain import (
    BenefitSnapshot,
    CoverageStatus,
    InquiryParty,
    Network,
    coverage_changes,
)
from revcycle.eligibility.x12map import build_270, read_271
from revcycle.kit.money import Money
from revcycle.x12 import parse, write
from revcycle.x12.core.levels import Benefit, Rejection
from revcycle.x12.x270 import EligibilityRequest270
from tests.unit.eligibility.factories import ON, response_271
from tests.unit.x12.factories import make_envelope

PARTY = InquiryParty(
    payer_name="Summit Blue",
    payer_code="SBC01",
    provider_name="Clinic",
    provider_npi="1234567893",
    member_id="XYZ123456789",
    subscriber_last_name="Doe",
    subscriber_first_name="Jane",
    group_number="GRP77",
)


def roundtrip(model: object) -> BenefitSnapshot:
    (parsed,) = parse(write(model))
    return read_271(parsed, service_date=ON)


def test_270_names_payer_provider_subscriber_date_and_service_type():
    request = build_270(
        PARTY, service_date=ON, envelope=make_envelope(), trace_number="T1", originator="1841234567"
    )
    (parsed,) = parse(write(request))
    assert isinstance(parsed, EligibilityRequest270)
    sub = next(lv for lv in parsed.all_levels() if lv.level_code == "22")
    assert sub.name is not None and sub.name.identifier == "XYZ123456789"
    assert sub.dates[0].qualifier == "291" and sub.dates[0].start == ON
    assert sub.inquiries == (("30",),) and sub.traces[0].number == "T1"
    assert sub.reference("6P") == "GRP77"


def test_270_for_a_dependent_asks_on_the_dependent_level():
    child = dataclasses.replace(PARTY, dependent=("Doe", "Sam", None, "M"))
    request = build_270(child, service_date=ON, envelope=make_envelope(), trace_number="T2", originator="X")
    (parsed,) = parse(write(request))
    dep = next(lv for lv in parsed.all_levels() if lv.level_code == "23")
    assert dep.inquiries == (("30",),) and dep.traces[0].number == "T2"


def test_active_271_becomes_a_snapshot_with_amounts_left():
    snap = roundtrip(response_271(messages=("CALL FOR MENTAL HEALTH PRE-CERT",)))
    assert snap.status is CoverageStatus.ACTIVE and snap.is_active
    assert (snap.plan, snap.insurance_type, snap.group_number, snap.payer_name) == (
        "GOLD PPO",
        "PR",
        "GRP77",
        "SUMMIT BLUE",
    )
    assert snap.deductible_remaining() == Money("400.00")
    assert snap.out_of_pocket_remaining() == Money("3200.00")
    assert snap.copay_for("98") == Money("25.00") and snap.copay_for("5") is None
    assert snap.coinsurance_for("5") == Decimal("0.2")
    assert snap.coinsurance_for("5", Network.OUT) == Decimal("0.4")
    assert snap.authorization_required == ("MH",)
    assert snap.messages == ("CALL FOR MENTAL HEALTH PRE-CERT",)
    assert snap.trace_number == "T100"


def test_inactive_271_is_inactive():
    snap = roundtrip(response_271(benefits=(Benefit("6", "IND", ("30",)),)))
    assert snap.status is CoverageStatus.INACTIVE and not snap.is_active


def test_aaa_rejection_is_kept_with_reason_and_follow_up():
    snap = roundtrip(response_271(benefits=(), rejections=(Rejection("N", "72", "C"),)))
    assert snap.status is CoverageStatus.REJECTED
    (rejection,) = snap.rejections
    assert rejection.reason == "invalid or missing subscriber/member ID"
    assert rejection.follow_up == "correct the request and resubmit"
    assert "member ID on the insurance card" in rejection.action
    assert rejection.level == "subscriber"


def test_snapshot_survives_json_storage():
    snap = roundtrip(response_271())
    assert BenefitSnapshot.from_json(snap.to_json()) == snap


def test_changed_plan_and_copay_are_flagged_but_a_smaller_deductible_left_is_not():
    before = roundtrip(response_271())
    assert coverage_changes(None, before) == []
    benefits = list(response_271().levels[0].children[0].children[0].benefits)
    benefits[2] = dataclasses.replace(benefits[2], amount=Money("100.00"))  # deductible left went down
    assert coverage_changes(before, roundtrip(response_271(benefits=tuple(benefits)))) == []
    benefits[0] = dataclasses.replace(benefits[0], plan="SILVER HMO")
    benefits[5] = dataclasses.replace(benefits[5], amount=Money("40.00"))
    changes = coverage_changes(before, roundtrip(response_271(benefits=tuple(benefits))))
    assert [c.what for c in changes] == ["plan", "copays"]
    assert "GOLD PPO -> SILVER HMO" in str(changes[0])
