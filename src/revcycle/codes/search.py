"""An in-memory code search index: exact code and code prefix first, then words.

Built once per process from the codes in force (``SearchIndex(entries)``), it answers in well
under a millisecond for most queries: an inverted word index with idf weights, abbreviation
expansion (HTN, DM2, COPD...), prefix completion of the last word and typo tolerance (rapidfuzz,
over words with the same first letter). No I/O here.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from revcycle.codes.domain import CodeSystem

ABBREVIATIONS: dict[str, str] = {
    "htn": "essential primary hypertension",
    "dm": "diabetes mellitus",
    "dm1": "type 1 diabetes mellitus",
    "t1dm": "type 1 diabetes mellitus",
    "dm2": "type 2 diabetes mellitus",
    "t2dm": "type 2 diabetes mellitus",
    "dmii": "type 2 diabetes mellitus",
    "copd": "chronic obstructive pulmonary disease",
    "chf": "congestive heart failure",
    "hf": "heart failure",
    "uri": "acute upper respiratory infection",
    "uti": "urinary tract infection site not specified",
    "exam": "examination",
    "checkup": "examination",
    "physical": "examination",
    "gerd": "gastro esophageal reflux disease",
    "ckd": "chronic kidney disease",
    "esrd": "end stage renal disease",
    "aki": "acute kidney failure",
    "cad": "atherosclerotic heart disease coronary artery",
    "mi": "myocardial infarction",
    "afib": "atrial fibrillation",
    "af": "atrial fibrillation",
    "cva": "cerebral infarction",
    "tia": "transient cerebral ischemic attack",
    "dvt": "deep vein thrombosis",
    "pe": "pulmonary embolism",
    "oa": "osteoarthritis",
    "ra": "rheumatoid arthritis",
    "bph": "benign prostatic hyperplasia",
    "hld": "hyperlipidemia",
    "osa": "obstructive sleep apnea",
    "lbp": "low back pain",
    "adhd": "attention deficit hyperactivity disorder",
    "mdd": "major depressive disorder",
    "gad": "generalized anxiety disorder",
    "ptsd": "post traumatic stress disorder",
    "uc": "ulcerative colitis",
    "ibs": "irritable bowel syndrome",
    "sob": "shortness of breath",
    "ha": "headache",
    "n/v": "nausea vomiting",
    "hx": "history",
    "fx": "fracture",
    "abd": "abdominal",
    "ecg": "electrocardiogram",
    "ekg": "electrocardiogram",
    "cbc": "complete blood count",
    "cmp": "comprehensive metabolic panel",
    "bmp": "basic metabolic panel",
}
"""Clinical abbreviations and what to search for instead."""

STOPWORDS = frozenset({"of", "the", "and", "or", "a", "an", "to", "in", "for", "by", "on", "at", "as", "is"})

_WORD = re.compile(r"[a-z0-9]+")
_CODE_LIKE = re.compile(r"^[A-Za-z0-9]{1,4}\.?[A-Za-z0-9]{0,4}$")


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-case, stemmed words of ``text`` without stop words."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def expand(query: str) -> list[str]:
    """The query's words with abbreviations spelled out."""
    out: list[str] = []
    for raw in re.findall(r"[a-z0-9/]+", query.lower()):
        out.extend(words(ABBREVIATIONS.get(raw, raw.replace("/", " "))))
    return list(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One searchable code."""

    system: CodeSystem
    code: str
    display: str
    description: str
    billable: bool = True


@dataclass(frozen=True, slots=True)
class SearchHit:
    entry: IndexEntry
    score: float
    match: str
    """``code`` (exact), ``prefix`` (code prefix) or ``words``."""


class SearchIndex:
    """Codes searchable by code, code prefix and words. Immutable once built."""

    def __init__(self, entries: Iterable[IndexEntry]) -> None:
        self.entries: list[IndexEntry] = list(entries)
        postings: dict[str, list[int]] = defaultdict(list)
        self._lengths: list[int] = []
        for ident, entry in enumerate(self.entries):
            tokens = set(words(entry.description))
            self._lengths.append(len(tokens))
            for token in tokens:
                postings[token].append(ident)
        self._postings = dict(postings)
        self._sets: dict[str, frozenset[int]] = {}
        total = max(len(self.entries), 1)
        self._idf = {w: math.log(1 + total / len(ids)) for w, ids in self._postings.items()}
        self._vocab = sorted(self._postings)
        self._by_letter: dict[str, list[str]] = defaultdict(list)
        for word in self._vocab:
            self._by_letter[word[0]].append(word)
        self._codes = sorted((e.code, i) for i, e in enumerate(self.entries))
        self._variants: dict[str, list[tuple[str, float]]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    # -- codes -------------------------------------------------------------------------------------
    def _code_hits(self, query: str, limit: int) -> list[SearchHit]:
        key = query.upper().replace(".", "")
        hits: list[SearchHit] = []
        start = bisect_left(self._codes, (key, -1))
        for code, ident in self._codes[start:]:
            if not code.startswith(key) or len(hits) >= limit:
                break
            exact = code == key
            score = 1_000_000.0 if exact else 100_000.0 - len(code)
            hits.append(SearchHit(self.entries[ident], score, "code" if exact else "prefix"))
        hits.sort(key=lambda h: (-h.score, h.entry.code))
        return hits

    # -- words -------------------------------------------------------------------------------------
    def _variants_of(self, token: str, last: bool) -> list[tuple[str, float]]:
        """Indexed words that stand for ``token``: itself, completions of the last word, near spellings."""
        cache_key = f"{token}|{last}"
        cached = self._variants.get(cache_key)
        if cached is not None:
            return cached
        variants: list[tuple[str, float]] = []
        if token in self._postings:
            variants.append((token, 1.0))
        if last and len(token) >= 3 and not variants:
            start = bisect_left(self._vocab, token)
            completions = [w for w in self._vocab[start : start + 200] if w.startswith(token)]
            # every completion weighs like the most common one, more frequent words slightly more
            completions.sort(key=lambda w: -len(self._postings[w]))
            floor = min((self._idf[w] for w in completions), default=0.0)
            for rank, word in enumerate(completions[:50]):
                variants.append((word, floor / self._idf[word] * (0.9 - 0.005 * rank)))
        if not variants and len(token) >= 4:
            pool = self._by_letter.get(token[0], [])
            found = process.extract(
                token, pool, scorer=JaroWinkler.normalized_similarity, limit=4, score_cutoff=0.88
            )
            best = found[0][1] if found else 0.0
            variants.extend((word, float(score)) for word, score, _ in found if score >= best - 0.03)
        self._variants[cache_key] = variants
        return variants

    def _posting_set(self, word: str) -> frozenset[int]:
        found = self._sets.get(word)
        if found is None:
            found = self._sets[word] = frozenset(self._postings[word])
        return found

    def _word_hits(self, query: str, limit: int) -> list[SearchHit]:
        tokens = expand(query)
        if not tokens:
            return []
        per_token: list[dict[str, float]] = []
        for position, token in enumerate(tokens):
            variants = dict(self._variants_of(token, last=position == len(tokens) - 1))
            if variants:
                per_token.append(variants)
        if not per_token:
            return []
        # rarest words first, so frequent ones only touch entries already in the running
        per_token.sort(key=lambda v: min(len(self._postings[w]) for w in v))
        scores: dict[int, float] = {}
        matched: dict[int, int] = {}
        for variants in per_token:
            best: dict[int, float] = {}
            for word, similarity in variants.items():
                weight = self._idf[word] * similarity
                ids = self._postings[word]
                if scores and len(ids) > len(scores):
                    members = self._posting_set(word)
                    ids = [i for i in scores if i in members]
                for ident in ids:
                    if weight > best.get(ident, 0.0):
                        best[ident] = weight
            for ident, weight in best.items():
                scores[ident] = scores.get(ident, 0.0) + weight
                matched[ident] = matched.get(ident, 0) + 1

        def rank(ident: int) -> float:
            extra = max(self._lengths[ident] - matched[ident], 0)
            entry = self.entries[ident]
            return scores[ident] - 0.35 * extra + (0.25 if entry.billable else 0.0)

        top = heapq.nlargest(limit, scores, key=lambda i: (rank(i), -len(self.entries[i].code)))
        return [SearchHit(self.entries[i], round(rank(i), 4), "words") for i in top]

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Best matches first: the exact code, then code prefixes, then word matches."""
        text = query.strip()
        if not text or limit <= 0:
            return []
        hits: list[SearchHit] = []
        if _CODE_LIKE.match(text) and any(ch.isdigit() for ch in text):
            hits = self._code_hits(text, limit)
        if len(hits) < limit:
            seen = {(h.entry.system, h.entry.code) for h in hits}
            for hit in self._word_hits(text, limit):
                if (hit.entry.system, hit.entry.code) not in seen:
                    hits.append(hit)
        return hits[:limit]
