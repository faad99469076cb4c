"""The whole billing cycle, offline: the demo practice bills two months of visits through the
sandbox clearinghouse and payer, week by week.

Each simulated week: capture that week's visits and check each patient's eligibility (270/271 in
real time against the sandbox), take in what the sandbox sent (999, 277CA, 835: the 835s are posted
and leave secondary claims for balances the primary did not pay), build and scrub claims, submit them
(837 files in ``outbox``; sending posts their charges), and let the sandbox answer (files in ``inbox``).
The run ends like a real day: the last week's claims are accepted and wait for their 835, today's
visits are captured but not billed yet, and patient statements run. The clock is frozen for the
whole run, so a seed always gives the same files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from revcycle.charges.demo import load_demo_charges
from revcycle.claims import acknowledgments, submission
from revcycle.claims import repository as claims_repo
from revcycle.claims import service as claims
from revcycle.claims.domain.lifecycle import ClaimState
from revcycle.claims.secondary import PriorPayer
from revcycle.claims.tables import ClaimRow
from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.codes.releases import SHIPPED_LISTS, apply_release, load_shipped_sets, shipped_list
from revcycle.demo import encounters
from revcycle.demo.practice import load_demo_practice
from revcycle.demo.users import load_demo_users
from revcycle.eligibility import service as eligibility
from revcycle.intake import service as intake
from revcycle.intake.repository import practice_repo
from revcycle.kit.clock import clock
from revcycle.kit.db import Database, UnitOfWork
from revcycle.patient_billing.service.documents import run_statements
from revcycle.remittance.service.secondary import priors_for
from revcycle.sandbox import realtime
from revcycle.sandbox.config import load_config
from revcycle.sandbox.service import Sandbox

ACTOR = "demo.biller"
VISITS = 200
WEEKS = 9
"""Weeks of visits (about two months), billed at the end of each week."""
OFFICE_CLOSES = dt.time(17, 30)

Progress = Callable[[str], None]
"""Called once per step with what the step did (no PHI)."""

STEPS = 2 + WEEKS * 4 + 2
"""How many times ``play`` calls its progress callback."""


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class Timeline:
    """The run's days: visits from ``first_visit`` to ``end`` (today, the last day of the run)."""

    end: dt.date

    @property
    def start(self) -> dt.date:
        return self.end - dt.timedelta(weeks=WEEKS)

    @property
    def first_visit(self) -> dt.date:
        return self.start + dt.timedelta(days=1)

    def week_ends(self) -> list[dt.date]:
        return [self.start + dt.timedelta(weeks=n) for n in range(1, WEEKS + 1)]


def at_close(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, OFFICE_CLOSES, tzinfo=dt.UTC)


