"""Two independent checks of an outbound X12 file: our validator, then pyx12. A file leaves only
when both accept it; the problems are returned in words, never raised."""

from __future__ import annotations

import io
import json
import logging
import threading
from typing import Any

import pyx12.errors
import pyx12.map_if
import pyx12.params
import pyx12.x12n_document

from revcycle.x12.validate import validate

MAX_PROBLEMS = 10


_LOCK = threading.Lock()
_MAPS: dict[tuple[str, str | None], Any] = {}
_load_map_file = pyx12.map_if.load_map_file


def _cached_map(map_file: str, param: Any, map_path: str | None = None) -> Any:
    """pyx12 reads its XML maps on every document (most of its time). Since pyx12 4 keeps loop
    counts in the walker, not in the map, one loaded map serves every document."""
    key = (map_file, map_path)
    if key not in _MAPS:
        _MAPS[key] = _load_map_file(map_file, param, map_path)
    return _MAPS[key]


def _pyx12_problems(text: str) -> list[str]:
    with _LOCK:
        pyx12.map_if.load_map_file = _cached_map
        try:
            return _pyx12_run(text)
        finally:
            pyx12.map_if.load_map_file = _load_map_file


def _pyx12_run(text: str) -> list[str]:
    params = pyx12.params.params()
    out = io.StringIO()
    logger = logging.getLogger("pyx12")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        ok = pyx12.x12n_document.x12n_document(params, io.StringIO(text), None, None, None, out)
    except pyx12.errors.EngineError as exc:
        if "Map not found" in str(exc):  # pyx12 has no map for this guide (276 5010): ours alone checks it
            return []
        return [f"pyx12: {exc}"]
    finally:
        logger.setLevel(level)
    problems: list[str] = []
    raw = out.getvalue()
    if raw:
        _walk(json.loads(raw), problems)
    if not ok and not problems:
        problems.append("pyx12 rejected the file without a detailed error")
    return problems


def _walk(node: Any, out: list[str]) -> None:
    if isinstance(node, dict):
        for error in node.get("errors", []):
            out.append(
                f"pyx12: {node.get('seg_id', '')} {error.get('err_cde')} {error.get('err_str')}".strip()
            )
        for value in node.values():
            if isinstance(value, (list, dict)):
                _walk(value, out)
    elif isinstance(node, list):
        for item in node:
            _walk(item, out)


def outbound_problems(text: str) -> list[str]:
    """Empty when our validator and pyx12 both accept ``text`` (pyx12 only for guides it has maps of)."""
    report = validate(text)
    problems = [f"validator: {f}" for f in report.errors]
    problems.extend(_pyx12_problems(text))
    return problems[:MAX_PROBLEMS]
