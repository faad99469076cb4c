"""``revcycle plans``: agree a payment plan for a patient's account, show one."""

from __future__ import annotations

import typer

from revcycle.cli.eligibility import emit, parse_day, transaction
from revcycle.kit.clock import clock
from revcycle.kit.money import Money
from revcycle.patient_billing.service import plans

HELP = "Payment plans: installments on a schedule, paid by patient payments, defaulted when missed."
app = typer.Typer(no_args_is_help=True)


@app.callback()
def plans_group() -> None:
    """Payment plans."""


def _text(data: dict[str, object]) -> str:
    lines = [
        f"plan {data['plan_id']} ({data['status']}): {data['total']} {data['frequency']}, "
        f"paid {data['paid']}, remaining {data['remaining']}"
    ]
    for i in data["installments"]:  # type: ignore[attr-defined]
        lines.append(f"  {i['number']:>2}  {i['due_date']}  {i['amount']:>10}  paid {i['paid']}")
    return "\n".join(lines)


@app.command("create")
def create(
    patient: int = typer.Option(..., "--patient", help="Patient id (the plan is for their account)."),
    total: str = typer.Option(..., "--total", help="Plan total, like 300.00."),
    first_due: str = typer.Option(..., "--start", help="First due date (YYYY-MM-DD)."),
    installments: int | None = typer.Option(None, "--installments", help="Number of equal installments."),
    amount: str | None = typer.Option(None, "--amount", help="Or: the amount of each installment."),
    frequency: str = typer.Option("monthly", "--frequency", help="monthly, biweekly or weekly."),
    grace_days: int = typer.Option(10, "--grace-days", help="Days after a due date before it is missed."),
    practice: int | None = typer.Option(None, "--practice", help="Practice id (default: the only one)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON; amounts are decimal strings."),
) -> None:
    """Create a payment plan and print its schedule."""
    start = parse_day(first_due, "--start")
    with transaction(practice) as (uow, practice_id):
        view = plans.create_plan(
            uow,
            practice_id=practice_id,
            patient_id=patient,
            total=Money.parse(total, field="total"),
            first_due=start,
            frequency=frequency,
            installments_count=installments,
            installment_amount=Money.parse(amount, field="installment_amount") if amount else None,
            grace_days=grace_days,
            today=clock.today(),
        )
        data = plans.plan_json(view)
    emit(as_json, data, lambda: _text(data))


@app.command("show")
def show(
    plan_id: int = typer.Argument(..., help="Plan id."),
    practice: int | None = typer.Option(None, "--practice", help="Practice id (default: the only one)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON; amounts are decimal strings."),
) -> None:
    """A plan's schedule, what is paid and its status today."""
    with transaction(practice) as (uow, practice_id):
        data = plans.plan_json(
            plans.show_plan(uow, practice_id=practice_id, plan_id=plan_id, today=clock.today())
        )
    emit(as_json, data, lambda: _text(data))
