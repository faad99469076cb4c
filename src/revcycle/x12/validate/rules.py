"""Checks on the segments of one transaction set: element presence, lengths, code values, 837 totals
and 835 balancing. Each check appends :class:`Finding` s; none raises."""

from __future__ import annotations

import re
from collections.abc import Callable

from revcycle.kit.errors import FieldErrors
from revcycle.kit.ids import NPI
from revcycle.kit.money import Money
from revcycle.x12.core import loops
from revcycle.x12.core.envelope import RawTransaction
from revcycle.x12.core.segment import Segment
from revcycle.x12.errors import SegmentError
from revcycle.x12.validate.findings import Finding

SEGMENT_ID = re.compile(r"^[A-Z][A-Z0-9]{1,2}$")

CODES: dict[tuple[str, int], frozenset[str]] = {
    ("CAS", 1): frozenset({"CO", "PR", "OA", "PI", "CR"}),
    ("SBR", 1): frozenset("PSTABCDEFGHU"),
    ("CLP", 2): frozenset({"1", "2", "3", "4", "19", "20", "21", "22", "23", "25"}),
    ("BPR", 4): frozenset({"ACH", "BOP", "CHK", "FWT", "NON"}),
    ("BPR", 1): frozenset({"C", "D", "H", "I", "P", "U", "X"}),
}
REQUIRED: dict[str, tuple[int, ...]] = {
    "CLM": (1, 2, 5),
    "SV1": (1, 2, 3, 4, 7),
    "SV2": (1, 3, 4, 5),
    "CLP": (1, 2, 3, 4),
    "SVC": (1, 2, 3),
    "BPR": (1, 2, 3, 4, 16),
    "TRN": (1, 2),
    "NM1": (1, 2),
    "HL": (1, 3),
    "LX": (1,),
    "CAS": (1, 2, 3),
    "BHT": (1, 2, 4, 5),
}
MAX_LENGTH: dict[tuple[str, int], int] = {("CLM", 1): 38, ("CLP", 1): 38, ("NM1", 3): 60, ("NM1", 9): 80}

Add = Callable[[Finding], None]


def _finding(
    tx: RawTransaction, seg: Segment, message: str, element: int | None = None, **kw: str
) -> Finding:
    return Finding(
        severity=kw.pop("severity", "error"),
        message=message,
        position=seg.position,
        segment_id=seg.id,
        element=f"{seg.id}{element:02d}" if element is not None else "",
        line=seg.line,
        transaction_control_number=tx.envelope.transaction_control_number,
        **kw,
    )


def check_elements(tx: RawTransaction, add: Add) -> None:
    """Segment ids, required elements, lengths, key code values and NPIs."""
    plans: dict[str, _Plan | None] = {}
    for seg in tx.segments:
        elements = seg.elements
        sid = elements[0]
        if sid in plans:
            plan = plans[sid]
        else:
            plan = plans[sid] = _plan(sid, tx.transaction_set)
        if plan is None:
            add(_finding(tx, seg, f"{sid!r} is not a segment id", segment_code="1"))
            continue
        required, codes, lengths = plan
        n = len(elements)
        for i in required:
            if i >= n or not elements[i]:
                add(_finding(tx, seg, f"{sid}{i:02d} is required", i, element_code="1"))
        for i, allowed in codes:
            if i < n and elements[i] and elements[i] not in allowed:
                add(_finding(tx, seg, f"{elements[i]!r} is not a valid code here", i, element_code="7"))
        for i, limit in lengths:
            if i < n and len(elements[i]) > limit:
                add(_finding(tx, seg, f"{sid}{i:02d} is longer than {limit} characters", i, element_code="5"))
        if sid == "NM1" and seg.get(8) == "XX" and seg.get(9):
            try:
                NPI.parse(seg.get(9))
            except FieldErrors as exc:
                message = f"NPI {seg.get(9)}: {exc.errors[0].message}"
                add(_finding(tx, seg, message, 9, element_code="7", severity="warning"))


# required elements, (element, allowed codes), (element, longest length) of one segment id
_Plan = tuple[tuple[int, ...], list[tuple[int, frozenset[str]]], list[tuple[int, int]]]


def _plan(sid: str, transaction_set: str) -> _Plan | None:
    """The checks of ``check_elements`` that apply to segment ``sid``; None for a bad id."""
    if not SEGMENT_ID.match(sid):
        return None
    required = REQUIRED.get(sid, ())
    if sid == "SVC" and transaction_set != "835":
        required = ()
    codes = [(i, allowed) for (code_sid, i), allowed in CODES.items() if code_sid == sid]
    lengths = [(i, limit) for (len_sid, i), limit in MAX_LENGTH.items() if len_sid == sid]
    return required, codes, lengths


