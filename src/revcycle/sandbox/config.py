"""The sandbox payer's configuration: payers, plans, members, fee schedule and the edits it applies.

Read from YAML (``load_config``); the shipped ``data/default.yaml`` matches the demo practice's
payers. Amounts and rates are strings in the YAML (``"240.00"``, ``"0.20"``) and become ``Money``
and ``Decimal`` here, never floats.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from revcycle.kit.errors import ConfigurationError, InvalidInput
from revcycle.kit.money import Money

BUNDLING_MODIFIERS = frozenset({"59", "XE", "XP", "XS", "XU"})
"""Modifiers that unbundle an NCCI pair whose modifier indicator is 1."""


@dataclass(frozen=True, slots=True)
class Plan:
    """Cost sharing of a benefit plan for one calendar year."""

    name: str
    deductible: Money = field(default_factory=Money.zero)
    coinsurance: Decimal = Decimal(0)
    """The patient's share after the deductible, as a fraction (``0.20``)."""
    copays: Mapping[str, Money] = field(default_factory=dict)
    """Copay by service category (``office_visit``, ``preventive``, ``lab`` ...); a copay line skips
    the deductible and coinsurance."""
    out_of_pocket_max: Money | None = None
    insurance_type: str = "C1"
    """EB04 in the 271 (MB Medicare Part B, MC Medicaid, C1 commercial, WC workers' comp)."""


@dataclass(frozen=True, slots=True)
class Member:
    """A member listed by id, with the plan and coverage dates that differ from the payer's default."""

    member_id: str
    plan: str | None = None
    effective: dt.date | None = None
    terminated: dt.date | None = None
    crossover: bool = False


@dataclass(frozen=True, slots=True)
class FeeRule:
    """How a payer prices a line: its own schedule, or a percentage of the Medicare-like one."""

    percent_of_medicare: Decimal = Decimal(100)
    schedule: Mapping[str, Money] = field(default_factory=dict)
    default_percent_of_charge: Decimal = Decimal(60)
    """For codes in no schedule: allowed = this percentage of the charge."""


@dataclass(frozen=True, slots=True)
class PayerConfig:
    """One payer the sandbox plays: who is enrolled, in which plan, and how it adjudicates."""

    code: str
    name: str
    plan: str
    """The default plan of enrolled members."""
    member_pattern: str | None = None
    """Any member id matching this pattern is enrolled (unless excluded or listed otherwise)."""
    members: Mapping[str, Member] = field(default_factory=dict)
    excluded: frozenset[str] = frozenset()
    coverage_effective: dt.date = dt.date(2000, 1, 1)
    timely_filing_days: int = 365
    fees: FeeRule = field(default_factory=FeeRule)
    non_covered: Mapping[str, str] = field(default_factory=dict)
    """Procedure code -> remark code (RARC) sent with CO-96."""
    prior_auth: frozenset[str] = frozenset()
    crossover: bool = False
    """Forward to the secondary payer (CLP02 19) when the claim names another payer (loop 2320)."""
    require_rendering_provider: bool = False
    claim_filing_indicator: str = "CI"
    tax_id: str = ""
    address: tuple[str, str, str, str] = ("PO BOX 1", "DENVER", "CO", "80201")

    def enrolled(self, member_id: str) -> Member | None:
        """The member record for ``member_id``, or ``None`` when the payer does not know it."""
        if member_id in self.excluded:
            return None
        if member_id in self.members:
            return self.members[member_id]
        if self.member_pattern and re.fullmatch(self.member_pattern, member_id):
            return Member(member_id)
        return None

    def plan_of(self, member: Member) -> str:
        return member.plan or self.plan


@dataclass(frozen=True, slots=True)
class Mix:
    """How often random outcomes happen (fractions between 0 and 1), drawn per claim from the seed."""

    front_end_rejection: Decimal = Decimal(0)
    denial: Decimal = Decimal(0)
    interest: Decimal = Decimal(0)
    interest_annual_rate: Decimal = Decimal("0.05")


@dataclass(frozen=True, slots=True)
class SandboxConfig:
    """Everything the sandbox needs; build it with :func:`load_config` or :func:`parse_config`."""

    seed: int
    payers: Mapping[str, PayerConfig]
    plans: Mapping[str, Plan]
    medicare_fees: Mapping[str, Money]
    bundling: Mapping[tuple[str, str], int]
    """(column 1, column 2) -> modifier indicator (0 never unbundled, 1 a modifier unbundles)."""
    mix: Mix = field(default_factory=Mix)
    lag_days: int = 0
    interchange_id: str = "RCSANDBOX"
    name: str = "REVCYCLE SANDBOX"
    bank: tuple[str, str] = ("999988880", "1234567890")
    """The payers' bank in the BPR: routing (DFI) number and account."""

    def payer(self, code: str) -> PayerConfig | None:
        return self.payers.get(code)

    def plan(self, name: str) -> Plan:
        try:
            return self.plans[name]
        except KeyError:
            raise ConfigurationError(f"sandbox plan {name!r} is not defined") from None


# -- reading ---------------------------------------------------------------------------------------


def _money(value: Any, where: str) -> Money:
    if isinstance(value, float):
        raise ConfigurationError(f'{where}: write amounts as quoted strings ("12.50"), not numbers')
    try:
        return Money(value if isinstance(value, (int, str)) else str(value))
    except (ValueError, TypeError, InvalidInput) as exc:
        raise ConfigurationError(f"{where}: {value!r} is not an amount") from exc


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, float):
        raise ConfigurationError(f'{where}: write rates as quoted strings ("0.20"), not numbers')
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ConfigurationError(f"{where}: {value!r} is not a number") from exc


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigurationError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from exc


