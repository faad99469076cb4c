"""A practice's posting rules (how OA, PI and CR adjustment groups post), kept as data.

Without a stored row the defaults of :class:`PostingRules` apply: OA written off administratively,
PI and CR as contractual adjustments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from revcycle.kit.errors import FieldCollector
from revcycle.remittance.domain.posting import PostingRules, Treatment
from revcycle.remittance.tables import PostingRulesRow

GROUPS = ("oa", "pi", "cr")


def posting_rules(uow: Any, *, practice_id: int) -> PostingRules:
    row = uow.session.get(PostingRulesRow, practice_id)
    if row is None:
        return PostingRules()
    return PostingRules(oa=Treatment(row.oa), pi=Treatment(row.pi), cr=Treatment(row.cr))


def set_posting_rules(uow: Any, *, practice_id: int, changes: Mapping[str, str]) -> PostingRules:
    """Change some of the groups' treatments; an unknown group or treatment is refused by name."""
    c = FieldCollector()
    allowed = ", ".join(t.value for t in Treatment)
    for group, value in changes.items():
        if group not in GROUPS:
            c.add(group, f"only {', '.join(GROUPS)} are configurable (CO and PR always post as such)")
        elif value not in Treatment.__members__.values():
            c.add(group, f"{value!r} is not one of {allowed}")
    c.raise_if_any()
    merged = {k: str(v) for k, v in asdict(posting_rules(uow, practice_id=practice_id)).items()} | dict(
        changes
    )
    row = uow.session.get(PostingRulesRow, practice_id)
    if row is None:
        row = PostingRulesRow(practice_id=practice_id, **merged)
        uow.session.add(row)
    else:
        row.oa, row.pi, row.cr = merged["oa"], merged["pi"], merged["cr"]
    uow.session.flush()
    return posting_rules(uow, practice_id=practice_id)
