"""A billing office a day into its work, for the web tests: the demo practice, its claims sent and
acknowledged (one rejected by the payer's 277CA, one held by the scrubber), and a user per role.

Built once per test session on a SQLite file; tests copy the file so each starts from the same day.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from revcycle.charges import service as charges
from revcycle.charges.demo import load_demo_charges
from revcycle.claims import acknowledgments, service, submission
from revcycle.claims import repository as claims_repo
from revcycle.claims.tables import ClaimRow
from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.codes.domain import CodeSystem
from revcycle.codes.importers.csv_lists import read_code_list
from revcycle.codes.releases import SHIPPED_LISTS, apply_release, shipped_list
from revcycle.demo.practice import load_demo_practice
from revcycle.intake import service as intake
from revcycle.kit.clock import clock
from revcycle.kit.db import Database, UnitOfWork
from revcycle.kit.migrate import upgrade
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service
from revcycle.remittance.service.ingest import ingest_era
from revcycle.security.domain import Role
from revcycle.security.service import users
from revcycle.x12 import api as x12
from revcycle.x12.x835.models import Party
from tests.integration.claims.acks import ack_277ca, ack_999
from tests.unit.x12.factories import make_835, make_835_claim, make_835_service, make_adjustment

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
    era_id: int = 0
    """A posted ERA: ``paid_claim_id`` paid with a contractual and a coinsurance adjustment,
    ``denied_claim_id`` denied (CO-50), which opens a denial."""
    paid_claim_id: int = 0
    denied_claim_id: int = 0


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
        sent = submission.send_batches(uow, practice_id=pid, clearinghouse=ch, actor="demo.biller")
        for batch in sent:
            for row in claims_repo.in_batch(uow, batch.id):
                _post_charges(uow, row)
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
    era_id = _post_era(db, pid, ids[1], ids[2])
    return Scenario(pid, ids[0], to_fix, ids[3:], patient_id, secrets, era_id, ids[1], ids[2])


def _post_charges(uow: UnitOfWork, row: ClaimRow) -> None:
    """A sent claim's charges go on the payer's receivable, as the billing cycle posts them: the
    835's payment, contractual adjustment and patient share then leave the payer owing nothing."""
    owed_by = ledger.Responsibility.insurance(row.payer_id)
    for line in claims_repo.lines_of(uow, row.id):
        meta = ledger.EntryMeta(
            practice_id=row.practice_id,
            effective_date=row.date_of_service,
            source=f"claim:{row.id}",
            idempotency_key=f"claim:{row.id}:line:{line.id}:charge",
            memo=f"charge {line.code} {row.patient_control_number}",
        )
        ref = ledger.ChargeRef(patient_id=row.patient_id, claim_id=row.id, claim_line_id=line.id)
        ledger_service.post(uow, ledger.charge(meta, ref=ref, owed_by=owed_by, amount=line.charge))


def _post_era(db: Database, pid: int, paid_id: int, denied_id: int) -> int:
    """The payer's 835: one claim paid (CO-45 contractual, PR-2 coinsurance), one denied (CO-50)."""
    with db.transaction() as uow:
        claims = [service.get_claim(uow, practice_id=pid, claim_id=i).claim for i in (paid_id, denied_id)]
        payer = intake.get(uow, intake.PAYER, practice_id=pid, ident=claims[0].payer_id)
        payments = []
        for claim, denied in zip(claims, (False, True), strict=True):
            services = []
            for line in claims_repo.lines_of(uow, claim.id):
                if denied:
                    paid, cas = Money.zero(), [make_adjustment("CO", "50", str(line.charge.amount))]
                else:
                    allowed = Money.of_decimal(line.charge.amount * Decimal("0.6"))
                    coinsurance = Money.of_decimal(allowed.amount * Decimal("0.2"))
                    paid = allowed - coinsurance
                    cas = [
                        make_adjustment("CO", "45", str((line.charge - allowed).amount)),
                        make_adjustment("PR", "2", str(coinsurance.amount)),
                    ]
                services.append(
                    make_835_service(
                        procedure_code=line.code,
                        charge_amount=line.charge,
                        paid_amount=paid,
                        units=line.units,
                        service_date=line.service_date,
                        adjustments=tuple(cas),
                        line_item_control_number="",
                        remarks=("N130",) if denied else (),
                    )
                )
            pr = Money.total(a.total() for sv in services for a in sv.adjustments if a.group == "PR")
            payments.append(
                make_835_claim(
                    patient_control_number=claim.patient_control_number,
                    status_code="4" if denied else "1",
                    services=tuple(services),
                    patient_responsibility_amount=pr,
                    payer_claim_control_number=f"PAYER{claim.patient_control_number}",
                )
            )
        remit = make_835(claims=tuple(payments))
        remit = dataclasses.replace(
            remit,
            payer=Party(payer.name.upper(), id_qualifier="XV", identifier=payer.payer_code),
            trace=dataclasses.replace(remit.trace, trace_number="EFT7001"),
            payment=dataclasses.replace(remit.payment, date=clock.today()),
        )
        result = ingest_era(uow, practice_id=pid, text=x12.write(remit), source_name="era_EFT7001.835")
        assert result.ok, result
        return result.era_ids[0]


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
