"""The SFTP adapter against a real OpenSSH server started on a loopback port for this test."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from revcycle.clearinghouse.port import TransportError
from revcycle.clearinghouse.sftp import SftpClearinghouse, SftpSettings

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def sshd(tmp_path: Path):
    if SSHD is None or shutil.which("ssh-keygen") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI installs openssh-server (see .ci/run); sshd is missing")
        pytest.skip("OpenSSH server (sshd) is not installed here; CI installs it")
    for name in ("host", "client"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / name)], check=True
        )
    (tmp_path / "authorized_keys").write_text((tmp_path / "client.pub").read_text())
    os.chmod(tmp_path / "authorized_keys", 0o600)
    port = _free_port()
    config = tmp_path / "sshd_config"
    config.write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {tmp_path / 'host'}",
                f"AuthorizedKeysFile {tmp_path / 'authorized_keys'}",
                f"PidFile {tmp_path / 'sshd.pid'}",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "StrictModes no",
                "Subsystem sftp internal-sftp",
                "",
            ]
        )
    )
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory
    log = tmp_path / "sshd.log"
    with open(log, "wb") as stderr:
        process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=stderr)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"sshd did not start: {log.read_text()}")
            time.sleep(0.05)
    host_key = (tmp_path / "host.pub").read_text().split()
    (tmp_path / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}\n")
    remote = tmp_path / "remote"
    (remote / "outbox").mkdir(parents=True)
    (remote / "inbox").mkdir()
    settings = SftpSettings(
        host="127.0.0.1",
        port=port,
        username=getpass.getuser(),
        key_file=tmp_path / "client",
        known_hosts=tmp_path / "known_hosts",
        remote_outbox=str(remote / "outbox"),
        remote_inbox=str(remote / "inbox"),
    )
    yield settings, remote
    process.terminate()
    process.wait(timeout=10)


def test_sftp_uploads_whole_files_and_reads_then_sets_aside_the_inbox(sshd):
    settings, remote = sshd
    ch = SftpClearinghouse(settings)
    ch.send("837P_000000001.x12", "ISA*...~")
    assert (remote / "outbox" / "837P_000000001.x12").read_text() == "ISA*...~"
    assert not list((remote / "outbox").glob(".*"))
    (remote / "inbox" / "999_1.x12").write_text("ISA*999~")
    files = ch.receive()
    assert [(f.name, f.content) for f in files] == [("999_1.x12", "ISA*999~")]
    ch.done(files[0])
    assert ch.receive() == [] and (remote / "inbox" / "processed" / "999_1.x12").exists()


def test_sftp_refuses_a_server_whose_host_key_is_unknown(sshd, tmp_path: Path):
    settings, _ = sshd
    (tmp_path / "empty_known_hosts").write_text("")
    stranger = SftpSettings(**{**settings.__dict__, "known_hosts": tmp_path / "empty_known_hosts"})
    with pytest.raises(TransportError, match="cannot open SFTP"):
        SftpClearinghouse(stranger).send("x.x12", "ISA~")
