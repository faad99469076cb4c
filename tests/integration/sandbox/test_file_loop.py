from __future__ import annotations

from pathlib import Path

import pytest

from revcycle.kit.money import Money
from revcycle.sandbox.service import Sandbox, advance, process_once
from revcycle.x12 import parse
from revcycle.x12.x835.models import Remittance835
from tests.integration.sandbox.conftest import claim, drop, sandbox_config, x837
from tests.pyx12_oracle import pyx12_errors

pytestmark = pytest.mark.usefixtures("frozen")


def replies(outbox: Path, suffix: str) -> list[str]:
    return [p.read_text() for p in sorted(outbox.glob(f"*{suffix}"))]


def remits(outbox: Path) -> list[Remittance835]:
    return [m for text in replies(outbox, ".835.x12") for m in parse(text)]


def test_clean_837_gets_999_277ca_and_a_balanced_835(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    drop(inbox, "batch1.x12", x837(claim("PCN1"), claim("PCN2", code="85025", charge="30.00")))
    report = process_once(inbox, outbox, sandbox_config())
    assert (report.files_read, report.claims_accepted, report.claims_rejected, report.remittances) == (
        1,
        2,
        0,
        1,
    )
    (ack,) = parse(replies(outbox, ".999.x12")[0])
    assert ack.code == "A"
    (ca,) = parse(replies(outbox, ".277ca.x12")[0])
    statuses = [
        (s.category, s.code) for level in ca.all_levels() if level.level_code == "PT" for s in level.statuses
    ]
    assert statuses == [("A2", "20"), ("A2", "20")]
    (era,) = remits(outbox)
    claims = list(era.claims())
    assert [c.patient_control_number for c in claims] == ["PCN1", "PCN2"]
    assert era.payment.amount == Money.total(c.paid_amount for c in claims)
    for c in claims:
        assert c.charge_amount - c.adjustment_total() == c.paid_amount
    assert not (inbox / "batch1.x12").exists()
    assert (inbox / "processed" / "batch1.x12").exists()


def test_every_reply_passes_pyx12(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    drop(
        inbox,
        "b.x12",
        x837(
            claim("PCN1"),
            claim("PCN2", code="72148", charge="900.00"),
            claim("PCN3", rendering_provider=None),
        ),
    )
    process_once(inbox, outbox, sandbox_config())
    written = sorted(outbox.glob("*.x12"))
    assert {p.name.split(".")[-2] for p in written} == {"999", "277ca", "835"}
    for path in written:
        assert pyx12_errors(path.read_text()) == [], path.name


def test_835_waits_for_the_lag_in_sandbox_days(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    config = sandbox_config(lag_days=3)
    drop(inbox, "b.x12", x837(claim("PCN1")))
    assert process_once(inbox, outbox, config).remittances == 0
    advance(inbox, 2)
    assert process_once(inbox, outbox, config).remittances == 0
    advance(inbox, 1)
    report = process_once(inbox, outbox, config)
    assert report.remittances == 1
    assert process_once(inbox, outbox, config).remittances == 0


def test_same_seed_and_files_give_the_same_bytes(tmp_path: Path) -> None:
    outputs = []
    config = sandbox_config(mix={"front_end_rejection": "0.3", "denial": "0.3", "interest": "0.5"})
    for run in ("a", "b"):
        inbox, outbox = tmp_path / run / "in", tmp_path / run / "out"
        drop(inbox, "b.x12", x837(*(claim(f"PCN{i}") for i in range(8))))
        process_once(inbox, outbox, config)
        outputs.append({p.name: p.read_bytes() for p in outbox.glob("*.x12")})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 3


def test_unknown_member_is_rejected_in_the_277ca_and_never_paid(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    drop(inbox, "b.x12", x837(claim("PCN1"), member_id="NOBODY"))
    report = process_once(inbox, outbox, sandbox_config())
    assert (report.claims_rejected, report.remittances) == (1, 0)
    (ca,) = parse(replies(outbox, ".277ca.x12")[0])
    (pt,) = [level for level in ca.all_levels() if level.level_code == "PT"]
    assert (pt.statuses[0].category, pt.statuses[0].code, pt.statuses[0].entity) == ("A3", "33", "IL")


def test_replacement_reverses_the_paid_claim_and_pays_the_new_one(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    config = sandbox_config()
    drop(inbox, "b1.x12", x837(claim("PCN1")))
    process_once(inbox, outbox, config)
    (first,) = remits(outbox)
    (original,) = first.claims()
    fixed = claim(
        "PCN1",
        charge="250.00",
        frequency_code="7",
        payer_claim_control_number=original.payer_claim_control_number,
    )
    drop(inbox, "b2.x12", x837(fixed, control=102))
    process_once(inbox, outbox, config)
    second = [r for r in remits(outbox) if r.trace.trace_number != first.trace.trace_number]
    (era,) = second
    reversal, new = era.claims()
    assert reversal.status_code == "22"
    assert reversal.paid_amount == -original.paid_amount
    assert reversal.charge_amount == -original.charge_amount
    assert reversal.payer_claim_control_number == original.payer_claim_control_number
    assert new.status_code == "1"
    assert new.charge_amount == Money("250.00")
    assert new.payer_claim_control_number != original.payer_claim_control_number
    assert era.payment.amount == reversal.paid_amount + new.paid_amount
    assert pyx12_errors(replies(outbox, ".835.x12")[-1]) == []


def test_void_reverses_and_leaves_a_forward_balance_when_nothing_else_is_paid(
    dirs: tuple[Path, Path],
) -> None:
    inbox, outbox = dirs
    config = sandbox_config()
    drop(inbox, "b1.x12", x837(claim("PCN1", code="85025", charge="30.00"), claim("PCN2")))
    process_once(inbox, outbox, config)
    (first,) = remits(outbox)
    paid = next(c for c in first.claims() if c.paid_amount.is_positive())
    void = claim(
        paid.patient_control_number,
        frequency_code="8",
        payer_claim_control_number=paid.payer_claim_control_number,
    )
    drop(inbox, "b2.x12", x837(void, control=102))
    process_once(inbox, outbox, config)
    (era,) = [r for r in remits(outbox) if r.trace.trace_number != first.trace.trace_number]
    (reversal,) = era.claims()
    assert reversal.status_code == "22"
    assert era.payment.amount == Money(0)
    (plb,) = era.provider_adjustments
    assert [(i.reason, i.amount) for i in plb.items] == [("FB", reversal.paid_amount)]


def test_duplicate_claim_is_denied_co_18(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    config = sandbox_config()
    drop(inbox, "b1.x12", x837(claim("PCN1")))
    process_once(inbox, outbox, config)
    drop(inbox, "b2.x12", x837(claim("PCN9"), control=102))
    process_once(inbox, outbox, config)
    last = remits(outbox)[-1]
    (dup,) = last.claims()
    assert dup.status_code == "4"
    assert [(a.group, a.reasons[0].reason) for a in dup.services[0].adjustments] == [("CO", "18")]


def test_deductible_accumulates_across_claims(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    config = sandbox_config(plans={"ppo": {"deductible": "200.00", "coinsurance": "0.20"}, "medicare": {}})
    drop(inbox, "b1.x12", x837(claim("PCN1", charge="200.00")))
    drop(
        inbox,
        "b2.x12",
        x837(claim("PCN2", code="72148", charge="300.00", prior_authorization="A1"), control=102),
    )
    process_once(inbox, outbox, config)
    (era,) = remits(outbox)
    first, second = era.claims()
    pr1 = [
        (r.reason, r.amount)
        for c in (first, second)
        for s in c.services
        for a in s.adjustments
        if a.group == "PR"
        for r in a.reasons
    ]
    assert ("1", Money("150.00")) in pr1
    assert ("1", Money("50.00")) in pr1


def test_sandbox_clock_moves_forward_only(dirs: tuple[Path, Path]) -> None:
    inbox, outbox = dirs
    with Sandbox(inbox, outbox, sandbox_config()) as sandbox:
        before = sandbox.now()
        sandbox.advance(2)
        assert (sandbox.now() - before).days == 2
        with pytest.raises(ValueError):
            sandbox.advance(-1)


def test_the_277ca_counts_and_totals_accepted_and_rejected_claims_per_receiver_and_provider(
    dirs: tuple[Path, Path],
) -> None:
    inbox, outbox = dirs
    drop(
        inbox,
        "b.x12",
        x837(
            claim("PCN1", charge="200.00"),
            claim("PCN2", code="85025", charge="30.00"),
            claim("PCN3", charge="75.00", frequency_code="7"),  # a replacement without the payer's number
        ),
    )
    report = process_once(inbox, outbox, sandbox_config())
    assert (report.claims_accepted, report.claims_rejected) == (2, 1)
    text = replies(outbox, ".277ca.x12")[0]
    (ca,) = parse(text)
    receiver, provider = (level for level in ca.all_levels() if level.level_code in ("21", "19"))
    assert receiver.quantities == (("90", 2), ("AA", 1))
    assert provider.quantities == (("QA", 2), ("QC", 1))
    for level in (receiver, provider):
        assert level.amounts == (("YU", Money("230.00")), ("YY", Money("75.00")))
    flat = text.replace("\n", "")
    assert "QTY*90*2~QTY*AA*1~AMT*YU*230~AMT*YY*75~" in flat
    assert pyx12_errors(text) == []
