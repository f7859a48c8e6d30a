"""Rank a store's passages for a question: BM25, dense, or the two fused.

``bm25`` ranks every passage by its BM25 score, ``dense`` by cosine; ``hybrid`` fuses
the top :data:`FUSION_DEPTH` of each (every passage when the index holds at most ten
times that) with the settings' fusion (:mod:`nkqa.fusion`): z-scores over each
retriever's top :data:`~nkqa.fusion.Z_DEPTH` by default, with the exact cosine of every
candidate. Ties go to the passage earlier in the index, so rankings are deterministic
and the same in every store.

:func:`rank_documents` ranks documents instead (``Index.search_documents``, which ``nkqa
eval --beir`` uses): a document scores in each retriever as its best passage, and the
fusion combines those per-document scores (with the same per-question weights and z-score
statistics), not the passages' fused scores. Fusing passages and then keeping each
document's best lets a document with one passage that both retrievers rank fairly high
outscore one whose passages each stand out in one retriever only; files of docs lost 0.033
nDCG@10 to BM25 that way (README, "BEIR-format evaluation").
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

import numpy as np

from nkqa.fusion import Z_DEPTH, Mode, min_max_fusion, reciprocal_rank_fusion, z_score_fusion
from nkqa.passage import Passage, Scores
from nkqa.settings import Settings
from nkqa.store import Store

__all__ = [
    "rank",
    "rank_documents",
    "Ranker",
    "DOCUMENT_DEPTH",
    "dense_scale",
    "coverage_sample",
    "FUSION_DEPTH",
    "COVERAGE_FLOOR",
    "COVERAGE_FULL",
    "COVERAGE_SAMPLE",
    "agreement_scale",
    "AGREEMENT_DEPTH",
    "AGREEMENT_FULL",
    "AGREEMENT_FLOOR",
    "lexical_coverage",
    "disagreement_factors",
    "COVERED_LOW",
    "COVERED_FULL",
    "BM25_REFERENCE_MIN",
]

FUSION_DEPTH = 100
"""How many top passages of each retriever enter the fusion (at least ``k``)."""

COVERAGE_FLOOR = 0.5
COVERAGE_FULL = 0.8
"""Dense's weight in hybrid mode is scaled by the share of words that the model's
vocabulary holds (:func:`nkqa.dense.vocabulary_coverage`), the lower of the question's
and the passages' (:data:`COVERAGE_SAMPLE` of them): 0 at or below
:data:`COVERAGE_FLOOR`, linearly up to full weight at :data:`COVERAGE_FULL`. English
questions cover 0.86 to 1.0 (one-word dictionary look-ups 0.99 on average), English
passages 0.996;
the same texts in a script the English model cannot read cover 0.1 to 0.7 (questions,
a short one can hit by chance) and 0.3 (passages), and its vectors then only add noise."""

AGREEMENT_DEPTH = 20
AGREEMENT_FULL = 0.3
AGREEMENT_FLOOR = 0.5
"""How much the two rankings agree, an unlabelled signal of each query
(:func:`agreement_scale`): the share of their top :data:`AGREEMENT_DEPTH` passages they
have in common, over :data:`AGREEMENT_FULL`, clipped to [:data:`AGREEMENT_FLOOR`, 1].
When the two top twenties share fewer than six passages, the retrievers see different
things in the query and one of them is misled; :func:`disagreement_factors` lowers the
weight of the one :data:`COVERED_LOW`/:data:`COVERED_FULL` say to doubt. Depth 20 with a
full-weight share of 0.2 to 0.3 and a floor of 0.4 to 0.6 all kept hybrid within 0.004 of
the better single mode on the README's first six collections; depth 10 lost 0.005 to 0.006
on MS MARCO."""

COVERED_LOW = 0.2
COVERED_FULL = 0.5
"""When the rankings disagree, which retriever yields: BM25's top passage holds a share of
the question's terms, idf-weighted (:func:`lexical_coverage`); at :data:`COVERED_FULL` or
more BM25 matched what the question says and dense's weight falls (a lexical collection
with many relevant documents a query: hybrid 0.9689 against BM25's 0.9838 without it), at
:data:`COVERED_LOW` or less it matched stray words and BM25's weight falls instead (a
dictionary looked up by definition, where BM25's top passage holds a fifth of the
definition's terms: hybrid 0.0230 under dense with dense always yielding), linearly
between. 0.1 to 0.25 for the low end and 0.4 to 0.5 for the full one did within 0.0003 of
each other on the README's eight collections."""

