"""Rank a store's passages for a question: BM25, dense, or the two fused.

``bm25`` ranks every passage by its BM25 score, ``dense`` by cosine; ``hybrid`` fuses
the top :data:`FUSION_DEPTH` of each (every passage when the index holds at most ten
times that) with the settings' fusion (:mod:`nkqa.fusion`): z-scores over each
retriever's top :data:`~nkqa.fusion.Z_DEPTH` by default, with the exact cosine of every
candidate. Ties go to the passage earlier in the index, so rankings are deterministic
and the same in every store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np

from nkqa.fusion import Z_DEPTH, Mode, min_max_fusion, reciprocal_rank_fusion, z_score_fusion
from nkqa.passage import Passage, Scores
from nkqa.settings import Settings
from nkqa.store import Store

__all__ = [
    "rank",
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
]

FUSION_DEPTH = 100
"""How many top passages of each retriever enter the fusion (at least ``k``)."""

COVERAGE_FLOOR = 0.5
COVERAGE_FULL = 0.8
"""Dense's weight in hybrid mode is scaled by the share of words that the model's
vocabulary holds (:func:`nkqa.dense.vocabulary_coverage`), the lower of the question's
and the passages' (:data:`COVERAGE_SAMPLE` of them): 0 at or below
:data:`COVERAGE_FLOOR`, linearly up to full weight at :data:`COVERAGE_FULL`. English
questions cover 0.6 to 1.0 (0.9 or more for most), English passages 0.97 on average;
the same texts in a script the English model cannot read cover 0.1 to 0.7 (questions,
a short one can hit by chance) and 0.3 (passages), and its vectors then only add noise."""

AGREEMENT_DEPTH = 20
AGREEMENT_FULL = 0.3
AGREEMENT_FLOOR = 0.5
"""Dense's z-score weight (2.0 against BM25's 1.0) is scaled by how much the two rankings
agree, an unlabelled signal of each query: the share of their top :data:`AGREEMENT_DEPTH`
passages they have in common, over :data:`AGREEMENT_FULL`, clipped to
[:data:`AGREEMENT_FLOOR`, 1]. When the two top twenties share fewer than six passages, the
retrievers see different things in the query, and dense's double weight let its ranking
override BM25's lexical matches on collections where those are right (a lexical collection
with many relevant documents a query: hybrid 0.9689 against BM25's 0.9838); down to parity
then, hybrid is within 0.004 of the better single mode on all six collections of the README
(every depth 20 setting of 0.2 to 0.3 and 0.4 to 0.6 was; depth 10 lost 0.005 to 0.006 on
MS MARCO)."""

COVERAGE_SAMPLE = 500
"""Passages, evenly spread over the index, whose mean coverage stands for the collection's."""


def dense_scale(question_coverage: float, passage_coverage: float) -> float:
    """The factor on dense's hybrid weight: the lower coverage, ramped from
    :data:`COVERAGE_FLOOR` (0) to :data:`COVERAGE_FULL` (1)."""
    coverage = min(question_coverage, passage_coverage)
    return min(1.0, max(0.0, (coverage - COVERAGE_FLOOR) / (COVERAGE_FULL - COVERAGE_FLOOR)))


def agreement_scale(bm25_order: np.ndarray, bm25_scores: np.ndarray, dense_order: np.ndarray) -> float:
    """The factor on dense's z-score weight from how far the two rankings agree: the share
    of their top :data:`AGREEMENT_DEPTH` passages they have in common, over
    :data:`AGREEMENT_FULL`, between :data:`AGREEMENT_FLOOR` and 1. Only passages BM25
    matches at all count as its ranking (fewer than the depth: the depth is theirs); with
    none, BM25 has nothing to disagree with and the factor is 1."""
    matched = bm25_order[bm25_scores[bm25_order] > 0]
    depth = min(AGREEMENT_DEPTH, len(matched), len(dense_order))
    if depth == 0:
        return 1.0
    shared = len(set(matched[:depth].tolist()) & set(dense_order[:depth].tolist())) / depth
    return min(1.0, max(AGREEMENT_FLOOR, shared / AGREEMENT_FULL))


