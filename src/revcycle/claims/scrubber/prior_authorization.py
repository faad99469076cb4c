"""PRIOR-AUTH: a warning for each line whose code the payer authorizes in advance when no current
authorization with units left covers it (the gaps come from eligibility in ``ScrubContext``)."""

from __future__ import annotations

from revcycle.claims.domain.model import Claim
from revcycle.claims.scrubber.context import ScrubContext, warning
from revcycle.kit.findings import Finding

RULE_ID = "PRIOR-AUTH"


def prior_authorization(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    return [
        warning(
            RULE_ID, f"line {line.line_number}: {ctx.authorization_gaps[line.line_number]}", f"lines.{i}.code"
        )
        for i, line in enumerate(claim.lines)
        if line.line_number in ctx.authorization_gaps
    ]
