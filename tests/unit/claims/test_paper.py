"""The CMS-1500 PDF: each datum lands inside its box (text positions read back with pypdf and
compared with the boxes' rectangles), six lines a page with the total on the last, box 9/11d for a
second coverage, box 22 for replacements and voids."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from revcycle.claims.domain.model import ClaimKind, FrequencyCode, Party, PostalAddress
from revcycle.claims.paper import OtherInsured, PaperDetails, render_cms1500
from revcycle.claims.paper.fields import insurance_type
from revcycle.claims.paper.layout import (
    BOX_LIST,
    INSURANCE_TYPES,
    PAGE_HEIGHT,
    Rect,
    cell,
    col_x,
    line_top,
    rect,
)
from revcycle.claims.paper.render import DATA_SIZE, fit
from revcycle.kit.errors import Conflict
from revcycle.kit.money import Money
from tests.unit.claims.factories import BILLING_NPI, RENDERING_NPI, make_claim, make_line

REFERRING_NPI = "1679576722"
FACILITY_NPI = "1952362437"


@dataclass(frozen=True)
class Word:
    """A piece of data text on a page: where it starts and ends (points), and its baseline."""

    text: str
    x0: float
    x1: float
    y: float

    def inside(self, r: Rect) -> bool:
        return r.contains(self.x0, self.y) and r.contains(self.x1, self.y)


def words(pdf: bytes) -> list[list[Word]]:
    """Every data (Courier) text of every page, with its position."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found: list[Word] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, found: list[Word] = found) -> None:
            if text.strip() and font is not None and font.get("/BaseFont") == "/Courier":
                x, y = tm[4], tm[5]
                found.append(Word(text.strip(), x, x + 0.6 * size * len(text.strip()), y))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def where(page: list[Word], text: str) -> list[Word]:
    return [w for w in page if w.text == text]


def in_box(page: list[Word], r: Rect) -> list[str]:
    return [w.text for w in page if w.inside(r)]


def full_claim(**overrides: Any) -> Any:
    values: dict[str, Any] = {
        "diagnoses": ("E11.9", "I10", "Z79.4", "R53.83", "M54.50"),
        "lines": (
            make_line(line_number=1, code="99213", charge=Money("120.00"), diagnosis_pointers=(1, 2)),
            make_line(
                line_number=2,
                code="36415",
                charge=Money("1234.56"),
                modifiers=("25", "59", "XU", "76"),
                diagnosis_pointers=(3, 4, 5, 1),
                units=Decimal(2),
            ),
        ),
        "referring": Party("Nguyen", "Ana", npi=REFERRING_NPI),
        "service_facility": Party(
            "Riverbend Clinic East",
            is_person=False,
            npi=FACILITY_NPI,
            address=PostalAddress("44 Main St", "Aurora", "CO", "800101234"),
        ),
        "prior_authorization": "AUTH778",
        "onset_date": date(2024, 2, 12),
    }
    return make_claim(**(values | overrides))


def test_account_number_npis_diagnoses_and_charges_land_inside_their_boxes():
    page = words(render_cms1500(full_claim(), PaperDetails(billing_phone="3035550100")))[0]
    assert "RC1-1-1" in in_box(page, rect("26"))
    assert BILLING_NPI in in_box(page, rect("33a"))
    assert FACILITY_NPI in in_box(page, rect("32a"))
    assert REFERRING_NPI in in_box(page, rect("17b"))
    assert RENDERING_NPI in in_box(page, cell("24J", 0)) and RENDERING_NPI in in_box(page, cell("24J", 1))
    assert {"E119", "I10", "Z794", "R5383", "M5450"} <= set(in_box(page, rect("21")))
    assert "E11.9" not in [w.text for w in page]
    assert in_box(page, cell("24F", 0)) == ["120", "00"]
    assert in_box(page, cell("24F", 1)) == ["1234", "56"]
    assert in_box(page, rect("28")) == ["1354", "56"]
    assert "XYZ123456789" in in_box(page, rect("1a"))
    assert "FIXTURELY, TESTA" in in_box(page, rect("2"))
    assert "841234567" in in_box(page, rect("25"))
    assert "AUTH778" in in_box(page, rect("23"))
    assert {"303", "5550100", "RIVERBEND FAMILY MEDICINE", "1200 RIVER ROAD"} <= set(in_box(page, rect("33")))


def test_every_datum_lies_wholly_inside_a_box_or_the_carrier_block():
    pdf = render_cms1500(full_claim(), PaperDetails(billing_phone="3035550100", signed_on=date(2024, 3, 1)))
    (page,) = words(pdf)
    carrier = Rect(col_x(50), line_top(7), col_x(81), PAGE_HEIGHT)
    boxes = [b.rect for b in BOX_LIST]
    assert len(page) > 60
    for w in page:
        assert w.inside(carrier) or any(w.inside(r) for r in boxes), w


def test_a_service_line_fills_dates_pos_code_modifiers_pointers_and_units_in_its_columns():
    page = words(render_cms1500(full_claim()))[0]
    assert in_box(page, cell("24A", 1)) == ["02 20 24", "02 20 24"]
    assert in_box(page, cell("24B", 1)) == ["11"]
    assert in_box(page, cell("24D", 1)) == ["36415", "25", "59", "XU", "76"]
    assert in_box(page, cell("24E", 1)) == ["CDEA"]
    assert in_box(page, cell("24G", 1)) == ["2"]
    assert in_box(page, cell("24E", 0)) == ["AB"]


