"""Builders for sandbox tests: ``make_config(**overrides)``, ``make_claim(**overrides)``, ``make_line``."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from revcycle.kit.money import Money
from revcycle.sandbox.adjudication import ClaimView, LineView, PayerContext, YearToDate
from revcycle.sandbox.config import SandboxConfig, parse_config
from revcycle.x12.core.common import Name

BILLING_NPI = "1234567893"
RENDERING_NPI = "1245319599"
MEMBER = "XYZ123456789"
DOS = dt.date(2024, 2, 20)


def config_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "seed": 7,
        "lag_days": 0,
        "mix": {"front_end_rejection": "0", "denial": "0", "interest": "0"},
        "plans": {
            "ppo": {
                "deductible": "500.00",
                "coinsurance": "0.20",
                "copays": {"office_visit": "25.00"},
                "out_of_pocket_max": "1000.00",
            },
            "medicare": {"deductible": "240.00", "coinsurance": "0.20", "insurance_type": "MB"},
        },
        "payers": {
            "SBC01": {
                "name": "SUMMIT BLUE CROSS",
                "plan": "ppo",
                "member_pattern": r"XYZ\d{9}",
                "excluded": ["XYZ000000000"],
                "members": [{"id": "XYZ999999999", "terminated": "2023-12-31"}],
                "timely_filing_days": 180,
                "fees": {"percent_of_medicare": "100"},
                "prior_auth": ["72148"],
                "non_covered": {"97810": "N130"},
            },
            "04412": {
                "name": "MEDICARE",
                "plan": "medicare",
                "member_pattern": r"1EG4TE5MK7\d",
                "crossover": True,
                "require_rendering_provider": True,
                "claim_filing_indicator": "MB",
            },
        },
        "medicare_fees": {
            "99213": "150.00",
            "85025": "10.00",
            "72148": "200.00",
            "80053": "11.00",
            "80048": "9.00",
        },
        "bundling": [
            {"column1": "80053", "column2": "80048", "modifier": 0},
            {"column1": "20610", "column2": "97110", "modifier": 1},
        ],
    }
    data.update(overrides)
    return data


def make_config(**overrides: Any) -> SandboxConfig:
    return parse_config(config_data(**overrides))


def make_line(**overrides: Any) -> LineView:
    values: dict[str, Any] = {
        "number": 1,
        "procedure_code": "99213",
        "charge": Money("200.00"),
        "service_date": DOS,
        "units": Decimal(1),
    }
    values.update(overrides)
    return LineView(**values)


def make_claim(**overrides: Any) -> ClaimView:
    lines = overrides.pop("lines", None) or (make_line(),)
    values: dict[str, Any] = {
        "patient_control_number": "PCN0001",
        "payer_code": "SBC01",
        "member_id": MEMBER,
        "total_charge": Money.total(line.charge for line in lines),
        "lines": tuple(lines),
        "billing_npi": BILLING_NPI,
        "rendering_npi": RENDERING_NPI,
        "diagnoses": ("J449",),
        "claim_filing_indicator": "BL",
        "subscriber": Name("IL", "1", "DOE", "JANE", id_qualifier="MI", identifier=MEMBER),
        "billing_name": "SPRINGFIELD CLINIC",
    }
    values.update(overrides)
    return ClaimView(**values)


def make_context(config: SandboxConfig | None = None, **overrides: Any) -> PayerContext:
    values: dict[str, Any] = {
        "config": config or make_config(),
        "received": dt.date(2024, 3, 1),
        "rng": random.Random(1),
        "payer_claim_control_number": "24061000001",
        "year_to_date": YearToDate(Money.zero(), Money.zero()),
    }
    values.update(overrides)
    return PayerContext(**values)
