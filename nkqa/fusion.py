"""Rank fusion of the BM25 and dense rankings.

Reciprocal rank fusion (Cormack, Clarke and Büttcher, "Reciprocal Rank Fusion
outperforms Condorcet and individual Rank Learning Methods", SIGIR 2009)::

    fused(d) = sum over retrievers m of  w_m / (k + rank_m(d))

with 1-based ranks; a passage a retriever did not rank adds nothing for it.
``k = 60`` is the paper's constant: it damps the gap between the first ranks so
that one retriever's top hit cannot outvote agreement lower down. The weights
``w_m`` let one retriever count more, as in Elasticsearch's weighted RRF:
:func:`reciprocal_rank_fusion` weighs every retriever 1.0 unless told otherwise,
and ``fusion="rrf"`` uses :data:`DEFAULT_WEIGHTS` ``["rrf"]`` (BM25 2.0, dense 1.0).

Ties are broken by the better single rank, then by passage order, so results
are deterministic.

**Z-score fusion** (``fusion="zscore"``, the default) standardises each
retriever's scores by the mean and standard deviation of its own top
:data:`Z_DEPTH` scores for this query and adds them, weighted::

    fused(d) = sum over m of  w_m * (s_m(d) - mean_m) / std_m

(the "ZMUV" normalisation of Montague and Aslam, "Relevance Score Normalization
for Metasearch", CIKM 2001; Qdrant's distribution-based score fusion is the same
idea). Unlike ranks, z-scores keep how far a retriever's best hits stand out from
the rest of its list, so the fusion adapts per query: a lexical question whose
rare terms single out a few passages gives BM25 top z-scores of 6 to 10, which
outvote dense's usual 3 to 4, while a keyword query that many passages match
equally leaves BM25 flat and lets dense decide. ``w_dense`` is 2.0 and
``w_bm25`` 1.0 (:data:`DEFAULT_WEIGHTS`; README, "Choosing the settings"); the
caller scales ``w_dense`` down for a query whose words the model cannot read
(:func:`nkqa.dense.vocabulary_coverage`), and when the two rankings disagree, the weight
of the retriever less likely right: dense's when BM25's top passage holds most of the
question's terms, BM25's when it holds few (:func:`nkqa.retrieve.disagreement_factors`).

Score-normalised fusion by min-max (``fusion="minmax"``) is another alternative: each
retriever's scores over the candidates are rescaled to [0, 1] by min-max and
combined convexly, ``fused(d) = sum_m w_m * (s_m(d) - min_m) / (max_m - min_m)``
(the "convex combination" of Bruch, Gai and Ingber, "An Analysis of Fusion
Functions for Hybrid Retrieval", ACM TOIS 2023; OpenSearch's min_max
normalisation). It keeps how far ahead a passage is, which RRF throws away, but
one retriever's outlier score stretches its whole scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Literal

import numpy as np

from nkqa.errors import InvalidArgumentError

__all__ = [
    "Mode",
    "Fusion",
    "reciprocal_rank_fusion",
    "min_max_fusion",
    "z_score_fusion",
    "RRF_K",
    "Z_DEPTH",
    "DEFAULT_WEIGHTS",
]

Fusion = Literal["zscore", "rrf", "minmax"]
"""How hybrid mode fuses: z-score fusion (default), reciprocal rank fusion, or min-max."""

RRF_K = 60
"""Rank offset ``k`` of reciprocal rank fusion (Cormack et al. 2009)."""

Z_DEPTH = 1000
"""How many top scores of each retriever give the mean and deviation of z-score fusion."""

DEFAULT_WEIGHTS: Mapping[str, Mapping[str, float]] = {
    "zscore": {"bm25": 1.0, "dense": 2.0},
    "rrf": {"bm25": 2.0, "dense": 1.0},
    "minmax": {"bm25": 1.5, "dense": 1.0},
}
"""Weight of each retriever for each fusion (see README, "Choosing the settings")."""


class Mode(str, Enum):
    """Retrieval mode."""

    BM25 = "bm25"
    DENSE = "dense"
    HYBRID = "hybrid"

    @classmethod
    def parse(cls, value: str | Mode) -> Mode:
        """Accept a :class:`Mode` or its name, with an error listing the choices."""
        try:
            return cls(value.lower() if isinstance(value, str) else value)
        except (ValueError, AttributeError):
            choices = ", ".join(repr(m.value) for m in cls)
            raise InvalidArgumentError(f"unknown mode {value!r}; choose one of {choices}") from None


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[int]],
    *,
    weights: Mapping[str, float] | None = None,
    k: int = RRF_K,
) -> list[tuple[int, float]]:
    """Fuse rankings of item ids into one, best first.

    Parameters
    ----------
    rankings:
        For each retriever, item ids ranked best first.
    weights:
        Weight per retriever name; missing names weigh 1.0.
    k:
        RRF rank offset, positive.

    Returns
    -------
    list of (id, fused score)

    Examples
    --------
    >>> reciprocal_rank_fusion({"bm25": [3, 1, 2], "dense": [1, 2, 3]})
    [(1, 0.03252247488101534), (3, 0.032266458495966696), (2, 0.03200204813108039)]
    """
    if k <= 0:
        raise InvalidArgumentError(f"RRF k must be positive, got {k!r}")
    weights = weights or {}
    for name, weight in weights.items():
        if weight < 0:
            raise InvalidArgumentError(f"fusion weight for {name!r} must be >= 0, got {weight!r}")
    fused: dict[int, float] = {}
    best_rank: dict[int, int] = {}
    for name, ranking in rankings.items():
        weight = weights.get(name, 1.0)
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
            best_rank[item] = min(best_rank.get(item, rank), rank)
    return sorted(fused.items(), key=lambda pair: (-pair[1], best_rank[pair[0]], pair[0]))


def min_max_fusion(
    scores: Mapping[str, Mapping[int, float]],
    *,
    weights: Mapping[str, float] | None = None,
) -> list[tuple[int, float]]:
    """Fuse per-retriever scores of the same candidates by weighted min-max normalisation.

    Parameters
    ----------
    scores:
        For each retriever, a score for each candidate id (ids missing from a
        retriever count as its minimum).
    weights:
        Weight per retriever name; missing names weigh 1.0.

    Examples
    --------
    >>> min_max_fusion({"bm25": {1: 10.0, 2: 0.0}, "dense": {1: 0.2, 2: 0.6}})
    [(1, 1.0), (2, 1.0)]
    """
    weights = weights or {}
    ids = sorted({i for per_id in scores.values() for i in per_id})
    fused = dict.fromkeys(ids, 0.0)
    for name, per_id in scores.items():
        if not per_id:
            continue
        low, high = min(per_id.values()), max(per_id.values())
        span = high - low
        for i in ids:
            value = per_id.get(i, low)
            fused[i] += weights.get(name, 1.0) * ((value - low) / span if span > 0 else 0.0)
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))


def z_score_fusion(
    scores: Mapping[str, Mapping[int, float]],
    *,
    reference: Mapping[str, Sequence[float]],
    weights: Mapping[str, float] | None = None,
) -> list[tuple[int, float]]:
    """Fuse per-retriever scores of the same candidates by weighted z-scores.

    Parameters
    ----------
    scores:
        For each retriever, a score for every candidate id.
    reference:
        For each retriever, the scores whose mean and standard deviation
        standardise it: its top :data:`Z_DEPTH` scores for the query.
    weights:
        Weight per retriever name; missing names weigh 1.0.

    Examples
    --------
    >>> z_score_fusion({"bm25": {1: 3.0, 2: 1.0}, "dense": {1: 1.0, 2: 3.0}},
    ...                reference={"bm25": [3.0, 1.0], "dense": [3.0, 1.0]},
    ...                weights={"bm25": 1.0, "dense": 2.0})
    [(2, 1.0), (1, -1.0)]
    """
    weights = weights or {}
    ids = sorted({i for per_id in scores.values() for i in per_id})
    fused = dict.fromkeys(ids, 0.0)
    for name, per_id in scores.items():
        weight = weights.get(name, 1.0)
        ref = np.asarray(reference[name], dtype=np.float64)
        if weight == 0 or ref.size == 0:
            continue
        mean, deviation = float(ref.mean()), float(ref.std())
        if deviation <= 0:  # every reference score equal: this retriever cannot tell them apart
            continue
        for i in ids:
            fused[i] += weight * (per_id[i] - mean) / deviation
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))
