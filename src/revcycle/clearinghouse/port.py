"""The ``Clearinghouse`` port: how claims leave and acknowledgments come back.

Adapters: :class:`~revcycle.clearinghouse.directory.DirectoryClearinghouse` (an outbox and an
inbox folder, for clearinghouses that sync folders, and for tests) and
:class:`~revcycle.clearinghouse.sftp.SftpClearinghouse` (SFTP upload and download).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from revcycle.kit.errors import RevcycleError


class TransportError(RevcycleError):
    """A file could not be sent to or read from the clearinghouse; the message says why."""


@dataclass(frozen=True)
class InboundFile:
    """A file the clearinghouse left for us (TA1, 999, 277CA, 277, 835)."""

    name: str
    content: str


class Clearinghouse(Protocol):
    """Send outbound X12 files; list, read and set aside inbound ones."""

    def send(self, file_name: str, content: str) -> None:
        """Deliver one file; raises :class:`TransportError` when it did not arrive."""
        ...

    def receive(self) -> list[InboundFile]:
        """Every file waiting in the inbox, oldest name first."""
        ...

    def done(self, file: InboundFile) -> None:
        """Set a processed inbound file aside so it is not received again."""
        ...


class RealtimeClearinghouse(Protocol):
    """Real-time X12 exchanges: one request (270, 276) answered at once (271, 277).

    Adapter: :class:`~revcycle.clearinghouse.realtime_http.HttpRealtimeClearinghouse`. Batch 270s go
    out as files through :class:`Clearinghouse` and their 271s come back in the inbox.
    """

    def exchange(self, content: str) -> str:
        """Send one X12 request and return the X12 answer; raises :class:`TransportError` without one."""
        ...
