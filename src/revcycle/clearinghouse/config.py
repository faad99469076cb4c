"""Which clearinghouse adapter this installation uses, from environment variables.

- ``REVCYCLE_SFTP_HOST`` set: SFTP (``REVCYCLE_SFTP_PORT``, ``_USER``, ``_KEY_FILE``,
  ``_KNOWN_HOSTS``, ``_OUTBOX``, ``_INBOX``).
- otherwise a directory drop under ``REVCYCLE_CLEARINGHOUSE_DIR`` (default ``<data dir>/clearinghouse``)
  with ``outbox`` and ``inbox`` folders.
- ``REVCYCLE_CLEARINGHOUSE_RECEIVER_ID``: the receiver ID the clearinghouse gave (ISA08).
"""

from __future__ import annotations

import os
from pathlib import Path

from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.clearinghouse.port import Clearinghouse
from revcycle.kit.errors import ConfigurationError
from revcycle.kit.settings import Settings


def receiver_id() -> str:
    return os.environ.get("REVCYCLE_CLEARINGHOUSE_RECEIVER_ID", "CLEARINGHOUSE")


def clearinghouse_from_env(settings: Settings) -> Clearinghouse:
    host = os.environ.get("REVCYCLE_SFTP_HOST")
    if host:
        from revcycle.clearinghouse.sftp import SftpClearinghouse, SftpSettings

        key = os.environ.get("REVCYCLE_SFTP_KEY_FILE")
        known = os.environ.get("REVCYCLE_SFTP_KNOWN_HOSTS")
        if not key or not known:
            raise ConfigurationError("SFTP needs REVCYCLE_SFTP_KEY_FILE and REVCYCLE_SFTP_KNOWN_HOSTS")
        return SftpClearinghouse(
            SftpSettings(
                host=host,
                port=int(os.environ.get("REVCYCLE_SFTP_PORT", "22")),
                username=os.environ.get("REVCYCLE_SFTP_USER", "revcycle"),
                key_file=Path(key),
                known_hosts=Path(known),
                remote_outbox=os.environ.get("REVCYCLE_SFTP_OUTBOX", "outbox"),
                remote_inbox=os.environ.get("REVCYCLE_SFTP_INBOX", "inbox"),
            )
        )
    root = Path(os.environ.get("REVCYCLE_CLEARINGHOUSE_DIR", str(settings.data_dir / "clearinghouse")))
    return DirectoryClearinghouse(root / "outbox", root / "inbox")
