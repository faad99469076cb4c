"""Builders for ledger tests: ``meta(**overrides)`` and the usual claim-line reference."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from revcycle.ledger.domain import ChargeRef, EntryMeta

_keys = count(1)

PAYER = 3
SECONDARY = 4
PATIENT = 5
GUARANTOR = 6
LINE = ChargeRef(patient_id=PATIENT, claim_id=7, claim_line_id=70, guarantor_id=GUARANTOR)
OTHER_LINE = ChargeRef(patient_id=PATIENT, claim_id=7, claim_line_id=71, guarantor_id=GUARANTOR)


def meta(practice_id: int = 1, **overrides: Any) -> EntryMeta:
    values: dict[str, Any] = {
        "practice_id": practice_id,
        "effective_date": date(2026, 3, 10),
        "source": "test:1",
        "idempotency_key": f"test-{next(_keys)}",
        "memo": "",
    }
    return EntryMeta(**(values | overrides))
