"""The appeal letter as a PDF (reportlab): the claim's facts, the denial reason and the argument."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from revcycle.claims import service as claims_service
from revcycle.intake import service as intake
from revcycle.remittance import repository as repo
from revcycle.remittance.domain.denials import DenialCause


@dataclass(frozen=True)
class AppealFacts:
    practice_name: str
    payer_name: str
    patient_name: str
    patient_control_number: str
    payer_claim_control_number: str
    date_of_service: date
    total_charge: str
    lines: tuple[tuple[str, str, str], ...]
    """(procedure code, service date, charge)."""
    denial_codes: str
    cause: str
    argument: str
    deadline: date
    today: date


def render(facts: AppealFacts) -> bytes:
    """The letter, one page or more, as PDF bytes."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=inch, rightMargin=inch, title="Appeal")
    styles = getSampleStyleSheet()
    body = styles["BodyText"]

    def para(text: str, style: Any = body) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story: list[Any] = [
        para(facts.practice_name, styles["Heading2"]),
        para(facts.today.isoformat()),
        Spacer(1, 12),
        para(f"To: {facts.payer_name}, Appeals Department"),
        para(f"Re: Request for reconsideration of claim {facts.payer_claim_control_number or 'n/a'}"),
        Spacer(1, 12),
        Table(
            [
                ["Patient", facts.patient_name],
                ["Our claim number", facts.patient_control_number],
                ["Payer claim number", facts.payer_claim_control_number],
                ["Date of service", facts.date_of_service.isoformat()],
                ["Total charge", facts.total_charge],
                ["Denial reason", f"{facts.denial_codes} ({facts.cause.replace('_', ' ')})"],
                ["Appeal deadline", facts.deadline.isoformat()],
            ]
        ),
        Spacer(1, 12),
        Table([["Procedure", "Date", "Charge"], *facts.lines]),
        Spacer(1, 12),
        para("We ask you to reconsider the denial of this claim for the following reasons:"),
        para(facts.argument),
        Spacer(1, 12),
        para("Please reprocess the claim and send a corrected remittance. Thank you."),
        Spacer(1, 24),
        para(f"Billing office, {facts.practice_name}"),
    ]
    doc.build(story)
    return out.getvalue()


def appeal_letter(uow: Any, *, practice_id: int, appeal_id: int) -> bytes:
    """Render the appeal letter of a stored appeal."""
    row = repo.appeal(uow, practice_id, appeal_id)
    item = repo.work_item(uow, practice_id, row.work_item_id)
    view = claims_service.get_claim(uow, practice_id=practice_id, claim_id=row.claim_id)
    claim = claims_service.claim_of(view.claim)
    practice = intake.get_practice(uow, practice_id=practice_id)
    cause = item.cause or DenialCause.OTHER.value
    facts = AppealFacts(
        practice_name=practice.name,
        payer_name=claim.payer.name,
        patient_name=f"{claim.patient.first_name} {claim.patient.last_name}",
        patient_control_number=view.claim.patient_control_number,
        payer_claim_control_number=view.claim.payer_claim_control_number or "",
        date_of_service=view.claim.date_of_service,
        total_charge=str(view.claim.total_charge.amount),
        lines=tuple((ln.code, ln.service_date.isoformat(), str(ln.charge.amount)) for ln in view.lines),
        denial_codes=item.codes,
        cause=cause,
        argument=row.argument,
        deadline=row.deadline,
        today=row.created_at.date(),
    )
    return render(facts)
