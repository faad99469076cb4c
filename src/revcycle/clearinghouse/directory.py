"""Directory-drop adapter: outbound files go to ``outbox``, inbound files are read from ``inbox``
and moved to ``inbox/processed`` once handled."""

from __future__ import annotations

import os
from pathlib import Path

from revcycle.clearinghouse.port import InboundFile, TransportError


class DirectoryClearinghouse:
    def __init__(self, outbox: Path, inbox: Path) -> None:
        self.outbox = Path(outbox)
        self.inbox = Path(inbox)

    def send(self, file_name: str, content: str) -> None:
        """Write atomically: a partial file never appears under its final name."""
        if "/" in file_name or file_name.startswith("."):
            raise TransportError(f"{file_name!r} is not a plain file name")
        try:
            self.outbox.mkdir(parents=True, exist_ok=True)
            target = self.outbox / file_name
            if target.exists():
                raise TransportError(f"{file_name} is already in the outbox; a file is never overwritten")
            temp = self.outbox / f".{file_name}.part"
            temp.write_text(content, encoding="ascii")
            os.replace(temp, target)
        except OSError as exc:
            raise TransportError(f"could not write {file_name} to the outbox: {exc.strerror}") from exc

    def receive(self) -> list[InboundFile]:
        if not self.inbox.is_dir():
            return []
        files = sorted(p for p in self.inbox.iterdir() if p.is_file() and not p.name.startswith("."))
        return [InboundFile(p.name, p.read_text(encoding="latin-1")) for p in files]

    def done(self, file: InboundFile) -> None:
        processed = self.inbox / "processed"
        processed.mkdir(exist_ok=True)
        os.replace(self.inbox / file.name, processed / file.name)
