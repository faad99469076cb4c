from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from revcycle.cli.x12 import app
from revcycle.kit.money import Money
from revcycle.x12 import parse, write
from revcycle.x12.x999 import Acknowledgment999
from tests.unit.x12 import factories as f

runner = CliRunner()


def _file(tmp_path: Path, text: str | bytes, name: str = "in.x12") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return str(path)


def test_validate_exits_0_for_a_valid_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", _file(tmp_path, write(f.make_835()))])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_validate_exits_1_and_prints_findings_for_an_invalid_file(tmp_path: Path) -> None:
    claim = f.make_835_claim(paid_amount=Money("60.00"))
    result = runner.invoke(app, ["validate", "--json", _file(tmp_path, write(f.make_835(claims=(claim,))))])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False
    assert {x["segment_id"] for x in report["findings"]} >= {"CLP"}


def test_validate_exits_2_when_the_file_is_not_x12(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", _file(tmp_path, b"%PDF-1.4 not x12")])
    assert result.exit_code == 2
    assert "ISA" in result.output


def test_validate_writes_a_999_with_ack(tmp_path: Path) -> None:
    out = tmp_path / "ack.999"
    claim = f.make_837p_claim(total_claim_charge_amount=Money("1.00"))
    result = runner.invoke(
        app, ["validate", _file(tmp_path, write(f.make_837p(claims=(claim,)))), "--ack", str(out)]
    )
    assert result.exit_code == 1
    [ack] = parse(out)
    assert isinstance(ack, Acknowledgment999) and ack.code == "R"


def test_parse_json_for_an_835_has_payment_claims_and_services(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", _file(tmp_path, write(f.make_835())), "--json"])
    assert result.exit_code == 0, result.output
    [tx] = json.loads(result.output)["transactions"]
    assert tx["transaction_set"] == "835" and tx["implementation_guide"] == "005010X221A1"
    assert tx["payment"] == {
        "amount": "70.00",
        "method": "ACH",
        "trace_number": "EFT0001",
        "date": "2024-03-10",
    }
    [claim] = tx["claims"]
    assert claim["adjustments"] == []
    assert claim["services"][0]["adjustments"][0] == {
        "group": "CO",
        "reason": "45",
        "amount": "20.00",
        "quantity": None,
    }
    assert claim["services"][0]["remarks"] == ["N130"]


def test_parse_json_for_an_837p_has_claims_with_subscriber_and_lines(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", _file(tmp_path, write(f.make_837p())), "--json"])
    [tx] = json.loads(result.output)["transactions"]
    [claim] = tx["claims"]
    assert claim["total_charge_amount"] == "125.50" and claim["place_of_service"] == "11"
    assert claim["patient"] is None
    assert claim["billing_provider"] == {"npi": f.BILLING_NPI, "name": "SPRINGFIELD CLINIC"}
    assert claim["subscriber"]["member_id"] == "MEM123456"
    assert claim["services"][1]["service_date"] == "2024-02-20"


def test_parse_json_for_277ca_271_and_999(tmp_path: Path, x12_samples: Path) -> None:
    [tx] = json.loads(runner.invoke(app, ["parse", _file(tmp_path, write(f.make_277ca()))]).output)[
        "transactions"
    ]
    assert tx["claims"] == [
        {
            "patient_control_number": "PCN0001",
            "status_category": "A2",
            "status_code": "20",
            "payer_claim_control_number": "PAYERCLM0001",
            "amount": "125.50",
        }
    ]
    result = runner.invoke(
        app, ["parse", str(x12_samples / "271_005010X279A1" / "subscriber-health-benefit-check.271")]
    )
    [tx] = json.loads(result.output)["transactions"]
    assert tx["subscriber"]["member_id"] == "123456789"
    assert any(b["code"] == "B" and b["amount"] == "10.00" and b["in_network"] == "Y" for b in tx["benefits"])
    [tx] = json.loads(runner.invoke(app, ["parse", _file(tmp_path, write(f.make_999()))]).output)[
        "transactions"
    ]
    assert tx["functional_group_acknowledgment"]["code"] == "R"


def test_parse_of_a_broken_file_prints_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", _file(tmp_path, write(f.make_837p()).replace("SE*29", "SE*2"))])
    assert result.exit_code == 1
    assert "SE01" in result.output and "Traceback" not in result.output