def test_eight_lines_print_on_two_pages_with_the_total_only_on_the_last():
    lines = tuple(
        make_line(line_number=n, code=f"9921{n % 5}", charge=Money(f"{10 * n}.25")) for n in range(1, 9)
    )
    pages = words(render_cms1500(make_claim(lines=lines)))
    assert len(pages) == 2
    first, last = pages
    assert [in_box(first, cell("24F", i))[0] for i in range(6)] == ["10", "20", "30", "40", "50", "60"]
    assert [in_box(last, cell("24F", i))[0] for i in range(2)] == ["70", "80"]
    assert in_box(last, cell("24F", 2)) == []
    assert in_box(first, rect("28")) == []
    assert in_box(last, rect("28")) == ["362", "00"]
    assert "PAGE 1 OF 2" in [w.text for w in first] and "PAGE 2 OF 2" in [w.text for w in last]
    for page in pages:
        assert "RC1-1-1" in in_box(page, rect("26")) and "E119" in in_box(page, rect("21"))


def test_a_secondary_claim_names_the_other_insured_and_what_the_primary_paid():
    details = PaperDetails(
        other_insured=OtherInsured("Fixturely", "Sam", "W998877", "Medicare Part B"),
        amount_paid=Money("80.10"),
    )
    page = words(render_cms1500(make_claim(payer_responsibility="S"), details))[0]
    assert in_box(page, rect("9")) == ["FIXTURELY, SAM"]
    assert in_box(page, rect("9a")) == ["W998877"]
    assert in_box(page, rect("9d")) == ["MEDICARE PART B"]
    yes = [w for w in where(page, "X") if w.inside(rect("11d"))]
    assert len(yes) == 1 and yes[0].x0 < col_x(57)
    assert in_box(page, rect("29")) == ["80", "10"]


def test_without_another_coverage_box_9_is_empty_and_11d_says_no():
    page = words(render_cms1500(make_claim()))[0]
    assert in_box(page, rect("9")) == [] and in_box(page, rect("29")) == []
    no = [w for w in where(page, "X") if w.inside(rect("11d"))]
    assert len(no) == 1 and no[0].x0 >= col_x(57)


@pytest.mark.parametrize("frequency", [FrequencyCode.REPLACEMENT, FrequencyCode.VOID])
def test_a_replacement_or_void_carries_its_frequency_and_the_original_reference_in_box_22(frequency):
    claim = make_claim(frequency_code=frequency, payer_claim_control_number="PCCN20240001")
    page = words(render_cms1500(claim))[0]
    assert in_box(page, rect("22")) == [frequency.value, "PCCN20240001"]


def test_an_original_claim_leaves_box_22_empty():
    assert in_box(words(render_cms1500(make_claim()))[0], rect("22")) == []


def test_box_1_checks_the_program_of_the_claim_filing_indicator():
    assert insurance_type("MB") == "MEDICARE" and insurance_type("MC") == "MEDICAID"
    assert insurance_type("BL") == "GROUP HEALTH PLAN" and insurance_type("WC") == "OTHER"
    page = words(render_cms1500(make_claim()))[0]
    checks = [w for w in where(page, "X") if w.inside(rect("1"))]
    column = dict(INSURANCE_TYPES)["GROUP HEALTH PLAN"]
    assert len(checks) == 1 and col_x(column) <= checks[0].x0 < col_x(column + 1)


def test_an_accident_checks_10b_with_its_state_and_prints_the_date_in_box_15():
    claim = make_claim(related_causes=("AA",), accident_state="CO", accident_date=date(2024, 2, 10))
    page = words(render_cms1500(claim))[0]
    assert "CO" in in_box(page, rect("10b"))
    assert in_box(page, rect("15")) == ["439", "02 10 24"]


def test_the_onset_of_the_illness_prints_in_box_14_with_qualifier_431():
    page = words(render_cms1500(full_claim()))[0]
    assert in_box(page, rect("14")) == ["02 12 24", "431"]
    assert in_box(words(render_cms1500(make_claim()))[0], rect("14")) == []


def test_a_long_account_number_shrinks_to_fit_rather_than_being_cut():
    text, size = fit("RC1Z-ABCDEFGHIJ-ZZ12", 14)
    assert text == "RC1Z-ABCDEFGHIJ-ZZ12" and size < DATA_SIZE
    page = words(render_cms1500(make_claim(patient_control_number="RC1Z-ABCDEFGHIJ-ZZ12")))[0]
    assert "RC1Z-ABCDEFGHIJ-ZZ12" in [w.text for w in page]


def test_an_institutional_claim_is_refused():
    with pytest.raises(Conflict, match="UB-04"):
        render_cms1500(make_claim(kind=ClaimKind.INSTITUTIONAL))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_page_one_renders_to_an_image(tmp_path: Path):
    (tmp_path / "claim.pdf").write_bytes(render_cms1500(full_claim()))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "claim.pdf", "page"], cwd=tmp_path, check=True
    )
    assert (tmp_path / "page-1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
