from pathlib import Path

import pytest

from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.clearinghouse.port import TransportError


def test_directory_drop_writes_the_outbox_and_sets_processed_inbox_files_aside(tmp_path: Path):
    ch = DirectoryClearinghouse(tmp_path / "out", tmp_path / "in")
    ch.send("a.x12", "ISA~")
    assert (tmp_path / "out" / "a.x12").read_text() == "ISA~"
    with pytest.raises(TransportError, match="never overwritten"):
        ch.send("a.x12", "ISA~")
    with pytest.raises(TransportError, match="plain file name"):
        ch.send("../a.x12", "ISA~")
    assert ch.receive() == []
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "b.x12").write_text("ISA*999~")
    (received,) = ch.receive()
    ch.done(received)
    assert ch.receive() == [] and (tmp_path / "in" / "processed" / "b.x12").exists()
