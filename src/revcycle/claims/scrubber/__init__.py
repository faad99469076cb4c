"""The claim scrubber: run every registered rule on a claim and collect the findings.

An ``error`` finding blocks submission; a ``warning`` is shown and allows it.
"""

from __future__ import annotations

from revcycle.claims.domain.model import Claim
from revcycle.claims.scrubber.context import Rule, ScrubContext
from revcycle.claims.scrubber.payer_rules import PayerRules
from revcycle.claims.scrubber.registry import RULES
from revcycle.kit.findings import Finding


def scrub(claim: Claim, ctx: ScrubContext, rules: tuple[Rule, ...] = RULES) -> list[Finding]:
    """Every finding of every rule, in rule order."""
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.check(claim, ctx))
    return findings


__all__ = ["RULES", "PayerRules", "Rule", "ScrubContext", "scrub"]
