"""A claim on paper: a CMS-1500 (02/12) layout as PDF, box by box, for payers that take paper.

Plain black boxes with their numbers and titles (not the red drop-out form a scanner reads):
six service lines a page, further lines on further pages, the total on the last one.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from revcycle.claims.domain.model import Claim, ClaimLine, Party, Person, PostalAddress
from revcycle.kit.money import Money

LINES_PER_PAGE = 6
RELATIONSHIP = {"18": "Self", "01": "Spouse", "19": "Child"}
INSURANCE = {"MB": "Medicare", "MA": "Medicare", "MC": "Medicaid", "CH": "TRICARE", "VA": "CHAMPVA"}


def _name(p: Person) -> str:
    return f"{p.last_name}, {p.first_name}{' ' + p.middle_name if p.middle_name else ''}".upper()


def _address(a: PostalAddress | None) -> list[str]:
    if a is None:
        return [""]
    return [f"{a.line1} {a.line2}".strip().upper(), f"{a.city}, {a.state} {a.zip}".upper()]


def _provider(p: Party | None) -> str:
    if p is None:
        return ""
    name = f"{p.first_name} {p.last_name}" if p.is_person else p.last_name
    return f"{name.upper()}  NPI {p.npi}"


class _Form:
    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas
        self.top = letter[1] - 36

    def box(self, x: float, y: float, w: float, h: float, title: str, lines: Sequence[str]) -> None:
        """A box ``y`` points below the top margin, its title small, its contents below."""
        top = self.top - y
        self.c.rect(x, top - h, w, h)
        self.c.setFont("Helvetica", 5.5)
        self.c.drawString(x + 2, top - 7, title)
        self.c.setFont("Courier", 8)
        for i, text in enumerate(lines):
            self.c.drawString(x + 3, top - 16 - 9 * i, text[:70])


def _page(form: _Form, claim: Claim, lines: Sequence[ClaimLine], page: int, pages: int) -> None:
    c, f = form.c, form
    c.setFont("Helvetica-Bold", 11)
    c.drawString(36, f.top + 8, "HEALTH INSURANCE CLAIM FORM (CMS-1500 02/12 layout)")
    c.setFont("Helvetica", 7)
    c.drawRightString(576, f.top + 8, f"page {page} of {pages}")
    f.box(36, 0, 180, 30, "PAYER", [claim.payer.name.upper(), claim.payer.payer_code])
    f.box(
        216,
        0,
        180,
        30,
        "1. INSURANCE TYPE",
        [INSURANCE.get(claim.payer.claim_filing_indicator, "Group health plan")],
    )
    f.box(396, 0, 180, 30, "1a. INSURED'S ID NUMBER", [claim.member_id])
    f.box(36, 30, 270, 30, "2. PATIENT'S NAME", [_name(claim.patient)])
    dob = claim.patient.date_of_birth
    f.box(306, 30, 90, 30, "3. BIRTH DATE / SEX", [f"{dob:%m %d %Y}" if dob else "", claim.patient.sex])
    f.box(396, 30, 180, 30, "4. INSURED'S NAME", [_name(claim.subscriber)])
    f.box(36, 60, 270, 38, "5. PATIENT'S ADDRESS", _address(claim.patient.address))
    f.box(306, 60, 90, 38, "6. RELATIONSHIP TO INSURED", [RELATIONSHIP.get(claim.relationship, "Other")])
    f.box(396, 60, 180, 38, "7. INSURED'S ADDRESS", _address(claim.subscriber.address))
    causes = ", ".join(claim.related_causes) or "NO"
    f.box(
        36,
        98,
        270,
        30,
        "10. CONDITION RELATED TO (EMPLOYMENT, AUTO, OTHER ACCIDENT)",
        [f"{causes} {claim.accident_state}".strip()],
    )
    f.box(306, 98, 270, 30, "11. INSURED'S GROUP NUMBER", [claim.group_number])
    f.box(36, 128, 270, 30, "17. REFERRING PROVIDER", [_provider(claim.referring)])
    f.box(306, 128, 270, 30, "23. PRIOR AUTHORIZATION NUMBER", [claim.prior_authorization])
    letters = "ABCDEFGHIJKL"
    dx = [f"{letters[i]}. {code}" for i, code in enumerate(claim.diagnoses[:12])]
    f.box(
        36,
        158,
        540,
        40,
        "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY (ICD-10)",
        ["   ".join(dx[:6]), "   ".join(dx[6:])],
    )
    f.box(
        396,
        198,
        180,
        22,
        "22. RESUBMISSION CODE / ORIGINAL REF. NO.",
        [
            f"{claim.frequency_code.value}  {claim.payer_claim_control_number}"
            if claim.payer_claim_control_number
            else ""
        ],
    )
    f.box(
        36, 198, 360, 22, "24. A DATE  B POS  D CPT/HCPCS MODIFIER  E POINTER  F CHARGES  G UNITS  J NPI", []
    )
    for i in range(LINES_PER_PAGE):
        ln = lines[i] if i < len(lines) else None
        text = ""
        if ln is not None:
            pointers = "".join(letters[p - 1] for p in ln.diagnosis_pointers if 1 <= p <= 12)
            npi = claim.rendering.npi if claim.rendering else ""
            text = (
                f"{ln.service_date:%m %d %y} {claim.place_of_service} {ln.code} {' '.join(ln.modifiers):11} "
                f"{pointers:4} {ln.charge!s:>9} {ln.units!s:>4} {npi}"
            )
            if ln.ndc:
                text = f"N4{ln.ndc} {ln.ndc_unit}{ln.ndc_quantity}  " + text
        f.box(36, 220 + 22 * i, 540, 22, f"{i + 1 + (page - 1) * LINES_PER_PAGE}", [text])
    last = page == pages
    total = claim.total_charge if last else Money.total(ln.charge for ln in lines)
    y = 220 + 22 * LINES_PER_PAGE
    f.box(36, y, 180, 30, "25. FEDERAL TAX I.D. NUMBER (EIN)", [claim.billing.tax_id])
    f.box(216, y, 180, 30, "26. PATIENT'S ACCOUNT NO.", [claim.patient_control_number])
    f.box(396, y, 180, 30, "28. TOTAL CHARGE" + ("" if last else " (CONTINUED)"), [str(total)])
    f.box(
        36,
        y + 30,
        180,
        50,
        "31. SIGNATURE OF PHYSICIAN OR SUPPLIER",
        [_provider(claim.rendering), "SIGNATURE ON FILE"],
    )
    facility = claim.service_facility
    f.box(
        216,
        y + 30,
        180,
        50,
        "32. SERVICE FACILITY LOCATION",
        [facility.last_name.upper(), *_address(facility.address)] if facility else [""],
    )
    b = claim.billing
    f.box(
        396,
        y + 30,
        180,
        50,
        "33. BILLING PROVIDER INFO & PH #",
        [b.last_name.upper(), *_address(b.address), f"33a. NPI {b.npi}"],
    )


def cms1500_pdf(claim: Claim, *, compress: bool = True) -> bytes:
    """The claim as a CMS-1500 layout PDF."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=letter, pageCompression=1 if compress else 0)
    canvas.setTitle(f"CMS-1500 {claim.patient_control_number}")
    chunks = [claim.lines[i : i + LINES_PER_PAGE] for i in range(0, len(claim.lines), LINES_PER_PAGE)] or [()]
    for number, chunk in enumerate(chunks, start=1):
        _page(_Form(canvas), claim, chunk, number, len(chunks))
        canvas.showPage()
    canvas.save()
    return out.getvalue()
