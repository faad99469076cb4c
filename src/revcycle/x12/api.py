"""The entry points: ``parse`` a file into typed models, ``write`` models back to X12 text."""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from revcycle.x12.core import fast
from revcycle.x12.core.envelope import RawTransaction, iter_transactions
from revcycle.x12.core.segment import Segment
from revcycle.x12.core.tokenizer import Source
from revcycle.x12.core.writer import TransactionText, write_interchanges
from revcycle.x12.errors import UnsupportedError

# (ST01, implementation guide prefix) -> (module, parse function)
PARSERS: dict[tuple[str, str], tuple[str, str]] = {
    ("837", "005010X222"): ("revcycle.x12.x837p.parser", "parse_837p"),
    ("837", "005010X223"): ("revcycle.x12.x837i.parser", "parse_837i"),
    ("835", "005010X221"): ("revcycle.x12.x835.parser", "parse_835"),
    ("270", "005010X279"): ("revcycle.x12.x270.parser", "parse_270"),
    ("271", "005010X279"): ("revcycle.x12.x271.parser", "parse_271"),
    ("276", "005010X212"): ("revcycle.x12.x276.parser", "parse_276"),
    ("277", "005010X212"): ("revcycle.x12.x277.parser", "parse_277"),
    ("277", "005010X214"): ("revcycle.x12.x277ca.parser", "parse_277ca"),
    ("999", "005010X231"): ("revcycle.x12.x999.parser", "parse_999"),
}

# model class name -> (module, function returning TransactionText)
WRITERS: dict[str, tuple[str, str]] = {
    "Professional837": ("revcycle.x12.x837p.writer", "transaction_837p"),
    "Institutional837": ("revcycle.x12.x837i.writer", "transaction_837i"),
    "Remittance835": ("revcycle.x12.x835.writer", "transaction_835"),
    "EligibilityRequest270": ("revcycle.x12.x270.writer", "transaction_270"),
    "EligibilityResponse271": ("revcycle.x12.x271.writer", "transaction_271"),
    "StatusRequest276": ("revcycle.x12.x276.writer", "transaction_276"),
    "StatusResponse277": ("revcycle.x12.x277.writer", "transaction_277"),
    "ClaimAcknowledgment277CA": ("revcycle.x12.x277ca.writer", "transaction_277ca"),
    "Acknowledgment999": ("revcycle.x12.x999.writer", "transaction_999"),
}


def parser_for(transaction_set: str, guide: str) -> Callable[[RawTransaction], Any] | None:
    entry = PARSERS.get((transaction_set, guide[:10]))
    if entry is None:
        return None
    module = importlib.import_module(entry[0])
    fn: Callable[[RawTransaction], Any] = getattr(module, entry[1])
    return fn


def parse_raw(raw: RawTransaction) -> Any:
    fn = parser_for(raw.transaction_set, raw.implementation_guide)
    if fn is None:
        raise UnsupportedError(
            f"transaction set {raw.transaction_set} with guide {raw.implementation_guide!r} is not supported",
            position=raw.st.position,
            segment_id="ST",
            element="ST03",
            line=raw.st.line,
        )
    return fn(raw)


def iter_parse(source: Source) -> Iterator[Any]:
    """Yield one typed model per transaction set (and per TA1), in file order."""
    from revcycle.x12.ta1 import InterchangeAcknowledgment, read_ta1

    pending: list[InterchangeAcknowledgment] = []

    def on_ta1(seg: Segment, envelope: Any) -> None:
        pending.append(read_ta1(seg, envelope))

    for raw in iter_transactions(source, on_ta1=on_ta1):
        yield from pending
        pending.clear()
        yield parse_raw(raw)
    yield from pending


def parse(source: Source) -> list[Any]:
    """Parse every transaction set of an X12 file (text, bytes, a path or a binary file).

    Raises :class:`~revcycle.x12.errors.X12Error` (a ``FormatError``) naming where a problem is.
    The models hold no reference cycles, so the cyclic garbage collector is paused while they are
    built (it would otherwise rescan the growing object graph again and again).

    Well-formed 835 files take a fast path (:mod:`revcycle.x12.core.fast`); any other input, and
    any problem, is read by the general path, which gives the same models or the precise error.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        data, general = _read_all(source)
        with contextlib.suppress(fast.Fallback):  # the general path reads it again, precisely
            return fast.parse_bytes(data)
        return list(iter_parse(general))
    finally:
        if enabled:
            gc.enable()


def _read_all(source: Source) -> tuple[bytes, Source]:
    """The bytes of ``source``, and a source the general path can read them again from."""
    if isinstance(source, bytes):
        return source, source
    if isinstance(source, str):
        return source.encode("latin-1", errors="replace"), source
    data = Path(source).read_bytes() if isinstance(source, os.PathLike) else source.read()
    return data, io.BytesIO(data)


def transaction_text(model: Any) -> TransactionText:
    entry = WRITERS.get(type(model).__name__)
    if entry is None:
        raise TypeError(f"no X12 writer for {type(model).__name__}")
    fn: Callable[[Any], TransactionText] = getattr(importlib.import_module(entry[0]), entry[1])
    return fn(model)


def write(models: Any | Sequence[Any], *, line_breaks: bool = True) -> str:
    """Write one model, or several (those sharing ISA13/GS06 control numbers share an envelope)."""
    from revcycle.x12.ta1 import InterchangeAcknowledgment, write_ta1

    items = list(models) if isinstance(models, (list, tuple)) else [models]
    if len(items) == 1 and isinstance(items[0], InterchangeAcknowledgment):
        return write_ta1(items[0], line_breaks=line_breaks)
    return write_interchanges([transaction_text(m) for m in items], line_breaks=line_breaks)
