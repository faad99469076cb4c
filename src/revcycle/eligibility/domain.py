"""Benefit snapshots: what a 271 said about one coverage on one date of service, in plain values.

Pure: no database, no network. A snapshot is stored as JSON (amounts as strings) and compared with
the previous one to flag coverage that changed since the last check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from revcycle.kit.money import Money


class CoverageStatus(StrEnum):
    """What the payer said about the coverage on the date of service."""

    ACTIVE = "active"
    """EB01 ``1``: active coverage."""
    INACTIVE = "inactive"
    """EB01 ``6``: inactive coverage (terminated or not yet effective)."""
    REJECTED = "rejected"
    """The payer answered with AAA rejections and no benefits: fix the request and ask again."""
    UNKNOWN = "unknown"
    """The 271 carried neither an active nor an inactive benefit."""


class Network(StrEnum):
    """EB12: whether a benefit applies in or out of the plan's network."""

    IN = "in"
    """EB12 ``Y``."""
    OUT = "out"
    """EB12 ``N``."""
    ANY = "any"
    """EB12 ``W`` (not applicable) or absent: applies either way."""

    @classmethod
    def of(cls, eb12: str) -> Network:
        return {"Y": cls.IN, "N": cls.OUT}.get(eb12, cls.ANY)


AAA_REASONS: Mapping[str, str] = {
    "04": "authorized quantity exceeded",
    "15": "required application data missing",
    "41": "authorization or access restrictions",
    "42": "the payer cannot respond at this time",
    "43": "invalid or missing provider identification",
    "45": "invalid or missing provider specialty",
    "47": "invalid or missing provider state",
    "48": "invalid or missing referring provider identification",
    "49": "the provider is not the primary care physician",
    "51": "the provider is not on file",
    "52": "service dates are not within the provider's plan enrollment",
    "56": "inappropriate date",
    "57": "invalid or missing date of service",
    "58": "invalid or missing date of birth",
    "60": "date of birth follows the date of service",
    "61": "date of death precedes the date of service",
    "62": "date of service is not within the allowable inquiry period",
    "63": "date of service is in the future",
    "64": "invalid or missing patient ID",
    "65": "invalid or missing patient name",
    "66": "invalid or missing patient gender",
    "67": "patient not found",
    "68": "duplicate patient ID",
    "71": "patient birth date does not match the payer's records",
    "72": "invalid or missing subscriber/member ID",
    "73": "invalid or missing subscriber name",
    "74": "invalid or missing subscriber gender",
    "75": "subscriber not found",
    "76": "duplicate subscriber ID",
    "77": "subscriber found, patient not found",
    "78": "subscriber not in the group or plan identified",
    "79": "invalid participant identification",
    "80": "no response received; transaction terminated",
    "97": "invalid or missing provider address",
    "T4": "payer name or identifier missing",
}
"""AAA03 reject reason codes (005010X279A1) in words."""

AAA_FOLLOW_UPS: Mapping[str, str] = {
    "C": "correct the request and resubmit",
    "N": "resubmission is not allowed",
    "P": "resubmit the original request",
    "R": "resubmission is allowed",
    "S": "do not resubmit; the payer is asking a third party",
    "W": "wait 30 days and resubmit",
    "X": "wait 10 days and resubmit",
    "Y": "do not resubmit; the payer will answer later",
}
"""AAA04 follow-up action codes in words."""

_WHAT_TO_FIX: Mapping[str, str] = {
    "72": "check the member ID on the insurance card and correct the coverage",
    "73": "check the subscriber's name against the insurance card",
    "75": "confirm the payer and member ID with the patient; the payer cannot find the subscriber",
    "58": "check the date of birth on the patient or subscriber",
    "71": "check the date of birth on the patient or subscriber",
    "65": "check the patient's legal name",
    "67": "check the patient's name, date of birth and relationship to the subscriber",
    "43": "check the practice's billing NPI",
    "42": "ask again later; the payer's system did not answer",
    "80": "ask again later; the payer's system did not answer",
    "57": "check the date of service",
    "62": "ask about a date the payer allows (usually not far in the past or future)",
    "63": "ask about a date the payer allows (usually not far in the past or future)",
}


