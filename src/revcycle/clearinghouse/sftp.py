"""SFTP adapter (paramiko): upload to a remote outbox folder, download from a remote inbox folder.

The server's host key must be known (``known_hosts`` or ``host_key``): an unknown host is refused,
never trusted on first use.
"""

from __future__ import annotations

import base64
import io
import posixpath
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import paramiko

from revcycle.clearinghouse.port import InboundFile, TransportError


@dataclass(frozen=True)
class SftpSettings:
    host: str
    port: int
    username: str
    key_file: Path
    remote_outbox: str = "outbox"
    remote_inbox: str = "inbox"
    known_hosts: Path | None = None
    host_key: str | None = None
    """``"ssh-ed25519 AAAA..."``: pins the server key when no known_hosts file is given."""
    timeout: float = 15.0


class SftpClearinghouse:
    def __init__(self, settings: SftpSettings) -> None:
        self.settings = settings

    @contextmanager
    def _session(self) -> Iterator[paramiko.SFTPClient]:
        s = self.settings
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        if s.known_hosts is not None:
            client.load_host_keys(str(s.known_hosts))
        if s.host_key:
            kind, data = s.host_key.split()[:2]
            key = paramiko.PKey.from_type_string(kind, base64.b64decode(data))
            name = s.host if s.port == 22 else f"[{s.host}]:{s.port}"
            client.get_host_keys().add(name, kind, key)
        try:
            client.connect(
                s.host,
                port=s.port,
                username=s.username,
                key_filename=str(s.key_file),
                timeout=s.timeout,
                allow_agent=False,
                look_for_keys=False,
            )
            sftp = client.open_sftp()
        except (OSError, paramiko.SSHException) as exc:
            client.close()
            raise TransportError(f"cannot open SFTP to {s.host}:{s.port}: {exc}") from exc
        try:
            yield sftp
        finally:
            sftp.close()
            client.close()

    def send(self, file_name: str, content: str) -> None:
        """Upload under a temporary name, then rename: the clearinghouse never sees half a file."""
        s = self.settings
        final = posixpath.join(s.remote_outbox, file_name)
        temp = posixpath.join(s.remote_outbox, f".{file_name}.part")
        with self._session() as sftp:
            try:
                sftp.putfo(io.BytesIO(content.encode("ascii")), temp)
                sftp.posix_rename(temp, final)
            except (OSError, paramiko.SSHException) as exc:
                raise TransportError(f"could not upload {file_name}: {exc}") from exc

    def receive(self) -> list[InboundFile]:
        s = self.settings
        out: list[InboundFile] = []
        with self._session() as sftp:
            try:
                names = sorted(n for n in sftp.listdir(s.remote_inbox) if not n.startswith("."))
                for name in names:
                    path = posixpath.join(s.remote_inbox, name)
                    if not _is_file(sftp, path):
                        continue
                    buffer = io.BytesIO()
                    sftp.getfo(path, buffer)
                    out.append(InboundFile(name, buffer.getvalue().decode("latin-1")))
            except (OSError, paramiko.SSHException) as exc:
                raise TransportError(f"could not read the remote inbox: {exc}") from exc
        return out

    def done(self, file: InboundFile) -> None:
        s = self.settings
        processed = posixpath.join(s.remote_inbox, "processed")
        with self._session() as sftp:
            try:
                if "processed" not in sftp.listdir(s.remote_inbox):
                    sftp.mkdir(processed)
                sftp.posix_rename(
                    posixpath.join(s.remote_inbox, file.name), posixpath.join(processed, file.name)
                )
            except (OSError, paramiko.SSHException) as exc:
                raise TransportError(f"could not set {file.name} aside: {exc}") from exc


def _is_file(sftp: paramiko.SFTPClient, path: str) -> bool:
    mode = sftp.stat(path).st_mode
    return mode is not None and stat.S_ISREG(mode)
