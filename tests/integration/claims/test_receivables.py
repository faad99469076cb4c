"""A primary claim's charges go on the payer's receivable when the claim is first sent, and stay
equal to the claim as billed through resubmission, corrections, voids and the payer's 835; and
835s dropped in the inbox are posted through ``revcycle inbox process`` and the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from revcycle.claims import acknowledgments, corrections, receivables, service, submission
from revcycle.claims import repository as claims_repo
from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.intake.repository import practice_repo
from revcycle.kit.db import Database
from revcycle.kit.money import Money
from revcycle.kit.settings import get_settings
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service
from revcycle.ledger.domain import AccountKind
from revcycle.remittance.service.ingest import ingest_era
from tests.integration.claims.acks import ta1
from tests.integration.claims.conftest import Demo, build_scrub_submit, to_accepted
from tests.integration.remittance.conftest import World, clp, era_text, make_claim, make_world, svc

ZERO = Money("0.00")


def insurance_ar(db: Database, pid: int, claim_id: int) -> Money:
    with db.uow() as uow:
        return ledger_service.claim_balance(uow, practice_id=pid, claim_id=claim_id).insurance


def practice_ar(db: Database, pid: int) -> Money:
    with db.uow() as uow:
        trial = ledger_service.trial_balance(uow, practice_id=pid)
        assert trial.is_balanced
        found = ledger_service.balances(uow, practice_id=pid, where=ledger.AccountFilter.receivables())
        return Money.total(found.values())


def gross_charges(db: Database, pid: int) -> Money:
    with db.uow() as uow:
        found = ledger_service.balances(
            uow, practice_id=pid, where=ledger.AccountFilter(kinds=frozenset({AccountKind.GROSS_CHARGES}))
        )
        return -Money.total(found.values())


def total_charge(db: Database, pid: int, claim_id: int) -> Money:
    with db.uow() as uow:
        return service.get_claim(uow, practice_id=pid, claim_id=claim_id).claim.total_charge


def send_ready(db: Database, pid: int, ch: DirectoryClearinghouse) -> None:
    with db.transaction() as uow:
        batches = submission.prepare_batches(uow, practice_id=pid)
        assert all(b.status == "created" for b in batches), [b.error for b in batches]
    with db.transaction() as uow:
        submission.send_batches(uow, practice_id=pid, clearinghouse=ch, actor="biller")


def scrubbed(db: Database, pid: int, claim_id: int) -> None:
    with db.transaction() as uow:
        findings = service.scrub_claim(uow, practice_id=pid, claim_id=claim_id)
        assert not [f for f in findings if f.is_error], findings


def test_a_claim_is_owed_by_its_payer_only_once_it_is_sent_effective_on_the_date_of_service(
    demo: Demo, clearinghouse: DirectoryClearinghouse
) -> None:
    db, pid = demo.database, demo.practice_id
    with db.transaction() as uow:
        ids = [c.id for c in service.build_open_encounters(uow, practice_id=pid)]
    for cid in ids:
        scrubbed(db, pid, cid)
    with db.transaction() as uow:
        submission.prepare_batches(uow, practice_id=pid)
    assert practice_ar(db, pid) == ZERO
    with db.transaction() as uow:
        submission.send_batches(uow, practice_id=pid, clearinghouse=clearinghouse)
    for cid in ids:
        assert insurance_ar(db, pid, cid) == total_charge(db, pid, cid)
    assert (
        practice_ar(db, pid) == gross_charges(db, pid) == Money.total(total_charge(db, pid, i) for i in ids)
    )
    with db.uow() as uow:
        row = claims_repo.claims(uow, pid).get(ids[0])
        entries = ledger_service.entries_from_source(
            uow, practice_id=pid, source=receivables.source_of(row.id)
        )
        lines = claims_repo.lines_of(uow, row.id)
        assert len(entries) == len(lines)
        assert {e.entry.effective_date for e in entries} == {row.date_of_service}
        assert {e.entry.kind for e in entries} == {ledger.EntryKind.CHARGE}


def test_sending_a_claim_again_does_not_post_its_charges_twice(
    demo: Demo, clearinghouse: DirectoryClearinghouse
) -> None:
    db, pid = demo.database, demo.practice_id
    ids = build_scrub_submit(demo, clearinghouse)
    charged = gross_charges(db, pid)
    with db.transaction() as uow:  # a repeated call posts nothing
        for cid in ids:
            receivables.on_sent(uow, claims_repo.claims(uow, pid).get(cid))
    assert gross_charges(db, pid) == charged
    clearinghouse.inbox.mkdir(exist_ok=True)
    for i, path in enumerate(sorted(clearinghouse.outbox.iterdir())):
        (clearinghouse.inbox / f"TA1_{i}.x12").write_text(ta1(path.read_text(), control=9100 + i))
    with db.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=clearinghouse)
    with db.transaction() as uow:
        for cid in ids:
            assert claims_repo.claims(uow, pid).get(cid).state == "rejected"
            corrections.correct_claim(uow, practice_id=pid, claim_id=cid, actor="biller")
    for cid in ids:
        scrubbed(db, pid, cid)
    send_ready(db, pid, clearinghouse)
    for cid in ids:
        assert insurance_ar(db, pid, cid) == total_charge(db, pid, cid)
    assert practice_ar(db, pid) == gross_charges(db, pid) == charged


def test_voiding_an_accepted_claim_reverses_its_charges_when_the_void_is_sent(
    demo: Demo, clearinghouse: DirectoryClearinghouse
) -> None:
    db, pid = demo.database, demo.practice_id
    ids = to_accepted(demo, clearinghouse)
    before, voided = practice_ar(db, pid), total_charge(db, pid, ids[0])
    with db.transaction() as uow:
        void_id = corrections.void_claim(uow, practice_id=pid, claim_id=ids[0], actor="biller").id
    assert practice_ar(db, pid) == before  # nothing moves until the void goes to the payer
    scrubbed(db, pid, void_id)
    send_ready(db, pid, clearinghouse)
    assert insurance_ar(db, pid, ids[0]) == ZERO
    assert insurance_ar(db, pid, void_id) == ZERO
    assert practice_ar(db, pid) == before - voided


def test_voiding_a_rejected_claim_reverses_the_charges_it_was_sent_with(
    demo: Demo, clearinghouse: DirectoryClearinghouse
) -> None:
    db, pid = demo.database, demo.practice_id
    ids = build_scrub_submit(demo, clearinghouse)
    clearinghouse.inbox.mkdir(exist_ok=True)
    for i, path in enumerate(sorted(clearinghouse.outbox.iterdir())):
        (clearinghouse.inbox / f"TA1_{i}.x12").write_text(ta1(path.read_text(), control=9100 + i))
    with db.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=clearinghouse)
    before, voided = practice_ar(db, pid), total_charge(db, pid, ids[0])
    with db.transaction() as uow:
        corrections.void_claim(
            uow, practice_id=pid, claim_id=ids[0], actor="biller", reason="duplicate visit"
        )
    assert insurance_ar(db, pid, ids[0]) == ZERO
    assert practice_ar(db, pid) == before - voided


def test_a_replacement_claim_changes_the_receivable_by_the_difference(
    demo: Demo, clearinghouse: DirectoryClearinghouse
) -> None:
    db, pid = demo.database, demo.practice_id
    ids = to_accepted(demo, clearinghouse)
    before = practice_ar(db, pid)
    with db.uow() as uow:
        lines = [
            {
                "line_number": ln.line_number,
                "code": ln.code,
                "charge": str(ln.charge.amount + (25 if ln.line_number == 1 else 0)),
                "units": str(ln.units),
                "service_date": ln.service_date.isoformat(),
                "diagnosis_pointers": list(ln.diagnosis_pointers),
                "modifiers": list(ln.modifiers),
            }
            for ln in service.claim_of(claims_repo.claims(uow, pid).get(ids[0])).lines
        ]
    with db.transaction() as uow:
        new_id = corrections.correct_claim(
            uow, practice_id=pid, claim_id=ids[0], actor="biller", changes={"lines": lines}
        ).id
    scrubbed(db, pid, new_id)
    assert practice_ar(db, pid) == before
    send_ready(db, pid, clearinghouse)
    assert insurance_ar(db, pid, ids[0]) == ZERO
    assert insurance_ar(db, pid, new_id) == total_charge(db, pid, new_id)
    assert practice_ar(db, pid) == before + Money("25.00")


def test_a_secondary_claim_posts_no_charge(demo: Demo, clearinghouse: DirectoryClearinghouse) -> None:
    db, pid = demo.database, demo.practice_id
    ids = build_scrub_submit(demo, clearinghouse)
    charged = gross_charges(db, pid)
    with db.transaction() as uow:
        row = claims_repo.claims(uow, pid).get(ids[0])
        snapshot = row.snapshot.replace('"payer_responsibility": "P"', '"payer_responsibility": "S"')
        assert snapshot != row.snapshot
        row.snapshot = snapshot
        receivables.on_sent(uow, row)
        for cid in ids[1:]:
            receivables.on_sent(uow, claims_repo.claims(uow, pid).get(cid))
    assert gross_charges(db, pid) == charged


def _world_claim_sent(world: World, tmp_path: Path) -> tuple[int, str]:
    built = make_claim(world, (("99213", "200.00"),), state="ready")
    with world.database.transaction() as uow:
        practice_repo(uow).get(world.practice_id).phone = "3035550100"
    ch = DirectoryClearinghouse(tmp_path / "outbox", tmp_path / "inbox")
    send_ready(world.database, world.practice_id, ch)
    assert insurance_ar(world.database, world.practice_id, built.id) == Money("200.00")
    return built.id, built.pcn


PAID_835 = ("96.00", ("CO", "45", "50.00"), ("PR", "1", "30.00"), ("PR", "2", "24.00"))


def _paid_835(pcn: str) -> str:
    paid, *cas = PAID_835
    return era_text(clp(pcn, svc("99213", "200.00", paid, *cas)))


def _assert_paid(db: Database, pid: int, claim_id: int) -> None:
    with db.uow() as uow:
        balance = ledger_service.claim_balance(uow, practice_id=pid, claim_id=claim_id)
        assert ledger_service.trial_balance(uow, practice_id=pid).is_balanced
    assert (balance.insurance, balance.patient) == (ZERO, Money("54.00"))


def test_an_835_after_the_claim_is_sent_leaves_the_patient_share_owed(
    database: Database, tmp_path: Path
) -> None:
    world = make_world(database)
    claim_id, pcn = _world_claim_sent(world, tmp_path)
    with database.transaction() as uow:
        result = ingest_era(uow, practice_id=world.practice_id, text=_paid_835(pcn), source_name="era.x12")
    assert result.status == "posted", result
    _assert_paid(database, world.practice_id, claim_id)


@pytest.fixture
def cli_env(database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("REVCYCLE_DATABASE_URL", database.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("REVCYCLE_CLEARINGHOUSE_DIR", str(tmp_path / "ch"))
    get_settings.cache_clear()
    yield tmp_path / "ch"
    get_settings.cache_clear()


def test_an_835_in_the_inbox_is_posted_by_revcycle_inbox_process(
    database: Database, cli_env: Path, tmp_path: Path
) -> None:
    from revcycle.cli import app

    world = make_world(database)
    claim_id, pcn = _world_claim_sent(world, tmp_path / "sent")
    (cli_env / "inbox").mkdir(parents=True)
    (cli_env / "inbox" / "835_0001.x12").write_text(_paid_835(pcn))
    result = CliRunner().invoke(app, ["inbox", "process", "--json"])
    assert result.exit_code == 0, result.output
    assert '"835_0001.x12: posted"' in result.stdout
    _assert_paid(database, world.practice_id, claim_id)


def test_revcycle_inbox_process_names_the_practice_option_when_there_are_several(
    database: Database, cli_env: Path
) -> None:
    from revcycle.cli import app

    make_world(database)
    make_world(database)
    result = CliRunner().invoke(app, ["inbox", "process"])
    assert result.exit_code == 2 and "--practice" in result.output


def test_an_835_in_the_inbox_is_posted_to_the_callers_practice_by_the_api(
    database: Database, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from revcycle.api.app import create_app
    from tests.integration.security.factories import auth_headers

    world = make_world(database)
    claim_id, pcn = _world_claim_sent(world, tmp_path / "sent")
    ch = DirectoryClearinghouse(tmp_path / "ch" / "outbox", tmp_path / "ch" / "inbox")
    ch.inbox.mkdir(parents=True)
    (ch.inbox / "835_0001.x12").write_text(_paid_835(pcn))
    app = create_app(database=database)
    app.state.clearinghouse = ch
    with TestClient(app) as client:
        response = client.post(
            "/api/v1/inbox/process", headers=auth_headers(database, world.practice_id, "biller")
        )
    assert response.status_code == 200, response.text
    assert response.json()["remittances"] == ["835_0001.x12: posted"]
    _assert_paid(database, world.practice_id, claim_id)


def test_a_claim_corrected_after_a_rejection_is_sent_again_and_keeps_the_time_it_was_first_sent(
    demo: Demo, clearinghouse: DirectoryClearinghouse
) -> None:
    db, pid = demo.database, demo.practice_id
    ids = build_scrub_submit(demo, clearinghouse)
    with db.uow() as uow:
        first = {cid: claims_repo.claims(uow, pid).get(cid).first_submitted_at for cid in ids}
    assert all(first.values())
    clearinghouse.inbox.mkdir(exist_ok=True)
    for i, path in enumerate(sorted(clearinghouse.outbox.iterdir())):
        (clearinghouse.inbox / f"TA1_{i}.x12").write_text(ta1(path.read_text(), control=9200 + i))
    with db.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=clearinghouse)
    with db.transaction() as uow:
        for cid in ids:
            corrections.correct_claim(uow, practice_id=pid, claim_id=cid, actor="biller")
    for cid in ids:
        scrubbed(db, pid, cid)
    send_ready(db, pid, clearinghouse)
    with db.uow() as uow:
        for cid in ids:
            row = claims_repo.claims(uow, pid).get(cid)
            assert row.state == "submitted"
            assert row.submitted_at > first[cid] and row.first_submitted_at == first[cid]


def _rejected_and_corrected(
    demo: Demo, clearinghouse: DirectoryClearinghouse, rules: dict[str, object]
) -> dict[int, str]:
    """Send the demo's claims under these payer rules, reject them (TA1) and correct them: each
    claim id with the patient control number it was first sent under."""
    db, pid = demo.database, demo.practice_id
    ids = build_scrub_submit(demo, clearinghouse)
    with db.transaction() as uow:
        rows = [claims_repo.claims(uow, pid).get(cid) for cid in ids]
        for payer_id in {row.payer_id for row in rows}:
            service.set_payer_rules(uow, practice_id=pid, payer_id=payer_id, rules=rules)
        sent = {row.id: row.patient_control_number for row in rows}
    clearinghouse.inbox.mkdir(exist_ok=True)
    for i, path in enumerate(sorted(clearinghouse.outbox.iterdir())):
        (clearinghouse.inbox / f"TA1_{i}.x12").write_text(ta1(path.read_text(), control=9300 + i))
    with db.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=clearinghouse)
        for cid in ids:
            corrections.correct_claim(uow, practice_id=pid, claim_id=cid, actor="biller")
    return sent


def test_a_payer_that_wants_a_new_control_number_gets_the_corrected_claim_under_a_new_one(
    demo: Demo, clearinghouse: DirectoryClearinghouse
) -> None:
    db, pid = demo.database, demo.practice_id
    first = _rejected_and_corrected(demo, clearinghouse, {"new_control_number_on_resubmission": True})
    for cid in first:
        scrubbed(db, pid, cid)
    sent_before = set(clearinghouse.outbox.iterdir())
    send_ready(db, pid, clearinghouse)
    resent = "".join(p.read_text() for p in set(clearinghouse.outbox.iterdir()) - sent_before)
    with db.uow() as uow:
        for cid, old in first.items():
            row = claims_repo.claims(uow, pid).get(cid)
            assert row.patient_control_number != old and row.state == "submitted"
            assert f"CLM*{row.patient_control_number}*" in resent and f"CLM*{old}*" not in resent
            (event,) = [e for e in claims_repo.history_of(uow, cid) if e.event == "correct"]
            assert f"(was {old})" in (event.note or "")


def test_a_claim_corrected_after_a_rejection_keeps_its_control_number_by_default(
    demo: Demo, clearinghouse: DirectoryClearinghouse
) -> None:
    first = _rejected_and_corrected(demo, clearinghouse, {})
    with demo.database.uow() as uow:
        now = {
            cid: claims_repo.claims(uow, demo.practice_id).get(cid).patient_control_number for cid in first
        }
    assert now == first
