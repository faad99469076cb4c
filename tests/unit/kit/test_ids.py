import pytest

from revcycle.kit.errors import FieldErrors
from revcycle.kit.ids import NPI, TIN, Phone, StateCode, ZipCode


def test_npi_with_valid_check_digit_is_accepted():
    assert NPI.parse("1234567893").value == "1234567893"


def test_npi_with_wrong_check_digit_is_refused_and_names_the_field():
    with pytest.raises(FieldErrors) as info:
        NPI.parse("1234567890", field="rendering.npi")
    assert info.value.errors[0].field == "rendering.npi"
    assert "check digit" in info.value.errors[0].message


@pytest.mark.parametrize("bad", ["123456789", "12345678901", "abcdefghij", "", "3234567893"])
def test_npi_of_wrong_shape_is_refused(bad):
    with pytest.raises(FieldErrors):
        NPI.parse(bad)


def test_tin_accepts_dash_and_refuses_impossible_prefixes():
    assert TIN.parse("84-1234567").value == "841234567"
    assert TIN.parse("841234567").display() == "84-1234567"
    for bad in ("12345678", "00-1234567", "07-1234567", "84123456X"):
        with pytest.raises(FieldErrors):
            TIN.parse(bad)


def test_zip_accepts_five_and_nine_digits():
    assert ZipCode.parse("80202").value == "80202"
    assert ZipCode.parse("80202-1234").value == "802021234"
    assert ZipCode.parse("802021234").display() == "80202-1234"
    for bad in ("8020", "802021", "00000", "ABCDE"):
        with pytest.raises(FieldErrors):
            ZipCode.parse(bad)


def test_state_codes_include_dc_and_territories_only():
    assert StateCode.parse("co").value == "CO"
    assert StateCode.parse("DC").value == "DC"
    assert StateCode.parse("PR").value == "PR"
    with pytest.raises(FieldErrors):
        StateCode.parse("XX")


def test_phone_normalises_to_ten_digits():
    assert Phone.parse("(303) 555-0142").value == "3035550142"
    assert Phone.parse("+1 303 555 0142").value == "3035550142"
    assert Phone.parse("3035550142").display() == "(303) 555-0142"
    for bad in ("555-0142", "1035550142", "30355501421"):
        with pytest.raises(FieldErrors):
            Phone.parse(bad)
