"""Pydantic field types shared by every API schema: Money travels as a decimal string."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, PlainSerializer, PlainValidator, WithJsonSchema

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money


def _to_money(value: Any) -> Money:
    if isinstance(value, Money):
        return value
    if isinstance(value, str):
        try:
            return Money.parse(value)
        except FieldErrors as exc:
            raise ValueError(exc.errors[0].message) from None
    if isinstance(value, int) and not isinstance(value, bool):
        return Money(value)
    raise ValueError('amounts are decimal strings such as "125.00" (never floats)')


MoneyStr = Annotated[
    Money,
    PlainValidator(_to_money),
    PlainSerializer(lambda m: str(m), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d{1,2})?$", "examples": ["125.00"]}),
]
"""A Money field: accepts ``"125.00"`` (or a whole number), rejects floats, serialises as a string."""


ItemT = TypeVar("ItemT")


class Page(BaseModel, Generic[ItemT]):
    """One page of a list: the items, how many there are in all, and where this page starts."""

    items: list[ItemT]
    total: int
    limit: int
    offset: int