BM25_REFERENCE_MIN = 100
"""BM25's z-score statistics (:func:`nkqa.fusion.z_score_fusion`) are taken over its top
:data:`~nkqa.fusion.Z_DEPTH` scores down to the last passage it matches, and never fewer than
this many (zeros past its matches). Over all :data:`~nkqa.fusion.Z_DEPTH`, a question whose
words few passages hold had mostly zeros for reference, and its matches z-scores of 10 to
30 however poorly they matched (a two-word term that two definitions use got z 23 against
dense's best 9.7, the term's own definition): hybrid lost 0.02 to dense on a dictionary
collection (README, "BEIR-format evaluation"). A lone match now stands
at most sqrt(99), about 10, above the rest. 100 to 150 did within 0.002 of each other on the
README's collections; 70 or fewer cost one of the bundled corpus's dev questions (0.019)."""

DOCUMENT_DEPTH = 10
"""Passages each retriever ranks a document wanted by :func:`rank_documents` (documents of
many passages need several to find their best)."""

COVERAGE_SAMPLE = 500
"""Passages, evenly spread over the index, whose mean coverage stands for the collection's."""


def dense_scale(question_coverage: float, passage_coverage: float) -> float:
    """The factor on dense's hybrid weight: the lower coverage, ramped from
    :data:`COVERAGE_FLOOR` (0) to :data:`COVERAGE_FULL` (1)."""
    return _ramp(min(question_coverage, passage_coverage), COVERAGE_FLOOR, COVERAGE_FULL)


def _ramp(value: float, low: float, full: float) -> float:
    """0 at or below ``low``, 1 at or above ``full``, linear between."""
    return min(1.0, max(0.0, (value - low) / (full - low)))


def agreement_scale(bm25_order: np.ndarray, bm25_scores: np.ndarray, dense_order: np.ndarray) -> float:
    """How far the two rankings agree: the share of their top :data:`AGREEMENT_DEPTH`
    passages they have in common, over :data:`AGREEMENT_FULL`, between
    :data:`AGREEMENT_FLOOR` and 1. Only passages BM25 matches at all count as its ranking
    (fewer than the depth: the depth is theirs); with none, BM25 has nothing to disagree
    with and the agreement is 1."""
    matched = bm25_order[bm25_scores[bm25_order] > 0]
    depth = min(AGREEMENT_DEPTH, len(matched), len(dense_order))
    if depth == 0:
        return 1.0
    shared = len(set(matched[:depth].tolist()) & set(dense_order[:depth].tolist())) / depth
    return min(1.0, max(AGREEMENT_FLOOR, shared / AGREEMENT_FULL))


def lexical_coverage(store: Store, number: int, terms: list[str]) -> float:
    """The idf-weighted share of the question's distinct ``terms`` that passage ``number``
    holds, in [0, 1] (1.0 for a question without terms)."""
    distinct = set(terms)
    weight = {t: max(store.idf_of(t), 0.0) for t in distinct}
    total = math.fsum(weight.values())
    if total <= 0:
        return 1.0
    return math.fsum(weight[t] for t in store.matched_terms(number, list(distinct))) / total


