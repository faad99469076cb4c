"""The fast path of :func:`revcycle.x12.parse` for well-formed 835 and 837 files.

The whole text is split once on the segment terminator; the envelopes are checked as the general
walk checks them, and each transaction set is read by its guide's fast reader straight from the
segment strings (split into elements as they are reached, without ``Segment`` objects). Amounts,
dates and numbers repeat a lot in these files and are immutable, so each distinct text is
converted once per file. Anything the fast path does not cover, or any problem at all, raises
:class:`Fallback`: the caller then reads the file with the general path, which produces the same
models or the precise error. So the fast path never decides what is an error.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from revcycle.kit.money import Money
from revcycle.x12.core import loops
from revcycle.x12.core.envelope import Envelope, RawTransaction, _envelope
from revcycle.x12.core.loops import RawSegment, canonical
from revcycle.x12.core.segment import Delimiters, Segment
from revcycle.x12.core.tokenizer import _WHITESPACE, _check_start, read_delimiters

CACHE_LIMIT = 50_000
ENVELOPE_IDS = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE", "TA1"})


class Fallback(Exception):
    """The fast path declines this input; read it with the general path."""


class Context:
    """Per-file state of a fast read: delimiters and caches of converted values."""

    __slots__ = (
        "comp",
        "d",
        "dates",
        "decimals",
        "monies",
        "parts",
        "same_delimiters",
        "sep",
        "shared",
        "values",
    )

    def __init__(self, delimiters: Delimiters) -> None:
        self.d = delimiters
        self.sep = delimiters.element
        self.comp = delimiters.component
        self.same_delimiters = delimiters.component == ":" and delimiters.repetition in ("^", "")
        self.monies: dict[str, Money] = {}
        self.dates: dict[str, dt.date] = {}
        self.decimals: dict[str, Decimal | None] = {"": None}
        self.shared: dict[Any, Any] = {}
        # segment text -> its elements, and -> what a reader made of it (segments such as DTM,
        # CAS and SVC repeat verbatim many times in a file); both are bounded by CACHE_LIMIT
        self.parts: dict[str, list[str]] = {}
        self.values: dict[str, Any] = {}

    def split(self, piece: str, repeating: frozenset[str]) -> list[str]:
        """The elements of ``piece``; kept for reuse when its id is in ``repeating``."""
        elements = piece.split(self.sep)
        if elements[0] in repeating and len(self.parts) < CACHE_LIMIT:
            self.parts[piece] = elements
        return elements

    def money(self, text: str) -> Money:
        """A required amount (``loops.money``)."""
        value = self.monies.get(text)
        if value is None:
            whole, dot, frac = text.partition(".")
            if text.isascii() and whole.isdigit() and (not dot or (len(frac) == 2 and frac.isdigit())):
                value = Money.from_cents(int(whole) * 100 + (int(frac) if dot else 0))
            elif not text:
                raise Fallback
            else:  # signs, one decimal, no whole part...
                value = loops.parse_money(text, _PROBE, 1)
            if len(self.monies) < CACHE_LIMIT:
                self.monies[text] = value
        return value

    def opt_money(self, text: str) -> Money | None:
        return self.money(text) if text else None

    def date(self, text: str) -> dt.date:
        """A required ``CCYYMMDD`` date (``loops.date``)."""
        value = self.dates.get(text)
        if value is None:
            value = loops.date(Segment(["DTM", text], 0, 0), 1)
            self.dates[text] = value
        return value

    def decimal(self, text: str) -> Decimal | None:
        """An optional number (``loops.decimal``)."""
        try:
            return self.decimals[text]
        except KeyError:
            value = loops.decimal(Segment(["X", text], 0, 0), 1)
            self.decimals[text] = value
            return value

    def raw(self, index: int, elements: list[str]) -> RawSegment:
        if elements[0] in ENVELOPE_IDS:
            raise Fallback
        if self.same_delimiters:
            return RawSegment(index, tuple(elements))
        return RawSegment(index, canonical(elements, self.d))


_PROBE = Segment(["X"], 0, 0)

# reader(ctx, pieces, index of the first body segment, envelope, guide) -> (model, index of SE)
FastReader = Callable[[Context, list[str], int, Envelope, str], tuple[Any, int]]
READERS: dict[tuple[str, str], tuple[str, str]] = {
    ("835", "005010X221"): ("revcycle.x12.x835.fast", "read_835"),
}


def _reader(transaction_set: str, guide: str) -> FastReader:
    entry = READERS.get((transaction_set, guide[:10]))
    if entry is None:
        raise Fallback
    fn: FastReader = getattr(importlib.import_module(entry[0]), entry[1])
    return fn


def reads_cleanly(raw: RawTransaction) -> bool:
    """Whether the fast reader of ``raw``'s guide reads it (then the general parser would too,
    giving the same model); False when there is no fast reader or it declines."""
    entry = READERS.get((raw.transaction_set, raw.implementation_guide[:10]))
    if entry is None:
        return False
    sep = raw.delimiters.element
    pieces = [sep.join(seg.elements) for seg in raw.segments]
    pieces.append("SE")
    try:
        _, end = _reader(raw.transaction_set, raw.implementation_guide)(
            Context(raw.delimiters), pieces, 0, raw.envelope, raw.implementation_guide
        )
    except Exception:
        return False
    return end == len(raw.segments)


def split_segments(data: bytes) -> tuple[Delimiters, list[str]]:
    """The delimiters of the first ISA and every segment of the file as text (no terminators)."""
    skip = _check_start(data)
    text = data[skip:].decode("latin-1")
    d = read_delimiters(text)
    term = d.segment
    # segments normally start right after the terminator, or after a line break following it
    joint = term
    if term not in _WHITESPACE:
        count = text.count(term)
        for brk in ("\n", "\r\n"):
            if text.count(term + brk) == count:
                joint = term + brk
                break
    ragged = re.search(re.escape(joint) + "[" + re.escape(_WHITESPACE + term) + "]", text) is not None
    pieces = text.split(term if ragged else joint)
    del text
    if pieces.pop().strip(_WHITESPACE):
        raise Fallback  # cut off without a terminator
    if ragged:  # blank lines, indentation or empty segments: strip and skip as the tokenizer does
        pieces = [s for p in pieces if (s := p.lstrip(_WHITESPACE))]
    return d, pieces


def parse_bytes(data: bytes) -> list[Any]:
    """Every transaction set of ``data`` as typed models; :class:`Fallback` for anything else.

    Any problem met on the way (a short segment, an amount that is not one...) is a ``Fallback``
    too: only the general path words errors.
    """
    try:
        return _parse_bytes(data)
    except Fallback:
        raise
    except Exception as exc:
        raise Fallback(f"{type(exc).__name__}: {exc}") from exc


def _parse_bytes(data: bytes) -> list[Any]:
    d, pieces = split_segments(data)
    ctx = Context(d)
    sep = d.element
    out: list[Any] = []
    n = len(pieces)
    i = 0
    while i < n:
        isa = Segment(pieces[i].split(sep), 0, 0)
        if isa.elements[0] != "ISA":
            raise Fallback
        if i and read_delimiters(pieces[i] + d.segment) != d:
            raise Fallback
        i += 1
        groups = 0
        while (gs_elements := pieces[i].split(sep))[0] == "GS":
            gs = Segment(gs_elements, 0, 0)
            groups += 1
            count = 0
            i += 1
            while (st_elements := pieces[i].split(sep))[0] == "ST":
                st = Segment(st_elements, 0, 0)
                count += 1
                guide = st.get(3) or gs.get(8)
                reader = _reader(st.get(1), guide)
                model, j = reader(ctx, pieces, i + 1, _envelope(isa, gs, st, d), guide)
                se = Segment(pieces[j].split(sep), 0, 0)
                if se.elements[0] != "SE" or se.get(2) != st.get(2) or se.get(1) != str(j - i + 1):
                    raise Fallback
                out.append(model)
                i = j + 1
            if st_elements[0] != "GE":
                raise Fallback
            ge = Segment(st_elements, 0, 0)
            if ge.get(2) != gs.get(6) or ge.get(1) != str(count):
                raise Fallback
            i += 1
        iea = Segment(gs_elements, 0, 0)
        if iea.elements[0] != "IEA" or iea.get(2) != isa.get(13) or iea.get(1) != str(groups):
            raise Fallback
        i += 1
    return out
