from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from revcycle.codes import repository, service
from revcycle.codes.domain import CodeSystem
from revcycle.codes.rules.model import ServiceLine
from revcycle.kit.db import Database
from revcycle.kit.errors import Conflict, FormatError, NotFound

DX = CodeSystem.ICD10CM
V1_DAY, V2_DAY = date(2025, 10, 1), date(2026, 10, 1)


def test_lookup_takes_dotted_and_undotted_icd10_and_says_billable(coded: Database):
    with coded.uow() as uow:
        dotted = service.lookup_code(uow, "E11.9", on=date(2026, 3, 1)).as_dict()
        undotted = service.lookup_code(uow, "e119", system=DX, on=date(2026, 3, 1)).as_dict()
        header = service.lookup_code(uow, "E11", on=date(2026, 3, 1)).as_dict()
        exam = service.lookup_code(uow, "Z00.00").as_dict()
    assert dotted == undotted
    assert dotted["code"] == "E11.9" and dotted["valid"] and dotted["billable"]
    assert header["valid"] and not header["billable"]
    assert exam["description"].startswith("Encounter for general adult medical examination")


def test_lookup_of_an_unknown_code_is_not_found(coded: Database):
    with coded.uow() as uow, pytest.raises(NotFound):
        service.lookup_code(uow, "Q99.99X")


def test_shipped_lists_answer_lookups_by_system(coded: Database):
    with coded.uow() as uow:
        assert service.lookup_code(uow, "11", system=CodeSystem.POS).version.short_description == "Office"
        assert service.lookup_code(uow, "CO", system=CodeSystem.CAS_GROUP).valid
        assert service.lookup_code(uow, "45", system=CodeSystem.CARC).valid
        assert (
            service.lookup_code(uow, "25", system=CodeSystem.MODIFIER).version.attributes["applies_to"]
            == "em"
        )
        assert service.lookup_code(uow, "99214").version.system is CodeSystem.CPT


def test_update_reports_added_changed_terminated_and_keeps_earlier_versions(
    database: Database, fixtures: Path
):
    with database.transaction() as uow:
        first = service.update_code_system(
            uow, DX, fixtures / "icd10cm_order_v1.txt", effective=V1_DAY, label="v1"
        )
    with database.transaction() as uow:
        second = service.update_code_system(
            uow, DX, fixtures / "icd10cm_order_v2.txt", effective=V2_DAY, label="v2"
        )
    assert len(first[0].added) == 5
    report = second[0]
    assert (report.added, report.changed, report.terminated) == (("E11A",), ("I10",), ("U099",))
    with database.uow() as uow:
        old_i10 = service.lookup_code(uow, "I10", on=date(2026, 9, 30)).version
        new_i10 = service.lookup_code(uow, "I10", on=V2_DAY).version
        covid_before = service.lookup_code(uow, "U09.9", on=date(2026, 9, 30))
        covid_after = service.lookup_code(uow, "U09.9", on=V2_DAY)
        assert not service.lookup_code(uow, "E11.A", on=date(2026, 9, 30)).valid
        assert service.is_code_valid(uow, DX, "E11.A", V2_DAY)
    assert old_i10.description == "Essential (primary) hypertension" and old_i10.valid_to == date(2026, 9, 30)
    assert new_i10.description.endswith("revised wording") and new_i10.valid_from == V2_DAY
    assert covid_before.valid and not covid_after.valid and covid_after.version.valid_to == date(2026, 9, 30)


def test_the_same_release_cannot_be_loaded_twice(database: Database, fixtures: Path):
    with database.transaction() as uow:
        service.update_code_system(uow, DX, fixtures / "icd10cm_order_v1.txt", effective=V1_DAY, label="v1")
    with database.transaction() as uow, pytest.raises(Conflict):
        service.update_code_system(uow, DX, fixtures / "icd10cm_order_v1.txt", effective=V1_DAY, label="v1")


def test_a_bad_file_imports_nothing(database: Database, fixtures: Path):
    with pytest.raises(FormatError, match="line 3, field header flag"), database.transaction() as uow:
        service.update_code_system(uow, DX, fixtures / "icd10cm_order_bad_flag.txt", effective=V1_DAY)
    with database.uow() as uow:
        assert repository.stored_codes(uow, DX) == set()
        assert repository.releases(uow) == []


