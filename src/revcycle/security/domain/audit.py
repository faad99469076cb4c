"""The PHI audit chain (HMAC-SHA256 over each record and its predecessor) and disclosures. Pure."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from revcycle.kit.errors import FieldCollector


# -- the audit chain ------------------------------------------------------------------------------
class AuditAction(StrEnum):
    """What was done to protected information (or to the security of the system)."""

    READ = "read"
    """PHI was shown or returned."""
    CREATE = "create"
    """PHI was recorded."""
    UPDATE = "update"
    """PHI was changed."""
    DELETE = "delete"
    """PHI was removed."""
    EXPORT = "export"
    """PHI left revcycle in a file or a bulk answer."""
    DISCLOSE = "disclose"
    """PHI was given to someone outside the practice (accounting of disclosures)."""
    SIGN_IN = "sign_in"
    """A sign-in attempt."""
    BREAK_GLASS = "break_glass"
    """Emergency access was opened; a supervisor reviews it."""
    ACCESS = "access"
    """A route was called (used for refused calls)."""
    KEY_ROTATION = "key_rotation"
    """A new audit key version took over sealing the chain."""


class Outcome(StrEnum):
    """How the attempt ended."""

    ALLOWED = "allowed"
    """The action happened."""
    DENIED = "denied"
    """Refused: no permission, no sign-in, or a locked account."""
    NOT_FOUND = "not_found"
    """The object does not exist for this caller (possibly another practice's)."""
    FAILED = "failed"
    """Attempted but failed (e.g. a wrong password)."""


CHAIN_FIELDS = (
    "position",
    "occurred_at",
    "request_id",
    "practice_id",
    "user_id",
    "role",
    "action",
    "entity",
    "entity_id",
    "patient_id",
    "outcome",
    "purpose",
    "recipient",
    "detail",
    "break_glass_id",
)
GENESIS = "0" * 64


def chain_hash(key: bytes, previous: str, fields: Mapping[str, object]) -> str:
    """HMAC-SHA256 over the previous hash and the record's fields in a canonical form."""
    canonical = json.dumps({k: _plain(fields.get(k)) for k in CHAIN_FIELDS}, sort_keys=True)
    return hmac.new(key, (previous + "|" + canonical).encode(), hashlib.sha256).hexdigest()


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class ChainRecord:
    id: int
    position: int
    previous_hash: str
    hash: str
    fields: Mapping[str, object]
    key_version: int = 1
    """The version of the audit key that sealed the record."""


@dataclass(frozen=True)
class ChainVerdict:
    intact: bool
    records: int
    first_bad_id: int | None = None
    first_bad_position: int | None = None
    problem: str | None = None


def verify_chain(
    records: Sequence[ChainRecord],
    keys: Mapping[int, bytes] | bytes,
    first_positions: Mapping[int, int] | None = None,
) -> ChainVerdict:
    """Walk the records in chain order; name the first one edited, missing or out of place.

    Each record is checked with the audit key version it names. Versions never go back along the
    chain, and from the position where a version took over (``first_positions``, kept with the
    keys) no record may name an older one: a record re-sealed under a retired key is caught.
    """
    ring = {1: keys} if isinstance(keys, bytes) else dict(keys)
    starts = sorted((first_positions or {}).items())
    previous = GENESIS
    newest = 0
    for expected_position, record in enumerate(records, start=1):
        if record.position != expected_position:
            return ChainVerdict(
                False,
                len(records),
                record.id,
                record.position,
                f"record {record.id} is at position {record.position}, expected {expected_position}: "
                "a record before it was deleted or the order changed",
            )
        if record.previous_hash != previous:
            return ChainVerdict(
                False,
                len(records),
                record.id,
                record.position,
                f"record {record.id} does not follow the record before it (deleted or reordered)",
            )
        required = max((v for v, start in starts if start <= record.position), default=1)
        if record.key_version < max(newest, required):
            return ChainVerdict(
                False,
                len(records),
                record.id,
                record.position,
                f"record {record.id} names audit key version {record.key_version}, older than the "
                f"version {max(newest, required)} in use from that point on (re-sealed under a retired key)",
            )
        key = ring.get(record.key_version)
        if key is None:
            return ChainVerdict(
                False,
                len(records),
                record.id,
                record.position,
                f"record {record.id} names audit key version {record.key_version}, which the key "
                "file does not hold: restore the key file",
            )
        if not hmac.compare_digest(chain_hash(key, previous, record.fields), record.hash):
            return ChainVerdict(
                False, len(records), record.id, record.position, f"record {record.id} was edited"
            )
        newest = record.key_version
        previous = record.hash
    return ChainVerdict(True, len(records))


class DisclosurePurpose(StrEnum):
    """Why PHI went outside the practice; treatment, payment and operations need no accounting."""

    TREATMENT = "treatment"
    """To another provider treating the patient."""
    PAYMENT = "payment"
    """To a payer or clearinghouse to get paid."""
    OPERATIONS = "operations"
    """Health care operations (quality review, audits by business associates)."""
    LEGAL = "legal"
    """Court order, subpoena or law enforcement."""
    PUBLIC_HEALTH = "public_health"
    """Public-health reporting."""
    RESEARCH = "research"
    """Research without the patient's authorisation (waiver)."""
    OTHER = "other"
    """Anything else; the detail says what."""


TPO = frozenset({DisclosurePurpose.TREATMENT, DisclosurePurpose.PAYMENT, DisclosurePurpose.OPERATIONS})


def needs_accounting(purpose: str | None) -> bool:
    """A disclosure appears in the patient's accounting unless it was for treatment, payment or ops."""
    return purpose is not None and DisclosurePurpose(purpose) not in TPO


# -- recording a disclosure -----------------------------------------------------------------------
MAX_RECIPIENT = 120
MAX_DISCLOSURE_DETAIL = 500
_DISCLOSED_ON = re.compile(r"^disclosed on (\d{4}-\d{2}-\d{2}); (.*)$", re.DOTALL)


@dataclass(frozen=True)
class Disclosure:
    """A disclosure as checked for recording: why, to whom, when, and what was disclosed."""

    purpose: DisclosurePurpose
    recipient: str
    detail: str | None
    disclosed_on: date | None = None

    @property
    def audit_detail(self) -> str | None:
        """The audit record's detail: the date of the disclosure (when it was given) and what."""
        if self.disclosed_on is None:
            return self.detail
        return f"disclosed on {self.disclosed_on.isoformat()}; {self.detail or ''}"


def validate_disclosure(
    *,
    purpose: str | None,
    recipient: str | None,
    detail: str | None,
    disclosed_on: date | None,
    today: date,
) -> Disclosure:
    """Check every field at once; an accountable disclosure (outside TPO) says what was disclosed."""
    errors = FieldCollector()
    chosen: DisclosurePurpose | None = None
    try:
        chosen = DisclosurePurpose((purpose or "").strip())
    except ValueError:
        errors.add("purpose", "choose why the information was disclosed")
    who = (recipient or "").strip()
    if len(who) < 2:
        errors.add("recipient", "name who received the information")
    elif len(who) > MAX_RECIPIENT:
        errors.add("recipient", f"use at most {MAX_RECIPIENT} characters")
    what = (detail or "").strip() or None
    if what is not None and len(what) > MAX_DISCLOSURE_DETAIL:
        errors.add("detail", f"use at most {MAX_DISCLOSURE_DETAIL} characters")
    elif what is None and chosen is not None and needs_accounting(chosen):
        errors.add("detail", "say briefly what was disclosed")
    if disclosed_on is not None and disclosed_on > today:
        errors.add("disclosed_on", "the disclosure cannot be in the future")
    errors.raise_if_any()
    assert chosen is not None
    return Disclosure(chosen, who, what, disclosed_on)


def disclosure_parts(detail: str | None) -> tuple[date | None, str | None]:
    """(date of the disclosure, what was disclosed) from an audit record's detail."""
    found = _DISCLOSED_ON.match(detail or "")
    if not found:
        return None, detail
    return date.fromisoformat(found.group(1)), found.group(2) or None
