"""Bad input gets a clear error or finding, never a traceback, in bounded time."""

from __future__ import annotations

import pytest

from revcycle.kit.errors import FormatError
from revcycle.x12 import parse, write
from revcycle.x12.errors import EnvelopeError, NotX12Error, UnsupportedError
from revcycle.x12.validate import validate
from tests.unit.x12 import factories as f

GOOD = write(f.make_837p())


def test_empty_file_is_not_x12() -> None:
    with pytest.raises(NotX12Error, match="empty"):
        parse(b"")
    assert not validate(b"").is_x12


def test_binary_file_is_not_x12() -> None:
    with pytest.raises(NotX12Error, match="binary"):
        parse(bytes(range(256)) * 10)


def test_utf16_file_is_refused_with_a_hint() -> None:
    with pytest.raises(NotX12Error, match="UTF-16"):
        parse(GOOD.encode("utf-16"))


def test_text_before_the_isa_is_reported_with_its_line() -> None:
    with pytest.raises(NotX12Error, match="text before the ISA"):
        parse(b"hello\n" + GOOD.encode())


def test_truncated_isa_names_the_isa_segment() -> None:
    with pytest.raises(EnvelopeError, match="truncated") as info:
        parse(GOOD[:60])
    assert info.value.segment_id == "ISA"


def test_short_isa_field_names_the_element() -> None:
    text = GOOD.replace("SUBMITTER01    ", "SUBMITTER01", 1)
    with pytest.raises(EnvelopeError):
        parse(text)


def test_unknown_version_is_unsupported() -> None:
    with pytest.raises(UnsupportedError, match="00401"):
        parse(GOOD.replace("*00501*", "*00401*", 1))


def test_wrong_se01_names_the_se_segment_and_element() -> None:
    with pytest.raises(EnvelopeError) as info:
        parse(GOOD.replace("SE*29*0001", "SE*30*0001"))
    assert (info.value.segment_id, info.value.element) == ("SE", "SE01")
    assert info.value.line is not None and info.value.position is not None


def test_iea_that_does_not_match_isa_is_an_envelope_error() -> None:
    with pytest.raises(EnvelopeError, match="IEA02"):
        parse(GOOD.replace("IEA*1*000000101", "IEA*1*000000999"))


def test_segment_cut_mid_way_is_reported() -> None:
    cut = GOOD[: GOOD.index("SE*29") + 4]
    with pytest.raises(EnvelopeError, match="middle of a segment"):
        parse(cut)
    report = validate(cut)
    assert not report.valid and report.is_x12


def test_every_bad_input_is_a_format_error_for_callers() -> None:
    for bad in (b"", b"\x00\x01", GOOD[:50].encode(), b"ISA*" + b"x" * 200):
        with pytest.raises(FormatError):
            parse(bad)


def test_file_with_line_breaks_and_other_delimiters_reads_the_same() -> None:
    from revcycle.x12.core.segment import Delimiters

    model = f.make_837p(envelope=f.make_envelope(delimiters=Delimiters("|", "!", ">", "\n")))
    text = write(model)
    assert text.startswith("ISA|00|")
    assert parse(text) == [model]


def test_several_interchanges_in_one_file_are_all_read() -> None:
    first = f.make_837p()
    second = f.make_837p(envelope=f.make_envelope(interchange_control_number="000000102"))
    assert parse(write([first, second])) == [first, second]
