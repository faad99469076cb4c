"""Fixtures for claims tests: the demo practice with its charges, and a directory clearinghouse."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from revcycle.charges.demo import load_demo_charges
from revcycle.claims import acknowledgments, service, submission
from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.demo.practice import load_demo_practice
from revcycle.kit.db import Database


@dataclass(frozen=True)
class Demo:
    database: Database
    practice_id: int
    encounters: int


@pytest.fixture
def demo(database: Database) -> Demo:
    with database.transaction() as uow:
        summary = load_demo_practice(uow)
        encounters = load_demo_charges(uow, practice_id=summary.practice_id)
    return Demo(database, summary.practice_id, encounters)


@pytest.fixture
def clearinghouse(tmp_path: Path) -> DirectoryClearinghouse:
    return DirectoryClearinghouse(tmp_path / "outbox", tmp_path / "inbox")


def build_scrub_submit(demo: Demo, ch: DirectoryClearinghouse) -> list[int]:
    db, pid = demo.database, demo.practice_id
    with db.transaction() as uow:
        claims = service.build_open_encounters(uow, practice_id=pid, actor="biller")
        ids = [c.id for c in claims]
    with db.transaction() as uow:
        for cid in ids:
            findings = service.scrub_claim(uow, practice_id=pid, claim_id=cid, actor="biller")
            assert not [f for f in findings if f.is_error], findings
    with db.transaction() as uow:
        batches = submission.prepare_batches(uow, practice_id=pid)
        assert batches and all(b.status == "created" for b in batches), [b.error for b in batches]
    with db.transaction() as uow:
        submission.send_batches(uow, practice_id=pid, clearinghouse=ch, actor="biller")
    return ids


def states(demo: Demo, ids: list[int]) -> set[str]:
    with demo.database.uow() as uow:
        return {service.get_claim(uow, practice_id=demo.practice_id, claim_id=i).claim.state for i in ids}


def to_accepted(demo: Demo, ch: DirectoryClearinghouse) -> list[int]:
    """Build, scrub and submit every demo encounter, then accept them all by 999 and 277CA."""
    from tests.integration.claims.acks import ack_277ca, ack_999

    ids = build_scrub_submit(demo, ch)
    ch.inbox.mkdir(exist_ok=True)
    for i, path in enumerate(sorted(ch.outbox.iterdir())):
        text = path.read_text()
        (ch.inbox / f"999_{path.stem}.x12").write_text(ack_999(text, control=9000 + i))
        (ch.inbox / f"z277CA_{path.stem}.x12").write_text(ack_277ca(text, control=9500 + i))
    with demo.database.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=ch)
    assert states(demo, ids) == {"accepted"}
    return ids


@pytest.fixture
def api(demo: Demo, clearinghouse: DirectoryClearinghouse):
    """A client of the app on the demo database, a biller's headers, and the directory clearinghouse."""
    from fastapi.testclient import TestClient

    from revcycle.api.app import create_app
    from tests.integration.security.factories import auth_headers

    app = create_app(database=demo.database)
    app.state.clearinghouse = clearinghouse
    with TestClient(app) as client:
        yield client, auth_headers(demo.database, demo.practice_id, "biller")
