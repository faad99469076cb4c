from __future__ import annotations

import datetime as dt
from pathlib import Path

from revcycle.x12 import parse, write
from revcycle.x12.ta1 import InterchangeAcknowledgment
from tests.pyx12_oracle import pyx12_errors
from tests.unit.x12 import factories as f
from tests.unit.x12.roundtrip import segments


def test_written_277ca_passes_pyx12_and_parses_back_to_the_model() -> None:
    model = f.make_277ca()
    text = write(model)
    assert pyx12_errors(text) == []
    assert parse(text) == [model]


def test_written_999_passes_pyx12_and_parses_back_to_the_model() -> None:
    model = f.make_999()
    text = write(model)
    assert pyx12_errors(text) == []
    assert parse(text) == [model]


def test_accepting_999_with_no_errors_passes_pyx12() -> None:
    from revcycle.x12.x999 import TransactionSetResponse

    model = f.make_999(
        transaction_sets=(TransactionSetResponse("837", "0001", "A", "005010X222A1"),), code="A", accepted=1
    )
    assert pyx12_errors(write(model)) == []
    assert parse(write(model)) == [model]


def test_ta1_writes_its_own_interchange_and_parses_back() -> None:
    model = InterchangeAcknowledgment(
        envelope=f.make_envelope(group_control_number="", transaction_control_number=""),
        acknowledged_control_number="000000905",
        interchange_date=dt.date(2024, 3, 1),
        interchange_time="1200",
        code="R",
        note_code="022",
    )
    text = write(model)
    assert "TA1*000000905*240301*1200*R*022~" in text
    assert parse(text) == [model]


def test_every_270_271_276_277_sample_writes_back_the_same_segments(x12_samples: Path) -> None:
    checked = 0
    for pattern in ("*/*.270", "*/*.271", "*/*.276", "*/*.277"):
        for path in sorted(x12_samples.glob(pattern)):
            if path.name == "subscriber-health-benefit-check-error.271":
                continue  # its SE02 (4323) differs from ST02 (4321): see test_bad_input
            assert segments(write(parse(path))) == segments(path.read_bytes()), path.name
            checked += 1
    assert checked >= 16


def test_271_address_after_the_references_is_read_as_the_address() -> None:
    # 2100C: NM1, REF, N3, N4 (the guide's order); the address must not end up in other_segments
    from revcycle.x12.core.common import Name
    from revcycle.x12.core.levels import Level, LevelHeader
    from revcycle.x12.x271 import EligibilityResponse271

    subscriber = Level(
        "22",
        name=Name("IL", "1", "DOE", "JANE", id_qualifier="MI", identifier="MEM123456"),
        references=(("6P", "GRP123"),),
        address=f.make_address(line1="12 ELM ST"),
        birth_date=dt.date(1980, 5, 17),
        sex="F",
    )
    receiver = Level(
        "21", name=Name("1P", "2", "SPRINGFIELD CLINIC", id_qualifier="XX", identifier=f.BILLING_NPI)
    )
    source = Level(
        "20",
        name=Name("PR", "2", "ACME HEALTH", id_qualifier="PI", identifier="ACME01"),
        children=(f.replace(receiver, children=(subscriber,)),),
    )
    model = EligibilityResponse271(
        envelope=f.make_envelope(),
        header=LevelHeader("0022", "11", "REQ0001", dt.date(2024, 3, 1), "1200"),
        levels=(source,),
    )
    text = write(model)
    assert "NM1*IL*1*DOE*JANE****MI*MEM123456~\nREF*6P*GRP123~\nN3*12 ELM ST~" in text
    assert parse(text) == [model]
