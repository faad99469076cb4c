from __future__ import annotations

from pathlib import Path

import pytest

from revcycle.sandbox.service import process_once
from revcycle.x12 import parse
from tests.integration.sandbox.conftest import claim, drop, sandbox_config, x837
from tests.pyx12_oracle import pyx12_errors

pytestmark = pytest.mark.usefixtures("frozen")


def test_broken_transaction_set_is_rejected_in_the_999_with_ik3_notes(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    text = x837(claim("PCN1")).replace("CLM*PCN1*200*", "CLM*PCN1*2X0*")
    drop(inbox, "bad.x12", text)
    report = process_once(inbox, outbox, sandbox_config())
    assert report.claims_accepted == 0
    ack_text = (outbox / "bad.999.x12").read_text()
    (ack,) = parse(ack_text)
    assert ack.code == "R"
    (response,) = ack.transaction_sets
    assert response.code == "R"
    assert any(note.segment_id == "CLM" for note in response.segments)
    assert not (outbox / "bad.277ca.x12").exists()
    assert pyx12_errors(ack_text) == []


def test_mismatched_iea_gets_a_ta1_rejection_and_nothing_else(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    drop(inbox, "bad.x12", x837(claim("PCN1")).replace("IEA*1*000000101", "IEA*1*000000999"))
    process_once(inbox, outbox, sandbox_config())
    assert sorted(p.name for p in outbox.glob("*.x12")) == ["bad.ta1.x12"]
    (ta1,) = parse((outbox / "bad.ta1.x12").read_text())
    assert (ta1.code, ta1.note_code, ta1.acknowledged_control_number) == ("R", "001", "000000101")


def test_reused_interchange_control_number_gets_ta1_025(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    config = sandbox_config()
    drop(inbox, "one.x12", x837(claim("PCN1")))
    process_once(inbox, outbox, config)
    drop(inbox, "two.x12", x837(claim("PCN2")))
    process_once(inbox, outbox, config)
    (ta1,) = parse((outbox / "two.ta1.x12").read_text())
    assert ta1.note_code == "025"


def test_file_that_is_not_x12_is_set_aside_without_a_reply(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    drop(inbox, "notes.txt", "hello")
    report = process_once(inbox, outbox, sandbox_config())
    assert report.files_read == 1
    assert list(outbox.glob("*.x12")) == []
