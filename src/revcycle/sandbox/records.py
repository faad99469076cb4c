"""Adjudication results as JSON for the sandbox's state file, and back. Money is integer cents."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from typing import Any

from revcycle.kit.money import Money
from revcycle.sandbox.adjudication.claim import ClaimView, LineView, PriorLine
from revcycle.sandbox.adjudication.decisions import Accumulation, Cas, ClaimResult, LineResult
from revcycle.x12.core.common import Name

_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (ClaimResult, ClaimView, LineView, LineResult, Cas, Accumulation, PriorLine, Name)
}


def _encode(value: Any) -> Any:
    if isinstance(value, Money):
        return {"$m": value.cents}
    if isinstance(value, Decimal):
        return {"$n": str(value)}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"$t": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = _encode(getattr(value, f.name))
        return out
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if not isinstance(value, dict):
        return value
    if "$m" in value:
        return Money.from_cents(int(value["$m"]))
    if "$n" in value:
        return Decimal(value["$n"])
    if "$d" in value:
        return dt.date.fromisoformat(value["$d"])
    cls = _TYPES[value["$t"]]
    return cls(**{k: _decode(v) for k, v in value.items() if k != "$t"})


def dump_result(result: ClaimResult) -> str:
    return json.dumps(_encode(result), sort_keys=True, separators=(",", ":"))


def load_result(text: str) -> ClaimResult:
    result = _decode(json.loads(text))
    if not isinstance(result, ClaimResult):
        raise TypeError("the stored record is not a claim result")
    return result
