"""A claim as JSON-ready data and back: the stored snapshot of what was billed.

Amounts are strings, dates ISO 8601, units decimal strings; nothing is a float.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from revcycle.claims.domain.model import Claim
from revcycle.kit.money import Money

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """Dataclasses to dicts, Money/Decimal to strings, dates to ISO text, tuples to lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (Money, Decimal)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    return value


def _from(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _from(inner[0], data)
    if origin is tuple:
        return tuple(_from(typing.get_args(tp)[0], v) for v in data)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return from_data(tp, data)
    if tp is Money:
        return Money.parse(data)
    if tp is Decimal:
        return Decimal(data)
    if tp is date:
        return date.fromisoformat(data)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(data)
    return data


def from_data(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a dataclass from :func:`to_data` output."""
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: _from(hints[k], v) for k, v in data.items() if k in names})


def claim_to_data(claim: Claim) -> dict[str, Any]:
    data: dict[str, Any] = to_data(claim)
    return data


def claim_from_data(data: dict[str, Any]) -> Claim:
    return from_data(Claim, data)