class SandboxRealtime:
    """The ``RealtimeClearinghouse`` port answered in process by the sandbox (no network port)."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def exchange(self, content: str) -> str:
        return realtime.answer(content, self.sandbox.config, self.sandbox.state, self.sandbox.now())


@dataclass
class Office:
    """What a run works with: the database, the practice, the folders and the sandbox."""

    database: Database
    practice_id: int
    clearinghouse: DirectoryClearinghouse
    sandbox: Sandbox
    progress: Progress

    def exchange(self) -> None:
        """The sandbox answers what was sent; the office takes in the answers (835s are posted)."""
        self.sandbox.process_once()
        with self.database.transaction() as uow:
            report = acknowledgments.process_inbox(
                uow, clearinghouse=self.clearinghouse, actor="clearinghouse", practice_id=self.practice_id
            )
        self.progress(f"{report.files} file(s) in, {len(report.remittances)} ERA(s) posted")


def load_office(uow: UnitOfWork, *, data_dir: Path, seed: int, all_diagnoses: bool) -> int:
    """The demo practice, its users, code sets and charge master (no visits); returns its id.
    ICD-10-CM is the whole tabular with ``all_diagnoses``, else only the diagnoses the demo uses."""
    practice_id = load_demo_practice(uow, seed=seed).practice_id
    load_demo_charges(uow, practice_id=practice_id, encounters=0)
    load_demo_users(uow, practice_id=practice_id, data_dir=data_dir)
    if all_diagnoses:
        load_shipped_sets(uow)
    else:
        for system, filename, label in SHIPPED_LISTS:
            apply_release(uow, shipped_list(system, filename, label))
        apply_release(uow, encounters.curated_icd10())
    return practice_id


def play(
    database: Database,
    folder: Path,
    *,
    seed: int,
    end: dt.date,
    data_dir: Path,
    all_diagnoses: bool = False,
    progress: Progress = _quiet,
) -> int:
    """Play the cycle into ``database`` (migrated, without the demo practice) with the clearinghouse
    folders ``folder/outbox`` and ``folder/inbox``; returns the practice id. Freezes the clock
    while it runs and restores it after."""
    timeline = Timeline(end)
    with clock.frozen(at_close(timeline.start)):
        with database.transaction() as uow:
            practice_id = load_office(uow, data_dir=data_dir, seed=seed, all_diagnoses=all_diagnoses)
        progress("demo practice, users, code sets and charge master loaded")
        with database.transaction() as uow:
            plan = encounters.plan_visits(
                uow,
                practice_id=practice_id,
                seed=seed,
                first_day=timeline.first_visit,
                last_day=timeline.end,
                count=VISITS,
            )
            facility = intake.list_page(
                uow, intake.FACILITY, practice_id=practice_id, filters={}, limit=1, offset=0
            )[0]
        progress(f"{len(plan)} visits planned")
        outbox, inbox = folder / "outbox", folder / "inbox"
        config = load_config(seed=seed)
        with Sandbox(outbox, inbox, config, clock=clock) as sandbox:
            office = Office(database, practice_id, DirectoryClearinghouse(outbox, inbox), sandbox, progress)
            facility_id = facility[0].id if facility else None
            for week_end in timeline.week_ends():
                clock.set(at_close(week_end))
                since = week_end - dt.timedelta(days=7)
                week = [v for v in plan if since < v.date_of_service <= week_end < timeline.end]
                week += [v for v in plan if since < v.date_of_service < week_end == timeline.end]
                _see_patients(office, week, facility_id)
                office.exchange()
                _bill(office)
                office.exchange()
            _see_patients(office, [v for v in plan if v.date_of_service == timeline.end], facility_id)
        with database.transaction() as uow:
            result = run_statements(uow, practice_id=practice_id, on=timeline.end)
        progress(f"{len(result.sent)} patient statement(s)")
    return practice_id


def _see_patients(office: Office, week: list[encounters.PlannedVisit], facility_id: int | None) -> None:
    """Capture the week's visits and check each patient's coverage on the day of the visit."""
    checked = 0
    with office.database.transaction() as uow:
        encounters.capture(uow, practice_id=office.practice_id, facility_id=facility_id, visits=week)
        port = SandboxRealtime(office.sandbox)
        for visit in week:
            coverage = eligibility.primary_coverage(
                uow, office.practice_id, visit.patient_id, visit.date_of_service
            )
            if coverage is None:
                continue
            eligibility.check_coverage(
                uow,
                practice_id=office.practice_id,
                coverage_id=coverage.id,
                on=visit.date_of_service,
                clearinghouse=port,
                codes=[line[0] for line in visit.visit.lines],
            )
            checked += 1
    office.progress(f"{len(week)} visit(s), {checked} eligibility check(s)")


def _prior_payers(uow: UnitOfWork, practice_id: int, row: ClaimRow) -> list[PriorPayer]:
    return priors_for(uow, practice_id=practice_id, claim=row)


def _bill(office: Office) -> None:
    """Build claims for new visits, scrub every draft (new and secondary), and send the clean ones
    (sending puts the charges of primary claims on the payer's receivable)."""
    pid = office.practice_id
    with office.database.transaction() as uow:
        claims.build_open_encounters(uow, practice_id=pid, actor=ACTOR)
        for row in claims_repo.in_states(uow, pid, [ClaimState.DRAFT]):
            claims.scrub_claim(uow, practice_id=pid, claim_id=row.id, actor=ACTOR)
    with office.database.transaction() as uow:
        submitter = submission.default_submitter(practice_repo(uow).get(pid))
        submission.prepare_batches(uow, practice_id=pid, submitter=submitter, prior_payers=_prior_payers)
    with office.database.transaction() as uow:
        sent = submission.send_batches(uow, practice_id=pid, clearinghouse=office.clearinghouse, actor=ACTOR)
        claim_count = sum(len(claims_repo.in_batch(uow, batch.id)) for batch in sent)
    office.progress(f"{len(sent)} file(s) sent with {claim_count} claim(s)")
