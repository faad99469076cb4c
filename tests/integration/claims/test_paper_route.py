"""The CMS-1500 PDF of a stored claim: over HTTP (claims:read, the export audited), from the
command line, and box 9 from the patient's other coverage, on both database backends."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select
from typer.testing import CliRunner

from revcycle.charges.tables import EncounterRow
from revcycle.claims import service
from revcycle.claims.paper import cms1500_pdf
from revcycle.claims.paper.layout import rect
from revcycle.cli import app
from revcycle.intake.domain import CoverageOrder
from revcycle.intake.tables import CoverageRow
from revcycle.kit.errors import FieldErrors
from revcycle.kit.settings import get_settings
from revcycle.security.tables import AuditEventRow
from tests.integration.claims.conftest import Demo
from tests.integration.security.factories import auth_headers, make_practice
from tests.unit.claims.test_paper import in_box, words


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _exports(demo: Demo, claim_id: int) -> list[tuple[int | None, str, str | None]]:
    """The export audit records of a claim: (patient id, outcome, detail)."""
    with demo.database.uow() as uow:
        rows = uow.session.scalars(
            select(AuditEventRow).where(
                AuditEventRow.entity == "claim",
                AuditEventRow.entity_id == str(claim_id),
                AuditEventRow.action == "export",
            )
        )
        return [(r.patient_id, r.outcome, r.detail) for r in rows]


def test_the_route_returns_the_claim_as_a_pdf_and_audits_the_export(api, demo: Demo):
    client, h = api
    built = client.post("/api/v1/claims/build-open", headers=h).json()[0]
    response = client.get(f"/api/v1/claims/{built['id']}/cms1500.pdf", headers=h)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    page = words(response.content)[0]
    assert built["patient_control_number"] in in_box(page, rect("26"))
    assert "HEALTH INSURANCE CLAIM FORM" in _text(response.content)
    ((patient_id, outcome, detail),) = _exports(demo, built["id"])
    assert patient_id is not None and outcome == "allowed"
    assert built["patient_control_number"] not in (detail or "")


def test_front_desk_is_refused_and_another_practice_does_not_find_the_claim(api, demo: Demo):
    client, h = api
    cid = client.post("/api/v1/claims/build-open", headers=h).json()[0]["id"]
    front = auth_headers(demo.database, demo.practice_id, "front_desk")
    assert client.get(f"/api/v1/claims/{cid}/cms1500.pdf", headers=front).status_code == 403
    other = make_practice(demo.database, billing_npi="1245319599", name="Other Clinic")
    other_biller = auth_headers(demo.database, other["id"], "biller")
    assert client.get(f"/api/v1/claims/{cid}/cms1500.pdf", headers=other_biller).status_code == 404
    assert _exports(demo, cid) == []


def test_a_claim_to_the_secondary_payer_names_the_primary_coverage_in_box_9(demo: Demo):
    with demo.database.transaction() as uow:
        secondaries = uow.session.scalars(
            select(CoverageRow).where(
                CoverageRow.practice_id == demo.practice_id, CoverageRow.order == "secondary"
            )
        ).all()
        row = None
        for coverage in secondaries:
            encounters = uow.session.scalars(
                select(EncounterRow).where(EncounterRow.patient_id == coverage.patient_id)
            ).all()
            for encounter in encounters:
                try:
                    row = service.build_claim(
                        uow,
                        practice_id=demo.practice_id,
                        encounter_id=encounter.id,
                        order=CoverageOrder.SECONDARY,
                    )
                except FieldErrors:
                    continue
                break
            if row is not None:
                break
        assert row is not None, "the demo practice has no patient with a secondary coverage"
        primary = next(
            c
            for c in uow.session.scalars(select(CoverageRow).where(CoverageRow.patient_id == row.patient_id))
            if c.order == "primary"
        )
        paper = cms1500_pdf(uow, practice_id=demo.practice_id, claim_id=row.id)
        expected_plan = primary.plan_name or ""
        expected_member = primary.member_id
    page = words(paper.content)[0]
    assert in_box(page, rect("9")) != []
    assert in_box(page, rect("9a")) == [expected_member.upper()]
    assert in_box(page, rect("9d")) == [expected_plan.upper()]


def test_claims_print_writes_the_pdf_from_the_command_line(demo: Demo, tmp_path: Path, monkeypatch):
    monkeypatch.setenv(
        "REVCYCLE_DATABASE_URL", str(demo.database.engine.url.render_as_string(hide_password=False))
    )
    get_settings.cache_clear()
    try:
        with demo.database.transaction() as uow:
            row = service.build_open_encounters(uow, practice_id=demo.practice_id)[0]
            cid, pcn = row.id, row.patient_control_number
        out = tmp_path / "claim.pdf"
        result = CliRunner().invoke(app, ["claims", "print", str(cid), "--out", str(out)])
        assert result.exit_code == 0, result.stdout
        assert pcn in in_box(words(out.read_bytes())[0], rect("26"))
        assert len(_exports(demo, cid)) == 1
        missing = CliRunner().invoke(app, ["claims", "print", "999999", "--out", str(tmp_path / "x.pdf")])
        assert missing.exit_code == 2 and not (tmp_path / "x.pdf").exists()
    finally:
        get_settings.cache_clear()