@dataclass(frozen=True)
class Rejection:
    """An AAA segment: why the payer could not answer and what to do next."""

    code: str
    follow_up_code: str
    level: str = "subscriber"
    """Which part of the request was refused: ``payer``, ``provider``, ``subscriber``, ``dependent``."""

    @property
    def reason(self) -> str:
        return AAA_REASONS.get(self.code, f"reject reason {self.code}")

    @property
    def follow_up(self) -> str:
        return AAA_FOLLOW_UPS.get(self.follow_up_code, f"follow-up {self.follow_up_code}")

    @property
    def action(self) -> str:
        """What the office should do: the fix for the reason, then the payer's follow-up advice."""
        fix = _WHAT_TO_FIX.get(self.code, f"fix the {self.reason}")
        return f"{fix}; then {self.follow_up}"


@dataclass(frozen=True)
class Accumulator:
    """A deductible or out-of-pocket limit: the total for the period and what is left (EB06 23/29)."""

    kind: str
    """``deductible`` or ``out_of_pocket``."""
    level: str = "IND"
    """EB02: ``IND`` individual, ``FAM`` family."""
    network: Network = Network.ANY
    total: Money | None = None
    remaining: Money | None = None


@dataclass(frozen=True)
class CostShare:
    """A copay (amount) or coinsurance (percent, 0.20 for 20 %) for some service types."""

    service_types: tuple[str, ...]
    network: Network = Network.ANY
    amount: Money | None = None
    percent: Decimal | None = None


