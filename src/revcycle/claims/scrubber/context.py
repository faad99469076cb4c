"""What the scrubber knows besides the claim: today, the payer's rules, what was billed before."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from revcycle.claims.domain.model import Claim
from revcycle.claims.scrubber.payer_rules import PayerRules
from revcycle.kit.findings import Finding, Severity


@dataclass(frozen=True)
class ScrubContext:
    today: date
    rules: PayerRules = field(default_factory=PayerRules)
    billed_duplicate_keys: frozenset[tuple[object, ...]] = frozenset()
    """``Claim.duplicate_key()`` of the practice's other claims the payer already has."""
    original_adjudicated: bool = False
    """For a replacement or void: the claim it replaces was accepted by the payer."""
    coding_findings: tuple[Finding, ...] = ()
    """Findings of the codes context's coding edits on this claim's encounter."""
    open_provider_queries: int = 0
    """Questions to the rendering provider about this encounter that are not answered yet."""
    authorization_gaps: Mapping[int, str] = field(default_factory=dict)
    """Line number -> why its code needs a prior authorization it lacks (missing, not valid on the
    date of service, units used up); from ``eligibility.prior_auth.claim_gaps``."""


Check = Callable[[Claim, ScrubContext], list[Finding]]


@dataclass(frozen=True)
class Rule:
    """One scrubber edit: an id, what it checks, and the pure function that checks it."""

    rule_id: str
    description: str
    check: Check


def error(rule_id: str, message: str, field_: str) -> Finding:
    return Finding(rule_id, Severity.ERROR, message, field_)


def warning(rule_id: str, message: str, field_: str) -> Finding:
    return Finding(rule_id, Severity.WARNING, message, field_)
