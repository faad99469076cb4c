"""Eligibility use cases: ask the payer (270) about a coverage on a date of service, store what the
271 said as a benefit snapshot, flag what changed since the last check, check a day's appointments.

Real time goes through a :class:`~revcycle.clearinghouse.port.RealtimeClearinghouse`; batch 270s go
out as one file through the :class:`~revcycle.clearinghouse.port.Clearinghouse` and their 271s are
recorded with :func:`record_271` when they come back. Services never commit.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from revcycle.charges.tables import EncounterRow
from revcycle.claims.submission import issue_control_number
from revcycle.clearinghouse.port import Clearinghouse, RealtimeClearinghouse, TransportError
from revcycle.eligibility.domain import BenefitSnapshot, CoverageChange, InquiryParty, coverage_changes
from revcycle.eligibility.tables import AppointmentRow, EligibilityCheckRow
from revcycle.eligibility.x12map import build_270, read_271
from revcycle.intake.repository import practice_repo, repo
from revcycle.intake.tables import CoverageRow, PatientRow, PayerRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldErrors, FormatError, NotFound
from revcycle.patient_billing.domain.estimates import service_type_for
from revcycle.x12 import parse, write
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.x271 import EligibilityResponse271


@dataclass(frozen=True)
class CheckResult:
    """One check: the stored row, the snapshot (None when it failed or waits) and what changed."""

    check: EligibilityCheckRow
    snapshot: BenefitSnapshot | None
    changes: tuple[CoverageChange, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)


# -- the 270 ---------------------------------------------------------------------------------------
def _party(
    uow: UnitOfWork, practice_id: int, coverage: CoverageRow, on: date, codes: Sequence[str]
) -> InquiryParty:
    practice = practice_repo(uow).get(practice_id)
    payer = repo(uow, PayerRow, practice_id).get(coverage.payer_id)
    patient = repo(uow, PatientRow, practice_id).get(coverage.patient_id)
    is_self = coverage.relationship == "18"
    types = tuple(dict.fromkeys(service_type_for(c) for c in codes)) or ("30",)
    return InquiryParty(
        payer_name=payer.name,
        payer_code=payer.payer_code,
        provider_name=practice.name,
        provider_npi=practice.billing_npi,
        member_id=coverage.member_id,
        subscriber_last_name=(patient.last_name if is_self else coverage.subscriber_last_name) or "",
        subscriber_first_name=(patient.first_name if is_self else coverage.subscriber_first_name) or "",
        subscriber_birth_date=patient.date_of_birth if is_self else coverage.subscriber_date_of_birth,
        subscriber_sex=(patient.sex if is_self else coverage.subscriber_sex) or "",
        group_number=coverage.group_number or "",
        dependent=None
        if is_self
        else (patient.last_name, patient.first_name, patient.date_of_birth, patient.sex),
        service_types=types,
    )


def _coverage(uow: UnitOfWork, practice_id: int, coverage_id: int) -> CoverageRow:
    try:
        return repo(uow, CoverageRow, practice_id).get(coverage_id)
    except NotFound:
        raise FieldErrors.single(
            "coverage_id", f"coverage {coverage_id} does not exist in this practice"
        ) from None


def prepare_inquiry(
    uow: UnitOfWork,
    *,
    practice_id: int,
    coverage_id: int,
    on: date,
    channel: str,
    codes: Sequence[str] = (),
    usage: str = "P",
) -> tuple[EligibilityCheckRow, str]:
    """Record a check and write its 270; the trace number is the interchange control number."""
    coverage = _coverage(uow, practice_id, coverage_id)
    if not coverage.member_id:
        raise FieldErrors.single("coverage_id", "the coverage has no member ID to ask about")
    party = _party(uow, practice_id, coverage, on, codes)
    practice = practice_repo(uow).get(practice_id)
    number = issue_control_number(uow, "ISA13", "eligibility 270")
    now = clock.now()
    envelope = Envelope(
        sender_id=f"RC{practice.tin}",
        receiver_id="CLEARINGHOUSE",
        interchange_control_number=f"{number:09d}",
        group_control_number=str(number),
        transaction_control_number="0001",
        date=now.date(),
        time=now.strftime("%H%M"),
        usage_indicator=usage,
    )
    trace = f"{number:09d}"
    text = write(
        build_270(
            party, service_date=on, envelope=envelope, trace_number=trace, originator=f"1{practice.tin}"
        )
    )
    row = EligibilityCheckRow(
        practice_id=practice_id,
        patient_id=coverage.patient_id,
        coverage_id=coverage.id,
        service_date=on,
        channel=channel,
        trace_number=trace,
        status="sent",
        requested_at=now,
    )
    uow.session.add(row)
    uow.flush()
    return row, text


# -- the 271 ---------------------------------------------------------------------------------------
def _previous(uow: UnitOfWork, row: EligibilityCheckRow) -> BenefitSnapshot | None:
    prior = uow.session.scalars(
        select(EligibilityCheckRow)
        .where(
            EligibilityCheckRow.practice_id == row.practice_id,
            EligibilityCheckRow.coverage_id == row.coverage_id,
            EligibilityCheckRow.status == "answered",
            EligibilityCheckRow.id != row.id,
        )
        .order_by(EligibilityCheckRow.answered_at.desc(), EligibilityCheckRow.id.desc())
    ).first()
    return BenefitSnapshot.from_json(json.loads(prior.snapshot)) if prior and prior.snapshot else None


def _answer(uow: UnitOfWork, row: EligibilityCheckRow, response: EligibilityResponse271) -> CheckResult:
    snapshot = read_271(response, service_date=row.service_date)
    changes = tuple(coverage_changes(_previous(uow, row), snapshot))
    row.status = "answered"
    row.coverage_status = snapshot.status.value
    row.snapshot = json.dumps(snapshot.to_json(), sort_keys=True)
    row.changes = json.dumps([str(c) for c in changes])
    row.answered_at = clock.now()
    row.error = None
    uow.flush()
    return CheckResult(row, snapshot, changes)


def _fail(uow: UnitOfWork, row: EligibilityCheckRow, reason: str) -> CheckResult:
    row.status, row.error = "failed", reason
    uow.flush()
    return CheckResult(row, None)


def _responses(text: str) -> list[EligibilityResponse271]:
    return [m for m in parse(text) if isinstance(m, EligibilityResponse271)]


def check_coverage(
    uow: UnitOfWork,
    *,
    practice_id: int,
    coverage_id: int,
    on: date,
    clearinghouse: RealtimeClearinghouse,
    codes: Sequence[str] = (),
) -> CheckResult:
    """Ask in real time. A transport failure or an unreadable answer is a failed check, kept with
    its reason (no PHI in it); bad input raises ``FieldErrors`` and writes nothing."""
    row, text = prepare_inquiry(
        uow, practice_id=practice_id, coverage_id=coverage_id, on=on, channel="realtime", codes=codes
    )
    try:
        answer = clearinghouse.exchange(text)
        responses = _responses(answer)
    except TransportError as exc:
        return _fail(uow, row, exc.message)
    except FormatError as exc:
        return _fail(uow, row, f"the answer is not a readable 271: {exc.message}")
    if not responses:
        return _fail(uow, row, "the answer holds no 271")
    return _answer(uow, row, responses[0])


def send_batch(
    uow: UnitOfWork, *, practice_id: int, inquiries: Sequence[tuple[int, date]], clearinghouse: Clearinghouse
) -> list[EligibilityCheckRow]:
    """Send one 270 file per inquiry (coverage, date) through the file clearinghouse."""
    rows = []
    for coverage_id, on in inquiries:
        row, text = prepare_inquiry(
            uow, practice_id=practice_id, coverage_id=coverage_id, on=on, channel="batch"
        )
        clearinghouse.send(f"270_{row.trace_number}.x12", text)
        rows.append(row)
    return rows


def record_271(uow: UnitOfWork, *, practice_id: int, text: str) -> list[CheckResult]:
    """Record the 271s of an inbound file against the batch checks they answer (by trace number)."""
    results = []
    for response in _responses(text):
        traces = {t.number for level in response.all_levels() for t in level.traces}
        row = uow.session.scalars(
            select(EligibilityCheckRow).where(
                EligibilityCheckRow.practice_id == practice_id, EligibilityCheckRow.trace_number.in_(traces)
            )
        ).first()
        if row is not None:
            results.append(_answer(uow, row, response))
    return results


# -- reading ---------------------------------------------------------------------------------------
def _result(row: EligibilityCheckRow) -> CheckResult:
    snapshot = BenefitSnapshot.from_json(json.loads(row.snapshot)) if row.snapshot else None
    changes = tuple(CoverageChange(*_split(c)) for c in json.loads(row.changes or "[]"))
    return CheckResult(row, snapshot, changes)


def _split(text: str) -> tuple[str, str, str]:
    what, _, rest = text.partition(": ")
    before, _, after = rest.partition(" -> ")
    return what, before, after


def get_check(uow: UnitOfWork, *, practice_id: int, check_id: int) -> CheckResult:
    row = uow.session.get(EligibilityCheckRow, check_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound("eligibility check", check_id)
    return _result(row)


def latest_snapshot(
    uow: UnitOfWork, *, practice_id: int, coverage_id: int, on: date | None = None
) -> CheckResult | None:
    """The newest answered check of a coverage (for ``on`` when given)."""
    query = select(EligibilityCheckRow).where(
        EligibilityCheckRow.practice_id == practice_id,
        EligibilityCheckRow.coverage_id == coverage_id,
        EligibilityCheckRow.status == "answered",
    )
    if on is not None:
        query = query.where(EligibilityCheckRow.service_date == on)
    row = uow.session.scalars(query.order_by(EligibilityCheckRow.id.desc())).first()
    return None if row is None else _result(row)


def latest_check(uow: UnitOfWork, *, practice_id: int, coverage_id: int) -> CheckResult | None:
    """The newest check of a coverage whatever its outcome (answered, failed, waiting)."""
    row = uow.session.scalars(
        select(EligibilityCheckRow)
        .where(
            EligibilityCheckRow.practice_id == practice_id,
            EligibilityCheckRow.coverage_id == coverage_id,
        )
        .order_by(EligibilityCheckRow.id.desc())
    ).first()
    return None if row is None else _result(row)


# -- appointments and the day's batch ---------------------------------------------------------------
def schedule_appointment(
    uow: UnitOfWork, *, practice_id: int, patient_id: int, on: date, time: str = "", codes: Sequence[str] = ()
) -> AppointmentRow:
    try:
        repo(uow, PatientRow, practice_id).get(patient_id)
    except NotFound:
        raise FieldErrors.single(
            "patient_id", f"patient {patient_id} does not exist in this practice"
        ) from None
    row = AppointmentRow(
        practice_id=practice_id,
        patient_id=patient_id,
        scheduled_on=on,
        time=time,
        planned_codes=",".join(codes),
    )
    uow.session.add(row)
    uow.flush()
    return row


def primary_coverage(uow: UnitOfWork, practice_id: int, patient_id: int, on: date) -> CoverageRow | None:
    """The primary coverage in force on ``on`` (the one a visit is checked against)."""
    for row in repo(uow, CoverageRow, practice_id).find(patient_id=patient_id):
        if (
            row.order == "primary"
            and row.effective_date <= on
            and (row.termination_date is None or on <= row.termination_date)
        ):
            return row
    return None


def patients_seen_on(uow: UnitOfWork, practice_id: int, on: date) -> list[int]:
    """Patients with an appointment or an encounter on ``on``, in order of first appearance."""
    appointments = uow.session.scalars(
        select(AppointmentRow.patient_id)
        .where(
            AppointmentRow.practice_id == practice_id,
            AppointmentRow.scheduled_on == on,
            AppointmentRow.status == "scheduled",
        )
        .order_by(AppointmentRow.id)
    ).all()
    encounters = uow.session.scalars(
        select(EncounterRow.patient_id)
        .where(EncounterRow.practice_id == practice_id, EncounterRow.date_of_service == on)
        .order_by(EncounterRow.id)
    ).all()
    return list(dict.fromkeys([*appointments, *encounters]))


@dataclass(frozen=True)
class DayCheck:
    patient_id: int
    result: CheckResult | None
    """None when the patient has no primary coverage in force (self-pay)."""


def check_day(
    uow: UnitOfWork, *, practice_id: int, on: date, clearinghouse: RealtimeClearinghouse
) -> list[DayCheck]:
    """Check every patient seen on ``on`` against their primary coverage."""
    out = []
    for patient_id in patients_seen_on(uow, practice_id, on):
        coverage = primary_coverage(uow, practice_id, patient_id, on)
        if coverage is None:
            out.append(DayCheck(patient_id, None))
            continue
        out.append(
            DayCheck(
                patient_id,
                check_coverage(
                    uow, practice_id=practice_id, coverage_id=coverage.id, on=on, clearinghouse=clearinghouse
                ),
            )
        )
    return out
