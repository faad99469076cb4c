"""Bulk assignment in every work queue: the selected items go to a user; each queue's page filters
"assigned to me" with ``?mine=1``. The queue pages call :func:`assignment_context`."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse

from revcycle.api.deps import Scope, Uow, require
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldErrors
from revcycle.web import assignments
from revcycle.web.app import verify_csrf

router = APIRouter(include_in_schema=False)

QUEUES: dict[str, tuple[str, str]] = {
    "to-fix": ("claim", "claims:write"),
    "rejections": ("claim", "claims:write"),
    "unpaid": ("claim", "claims:write"),
    "denials": ("work_item", "payments:write"),
    "underpaid": ("work_item", "payments:write"),
    "unmatched": ("work_item", "payments:write"),
    "balances": ("account", "payments:write"),
    "eligibility": ("coverage", "coverages:write"),
}
"""Each queue: the kind of item it lists and the permission to assign its items."""


def assignment_context(uow: UnitOfWork, scope: Scope, queue: str, mine: bool) -> dict[str, Any]:
    """What a queue page shows about assignments: who holds each item, whom items can go to, and
    (with ``mine``) the keys assigned to the signed-in user."""
    kind, permission = QUEUES[queue]
    return {
        "queue": queue,
        "holders": assignments.holders(uow, scope.practice_id, kind),
        "assignees": assignments.assignable_users(uow, scope.practice_id),
        "can_assign": scope.can(permission),
        "mine": mine,
        "mine_keys": assignments.assigned_to(uow, scope.practice_id, kind, scope.user_id) if mine else None,
    }


def keep_mine(items: list[Any], key: Callable[[Any], object], context: dict[str, Any]) -> list[Any]:
    """Only the items assigned to the signed-in user, when the page asked for them."""
    mine = context["mine_keys"]
    return items if mine is None else [i for i in items if str(key(i)) in mine]


def _assign_route(queue: str) -> None:
    kind, permission = QUEUES[queue]

    @router.post(f"/queues/{queue}/assign", dependencies=[Depends(verify_csrf)])
    async def assign(request: Request, uow: Uow, scope: Annotated[Scope, require(permission)]) -> Response:
        form = await request.form()
        keys = [str(v) for field in ("item", "claim_id") for v in form.getlist(field)]
        assignee = str(form.get("assignee") or "")
        if not assignee.isdigit():
            raise FieldErrors.single("assignee", "choose whom to assign the selected items to")
        assignments.assign(
            uow,
            practice_id=scope.practice_id,
            kind=kind,
            keys=keys,
            user_id=int(assignee),
            by=scope.username or f"user {scope.user_id}",
        )
        return RedirectResponse(f"/queues/{queue}", status_code=303)


for _queue in QUEUES:
    _assign_route(_queue)
