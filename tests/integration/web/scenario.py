"""A billing office a day into its work, for the web tests: the demo practice, its claims sent and
acknowledged (one rejected by the payer's 277CA, one held by the scrubber), and a user per role.

Built once per test session on a SQLite file; tests copy the file so each starts from the same day.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from revcycle.charges import service as charges
from revcycle.charges.demo import load_demo_charges
from revcycle.claims import acknowledgments, service, submission
from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.codes.domain import CodeSystem
from revcycle.codes.importers.csv_lists import read_code_list
from revcycle.codes.releases import SHIPPED_LISTS, apply_release, shipped_list
from revcycle.demo.practice import load_demo_practice
from revcycle.intake import service as intake
from revcycle.kit.clock import clock
from revcycle.kit.db import Database, UnitOfWork
from revcycle.kit.migrate import upgrade
from revcycle.security.domain import Role
from revcycle.security.service import users
from tests.integration.claims.acks import ack_277ca, ack_999

os.environ.setdefault("REVCYCLE_PASSWORD_HASHING", "fast")

PASSWORD = "correct horse battery staple"
USERNAMES = {role: f"demo.{role.value.replace('_', '-')}" for role in Role}
"""One user per role; admins and supervisors also need a TOTP code to sign in."""


ICD10_SAMPLE = Path(__file__).with_name("icd10cm_sample.csv")
"""A few ICD-10-CM codes (the demo's and their neighbours): the full tabular takes seconds to load."""


@dataclass
class Scenario:
    practice_id: int
    rejected_claim_id: int
    to_fix_claim_id: int
    accepted_claim_ids: list[int]
    patient_id: int
    """The patient of the rejected claim."""
    totp_secrets: dict[str, str] = field(default_factory=dict)


def build(path: Path, *, with_code_sets: bool = True) -> Scenario:
    """Create the database at ``path`` and play the office's day into it."""
    database = Database(f"sqlite:///{path}")
    try:
        upgrade(database.engine)
        return _play(database, path.parent / "clearinghouse", with_code_sets)
    finally:
        database.dispose()


def _play(db: Database, folder: Path, with_code_sets: bool) -> Scenario:
    with db.transaction() as uow:
        pid = load_demo_practice(uow).practice_id
        load_demo_charges(uow, practice_id=pid)
        if with_code_sets:
            _load_code_lists(uow)
        secrets = {}
        for role, name in USERNAMES.items():
            new = users.create_user(uow, username=name, role=role.value, practice_id=pid, password=PASSWORD)
            if new.totp_secret:
                secrets[name] = new.totp_secret
    ch = DirectoryClearinghouse(folder / "outbox", folder / "inbox")
    with db.transaction() as uow:
        ids = [c.id for c in service.build_open_encounters(uow, practice_id=pid, actor="demo.biller")]
        for cid in ids:
            service.scrub_claim(uow, practice_id=pid, claim_id=cid, actor="demo.biller")
    with db.transaction() as uow:
        submission.prepare_batches(uow, practice_id=pid)
    with db.transaction() as uow:
        submission.send_batches(uow, practice_id=pid, clearinghouse=ch, actor="demo.biller")
    with db.uow() as uow:
        first = service.get_claim(uow, practice_id=pid, claim_id=ids[0]).claim
        rejected_pcn, patient_id = first.patient_control_number, first.patient_id
    ch.inbox.mkdir(parents=True, exist_ok=True)
    sent = [(path.stem, path.read_text()) for path in sorted(ch.outbox.iterdir())]
    for i, (stem, text) in enumerate(sent):
        (ch.inbox / f"999_{stem}.x12").write_text(ack_999(text, control=9001 + i))
    with db.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=ch)
    verdicts = {rejected_pcn: ("A7", "164")}
    for i, (stem, text) in enumerate(sent):
        (ch.inbox / f"277CA_{stem}.x12").write_text(ack_277ca(text, verdicts=verdicts, control=9200 + i))
    with db.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=ch)
    to_fix = _held_by_scrubber(db, pid)
    return Scenario(pid, ids[0], to_fix, ids[1:], patient_id, secrets)


def _held_by_scrubber(db: Database, pid: int) -> int:
    """A visit whose coder asked the provider a question still open: the scrubber holds its claim."""
    with db.transaction() as uow:
        patients = intake.list_page(uow, intake.PATIENT, practice_id=pid, filters={}, limit=10, offset=0)[0]
        providers = intake.list_page(uow, intake.PROVIDER, practice_id=pid, filters={}, limit=1, offset=0)[0]
        encounter = charges.capture_encounter(
            uow,
            practice_id=pid,
            values={
                "patient_id": patients[8].id,
                "rendering_provider_id": providers[0].id,
                "date_of_service": clock.today() - timedelta(days=2),
                "diagnoses": ["J06.9"],
                "lines": [{"code": "99213", "diagnosis_pointers": [1]}],
            },
        )
        charges.ask_provider(
            uow,
            practice_id=pid,
            encounter_id=encounter.id,
            question="Was the visit a new or an established patient visit?",
            asked_by="demo.coder",
        )
        claim = service.build_claim(uow, practice_id=pid, encounter_id=encounter.id, actor="demo.coder")
        service.scrub_claim(uow, practice_id=pid, claim_id=claim.id, actor="demo.biller")
        return claim.id


def _load_code_lists(uow: UnitOfWork) -> None:
    for system, filename, label in SHIPPED_LISTS:
        apply_release(uow, shipped_list(system, filename, label))
    start = date(2025, 10, 1)
    apply_release(uow, read_code_list(ICD10_SAMPLE, CodeSystem.ICD10CM, effective=start, label="web-sample"))
