"""ICD-10-CM search latency: p50/p95 over a few hundred queries on the full shipped set.

Run: python benchmarks/codes_bench.py [--rounds N]

Builds the in-memory index from the package's tabular (what a process does once), then times
queries of every kind: codes, code prefixes, words, abbreviations, typos and unfinished words.
"""

from __future__ import annotations

import argparse
import statistics
import time

from revcycle.codes.domain import display_code
from revcycle.codes.importers.icd10cm_package import load_package_release
from revcycle.codes.search import IndexEntry, SearchIndex

QUERIES = [
    "type 2 diabetes without complications", "E11.9", "E119", "E11", "I10", "Z00.00", "Z00", "S72.0",
    "HTN", "DM2", "COPD", "CHF", "URI", "UTI", "GERD", "CKD stage 3", "AFib", "OSA", "BPH", "HLD",
    "chest pain", "low back pain", "acute bronchitis", "pneumonia", "major depressive disorder recurrent",
    "generalized anxiety", "essential hypertension", "hyperlipidemia", "obesity", "vitamin d deficiency",
    "fracture of right femur initial encounter", "laceration left hand", "sprain of ankle", "otitis media",
    "streptococcal pharyngitis", "covid-19", "urinary tract infection", "migraine without aura",
    "esential hypertenson", "diabetis mellitus", "pnuemonia", "astma", "bronchitis acut", "hypothyroidsm",
    "routine exam adult", "well child visit", "pregnancy supervision", "screening colonoscopy",
    "acute bronch", "rheumatoid arth", "osteoarth knee", "atrial fib", "heart fail",
    "chronic kidney disease stage 4", "end stage renal disease", "anemia in chronic kidney disease",
    "long term use of insulin", "nicotine dependence cigarettes", "alcohol abuse", "opioid dependence",
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="times each query runs (default 5)")
    args = parser.parse_args()

    start = time.perf_counter()
    release = load_package_release()
    loaded = time.perf_counter()
    index = SearchIndex(
        IndexEntry(e.system, e.code, display_code(e.system, e.code), e.description, e.billable)
        for e in release.entries
    )
    built = time.perf_counter()
    print(
        f"ICD-10-CM {release.label}: {len(index)} codes, {sum(e.billable for e in release.entries)} billable"
    )
    print(f"read package {loaded - start:.2f} s, build index {built - loaded:.2f} s")

    timings: list[float] = []
    first: list[float] = []
    for round_number in range(args.rounds):
        for query in QUERIES:
            t0 = time.perf_counter()
            index.search(query, 10)
            elapsed = (time.perf_counter() - t0) * 1000
            (first if round_number == 0 else timings).append(elapsed)
    everything = first + timings
    quantiles = statistics.quantiles(everything, n=100)
    print(f"{len(everything)} queries ({len(QUERIES)} distinct x {args.rounds} rounds)")
    print(f"all:        p50 {quantiles[49]:.3f} ms  p95 {quantiles[94]:.3f} ms  max {max(everything):.3f} ms")
    cold = statistics.quantiles(first, n=100)
    print(f"first seen: p50 {cold[49]:.3f} ms  p95 {cold[94]:.3f} ms  (typo lookups not yet cached)")
    top = [h.entry.display for h in index.search("type 2 diabetes without complications", 3)]
    print(f"'type 2 diabetes without complications' -> {top}")


if __name__ == "__main__":
    main()
