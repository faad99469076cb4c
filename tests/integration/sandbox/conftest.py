"""Helpers for the sandbox file-loop tests: 837 files built from the x12 factories, a frozen clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from revcycle.kit.clock import clock
from revcycle.kit.money import Money
from revcycle.sandbox.config import SandboxConfig, parse_config
from revcycle.x12 import write
from revcycle.x12.core.common import Name
from revcycle.x12.x837.models import ProviderLoop, SubscriberLoop
from tests.unit.sandbox.factories import config_data
from tests.unit.x12.factories import (
    make_837p,
    make_837p_claim,
    make_837p_service,
    make_envelope,
    make_subscriber,
)

NOW = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)
MEMBER = "XYZ123456789"


def subscriber(member_id: str = MEMBER) -> Any:
    return make_subscriber(
        name=Name("IL", "1", "DOE", "JANE", id_qualifier="MI", identifier=member_id),
        payer=Name("PR", "2", "SUMMIT BLUE CROSS", id_qualifier="PI", identifier="SBC01"),
        claim_filing_indicator="BL",
    )


def claim(pcn: str = "PCN0001", *, code: str = "99213", charge: str = "200.00", **overrides: Any) -> Any:
    services = (make_837p_service(procedure_code=code, charge_amount=Money(charge)),)
    return make_837p_claim(patient_control_number=pcn, services=services, **overrides)


def x837(*claims: Any, control: int = 101, member_id: str = MEMBER) -> str:
    base = make_837p(
        envelope=make_envelope(interchange_control_number=f"{control:09d}", group_control_number=str(control))
    )
    provider = base.providers[0].provider
    model = dataclasses.replace(
        base, providers=(ProviderLoop(provider, (SubscriberLoop(subscriber(member_id), tuple(claims)),)),)
    )
    return write(model)


def drop(inbox: Path, name: str, text: str) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / name).write_text(text, encoding="ascii")


def sandbox_config(**overrides: Any) -> SandboxConfig:
    return parse_config(config_data(**overrides))


@pytest.fixture
def frozen() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "practice-out", tmp_path / "practice-in"
