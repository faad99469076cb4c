"""Pure adjudication: 837 claims in, decisions out. No files, no clock, no database.

- :mod:`.claim`: the payer's view of a claim (``claims_of`` reads parsed 837P/837I models);
- :mod:`.frontend`: front-end edits for the 277CA (``acknowledge``);
- :mod:`.benefits`: allowed amounts and the patient's share (deductible, coinsurance, copay, OOP);
- :mod:`.adjudicate`: line and claim decisions for the 835 (``adjudicate``);
- :mod:`.decisions`: the results, and ``reversal_of`` for replacements and voids.
"""

from revcycle.sandbox.adjudication.adjudicate import LineKey, PayerContext, adjudicate, line_key
from revcycle.sandbox.adjudication.benefits import YearToDate, allowed_amount, cost_share
from revcycle.sandbox.adjudication.claim import ClaimView, LineView, PriorLine, claims_of
from revcycle.sandbox.adjudication.decisions import (
    ACCEPTED,
    Accumulation,
    Acknowledgment,
    Cas,
    ClaimResult,
    LineResult,
    reversal_of,
)
from revcycle.sandbox.adjudication.frontend import IntakeContext, acknowledge

__all__ = [
    "ACCEPTED",
    "Accumulation",
    "Acknowledgment",
    "Cas",
    "ClaimResult",
    "ClaimView",
    "IntakeContext",
    "LineKey",
    "LineResult",
    "LineView",
    "PayerContext",
    "PriorLine",
    "YearToDate",
    "acknowledge",
    "adjudicate",
    "allowed_amount",
    "claims_of",
    "cost_share",
    "line_key",
    "reversal_of",
]
