"""Checking one claim's status in real time: a 276 to the sandbox payer's real-time endpoint (its
ASGI app), the 277 answer handled as the inbox handles one and written on the claim's history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from revcycle.claims import acknowledgments, followup, service
from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.clearinghouse.port import TransportError
from revcycle.kit.errors import Conflict
from revcycle.sandbox.config import load_config
from revcycle.sandbox.http import create_app as create_sandbox
from revcycle.sandbox.service import Sandbox
from tests.integration.claims.conftest import Demo, build_scrub_submit


class SandboxPayer:
    """The real-time clearinghouse: the sandbox payer's ASGI app answering ``POST /x12``."""

    def __init__(self, state: Path) -> None:
        self.client = TestClient(create_sandbox(load_config(seed=1), state))
        self.sent: list[str] = []

    def exchange(self, content: str) -> str:
        self.sent.append(content)
        answer = self.client.post("/x12", content=content.encode("latin-1"))
        if answer.status_code != 200:
            raise TransportError(f"the sandbox answered HTTP {answer.status_code}")
        return answer.text


@pytest.fixture
def adjudicated(demo: Demo, clearinghouse: DirectoryClearinghouse, tmp_path: Path) -> Iterator[SandboxPayer]:
    """Every demo claim sent to the sandbox payer, adjudicated, and its 999, 277CA and 835 read."""
    build_scrub_submit(demo, clearinghouse)
    state = tmp_path / "payer.sqlite3"
    with Sandbox(
        clearinghouse.outbox, clearinghouse.inbox, load_config(seed=1, lag_days=0), state_path=state
    ) as payer:
        payer.process_once()
    with demo.database.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=clearinghouse, practice_id=demo.practice_id)
    realtime = SandboxPayer(state)
    yield realtime
    realtime.client.close()


def _claims_in(demo: Demo, state: str) -> list[int]:
    with demo.database.uow() as uow:
        rows, _ = service.list_claims(
            uow, practice_id=demo.practice_id, state=state, payer_id=None, limit=100, offset=0
        )
        return [r.id for r in rows]


def _check(demo: Demo, claim_id: int, payer: SandboxPayer) -> followup.StatusAnswer:
    with demo.database.transaction() as uow:
        return followup.check_claim_status(
            uow, practice_id=demo.practice_id, claim_id=claim_id, clearinghouse=payer, actor="biller"
        )


def _history(demo: Demo, claim_id: int) -> list[tuple[str, str, str, str]]:
    with demo.database.uow() as uow:
        view = service.get_claim(uow, practice_id=demo.practice_id, claim_id=claim_id)
        return [(h.event, h.to_state, h.source_document, h.note) for h in view.history]


def test_a_paid_claim_is_answered_finalized_paid_and_the_answer_is_on_its_history(
    demo: Demo, adjudicated: SandboxPayer
):
    paid = _claims_in(demo, "paid")
    assert paid, "the sandbox paid none of the demo claims"
    answer = _check(demo, paid[0], adjudicated)
    assert answer.status.category == "F1" and answer.words.startswith("F1/")
    assert "finalized: paid" in answer.words
    assert answer.claim.state == "paid" and not answer.state_changed
    assert "ST*276*" in adjudicated.sent[0]
    *_, asked, answered = _history(demo, paid[0])
    assert asked[0] == "status" and asked[2].startswith("276 276_") and "real time" in asked[3]
    assert answered == ("status", "paid", f"277 277_answer_to_{answer.request_file}", answer.words)


def test_a_denied_claim_is_answered_finalized_denied_and_stays_denied(demo: Demo, adjudicated: SandboxPayer):
    denied = _claims_in(demo, "denied")
    if not denied:
        pytest.skip("the sandbox (seed 1) denied none of the demo claims")
    answer = _check(demo, denied[0], adjudicated)
    assert answer.status.category == "F2" and "finalized: denied" in answer.words
    assert answer.claim.state == "denied"
    assert _history(demo, denied[0])[-1][3] == answer.words


def test_a_claim_the_payer_never_received_is_answered_not_found_and_stays_open(
    demo: Demo, clearinghouse: DirectoryClearinghouse, tmp_path: Path
):
    ids = build_scrub_submit(demo, clearinghouse)
    payer = SandboxPayer(tmp_path / "empty-payer.sqlite3")  # the payer has no claim of ours
    try:
        answer = _check(demo, ids[0], payer)
    finally:
        payer.client.close()
    assert (answer.status.category, answer.status.code) == ("D0", "35")
    assert "claim or encounter not found" in answer.words
    assert answer.claim.state == "submitted" and answer.claim.last_status_request_at is not None
    event, state, source, note = _history(demo, ids[0])[-1]
    assert (event, state, note) == ("status", "submitted", answer.words)
    assert source.startswith("277 277_answer_to_276_")


def test_a_claim_not_sent_yet_is_not_asked_about(demo: Demo):
    with demo.database.transaction() as uow:
        draft = service.build_open_encounters(uow, practice_id=demo.practice_id, actor="biller")[0].id

    class NeverAsked:
        def exchange(self, content: str) -> str:
            raise AssertionError("nothing should be sent for a draft")

    with demo.database.transaction() as uow, pytest.raises(Conflict, match="draft"):
        followup.check_claim_status(
            uow, practice_id=demo.practice_id, claim_id=draft, clearinghouse=NeverAsked(), actor="biller"
        )


def test_an_answer_that_does_not_name_the_claim_is_refused(demo: Demo, clearinghouse: DirectoryClearinghouse):
    ids = build_scrub_submit(demo, clearinghouse)

    class Garbled:
        def exchange(self, content: str) -> str:
            return "not x12"

    with demo.database.transaction() as uow, pytest.raises(Conflict, match="answer"):
        followup.check_claim_status(
            uow, practice_id=demo.practice_id, claim_id=ids[0], clearinghouse=Garbled(), actor="biller"
        )
