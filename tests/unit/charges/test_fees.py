from decimal import Decimal

import pytest

from revcycle.charges import fees
from revcycle.kit.errors import FormatError
from revcycle.kit.money import Money, Rounding

RVU_99213 = fees.Rvu(
    "99213", "", "A", Decimal("1.30"), Decimal("1.26"), Decimal("0.55"), Decimal("0.10"), Decimal("34.6062")
)
COLORADO = fees.Gpci("4112", "CO", "1", "COLORADO", Decimal("1.001"), Decimal("1.047"), Decimal("0.767"))


def test_medicare_allowed_is_the_gpci_weighted_rvus_times_the_conversion_factor_rounded_once():
    # (1.30*1.001 + 1.26*1.047 + 0.10*0.767) * 34.6062 = 2.69722 * 34.6062 = 93.3405...
    assert fees.medicare_allowed(RVU_99213, COLORADO) == Money("93.34")


def test_facility_place_of_service_uses_the_facility_practice_expense():
    # (1.3013 + 0.55*1.047 + 0.0767) * 34.6062 = 1.95385 * 34.6062 = 67.6153...
    assert fees.medicare_allowed(RVU_99213, COLORADO, facility=True) == Money("67.62")
    assert fees.is_facility("22") and not fees.is_facility("11")


def test_rounding_rule_is_explicit_half_up_by_default_and_half_even_on_request():
    cf1 = fees.Rvu("X", "", "A", Decimal("1"), Decimal(0), Decimal(0), Decimal(0), Decimal("10.125"))
    unit = fees.Gpci("1", "XX", "0", "X", Decimal(1), Decimal(1), Decimal(1))
    assert fees.medicare_allowed(cf1, unit) == Money("10.13")
    assert fees.medicare_allowed(cf1, unit, rounding=Rounding.HALF_EVEN) == Money("10.12")


def test_percent_of_medicare_rounds_to_the_cent():
    assert fees.percent_of(Money("93.34"), Decimal("120")) == Money("112.01")


def test_price_line_prefers_a_modifier_entry_then_the_code_and_multiplies_units():
    master = {("99213", ""): Money("120.00"), ("99213", "25"): Money("130.00")}
    assert fees.price_line("99213", (), Decimal(2), master) == Money("240.00")
    assert fees.price_line("99213", ("25",), Decimal(1), master) == Money("130.00")
    assert fees.price_line("99214", (), Decimal(1), master) is None


def test_rvu_reader_skips_headers_and_names_the_line_of_a_short_row():
    rows = list(
        fees.read_rvu_file(
            [
                "HCPCS,MOD,DESCRIPTION",
                "99213,,,A,,1.30,1.26,,0.55,,0.10," + ",".join(["0"] * 13) + ",34.6062,09",
            ]
        )
    )
    assert rows[0].code == "99213" and rows[0].conversion_factor == Decimal("34.6062")
    with pytest.raises(FormatError, match="line 1"):
        list(fees.read_rvu_file(["99213,,,A"]))


def test_the_cms_2022_files_price_99213_in_colorado(shared_data):
    folder = shared_data / "fee-schedule-pfs-2022"
    with open(folder / "PPRRVU22_JAN_no_descriptors.csv", encoding="latin-1") as f:
        rvus = {(r.code, r.modifier): r for r in fees.read_rvu_file(f)}
    with open(folder / "GPCI2022.csv", encoding="latin-1") as f:
        gpcis = {g.key: g for g in fees.read_gpci_file(f)}
    assert len(rvus) > 10000 and len(gpcis) > 100
    assert fees.medicare_allowed(rvus[("99213", "")], gpcis["04112-01"]) == Money("93.34")
