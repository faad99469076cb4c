"""Where each claim sits in an 837 we wrote, and which claims a 999 rejects.

At submission every claim keeps its transaction set control number (ST02) and the positions of
its first and last segments, counted from ST = 1 as in 999 IK302. A claim's span runs from its
subscriber (2000B) or patient (2000C) HL, when the claim is the first under it, to the segment
before the next HL, CLM or SE, so an error in 2010BA belongs to the claim it was sent for.

Pure: text and models in, spans and verdicts out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from revcycle.claims.domain import ack_codes
from revcycle.x12.x999.models import Acknowledgment999, SegmentNote, TransactionSetResponse

ACCEPTED = ("A", "E")


@dataclass(frozen=True)
class ClaimSpan:
    transaction_set: str
    """ST02 of the transaction set that holds the claim."""
    first: int
    last: int

    def holds(self, position: int) -> bool:
        return self.first <= position <= self.last


def claim_spans(text: str) -> dict[str, ClaimSpan]:
    """Patient control number -> span, for every claim of the 837 ``text``."""
    element, terminator = text[3], text[105]
    spans: dict[str, ClaimSpan] = {}
    st, pos = "", 0
    open_pcn, first = "", 0
    owner_start: int | None = None

    def close(last: int) -> None:
        nonlocal open_pcn
        if open_pcn:
            spans[open_pcn] = ClaimSpan(st, first, last)
            open_pcn = ""

    for raw in text.split(terminator):
        parts = raw.strip().split(element)
        sid = parts[0]
        if sid == "ST":
            st, pos, owner_start = parts[2], 1, None
            continue
        if not st:
            continue
        pos += 1
        if sid in ("HL", "CLM", "SE"):
            close(pos - 1)
        if sid == "HL":
            level = parts[3] if len(parts) > 3 else ""
            if level == "22" or (level == "23" and owner_start is None):
                owner_start = pos
        elif sid == "CLM":
            open_pcn, first = parts[1], owner_start if owner_start is not None else pos
            owner_start = None
        elif sid == "SE":
            st = ""
    return spans


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    note: str


def _same(a: str, b: str) -> bool:
    return a.lstrip("0") == b.lstrip("0")


def _words(notes: list[SegmentNote]) -> str:
    return "; ".join(
        ack_codes.describe_segment_error(
            n.segment_id, n.position, n.code, [(e.position, e.code) for e in n.elements]
        )
        for n in notes
    )


def _set_words(ts: TransactionSetResponse) -> str:
    parts = [ack_codes.describe_ik5(ts.error_codes)] if ts.error_codes else []
    parts.append(_words(list(ts.segments)))
    return "; ".join(p for p in parts if p) or "rejected by the 999"


def verdicts_999(ack: Acknowledgment999, spans: Mapping[int, ClaimSpan | None]) -> dict[int, Verdict]:
    """Claim id -> accepted or rejected (with the reason in words), for the claims of one batch.

    A rejected set (IK5 R) whose every IK3 falls inside claims rejects only those claims and
    accepts the others; a set rejected with no IK3, or with one outside every claim (header,
    billing provider), rejects all its claims. Claims sent before spans were kept follow their set."""
    out: dict[int, Verdict] = {}
    for claim_id, span in spans.items():
        ts = _response(ack, span)
        if ts is None:
            ok = ack.code in ("A", "E", "P")
            out[claim_id] = Verdict(ok, "" if ok else f"functional group rejected: 999 AK9 {ack.code}")
            continue
        mine = [n for n in ts.segments if span is not None and span.holds(n.position)]
        if ts.code in ACCEPTED:
            note = f"accepted with errors: {_words(mine)}" if ts.code == "E" and mine else ""
            out[claim_id] = Verdict(True, note or ("accepted with errors" if ts.code == "E" else ""))
            continue
        siblings = [
            s
            for s in spans.values()
            if s is not None and span is not None and _same(s.transaction_set, span.transaction_set)
        ]
        located = bool(ts.segments) and all(any(s.holds(n.position) for s in siblings) for n in ts.segments)
        if located and not mine:
            out[claim_id] = Verdict(
                True, f"accepted: other claims of transaction set {ts.control_number} were rejected"
            )
        elif located:
            out[claim_id] = Verdict(False, f"claim rejected: {_words(mine)}")
        else:
            out[claim_id] = Verdict(False, f"transaction set rejected: {_set_words(ts)}")
    return out


def _response(ack: Acknowledgment999, span: ClaimSpan | None) -> TransactionSetResponse | None:
    if span is None:
        return ack.transaction_sets[0] if len(ack.transaction_sets) == 1 else None
    return next((t for t in ack.transaction_sets if _same(t.control_number, span.transaction_set)), None)