def coverage_sample(n: int) -> range:
    """Numbers of up to :data:`COVERAGE_SAMPLE` passages spread evenly over ``n``."""
    return range(0, n, max(1, n // COVERAGE_SAMPLE))


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
    n = len(store)
    k = min(k, n)
    depth = n if n <= 10 * FUSION_DEPTH else max(k, FUSION_DEPTH)
    fusion = settings.fusion if mode is Mode.HYBRID else None
    bm25_scores = dense_scores = None
    bm25_order = dense_order = np.zeros(0, dtype=np.int64)
    dense_reference: list[float] = []
    if mode is not Mode.DENSE:
        bm25_scores = store.bm25_scores(terms)
        bm25_order = _top(bm25_scores, k if mode is Mode.BM25 else depth)
    if mode is not Mode.BM25:
        if query_vector is None:
            raise ValueError("dense and hybrid ranking need the query vector")
        wanted = k if mode is Mode.DENSE else max(depth, min(n, Z_DEPTH) if fusion == "zscore" else 0)
        scores, ids = store.nearest(query_vector, wanted)
        dense_reference = scores.tolist()
        dense_order = ids[: k if mode is Mode.DENSE else depth]
        dense_scores = dict(zip(dense_order.tolist(), dense_reference))
    if mode is Mode.BM25:
        fused = [(int(i), float(bm25_scores[i])) for i in bm25_order]  # type: ignore[index]
    elif mode is Mode.DENSE:
        fused = [(i, dense_scores[i]) for i in dense_order.tolist()]  # type: ignore[index]
    elif fusion == "rrf":
        # A passage sharing no term with the question has no BM25 rank to give.
        lexical = [int(i) for i in bm25_order if bm25_scores[i] > 0]  # type: ignore[index]
        fused = reciprocal_rank_fusion(
            {"bm25": lexical, "dense": dense_order.tolist()}, weights=weights, k=settings.rrf_k
        )
    else:
        candidates = sorted({int(i) for i in bm25_order} | set(dense_order.tolist()))
        exact = store.vectors_of(candidates) @ query_vector
        per_candidate = {
            "bm25": {i: float(bm25_scores[i]) for i in candidates},  # type: ignore[index]
            "dense": dict(zip(candidates, exact.tolist())),
        }
        if fusion == "minmax":
            fused = min_max_fusion(per_candidate, weights=weights)
        else:
            # Dense's weight falls when the two rankings disagree (see agreement_scale).
            agreement = agreement_scale(bm25_order, bm25_scores, dense_order)  # type: ignore[arg-type]
            weights = {**weights, "dense": weights.get("dense", 1.0) * agreement}
            reference = {
                "bm25": bm25_scores[_top(bm25_scores, min(n, Z_DEPTH))],  # type: ignore[index]
                "dense": dense_reference[:Z_DEPTH],
            }
            fused = z_score_fusion(per_candidate, reference=reference, weights=weights)
    bm25_rank = {int(i): r for r, i in enumerate(bm25_order, start=1)}
    dense_rank = {int(i): r for r, i in enumerate(dense_order, start=1)}
    top = fused[:k]
    results = []
    for position, ((i, score), passage) in enumerate(zip(top, store.passages([i for i, _ in top])), start=1):
        scores = Scores(
            bm25=None if bm25_scores is None else float(bm25_scores[i]),
            bm25_rank=bm25_rank.get(i),
            dense=None if dense_scores is None else dense_scores.get(i),
            dense_rank=dense_rank.get(i),
            fused=float(score),
            fused_rank=position,
            rank=position,
            bm25_weight=weights.get("bm25"),
            dense_weight=weights.get("dense"),
        )
        results.append(dataclasses.replace(passage, scores=scores))
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
