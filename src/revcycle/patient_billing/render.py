"""PDFs (reportlab) for statements, receipts and Good Faith Estimates. Presentation only."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from revcycle.patient_billing.domain.gfe import GoodFaithEstimate
from revcycle.patient_billing.domain.statements import StatementDoc


def _pdf(title: str, blocks: Sequence[object]) -> bytes:
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=letter, title=title, invariant=1)
    doc.build(list(blocks))
    return buffer.getvalue()


def text_pdf(title: str, text: str) -> bytes:
    """A simple one-column PDF of plain text (a receipt)."""
    styles = getSampleStyleSheet()
    blocks: list[object] = [Paragraph(title, styles["Title"])]
    blocks += [Paragraph(line or "&nbsp;", styles["Code"]) for line in text.splitlines()]
    return _pdf(title, blocks)


def statement_pdf(doc: StatementDoc) -> bytes:
    styles = getSampleStyleSheet()
    rows: list[list[str]] = [
        ["Date", "Service", "Charge", "Insurance paid", "Adjusted", "You paid", "Balance"]
    ]
    for i in doc.items:
        service = f"{i.description} ({i.code})" + (" - insurance pending" if i.insurance_pending else "")
        rows.append(
            [
                i.service_date.isoformat(),
                service[:60],
                str(i.charge),
                str(i.insurance_paid),
                str(i.insurance_adjusted + i.patient_adjusted),
                str(i.patient_paid),
                str(i.balance),
            ]
        )
    blocks: list[object] = [
        Paragraph(doc.practice_name, styles["Title"]),
        Paragraph(f"{doc.practice_address} {doc.practice_phone}", styles["Normal"]),
        Spacer(1, 12),
        Paragraph(f"Statement for {doc.to_name}, {doc.to_address}", styles["Normal"]),
        Paragraph(
            f"Account {doc.account} - statement date {doc.statement_date.isoformat()}", styles["Normal"]
        ),
        Spacer(1, 12),
        Paragraph(doc.message, styles["Normal"]),
        Spacer(1, 12),
        Table(rows, repeatRows=1),
        Spacer(1, 12),
        Paragraph(
            f"<b>Amount due: {doc.amount_due.display()} by {doc.due_date.isoformat()}</b>", styles["Normal"]
        ),
    ]
    if doc.pending_insurance.is_positive():
        blocks.append(Paragraph(f"Waiting on insurance: {doc.pending_insurance.display()}", styles["Normal"]))
    if doc.credit.is_positive():
        blocks.append(Paragraph(f"Credit on your account: {doc.credit.display()}", styles["Normal"]))
    blocks += [Spacer(1, 12), Paragraph("How to pay: " + doc.how_to_pay, styles["Normal"])]
    return _pdf(f"Statement {doc.account} {doc.cycle}", blocks)


def gfe_pdf(gfe: GoodFaithEstimate) -> bytes:
    """The Good Faith Estimate as the No Surprises Act asks for it."""
    styles = getSampleStyleSheet()
    rows: list[list[str]] = [["Service code", "Description", "Quantity", "Expected charge"]]
    rows += [[i.code, i.description[:50], str(i.quantity), str(i.expected_charge)] for i in gfe.items]
    rows.append(["", "Total expected charges", "", str(gfe.total)])
    blocks: list[object] = [
        Paragraph("Good Faith Estimate", styles["Title"]),
        Paragraph(f"Patient: {gfe.patient_name}", styles["Normal"]),
        Paragraph(f"Date of birth: {gfe.patient_birth_date.isoformat()}", styles["Normal"]),
        Spacer(1, 8),
        Paragraph(f"Convening provider/facility: {gfe.provider_name}", styles["Normal"]),
        Paragraph(f"Address: {gfe.provider_address}", styles["Normal"]),
        Paragraph(f"NPI: {gfe.provider_npi}    TIN: {gfe.provider_tin}", styles["Normal"]),
        Spacer(1, 8),
        Paragraph(f"Scheduled date of service: {gfe.scheduled_on.isoformat()}", styles["Normal"]),
        Paragraph(
            "Diagnosis codes: "
            + (", ".join(gfe.diagnosis_codes) if gfe.diagnosis_codes else "none known yet"),
            styles["Normal"],
        ),
        Spacer(1, 8),
        Table(rows, repeatRows=1),
        Spacer(1, 8),
        Paragraph(f"<b>Total estimated cost: {gfe.total.display()}</b>", styles["Normal"]),
        Spacer(1, 8),
        Paragraph("Disclaimers", styles["Heading2"]),
    ]
    blocks += [Paragraph(text, styles["Normal"]) for text in gfe.disclaimers()]
    blocks += [Spacer(1, 8), Paragraph(f"Date issued: {gfe.issued_on.isoformat()}", styles["Normal"])]
    return _pdf("Good Faith Estimate", blocks)
