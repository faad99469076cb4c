"""Paper claims: a professional claim on the CMS-1500 (02/12) form, as a PDF.

``render_cms1500(claim, details)`` is pure (the claim as billed, plus what the form shows beyond
it: the other insured, the amount already paid, the billing phone, the signature date);
``cms1500_pdf(uow, practice_id=..., claim_id=...)`` gathers those details for a stored claim.
"""

from __future__ import annotations

from revcycle.claims.paper.fields import OtherInsured, PaperDetails, form_pages
from revcycle.claims.paper.render import render_pages
from revcycle.claims.paper.service import PaperClaim, cms1500_pdf, render_cms1500

__all__ = [
    "OtherInsured",
    "PaperClaim",
    "PaperDetails",
    "cms1500_pdf",
    "form_pages",
    "render_cms1500",
    "render_pages",
]