def test_icd10pcs_order_file_loads(database: Database, fixtures: Path):
    with database.transaction() as uow:
        service.update_code_system(
            uow, CodeSystem.ICD10PCS, fixtures / "icd10pcs_order_sample.txt", effective=V1_DAY
        )
    with database.uow() as uow:
        assert service.lookup_code(uow, "0DTJ4ZZ", system=CodeSystem.ICD10PCS).valid


def test_hcpcs_terminated_code_is_invalid_on_a_later_date_of_service(database: Database, shared_data: Path):
    path = shared_data / "codesets" / "hcpcs-2020" / "HCPC2020_ANWEB_w_disclaimer.txt"
    with database.transaction() as uow:
        reports = service.update_code_system(
            uow, CodeSystem.HCPCS, path, effective=date(2020, 1, 1), label="2020"
        )
    assert reports[0].added and reports[1].system is CodeSystem.MODIFIER
    with database.uow() as uow:
        assert service.lookup_code(uow, "C9744", on=date(2018, 6, 1)).valid
        later = service.lookup_code(uow, "C9744", on=date(2019, 6, 1))
        j3490 = service.lookup_code(uow, "J3490", on=date(2020, 6, 1)).as_dict()
    assert not later.valid and later.version.valid_to == date(2018, 12, 31)
    assert j3490["valid"] and j3490["notes"]["pricing"] == ["51"]


def test_search_ranks_exact_code_then_words_and_follows_new_releases(coded: Database, tmp_path: Path):
    with coded.uow() as uow:
        assert service.search_codes(uow, "E11.9")[0].entry.display == "E11.9"
        top = [
            h.entry.display
            for h in service.search_codes(uow, "type 2 diabetes without complications", limit=3)
        ]
        assert "E11.9" in top
        assert service.search_codes(uow, "office visit established", systems=[CodeSystem.CPT])[
            0
        ].entry.code.startswith("992")
    cpt = tmp_path / "cpt.csv"
    cpt.write_text("code,short,long\n99499,Unlisted e/m,Unlisted evaluation and management service\n")
    with coded.transaction() as uow:
        service.update_code_system(uow, CodeSystem.CPT, cpt, effective=V2_DAY)
    with coded.uow() as uow:
        assert any(
            h.entry.code == "99499" for h in service.search_codes(uow, "99499", systems=[CodeSystem.CPT])
        )


def test_coding_check_finds_problems_with_ncci_mue_and_mce_loaded(
    coded: Database, fixtures: Path, shared_data: Path
):
    with coded.transaction() as uow:
        assert service.import_ptp_edits(uow, fixtures / "ncci_ptp_practitioner_sample.txt") == 5
        assert service.import_mue_edits(uow, fixtures / "mue_practitioner_sample.csv", effective=V1_DAY) == 4
        assert service.import_mce_edits(
            uow, shared_data / "codesets" / "mce-v37" / "MCE_Simple_Code_Edits_v37.txt"
        )
    request = service.CheckRequest(
        diagnoses=["E11.9", "I10", "N40.0"],
        procedures=[
            ServiceLine("99214", (), 1, (1, 2)),
            ServiceLine("20610", (), 3, (1,)),
            ServiceLine("36415", ("59",), 1, (1,)),
        ],
        date_of_service=date(2026, 3, 1),
        sex="F",
        date_of_birth=date(1950, 2, 3),
    )
    with coded.uow() as uow:
        result = service.check_codes(uow, request)
    found = {f.rule_id for f in result.findings}
    assert {"NCCI_PTP", "MUE_UNITS", "EM_MODIFIER_25", "DX_SEX"} <= found
    assert not result.clean


def test_clean_encounter_checks_clean(coded: Database):
    request = service.CheckRequest(
        diagnoses=["E11.9", "I10"],
        procedures=[ServiceLine("99214", (), 1, (1, 2)), ServiceLine("93000", (), 1, (1,))],
        date_of_service=date(2026, 3, 1),
        sex="F",
        date_of_birth=date(1950, 2, 3),
    )
    with coded.uow() as uow:
        assert service.check_codes(uow, request).findings == []


@pytest.mark.slow
def test_full_shipped_load_is_fast_idempotent_and_has_every_billable_code(database: Database):
    start = time.perf_counter()
    with database.transaction() as uow:
        reports = service.load_shipped_sets(uow)
    elapsed = time.perf_counter() - start
    with database.transaction() as uow:
        again = service.load_shipped_sets(uow)
    assert all(r.loaded for r in reports) and not any(r.loaded for r in again)
    assert elapsed < 60
    with database.uow() as uow:
        billable = [c for c, _, b in repository.searchable(uow, DX) if b]
    assert len(billable) >= 74_000
