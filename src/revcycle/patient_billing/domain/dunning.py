"""Collections: dunning stages by the age of a balance, within the rules of fair debt collection.

- Stages move forward only, one at a time: statement, second statement, past-due reminder,
  final notice, then placement with an agency (never before a final notice has had 30 days).
- Collection stops while the guarantor disputes the debt, while a payment plan is active, and
  while a hardship request waits for approval.
- No contact before 8 am or after 9 pm in the guarantor's own time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from revcycle.kit.money import Money

EARLIEST_CONTACT = time(8, 0)
LATEST_CONTACT = time(21, 0)
"""Contact is allowed from 8:00 up to (not including) 21:00 local time."""
FINAL_NOTICE_WAIT = timedelta(days=30)
"""Days between the final notice and placement with an agency."""


class Stage(StrEnum):
    """How far a balance has gone in collection. Each member says when it is reached."""

    NONE = "none"
    """Nothing billed yet."""
    STATEMENT = "statement"
    """First statement sent (age 0-29 days from the first statement)."""
    SECOND_STATEMENT = "second_statement"
    """At 30 days: a second statement."""
    PAST_DUE = "past_due"
    """At 60 days: a past-due reminder."""
    FINAL_NOTICE = "final_notice"
    """At 90 days: a final notice saying when the account goes to an agency."""
    AGENCY = "agency"
    """At 120 days and 30 days after the final notice: placed with a collection agency."""


ORDER = (
    Stage.NONE,
    Stage.STATEMENT,
    Stage.SECOND_STATEMENT,
    Stage.PAST_DUE,
    Stage.FINAL_NOTICE,
    Stage.AGENCY,
)
AGE_OF = {
    Stage.STATEMENT: 0,
    Stage.SECOND_STATEMENT: 30,
    Stage.PAST_DUE: 60,
    Stage.FINAL_NOTICE: 90,
    Stage.AGENCY: 120,
}


class Hold(StrEnum):
    """Why collection is stopped for an account."""

    DISPUTE = "dispute"
    """The guarantor disputes the debt: no collection until the dispute is answered."""
    PAYMENT_PLAN = "payment_plan"
    """An active payment plan covers the balance."""
    HARDSHIP = "hardship"
    """A hardship write-off request waits for approval."""
    NOTHING_DUE = "nothing_due"
    """No balance is due."""


@dataclass(frozen=True)
class CollectionAccount:
    """What the dunning rule looks at for one guarantor."""

    due: Money
    first_statement_on: date | None
    stage: Stage = Stage.NONE
    stage_on: date | None = None
    disputed: bool = False
    active_plan: bool = False
    hardship_pending: bool = False


@dataclass(frozen=True)
class Decision:
    """The next step: a stage to move to, or a hold with its reason, or nothing yet."""

    next_stage: Stage | None = None
    hold: Hold | None = None

    @property
    def acts(self) -> bool:
        return self.next_stage is not None


def next_step(account: CollectionAccount, today: date) -> Decision:
    """The one next stage this account has reached today, if any; holds win over stages."""
    if not account.due.is_positive():
        return Decision(hold=Hold.NOTHING_DUE)
    if account.disputed:
        return Decision(hold=Hold.DISPUTE)
    if account.active_plan:
        return Decision(hold=Hold.PAYMENT_PLAN)
    if account.hardship_pending:
        return Decision(hold=Hold.HARDSHIP)
    if account.stage is Stage.AGENCY:
        return Decision()
    following = ORDER[ORDER.index(account.stage) + 1]
    if account.first_statement_on is None:
        return Decision(next_stage=Stage.STATEMENT) if following is Stage.STATEMENT else Decision()
    age = (today - account.first_statement_on).days
    if age < AGE_OF[following]:
        return Decision()
    if following is Stage.AGENCY and (
        account.stage_on is None or today - account.stage_on < FINAL_NOTICE_WAIT
    ):
        return Decision()
    return Decision(next_stage=following)


# -- time of contact -------------------------------------------------------------------------------
_STATE_ZONES = {
    "America/New_York": "CT DE DC FL GA IN KY ME MD MA MI NH NJ NY NC OH PA RI SC VT VA WV",
    "America/Chicago": "AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI",
    "America/Denver": "CO MT NM UT WY ID",
    "America/Phoenix": "AZ",
    "America/Los_Angeles": "CA NV OR WA",
    "America/Anchorage": "AK",
    "Pacific/Honolulu": "HI",
    "America/Puerto_Rico": "PR VI",
    "Pacific/Guam": "GU MP",
    "Pacific/Pago_Pago": "AS",
}
STATE_TIME_ZONES: dict[str, str] = {
    state: zone for zone, states in _STATE_ZONES.items() for state in states.split()
}
"""The time zone most of a state's people live in (a stored zone wins for split states)."""
DEFAULT_TIME_ZONE = "America/New_York"
"""When neither a stored zone nor a known state says: the earliest mainland zone is the safe side
for the 8 am start, and the caller also checks the latest (see ``may_contact``)."""


def time_zone_for(stored: str | None, state: str | None) -> str | None:
    """The guarantor's zone: the stored one, else the state's; ``None`` when nothing says."""
    if stored:
        return stored
    return STATE_TIME_ZONES.get((state or "").upper())


def may_contact(now: datetime, zone: str | None) -> bool:
    """True when ``now`` is between 8 am and 9 pm where the guarantor lives.

    With no known zone, contact is allowed only when it is 8 am to 9 pm in every mainland zone
    (Eastern to Pacific), so no one is called at an unusual time.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zones = [zone] if zone else ["America/New_York", "America/Los_Angeles"]
    for name in zones:
        local = now.astimezone(ZoneInfo(name)).time()
        if not EARLIEST_CONTACT <= local < LATEST_CONTACT:
            return False
    return True