def disagreement_factors(agreement: float, coverage: float) -> tuple[float, float]:
    """The factors on BM25's and dense's z-score weights, ``(bm25, dense)``, from the
    rankings' ``agreement`` (:func:`agreement_scale`) and BM25's top passage's ``coverage``
    of the question (:func:`lexical_coverage`)::

        r     = clip((coverage - COVERED_LOW) / (COVERED_FULL - COVERED_LOW), 0, 1)
        dense = 1 - (1 - agreement) * r
        bm25  = 1 - (1 - agreement) * (1 - r)

    Both are 1 when the rankings agree.

    Examples
    --------
    >>> disagreement_factors(0.5, 0.9), disagreement_factors(0.5, 0.1), disagreement_factors(1.0, 0.1)
    ((1.0, 0.5), (0.5, 1.0), (1.0, 1.0))
    """
    doubt = 1.0 - agreement
    r = _ramp(coverage, COVERED_LOW, COVERED_FULL)
    return 1.0 - doubt * (1.0 - r), 1.0 - doubt * r


def coverage_sample(n: int) -> range:
    """Numbers of up to :data:`COVERAGE_SAMPLE` passages spread evenly over ``n``."""
    return range(0, n, max(1, n // COVERAGE_SAMPLE))


@dataclasses.dataclass(frozen=True)
class _Runs:
    """What each retriever found for one question, before fusion."""

    bm25_scores: np.ndarray | None  # every passage's BM25 score (None in dense mode)
    bm25_order: np.ndarray  # BM25's best passages, best first
    dense_order: np.ndarray  # dense's best passages, best first
    dense_scores: dict[int, float]  # the cosine of each passage of dense_order
    # Hybrid score fusion only: the exact cosine of every candidate, and the scores
    # whose statistics standardise each retriever (z-score fusion).
    cosines: dict[int, float] = dataclasses.field(default_factory=dict)
    reference: dict[str, np.ndarray | list[float]] = dataclasses.field(default_factory=dict)
    coverage: float = 1.0  # z-score fusion only: BM25's top passage's lexical_coverage

    def candidates(self) -> list[int]:
        """Every passage either retriever ranked, in index order."""
        return sorted({int(i) for i in self.bm25_order} | set(self.dense_order.tolist()))

    def bm25_ranked(self) -> list[tuple[int, float]]:
        """BM25's passages, best first, with their scores (none in dense mode)."""
        if self.bm25_scores is None:
            return []
        return [(int(i), float(self.bm25_scores[i])) for i in self.bm25_order]

    def dense_ranked(self) -> list[tuple[int, float]]:
        """Dense's passages, best first, with their cosines."""
        return [(i, self.dense_scores[i]) for i in self.dense_order.tolist()]


def _runs(store: Store, terms: list[str], query_vector: np.ndarray | None, k: int, mode: Mode, settings: Settings) -> _Runs:
    n = len(store)
    depth = n if n <= 10 * FUSION_DEPTH else max(k, FUSION_DEPTH)
    bm25_scores = None
    bm25_order = dense_order = np.zeros(0, dtype=np.int64)
    dense_reference: list[float] = []
    zscore = mode is Mode.HYBRID and settings.fusion == "zscore"
    if mode is not Mode.DENSE:
        bm25_scores = store.bm25_scores(terms)
        bm25_order = _top(bm25_scores, k if mode is Mode.BM25 else depth)
    if mode is not Mode.BM25:
        if query_vector is None:
            raise ValueError("dense and hybrid ranking need the query vector")
        wanted = k if mode is Mode.DENSE else max(depth, min(n, Z_DEPTH) if zscore else 0)
        scores, ids = store.nearest(query_vector, wanted)
        dense_reference = scores.tolist()
        dense_order = ids[: k if mode is Mode.DENSE else depth]
    runs = _Runs(bm25_scores, bm25_order, dense_order, dict(zip(dense_order.tolist(), dense_reference)))
    if mode is not Mode.HYBRID or settings.fusion == "rrf":
        return runs
    candidates = runs.candidates()
    cosines = dict(zip(candidates, (store.vectors_of(candidates) @ query_vector).tolist()))
    if not zscore:
        return dataclasses.replace(runs, cosines=cosines)
    bm25_reference = bm25_scores[_top(bm25_scores, min(n, Z_DEPTH))]  # type: ignore[index]
    bm25_reference = bm25_reference[: max(int(np.count_nonzero(bm25_reference)), BM25_REFERENCE_MIN)]
    reference = {"bm25": bm25_reference, "dense": dense_reference[:Z_DEPTH]}
    coverage = lexical_coverage(store, int(bm25_order[0]), terms) if len(bm25_order) else 1.0
    return dataclasses.replace(runs, cosines=cosines, reference=reference, coverage=coverage)


Item = TypeVar("Item", int, str)

Ranker = Callable[[Store, list[str], "np.ndarray | None", int, Mode, Settings, Mapping[str, float]], list[Passage]]
"""The signature of :func:`rank` and :func:`rank_documents`."""


def _fuse(
    runs: _Runs, mode: Mode, settings: Settings, weights: Mapping[str, float], items: Callable[[int], Iterable[Item]]
) -> tuple[list[tuple[Item, float]], dict[str, float]]:
    """Fuse the runs over ``items`` (what each passage number belongs to: itself, or its
    documents), best first, with the weights used. An item scores, in each retriever, as
    its best passage (its first in that retriever's order), then the fusion combines."""
    weights = dict(weights)
    if mode is Mode.BM25:
        return _first(runs.bm25_ranked(), items), weights
    if mode is Mode.DENSE:
        return _first(runs.dense_ranked(), items), weights
    bm25_scores = runs.bm25_scores
    if settings.fusion == "rrf":
        # A passage sharing no term with the question has no BM25 rank to give.
        lexical = [(i, score) for i, score in runs.bm25_ranked() if score > 0]
        rankings = {"bm25": [item for item, _ in _first(lexical, items)], "dense": [item for item, _ in _first(runs.dense_ranked(), items)]}
        return reciprocal_rank_fusion(rankings, weights=weights, k=settings.rrf_k), weights
    per_candidate = {
        "bm25": _best({i: float(bm25_scores[i]) for i in runs.cosines}, items),  # type: ignore[index]
        "dense": _best(runs.cosines, items),
    }
    if settings.fusion == "minmax":
        return min_max_fusion(per_candidate, weights=weights), weights
    # When the two rankings disagree, the one less likely right yields (disagreement_factors).
    # (A model that cannot read the question has no say, so BM25 has no one to yield to.)
    agreement = agreement_scale(runs.bm25_order, bm25_scores, runs.dense_order) if weights.get("dense", 1.0) > 0 else 1.0  # type: ignore[arg-type]
    bm25_factor, dense_factor = disagreement_factors(agreement, runs.coverage)
    weights["bm25"] = weights.get("bm25", 1.0) * bm25_factor
    weights["dense"] = weights.get("dense", 1.0) * dense_factor
    return z_score_fusion(per_candidate, reference=runs.reference, weights=weights), weights


def _first(ranked: list[tuple[int, float]], items: Callable[[int], Iterable[Item]]) -> list[tuple[Item, float]]:
    """Items in order of their first passage in ``ranked``, with that passage's score."""
    seen: dict[Item, float] = {}
    for i, score in ranked:
        for item in items(i):
            seen.setdefault(item, score)
    return list(seen.items())


def _best(scores: Mapping[int, float], items: Callable[[int], Iterable[Item]]) -> dict[Item, float]:
    """Each item's best passage score."""
    best: dict[Item, float] = {}
    for i, score in scores.items():
        for item in items(i):
            best[item] = max(best.get(item, score), score)
    return best


def _itself(i: int) -> tuple[int]:
    return (i,)


def rank(
    store: Store,
    terms: list[str],
    query_vector: np.ndarray | None,
    k: int,
    mode: Mode,
    settings: Settings,
    weights: Mapping[str, float],
) -> list[Passage]:
    """The best ``k`` passages of ``store`` for a question, scored (see the module docstring).

    ``terms`` are the question's BM25 terms, ``query_vector`` its vector (None in
    ``bm25`` mode), ``weights`` the hybrid fusion's weights for this question.
    """
    k = min(k, len(store))
    runs = _runs(store, terms, query_vector, k, mode, settings)
    fused, weights = _fuse(runs, mode, settings, weights, _itself)
    bm25_rank = {int(i): r for r, i in enumerate(runs.bm25_order, start=1)}
    dense_rank = {int(i): r for r, i in enumerate(runs.dense_order, start=1)}
    top = fused[:k]
    results = []
    for position, ((i, score), passage) in enumerate(zip(top, store.passages([i for i, _ in top])), start=1):
        scores = Scores(
            bm25=None if runs.bm25_scores is None else float(runs.bm25_scores[i]),
            bm25_rank=bm25_rank.get(i),
            dense=runs.dense_scores.get(i) if mode is not Mode.BM25 else None,
            dense_rank=dense_rank.get(i),
            fused=float(score),
            fused_rank=position,
            rank=position,
            bm25_weight=weights.get("bm25") if mode is Mode.HYBRID else None,
            dense_weight=weights.get("dense") if mode is Mode.HYBRID else None,
        )
        results.append(dataclasses.replace(passage, scores=scores))
    return results


def rank_documents(
    store: Store,
    terms: list[str],
    query_vector: np.ndarray | None,
    k: int,
    mode: Mode,
    settings: Settings,
    weights: Mapping[str, float],
) -> list[Passage]:
    """The best ``k`` documents (source files) of ``store`` for a question, each as its best
    passage with the citations in that document (see the module docstring).

    A document's score in each retriever is its best passage's, and the fusion combines
    those, so a document whose passages stand out in one retriever each is not outscored
    by another whose single passage both rank fairly high. The passage shown is the
    document's best in the passage fusion of :func:`rank`. ``Scores`` are the document's:
    each retriever's best passage score and the document's rank in that retriever, the
    fused score, and the document's rank.
    """
    n = len(store)
    runs = _runs(store, terms, query_vector, min(n, DOCUMENT_DEPTH * k), mode, settings)
    numbers = runs.candidates()
    found = dict(zip(numbers, store.passages(numbers)))
    sources = {i: tuple(dict.fromkeys(c.source for c in p.citations)) for i, p in found.items()}
    fused, used = _fuse(runs, mode, settings, weights, sources.__getitem__)
    passages, _ = _fuse(runs, mode, settings, weights, _itself)
    shown: dict[str, int] = {}
    for i, _ in passages:
        for source in sources[i]:
            shown.setdefault(source, i)
    # Each document's rank and best score in each retriever: (rank, score).
    bm25 = {source: (r, score) for r, (source, score) in enumerate(_first(runs.bm25_ranked(), sources.__getitem__), start=1)}
    dense = {source: (r, score) for r, (source, score) in enumerate(_first(runs.dense_ranked(), sources.__getitem__), start=1)}
    results = []
    for position, (source, score) in enumerate(fused[:k], start=1):
        passage = found[shown[source]]
        bm25_rank, bm25_score = bm25.get(source, (None, None))
        dense_rank, dense_score = dense.get(source, (None, None))
        scores = Scores(
            bm25=bm25_score,
            bm25_rank=bm25_rank,
            dense=dense_score,
            dense_rank=dense_rank,
            fused=float(score),
            fused_rank=position,
            rank=position,
            bm25_weight=used.get("bm25") if mode is Mode.HYBRID else None,
            dense_weight=used.get("dense") if mode is Mode.HYBRID else None,
        )
        citations = tuple(c for c in passage.citations if c.source == source)
        results.append(dataclasses.replace(passage, citations=citations, scores=scores))
    return results


def _top(scores: np.ndarray, depth: int) -> np.ndarray:
    """Indices of the ``depth`` best scores, best first, ties in index order (also the
    ties at the cut: of equal scores, the earliest passages are kept)."""
    if depth >= len(scores):
        return np.argsort(-scores, kind="stable")
    if depth <= 0:
        return np.zeros(0, dtype=np.int64)
    threshold = scores[np.argpartition(-scores, depth - 1)[depth - 1]]
    above = np.flatnonzero(scores > threshold)
    ties = np.flatnonzero(scores == threshold)[: depth - len(above)]
    chosen = np.concatenate([above, ties])
    return chosen[np.lexsort((chosen, -scores[chosen]))]