def _money(tx: RawTransaction, seg: Segment, i: int, add: Add) -> Money:
    text = seg.get(i)
    if not text:
        return Money.zero()
    try:
        return loops.parse_money(text, seg, i)
    except SegmentError as exc:
        add(_finding(tx, seg, exc.detail, i, element_code="6"))
        return Money.zero()


def check_837_totals(tx: RawTransaction, add: Add) -> None:
    """CLM02 must equal the sum of the claim's line charges (SV102 / SV203)."""
    clm: Segment | None = None
    total = Money.zero()

    def close() -> None:
        if clm is not None:
            expected = _money(tx, clm, 2, add)
            if expected != total:
                add(
                    _finding(
                        tx,
                        clm,
                        f"CLM02 total charge {expected} is not the sum of the line charges {total}",
                        2,
                        loop="2300",
                    )
                )

    for seg in tx.segments:
        sid = seg.elements[0]
        if sid == "CLM":
            close()
            clm, total = seg, Money.zero()
        elif sid == "HL":
            close()
            clm = None
        elif sid == "SV1" and clm is not None:
            total += _money(tx, seg, 2, add)
        elif sid == "SV2" and clm is not None:
            total += _money(tx, seg, 3, add)
    close()


def check_835_balance(tx: RawTransaction, add: Add) -> None:
    """Line: SVC02 - CAS = SVC03; claim: CLP03 - all CAS = CLP04; payment: BPR02 = sum(CLP04) - PLB.

    Sums are kept in cents; each distinct amount text is read once (a bad one is reported each
    time it occurs, as a zero)."""
    bpr: Segment | None = None
    clp: Segment | None = None
    svc: Segment | None = None
    claim_cas = line_cas = paid_total = plb_total = 0
    known: dict[str, int] = {}

    def cents(seg: Segment, i: int) -> int:
        elements = seg.elements
        text = elements[i] if i < len(elements) else ""
        if not text:
            return 0
        value = known.get(text)
        if value is None:
            try:
                value = loops.parse_money(text, seg, i).cents
            except SegmentError as exc:  # as _money: reported where it occurs, counted as zero
                add(_finding(tx, seg, exc.detail, i, element_code="6"))
                return 0
            known[text] = value
        return value

    def close_line() -> None:
        if svc is not None:
            charge, paid = cents(svc, 2), cents(svc, 3)
            if charge - line_cas != paid:
                add(
                    _finding(
                        tx,
                        svc,
                        f"service line does not balance: SVC02 {_m(charge)} - adjustments {_m(line_cas)} "
                        f"!= SVC03 {_m(paid)}",
                        3,
                        loop="2110",
                    )
                )

    def close_claim() -> None:
        if clp is not None:
            charge, paid = cents(clp, 3), cents(clp, 4)
            if charge - claim_cas != paid:
                add(
                    _finding(
                        tx,
                        clp,
                        f"claim does not balance: CLP03 {_m(charge)} - adjustments {_m(claim_cas)} "
                        f"!= CLP04 {_m(paid)}",
                        4,
                        loop="2100",
                    )
                )

    for seg in tx.segments:
        elements = seg.elements
        sid = elements[0]
        if sid == "CAS":
            amount = 0
            for i in range(3, min(20, len(elements)), 3):
                if elements[i]:
                    amount += cents(seg, i)
            claim_cas += amount
            if svc is not None:
                line_cas += amount
        elif sid == "SVC":
            close_line()
            svc, line_cas = seg, 0
        elif sid in ("CLP", "LX", "PLB"):
            close_line()
            svc = None
            close_claim()
            clp = None
            if sid == "CLP":
                clp, claim_cas = seg, 0
                paid_total += cents(seg, 4)
            if sid == "PLB":
                for i in range(4, min(15, len(elements)), 2):
                    if elements[i]:
                        plb_total += cents(seg, i)
        elif sid == "BPR" and bpr is None:
            bpr = seg
    close_line()
    close_claim()
    if bpr is not None:
        amount = cents(bpr, 2)
        if amount != paid_total - plb_total:
            add(
                _finding(
                    tx,
                    bpr,
                    f"payment does not balance: BPR02 {_m(amount)} != claims paid {_m(paid_total)} "
                    f"- PLB {_m(plb_total)}",
                    2,
                    loop="header",
                )
            )


def _m(cents: int) -> Money:
    return Money.from_cents(cents)
