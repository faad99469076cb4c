"""X12 engine benchmark (not a test): parse speed against peers, validation against pyx12, memory
and scaling. Run: ``PYTHONPATH=src python benchmarks/x12_bench.py`` (peers from the ``bench`` extra).

Generates a balanced 835 of 20,000 claims and an 837P of 10,000 claims (3 lines each), then prints
one table. Peers that are not installed are skipped.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import logging
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from revcycle.kit.money import Money
from revcycle.x12 import Envelope, parse, write
from revcycle.x12.core.common import Address, Adjustment, AdjustmentReason, Contact, Name
from revcycle.x12.validate import validate
from revcycle.x12.x835.models import (
    ClaimGroup,
    ClaimPayment,
    Party,
    Payment,
    Remittance835,
    ServicePayment,
    Trace,
)
from revcycle.x12.x837.models import BillingProvider, Header837, ProviderLoop, Subscriber, SubscriberLoop
from revcycle.x12.x837p.models import Professional837, ProfessionalClaim, ProfessionalService

ENVELOPE = Envelope("SENDER", "RECEIVER", "000000001", "1", "0001", dt.date(2024, 3, 1))
DAY = dt.date(2024, 2, 20)


def make_835(claims: int) -> str:
    items = []
    for i in range(claims):
        services = tuple(
            ServicePayment(
                procedure_code=code,
                charge_amount=Money("100.00"),
                paid_amount=Money("70.00"),
                units=Decimal(1),
                service_date=DAY,
                adjustments=(
                    Adjustment("CO", (AdjustmentReason("45", Money("20.00")),)),
                    Adjustment("PR", (AdjustmentReason("2", Money("10.00")),)),
                ),
                line_item_control_number=f"L{i}-{n}",
            )
            for n, code in enumerate(("99213", "85025"))
        )
        items.append(
            ClaimPayment(
                patient_control_number=f"PCN{i:08d}",
                status_code="1",
                charge_amount=Money("200.00"),
                paid_amount=Money("140.00"),
                patient_responsibility_amount=Money("20.00"),
                claim_filing_indicator="12",
                payer_claim_control_number=f"PAY{i:010d}",
                patient=Name("QC", "1", "DOE", f"PAT{i}", id_qualifier="MI", identifier=f"M{i:09d}"),
                statement_from=DAY,
                statement_to=DAY,
                services=services,
            )
        )
    model = Remittance835(
        envelope=ENVELOPE,
        payment=Payment(amount=Money("140.00") * claims, method="ACH", date=dt.date(2024, 3, 10)),
        trace=Trace("EFT1", "1512345678"),
        payer=Party(
            "ACME HEALTH",
            address=Address("1 WAY", "", "SPRINGFIELD", "IL", "62701"),
            technical_contact=Contact("BL", "EDI", (("TE", "8005551212"),)),
        ),
        payee=Party("CLINIC", id_qualifier="XX", identifier="1234567893"),
        claim_groups=(ClaimGroup("1", tuple(items)),),
    )
    return write(model)


def make_837p(claims: int) -> str:
    subscriber = Subscriber(
        "P",
        Name("IL", "1", "DOE", "JANE", id_qualifier="MI", identifier="MEM1"),
        Name("PR", "2", "ACME", id_qualifier="PI", identifier="ACME"),
        birth_date=dt.date(1980, 1, 1),
        sex="F",
        address=Address("1 ST", "", "SPRINGFIELD", "IL", "62701"),
    )
    items = tuple(
        ProfessionalClaim(
            patient_control_number=f"PCN{i:08d}",
            total_claim_charge_amount=Money("225.00"),
            place_of_service="11",
            diagnoses=("J449", "E119"),
            services=tuple(
                ProfessionalService(n + 1, code, Money(amount), Decimal(1), DAY, (1,))
                for n, (code, amount) in enumerate(
                    (("99213", "100.00"), ("85025", "25.00"), ("93000", "100.00"))
                )
            ),
        )
        for i in range(claims)
    )
    model = Professional837(
        envelope=ENVELOPE,
        header=Header837(
            Name("41", "2", "CLINIC", id_qualifier="46", identifier="S1"),
            Name("40", "2", "CH", id_qualifier="46", identifier="R1"),
            "B1",
            DAY,
        ),
        providers=(
            ProviderLoop(
                BillingProvider(
                    Name("85", "2", "CLINIC", id_qualifier="XX", identifier="1234567893"),
                    Address("1 ST", "", "SPRINGFIELD", "IL", "62701"),
                    "371234567",
                ),
                (SubscriberLoop(subscriber, items),),
            ),
        ),
    )
    return write(model)


def best(fn: Callable[[], Any], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def interleaved(a: Callable[[], Any], b: Callable[[], Any], repeat: int = 3) -> tuple[float, float]:
    """Best times of ``a`` and ``b`` run in alternation."""
    times_a, times_b = [], []
    for _ in range(repeat):
        times_a.append(best(a, repeat=1))
        times_b.append(best(b, repeat=1))
    return min(times_a), min(times_b)


def peak_mb(fn: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def split_only(data: bytes) -> int:
    return sum(len(s.split(b"*")) for s in data.split(b"~"))


def pyx12_valid(text: str) -> bool:
    import pyx12.params
    import pyx12.x12n_document

    logging.getLogger("pyx12").setLevel(logging.CRITICAL)
    return bool(
        pyx12.x12n_document.x12n_document(pyx12.params.params(), io.StringIO(text), None, None, None, None)
    )


def main() -> None:
    rows: list[tuple[str, str, float | None, str]] = []
    era = make_835(20_000)
    era2 = make_835(40_000)
    claims = make_837p(10_000)
    era_b, era2_b, claims_b = era.encode(), era2.encode(), claims.encode()
    print(
        f"835: 20,000 claims, {len(era_b) / 1e6:.1f} MB; "
        f"837P: 10,000 claims x 3 lines, {len(claims_b) / 1e6:.1f} MB"
    )

    ours_835 = best(lambda: parse(era_b))
    rows.append(("835 parse", "bytes.split (floor)", best(lambda: split_only(era_b)), ""))
    rows.append(("835 parse", "revcycle (typed models)", ours_835, "1.00x"))
    peers: list[tuple[str, Callable[[], Any]]] = []
    try:
        import openx12.x835

        peers.append(("openx12", lambda: openx12.x835.parse(era)))
    except ImportError:
        pass
    try:
        import oxedi

        peers.append(("oxedi", lambda: oxedi.parse(era_b)))
    except ImportError:
        pass
    try:
        import edi_835_parser

        with tempfile.NamedTemporaryFile("w", suffix=".835", delete=False) as handle:
            handle.write(era)
        path = handle.name
        peers.append(("edi-835-parser", lambda: edi_835_parser.parse(path)))
    except ImportError:
        pass
    for name, fn in peers:
        t = best(fn, repeat=1 if name == "edi-835-parser" else 3)
        rows.append(("835 parse", name, t, f"ours = {ours_835 / t:.2f}x theirs"))

    ours_837 = best(lambda: parse(claims_b))
    rows.append(("837P parse", "revcycle (typed models)", ours_837, "1.00x"))
    try:
        import openx12.x837p

        t = best(lambda: openx12.x837p.parse(claims))
        rows.append(("837P parse", "openx12", t, f"ours = {ours_837 / t:.2f}x theirs"))
    except ImportError:
        pass

    # pyx12 takes minutes on the large file: compare validation on a 1,000-claim 835
    small = make_835(1_000)
    ours_valid = validate(small.encode()).valid
    ours_v = best(lambda: validate(small.encode()))
    theirs_valid = pyx12_valid(small)
    theirs_v = best(lambda: pyx12_valid(small), repeat=1)
    rows.append(("835 validate (1,000 claims)", "revcycle", ours_v, f"valid={ours_valid}"))
    rows.append(
        (
            "835 validate (1,000 claims)",
            "pyx12",
            theirs_v,
            f"valid={theirs_valid}; ours {theirs_v / ours_v:.0f}x faster",
        )
    )
    rows.append(("835 validate", "revcycle (20,000 claims)", best(lambda: validate(era_b), repeat=1), ""))

    mem = peak_mb(lambda: parse(era_b))
    rows.append(("835 parse peak memory", "revcycle (tracemalloc)", None, f"{mem:.0f} MB"))
    # both sizes timed in alternation, so that load on the machine affects them alike
    once, twice = interleaved(lambda: parse(era_b), lambda: parse(era2_b))
    rows.append(
        (
            "835 parse scaling",
            "revcycle 40,000 claims",
            twice,
            f"{twice / once:.2f}x the 20,000-claim time ({once:.3f} s in the same rounds)",
        )
    )

    width = max(len(r[1]) for r in rows)
    print(f"{'benchmark':<30} {'implementation':<{width}} {'seconds':>9}  notes")
    for bench, impl, seconds, note in rows:
        shown = f"{seconds:9.3f}" if seconds is not None else " " * 9
        print(f"{bench:<30} {impl:<{width}} {shown}  {note}")


if __name__ == "__main__":
    sys.exit(main())
