"""An independent X12 validator for tests: pyx12, called from Python.

``pyx12_errors(text)`` returns pyx12's findings as ``"SEG position (line): code message"`` strings;
an empty list means pyx12 accepts the document. Its command-line exit code is not reliable, so this
reads the JSON error document that ``x12n_document`` writes.
"""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pyx12.params
import pyx12.x12n_document


def _collect(node: dict[str, Any], where: str, out: list[str]) -> None:
    for error in node.get("errors", []):
        out.append(f"{where}: {error.get('err_cde')} {error.get('err_str')}")


def pyx12_errors(text: str) -> list[str]:
    """Validate X12 ``text`` with pyx12 and return every error it reports (empty when valid)."""
    params = pyx12.params.params()
    out = io.StringIO()
    logger = logging.getLogger("pyx12")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        ok = pyx12.x12n_document.x12n_document(params, io.StringIO(text), None, None, None, out)
    finally:
        logger.setLevel(level)
    errors: list[str] = []
    raw = out.getvalue()
    if not raw:
        return ["pyx12 could not read the document"] if not ok else []
    doc = json.loads(raw)
    for isa in doc.get("interchanges", []):
        _collect(isa, f"ISA {isa.get('isa_trn_set_id')}", errors)
        for gs in isa.get("groups", []):
            _collect(gs, f"GS {gs.get('gs_control_num')}", errors)
            for st in gs.get("transactions", []):
                _collect(st, f"ST {st.get('trn_set_control_num')}", errors)
                for seg in st.get("segments", []):
                    where = f"{seg.get('seg_id')} #{seg.get('seg_count')} (line {seg.get('cur_line')})"
                    _collect(seg, where, errors)
                    for element in seg.get("elements", []):
                        _collect(element, f"{where} element {element.get('ele_pos')}", errors)
    if not ok and not errors:
        errors.append("pyx12 rejected the document without a detailed error")
    return errors
