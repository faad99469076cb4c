"""Findings: what a rule (coding edit, claim scrubber edit, posting rule) reports.

A rule is a pure function ``(subject, context) -> list[Finding]``. Findings are data, not
exceptions: the caller decides whether an ``error`` blocks a claim and shows ``warning``s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is."""

    ERROR = "error"
    """The claim will be rejected or denied as it stands; fix before submission."""
    WARNING = "warning"
    """Likely a problem; a person should look before submission."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found: which rule, how bad, what to do, and where (a dotted field path).

    ``message`` says how to fix the problem; ``suggestion`` is an optional machine-readable fix
    (e.g. ``"add modifier 25 to lines[0]"``).
    """

    rule_id: str
    severity: Severity
    message: str
    field: str | None = None
    suggestion: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is an error."""
    return any(f.is_error for f in findings)
