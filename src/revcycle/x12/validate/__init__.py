"""Validate an X12 file: envelope, structure (by reading it into typed models), required elements,
lengths, code values, 837 totals and 835 balancing. Findings are data; nothing raises.

``validate(source)`` returns a :class:`ValidationReport`; ``build_999(report, envelope)`` answers
an inbound file with a 999 built from the findings.
"""

from __future__ import annotations

import gc

from revcycle.x12.api import parser_for
from revcycle.x12.core import fast
from revcycle.x12.core.envelope import RawTransaction, iter_transactions
from revcycle.x12.core.tokenizer import Source
from revcycle.x12.errors import NotX12Error, SegmentError, X12Error
from revcycle.x12.validate.ack import build_999
from revcycle.x12.validate.findings import Finding, TransactionSummary, ValidationReport
from revcycle.x12.validate.rules import check_835_balance, check_837_totals, check_elements

__all__ = ["Finding", "ValidationReport", "build_999", "validate"]


def validate(source: Source) -> ValidationReport:
    """Check every interchange, group and transaction set of ``source``."""
    enabled = gc.isenabled()
    gc.disable()  # the parsed models hold no cycles; see revcycle.x12.api.parse
    try:
        return _validate(source)
    finally:
        if enabled:
            gc.enable()


def _validate(source: Source) -> ValidationReport:
    report = ValidationReport()
    current: list[TransactionSummary] = []

    def on_issue(error: X12Error) -> None:
        finding = Finding.from_error(error)
        report.findings.append(finding)
        if current and error.segment_id in ("SE", None, "") and error.position is not None:
            current[-1].findings.append(finding)

    try:
        for raw in iter_transactions(source, on_issue=on_issue):
            summary = TransactionSummary(
                transaction_set=raw.transaction_set,
                control_number=raw.envelope.transaction_control_number,
                implementation_guide=raw.implementation_guide,
                st_position=raw.st.position,
                functional_id=raw.functional_id,
                group_control_number=raw.envelope.group_control_number,
                envelope=raw.envelope,
            )
            current[:] = [summary]
            report.transactions.append(summary)
            # envelope findings about this set's SE were reported before it was yielded
            for finding in report.findings:
                if finding.segment_id == "SE" and raw.se is not None and finding.position == raw.se.position:
                    summary.findings.append(finding)
            for finding in _check_transaction(raw):
                report.findings.append(finding)
                summary.findings.append(finding)
    except NotX12Error as exc:
        report.is_x12 = False
        report.findings.append(Finding.from_error(exc))
    except X12Error as exc:
        report.findings.append(Finding.from_error(exc))
    if report.is_x12 and not report.transactions and not report.errors:
        report.findings.append(Finding("error", "the interchange holds no transaction set"))
    return report


def _check_transaction(raw: RawTransaction) -> list[Finding]:
    found: list[Finding] = []
    control = raw.envelope.transaction_control_number
    parse = parser_for(raw.transaction_set, raw.implementation_guide)
    if parse is None:
        found.append(
            Finding(
                "error",
                f"transaction set {raw.transaction_set} with guide "
                f"{raw.implementation_guide!r} is not supported",
                position=raw.st.position,
                segment_id="ST",
                element="ST03",
                line=raw.st.line,
                transaction_control_number=control,
            )
        )
        return found
    try:
        if not fast.reads_cleanly(raw):
            parse(raw)
    except SegmentError as exc:
        found.append(Finding.from_error(exc, transaction_control_number=control))
    except X12Error as exc:
        found.append(Finding.from_error(exc, transaction_control_number=control))
    check_elements(raw, found.append)
    if raw.transaction_set == "837":
        check_837_totals(raw, found.append)
    elif raw.transaction_set == "835":
        check_835_balance(raw, found.append)
    return found
