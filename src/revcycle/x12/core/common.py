"""Models of segments many guides share: names (NM1), addresses (N3/N4), contacts (PER),
adjustments (CAS), with their readers and writers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from revcycle.kit.money import Money
from revcycle.x12.core import loops
from revcycle.x12.core.loops import Cursor
from revcycle.x12.core.segment import Segment
from revcycle.x12.core.writer import SegmentWriter, amount, number


@dataclass(frozen=True, slots=True)
class Name:
    """NM1: who a loop is about. ``last_name`` holds an organization's name."""

    entity_code: str
    entity_type: str = "2"
    last_name: str = ""
    first_name: str = ""
    middle_name: str = ""
    suffix: str = ""
    id_qualifier: str = ""
    identifier: str = ""

    @property
    def is_person(self) -> bool:
        return self.entity_type == "1"


@dataclass(frozen=True, slots=True)
class Address:
    """N3 and N4."""

    line1: str = ""
    line2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country_code: str = ""


@dataclass(frozen=True, slots=True)
class Contact:
    """PER: a contact name and up to three (qualifier, number) pairs such as ("TE", "8005551212")."""

    function_code: str = "IC"
    name: str = ""
    numbers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class AdjustmentReason:
    """One reason/amount/quantity triple of a CAS segment (CARC reason code)."""

    reason: str
    amount: Money
    quantity: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Adjustment:
    """CAS: a group code (CO, PR, OA, PI, CR) with up to six reasons."""

    group: str
    reasons: tuple[AdjustmentReason, ...]

    def total(self) -> Money:
        return Money.total(r.amount for r in self.reasons)


def read_name(seg: Segment) -> Name:
    e = seg.elements
    n = len(e)
    return Name(
        entity_code=e[1] if n > 1 else "",
        entity_type=e[2] if n > 2 else "",
        last_name=e[3] if n > 3 else "",
        first_name=e[4] if n > 4 else "",
        middle_name=e[5] if n > 5 else "",
        suffix=e[7] if n > 7 else "",
        id_qualifier=e[8] if n > 8 else "",
        identifier=e[9] if n > 9 else "",
    )


def write_name(w: SegmentWriter, name: Name) -> None:
    w.add(
        "NM1",
        name.entity_code,
        name.entity_type,
        name.last_name,
        name.first_name,
        name.middle_name,
        "",
        name.suffix,
        name.id_qualifier,
        name.identifier,
    )


def read_address(cur: Cursor) -> Address | None:
    n3 = cur.take("N3")
    n4 = cur.take("N4")
    if n3 is None and n4 is None:
        return None
    return Address(
        line1=n3.get(1) if n3 else "",
        line2=n3.get(2) if n3 else "",
        city=n4.get(1) if n4 else "",
        state=n4.get(2) if n4 else "",
        postal_code=n4.get(3) if n4 else "",
        country_code=n4.get(4) if n4 else "",
    )


def write_address(w: SegmentWriter, address: Address | None) -> None:
    if address is None:
        return
    if address.line1 or address.line2:
        w.add("N3", address.line1, address.line2)
    if address.city or address.state or address.postal_code or address.country_code:
        w.add("N4", address.city, address.state, address.postal_code, address.country_code)


def read_contact(seg: Segment) -> Contact:
    pairs = []
    for i in (3, 5, 7):
        if seg.get(i) or seg.get(i + 1):
            pairs.append((seg.get(i), seg.get(i + 1)))
    return Contact(function_code=seg.get(1), name=seg.get(2), numbers=tuple(pairs))


def write_contact(w: SegmentWriter, contact: Contact | None) -> None:
    if contact is None:
        return
    flat: list[str] = []
    for qualifier, value in contact.numbers[:3]:
        flat.extend((qualifier, value))
    w.add("PER", contact.function_code, contact.name, *flat)


def read_adjustment(seg: Segment) -> Adjustment:
    reasons = []
    for i in range(2, 20, 3):
        code = seg.get(i)
        if not code:
            break
        reasons.append(AdjustmentReason(code, loops.money(seg, i + 1), loops.decimal(seg, i + 2)))
    if not reasons:
        raise loops.error("CAS needs at least one reason code and amount", seg, 2)
    return Adjustment(seg.get(1), tuple(reasons))


def write_adjustment(w: SegmentWriter, adjustment: Adjustment) -> None:
    elements: list[str] = [adjustment.group]
    for r in adjustment.reasons[:6]:
        elements.extend((r.reason, amount(r.amount), number(r.quantity)))
    w.add("CAS", *elements)