@dataclass(frozen=True)
class BenefitSnapshot:
    """What the payer said about one coverage for one date of service."""

    status: CoverageStatus
    service_date: date
    payer_name: str = ""
    plan: str = ""
    insurance_type: str = ""
    group_number: str = ""
    service_types: tuple[str, ...] = ()
    copays: tuple[CostShare, ...] = ()
    coinsurance: tuple[CostShare, ...] = ()
    accumulators: tuple[Accumulator, ...] = ()
    authorization_required: tuple[str, ...] = ()
    """Service types for which the payer said EB11 ``Y`` (prior authorization required)."""
    messages: tuple[str, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    trace_number: str = ""

    @property
    def is_active(self) -> bool:
        return self.status is CoverageStatus.ACTIVE

    # -- what the estimate needs ------------------------------------------------------------
    def _accumulator(self, kind: str, network: Network, level: str = "IND") -> Accumulator | None:
        found = [a for a in self.accumulators if a.kind == kind and a.level == level]
        for wanted in (network, Network.ANY):
            match = next((a for a in found if a.network is wanted), None)
            if match is not None:
                return match
        return None

    def deductible_remaining(self, network: Network = Network.IN) -> Money | None:
        acc = self._accumulator("deductible", network)
        return None if acc is None else (acc.remaining if acc.remaining is not None else acc.total)

    def out_of_pocket_remaining(self, network: Network = Network.IN) -> Money | None:
        acc = self._accumulator("out_of_pocket", network)
        return None if acc is None else (acc.remaining if acc.remaining is not None else acc.total)

    def _share(self, shares: tuple[CostShare, ...], service_type: str, network: Network) -> CostShare | None:
        for types in ((service_type,), ("30",)):
            for wanted in (network, Network.ANY):
                match = next(
                    (s for s in shares if s.network is wanted and any(t in s.service_types for t in types)),
                    None,
                )
                if match is not None:
                    return match
        return None

    def copay_for(self, service_type: str, network: Network = Network.IN) -> Money | None:
        """The copay for a service type; only a copay named for that type (not plan-wide) counts."""
        for wanted in (network, Network.ANY):
            match = next(
                (s for s in self.copays if s.network is wanted and service_type in s.service_types), None
            )
            if match is not None:
                return match.amount
        return None

    def coinsurance_for(self, service_type: str, network: Network = Network.IN) -> Decimal | None:
        share = self._share(self.coinsurance, service_type, network)
        return None if share is None else share.percent

    # -- storage ------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        def money(m: Money | None) -> str | None:
            return None if m is None else str(m)

        return {
            "status": self.status.value,
            "service_date": self.service_date.isoformat(),
            "payer_name": self.payer_name,
            "plan": self.plan,
            "insurance_type": self.insurance_type,
            "group_number": self.group_number,
            "service_types": list(self.service_types),
            "copays": [
                {
                    "service_types": list(s.service_types),
                    "network": s.network.value,
                    "amount": money(s.amount),
                }
                for s in self.copays
            ],
            "coinsurance": [
                {
                    "service_types": list(s.service_types),
                    "network": s.network.value,
                    "percent": None if s.percent is None else str(s.percent),
                }
                for s in self.coinsurance
            ],
            "accumulators": [
                {
                    "kind": a.kind,
                    "level": a.level,
                    "network": a.network.value,
                    "total": money(a.total),
                    "remaining": money(a.remaining),
                }
                for a in self.accumulators
            ],
            "authorization_required": list(self.authorization_required),
            "messages": list(self.messages),
            "rejections": [
                {
                    "code": r.code,
                    "reason": r.reason,
                    "follow_up_code": r.follow_up_code,
                    "follow_up": r.follow_up,
                    "action": r.action,
                    "level": r.level,
                }
                for r in self.rejections
            ],
            "trace_number": self.trace_number,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BenefitSnapshot:
        def money(v: str | None) -> Money | None:
            return None if v is None else Money(v)

        return cls(
            status=CoverageStatus(data["status"]),
            service_date=date.fromisoformat(data["service_date"]),
            payer_name=data.get("payer_name", ""),
            plan=data.get("plan", ""),
            insurance_type=data.get("insurance_type", ""),
            group_number=data.get("group_number", ""),
            service_types=tuple(data.get("service_types", ())),
            copays=tuple(
                CostShare(tuple(s["service_types"]), Network(s["network"]), amount=money(s["amount"]))
                for s in data.get("copays", ())
            ),
            coinsurance=tuple(
                CostShare(
                    tuple(s["service_types"]),
                    Network(s["network"]),
                    percent=None if s["percent"] is None else Decimal(s["percent"]),
                )
                for s in data.get("coinsurance", ())
            ),
            accumulators=tuple(
                Accumulator(
                    a["kind"], a["level"], Network(a["network"]), money(a["total"]), money(a["remaining"])
                )
                for a in data.get("accumulators", ())
            ),
            authorization_required=tuple(data.get("authorization_required", ())),
            messages=tuple(data.get("messages", ())),
            rejections=tuple(
                Rejection(r["code"], r["follow_up_code"], r.get("level", "subscriber"))
                for r in data.get("rejections", ())
            ),
            trace_number=data.get("trace_number", ""),
        )


@dataclass(frozen=True)
class CoverageChange:
    """One difference between the last snapshot and this one."""

    what: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.what}: {self.before or '-'} -> {self.after or '-'}"


def coverage_changes(before: BenefitSnapshot | None, after: BenefitSnapshot) -> list[CoverageChange]:
    """What changed since the last check: status, plan, group, copays, coinsurance, limits.

    Remaining deductible and out-of-pocket amounts go down as the year goes on; only their totals
    count as a change of coverage.
    """
    if before is None:
        return []
    out: list[CoverageChange] = []

    def compare(what: str, old: object, new: object) -> None:
        if old != new:
            out.append(CoverageChange(what, _text(old), _text(new)))

    compare("status", before.status.value, after.status.value)
    compare("plan", before.plan, after.plan)
    compare("insurance type", before.insurance_type, after.insurance_type)
    compare("group number", before.group_number, after.group_number)
    compare("copays", _shares(before.copays), _shares(after.copays))
    compare("coinsurance", _shares(before.coinsurance), _shares(after.coinsurance))
    compare("limits", _limits(before), _limits(after))
    return out


def _text(value: object) -> str:
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _shares(shares: tuple[CostShare, ...]) -> tuple[str, ...]:
    return tuple(
        sorted(
            f"{'/'.join(s.service_types)} {s.network.value} {s.amount if s.amount is not None else s.percent}"
            for s in shares
        )
    )


def _limits(snapshot: BenefitSnapshot) -> tuple[str, ...]:
    return tuple(
        sorted(f"{a.kind} {a.level} {a.network.value} {a.total}" for a in snapshot.accumulators if a.total)
    )


@dataclass(frozen=True)
class InquiryParty:
    """Who a 270 names: the payer, the provider asking, and the subscriber (and patient)."""

    payer_name: str
    payer_code: str
    provider_name: str
    provider_npi: str
    member_id: str
    subscriber_last_name: str
    subscriber_first_name: str
    subscriber_birth_date: date | None = None
    subscriber_sex: str = ""
    group_number: str = ""
    dependent: tuple[str, str, date | None, str] | None = None
    """(last name, first name, birth date, sex) when the patient is not the subscriber."""
    service_types: tuple[str, ...] = ("30",)
