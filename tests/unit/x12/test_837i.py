from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from revcycle.kit.money import Money
from revcycle.x12 import parse, write
from revcycle.x12.errors import SegmentError
from revcycle.x12.x837i import Institutional837
from tests.pyx12_oracle import pyx12_errors
from tests.unit.x12 import factories as f
from tests.unit.x12.roundtrip import segments

NON_CONFORMANT_837I = {
    "out-of-network-repriced-claim.837i": "ISA16 declares ':' but composites use '>'",
    "ppo-repriced-claim.837i": "ISA16 declares ':' but composites use '>'",
}
# The guide allows only RD8 for the statement dates; these samples send D8, and we write RD8.
STATEMENT_DATE_D8 = {"institutional-claim.837i", "demo.837i"}


def test_every_837i_sample_parses_and_writes_back_the_same_segments(x12_samples: Path) -> None:
    paths = [*sorted((x12_samples / "837_005010X223A3").glob("*.837i")), x12_samples / "demo" / "demo.837i"]
    for path in paths:
        if path.name in NON_CONFORMANT_837I:
            with pytest.raises(SegmentError):
                parse(path)
            continue
        models = parse(path)
        assert all(isinstance(m, Institutional837) for m in models)
        original = segments(path.read_bytes())
        written = segments(write(models))
        if path.name in STATEMENT_DATE_D8:
            original = [
                ["DTP", "434", "RD8", f"{s[3]}-{s[3]}"] if s[:3] == ["DTP", "434", "D8"] else s
                for s in original
            ]
        assert written == original, path.name


def test_837i_sample_reads_type_of_bill_statement_dates_and_diagnoses(x12_samples: Path) -> None:
    [model] = parse(x12_samples / "demo" / "demo.837i")
    [ctx] = list(model.claims())
    assert ctx.claim.type_of_bill == "141"
    assert ctx.claim.statement_from == dt.date(1996, 9, 11)
    assert ctx.claim.diagnoses == ("3669", "4019", "79431")
    assert ctx.claim.total_claim_charge_amount == Money("89.93")


def test_written_837i_passes_pyx12_with_no_errors() -> None:
    assert pyx12_errors(write(f.make_837i())) == []


def test_837i_parse_of_write_gives_back_the_model() -> None:
    model = f.make_837i(
        claims=(
            f.make_837i_claim(
                admission_date=dt.date(2024, 2, 19), admission_hour="0800", admitting_diagnosis="R0789"
            ),
        )
    )
    text = write(model)
    assert parse(text) == [model]
    assert pyx12_errors(text) == []


def test_837i_line_without_a_procedure_code_reads_back_the_default_qualifier() -> None:
    # SV202 is left out without a procedure code; reading it back must not blank the qualifier
    service = f.make_837i_claim().services[0]
    claim = f.make_837i_claim(services=(f.replace(service, procedure_code="", modifiers=()),))
    model = f.make_837i(claims=(claim,))
    text = write(model)
    assert "SV2*0300**50*UN*1~" in text
    assert parse(text) == [model]


def test_837i_drug_on_a_line_is_written_read_back_and_passes_pyx12() -> None:
    from revcycle.x12.x837.models import Drug
    from revcycle.x12.x837i.models import InstitutionalService

    drug = Drug("00004196501", Decimal("2"), "ML")
    line = InstitutionalService(
        1,
        "0636",
        Money("120.00"),
        Decimal("1"),
        procedure_code="J1100",
        service_date=dt.date(2024, 2, 20),
        drug=drug,
    )
    model = f.make_837i(claims=(f.make_837i_claim(services=(line,)),))
    text = write(model)
    assert "LIN**N4*00004196501~CTP****2*ML~" in text.replace("\n", "")
    (read,) = parse(text)
    assert read == model
    assert read.providers[0].subscribers[0].claims[0].services[0].drug == drug
    assert pyx12_errors(text) == []
