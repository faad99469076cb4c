import time

import pytest

from revcycle.codes.search import SearchIndex


def codes(index: SearchIndex, query: str, limit: int = 3) -> list[str]:
    return [h.entry.display for h in index.search(query, limit)]


def test_the_shipped_icd10cm_release_has_at_least_74000_billable_codes(icd_release):
    assert sum(e.billable for e in icd_release.entries) >= 74_000
    by_code = {e.code: e for e in icd_release.entries}
    assert by_code["E119"].billable and not by_code["E11"].billable


def test_type_2_diabetes_without_complications_finds_e11_9_in_the_top_three(icd_index):
    assert "E11.9" in codes(icd_index, "type 2 diabetes without complications")


def test_exact_code_comes_first_then_code_prefixes(icd_index):
    hits = icd_index.search("E11.9", 5)
    assert hits[0].entry.display == "E11.9" and hits[0].match == "code"
    prefix = icd_index.search("E11.6", 5)
    assert all(h.entry.code.startswith("E116") for h in prefix)
    assert icd_index.search("e119", 1)[0].entry.display == "E11.9"


@pytest.mark.parametrize(
    ("query", "expected_prefix"),
    [
        ("HTN", "I10"),
        ("DM2", "E11"),
        ("COPD", "J44"),
        ("CHF", "I50"),
        ("URI", "J06"),
        ("UTI", "N39.0"),
        ("GERD", "K21"),
        ("CKD", "N18"),
    ],
)
def test_common_abbreviations_find_their_codes(icd_index, query, expected_prefix):
    assert any(c.startswith(expected_prefix) for c in codes(icd_index, query))


def test_typos_still_find_the_intended_words(icd_index):
    assert any(c.startswith("I1") for c in codes(icd_index, "esential hypertenson"))
    assert "E11.9" in codes(icd_index, "type 2 diabetis without complicatons")


def test_the_last_word_may_be_unfinished(icd_index):
    assert any(c.startswith("J20") for c in codes(icd_index, "acute bronch"))


def test_empty_query_finds_nothing(icd_index):
    assert icd_index.search("   ") == []


def test_a_search_answers_in_milliseconds(icd_index):
    queries = ["chest pain", "low back pain", "HTN", "type 2 diabetes", "fracture femur right"]
    for q in queries:
        icd_index.search(q)
    start = time.perf_counter()
    for _ in range(20):
        for q in queries:
            icd_index.search(q)
    assert (time.perf_counter() - start) / 100 < 0.02
