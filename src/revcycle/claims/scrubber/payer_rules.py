"""Payer rules as data: what one payer requires beyond the implementation guide.

Kept per payer as a JSON object (table ``claim_payer_rules``, editable through the API) and read
with :func:`PayerRules.from_mapping`, which names any bad key. Unknown keys are refused, so a
typo does not silently switch a rule off. Example::

    {"required_fields": ["referring_provider", "prior_authorization"],
     "modifiers_not_accepted": ["GY"], "modifiers_required": {"97110": ["GP"]},
     "timely_filing_days": 90, "follow_up_days": 21, "frequency_codes": ["1", "7"],
     "new_control_number_on_resubmission": true}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from revcycle.kit.errors import FieldCollector

REQUIRABLE_FIELDS = frozenset(
    {
        "referring_provider",
        "prior_authorization",
        "referral_number",
        "group_number",
        "service_facility",
        "rendering_taxonomy",
        "patient_address",
        "subscriber_address",
    }
)


@dataclass(frozen=True)
class PayerRules:
    required_fields: tuple[str, ...] = ()
    """Claim data this payer requires on every claim (names in ``REQUIRABLE_FIELDS``)."""
    modifiers_not_accepted: tuple[str, ...] = ()
    modifiers_required: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Code -> modifiers of which the line must carry one (``{"97110": ["GP"]}``)."""
    timely_filing_days: int | None = None
    """Overrides the payer's own timely filing limit when set."""
    timely_filing_warning_days: int = 14
    """Warn this many days before the limit."""
    follow_up_days: int = 30
    """Days without an answer before a 276 status request goes out."""
    frequency_codes: tuple[str, ...] = ("1", "7", "8")
    """Claim frequency codes this payer accepts electronically."""
    ndc_required_for_drugs: bool = True
    """J-code lines must carry an NDC."""
    new_control_number_on_resubmission: bool = False
    """This payer takes a claim sent again under the same patient control number (CLM01) for a
    duplicate: a claim corrected after a rejection goes out under a new one."""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> PayerRules:
        c = FieldCollector()
        known = {f.name for f in fields(cls)}
        for key in data:
            if key not in known:
                c.add(key, f"unknown payer rule {key!r} (known: {', '.join(sorted(known))})")
        for name in data.get("required_fields") or ():
            if name not in REQUIRABLE_FIELDS:
                c.add(
                    "required_fields",
                    f"{name!r} cannot be required (choose from {sorted(REQUIRABLE_FIELDS)})",
                )
        for key in ("timely_filing_days", "timely_filing_warning_days", "follow_up_days"):
            value = data.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                c.add(key, "a number of days (0 or more)")
        for key in ("ndc_required_for_drugs", "new_control_number_on_resubmission"):
            if key in data and not isinstance(data[key], bool):
                c.add(key, "true or false")
        for code in data.get("frequency_codes") or ():
            if code not in ("1", "7", "8"):
                c.add("frequency_codes", f"{code!r} is not a claim frequency code (1, 7 or 8)")
        required = data.get("modifiers_required") or {}
        if not isinstance(required, Mapping):
            c.add("modifiers_required", "an object of code -> list of modifiers")
            required = {}
        c.raise_if_any()
        return cls(
            required_fields=tuple(data.get("required_fields") or ()),
            modifiers_not_accepted=tuple(m.upper() for m in data.get("modifiers_not_accepted") or ()),
            modifiers_required={k: tuple(m.upper() for m in v) for k, v in required.items()},
            timely_filing_days=data.get("timely_filing_days"),
            timely_filing_warning_days=data.get("timely_filing_warning_days", 14),
            follow_up_days=data.get("follow_up_days", 30),
            frequency_codes=tuple(data.get("frequency_codes") or ("1", "7", "8")),
            ndc_required_for_drugs=bool(data.get("ndc_required_for_drugs", True)),
            new_control_number_on_resubmission=bool(data.get("new_control_number_on_resubmission", False)),
        )

    def to_mapping(self) -> dict[str, Any]:
        return {
            "required_fields": list(self.required_fields),
            "modifiers_not_accepted": list(self.modifiers_not_accepted),
            "modifiers_required": {k: list(v) for k, v in self.modifiers_required.items()},
            "timely_filing_days": self.timely_filing_days,
            "timely_filing_warning_days": self.timely_filing_warning_days,
            "follow_up_days": self.follow_up_days,
            "frequency_codes": list(self.frequency_codes),
            "ndc_required_for_drugs": self.ndc_required_for_drugs,
            "new_control_number_on_resubmission": self.new_control_number_on_resubmission,
        }