def _plan(name: str, raw: Mapping[str, Any]) -> Plan:
    where = f"plans.{name}"
    oop = raw.get("out_of_pocket_max")
    return Plan(
        name=name,
        deductible=_money(raw.get("deductible", "0"), f"{where}.deductible"),
        coinsurance=_decimal(raw.get("coinsurance", "0"), f"{where}.coinsurance"),
        copays={k: _money(v, f"{where}.copays.{k}") for k, v in (raw.get("copays") or {}).items()},
        out_of_pocket_max=None if oop is None else _money(oop, f"{where}.out_of_pocket_max"),
        insurance_type=str(raw.get("insurance_type", "C1")),
    )


def _member(payer: str, raw: Any) -> Member:
    if isinstance(raw, str):
        return Member(raw)
    where = f"payers.{payer}.members"
    return Member(
        member_id=str(raw["id"]),
        plan=raw.get("plan"),
        effective=_date(raw.get("effective"), f"{where}.effective"),
        terminated=_date(raw.get("terminated"), f"{where}.terminated"),
        crossover=bool(raw.get("crossover", False)),
    )


def _payer(code: str, raw: Mapping[str, Any]) -> PayerConfig:
    where = f"payers.{code}"
    fees = raw.get("fees") or {}
    members = [_member(code, m) for m in raw.get("members") or ()]
    non_covered = raw.get("non_covered") or {}
    if isinstance(non_covered, list):
        non_covered = dict.fromkeys(non_covered, "N130")
    address = raw.get("address") or {}
    return PayerConfig(
        code=code,
        name=str(raw.get("name", code)),
        plan=str(raw["plan"]),
        member_pattern=raw.get("member_pattern"),
        members={m.member_id: m for m in members},
        excluded=frozenset(str(x) for x in raw.get("excluded") or ()),
        coverage_effective=_date(raw.get("coverage_effective"), f"{where}.coverage_effective")
        or dt.date(2000, 1, 1),
        timely_filing_days=int(raw.get("timely_filing_days", 365)),
        fees=FeeRule(
            percent_of_medicare=_decimal(fees.get("percent_of_medicare", "100"), f"{where}.fees"),
            schedule={
                k: _money(v, f"{where}.fees.schedule.{k}") for k, v in (fees.get("schedule") or {}).items()
            },
            default_percent_of_charge=_decimal(fees.get("default_percent_of_charge", "60"), f"{where}.fees"),
        ),
        non_covered={str(k): str(v) for k, v in non_covered.items()},
        prior_auth=frozenset(str(x) for x in raw.get("prior_auth") or ()),
        crossover=bool(raw.get("crossover", False)),
        require_rendering_provider=bool(raw.get("require_rendering_provider", False)),
        claim_filing_indicator=str(raw.get("claim_filing_indicator", "CI")),
        tax_id=str(raw.get("tax_id", "")),
        address=(
            str(address.get("line1", "PO BOX 1")),
            str(address.get("city", "DENVER")),
            str(address.get("state", "CO")),
            str(address.get("zip", "80201")),
        ),
    )


def parse_config(raw: Mapping[str, Any]) -> SandboxConfig:
    """Build a configuration from already-loaded YAML data; errors name the key."""
    try:
        plans = {str(k): _plan(str(k), v) for k, v in (raw.get("plans") or {}).items()}
        payers = {str(k): _payer(str(k), v) for k, v in (raw.get("payers") or {}).items()}
        mix_raw = raw.get("mix") or {}
        bundling: dict[tuple[str, str], int] = {}
        for pair in raw.get("bundling") or ():
            bundling[(str(pair["column1"]), str(pair["column2"]))] = int(pair.get("modifier", 1))
        config = SandboxConfig(
            seed=int(raw.get("seed", 0)),
            payers=payers,
            plans=plans,
            medicare_fees={
                str(k): _money(v, f"medicare_fees.{k}") for k, v in (raw.get("medicare_fees") or {}).items()
            },
            bundling=bundling,
            mix=Mix(**{k: _decimal(v, f"mix.{k}") for k, v in mix_raw.items()}),
            lag_days=int(raw.get("lag_days", 0)),
            interchange_id=str(raw.get("interchange_id", "RCSANDBOX")),
            name=str(raw.get("name", "REVCYCLE SANDBOX")),
        )
    except (KeyError, TypeError) as exc:
        raise ConfigurationError(f"sandbox configuration is incomplete or malformed: {exc}") from exc
    for payer in config.payers.values():
        config.plan(payer.plan)
        for member in payer.members.values():
            if member.plan:
                config.plan(member.plan)
    return config


def load_config(path: str | Path | None = None, **overrides: Any) -> SandboxConfig:
    """Read a YAML configuration file; ``None`` reads the shipped default. ``overrides`` replace
    top-level keys (``seed=7``, ``lag_days=0``)."""
    if path is None:
        text = resources.files("revcycle.sandbox").joinpath("data/default.yaml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    raw = yaml.safe_load(text) or {}
    if not isinstance(raw, dict):
        raise ConfigurationError("a sandbox configuration file is a YAML mapping")
    raw.update(overrides)
    return parse_config(raw)
