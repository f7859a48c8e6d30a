"""Pick the sentence that answers a question, quote it verbatim, or abstain.

Candidates are the sentences of the best :data:`ANSWER_POOL` passages. Each is
scored by

* **coverage**: the idf-weighted share of the question's terms the sentence
  contains (idf from the index's BM25, so rare words count most);
* **similarity**: cosine between the question and sentence vectors (same model
  as the index; skipped in ``bm25`` mode);
* **rank prior**: ``1 / fused_rank`` of the passage it comes from.

``score = W_COVERAGE * coverage + W_SIMILARITY * similarity + W_PRIOR * prior``.

The answer is *supported* when the best sentence's evidence reaches
:data:`SUPPORT_THRESHOLD`; the evidence is ``coverage + similarity`` (coverage
alone in ``bm25`` mode, against :data:`BM25_SUPPORT_THRESHOLD`). Both weights
and thresholds were chosen from the score distributions of answerable and
unanswerable questions of the dev set (README, "Choosing the settings").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nkqa.chunking import split_sentences
from nkqa.cleaning import clean_with_map
from nkqa.fusion import Mode
from nkqa.passage import Answer, Citation, Passage
from nkqa.tokenizer import tokenize

if TYPE_CHECKING:
    from nkqa.index import Index

__all__ = ["compose_answer", "ANSWER_POOL", "SUPPORT_THRESHOLD", "BM25_SUPPORT_THRESHOLD"]

ANSWER_POOL = 5
"""How many top passages the answer sentence is taken from."""

W_COVERAGE = 1.0
W_SIMILARITY = 1.0
W_PRIOR = 0.15
SUPPORT_THRESHOLD = 1.0
BM25_SUPPORT_THRESHOLD = 0.5


@dataclass(frozen=True)
class _Candidate:
    passage: Passage
    start: int
    end: int
    coverage: float
    similarity: float
    score: float

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


def compose_answer(
    index: Index,
    question: str,
    passages: list[Passage],
    mode: Mode,
    query_vector: np.ndarray | None,
) -> Answer:
    """Build the :class:`Answer` for ranked ``passages``."""
    if not passages:
        return Answer(question, (), mode.value, reason="the index holds no passages")
    candidates = _candidates(index, question, passages[:ANSWER_POOL], query_vector)
    best = max(candidates, key=lambda c: c.score)
    if query_vector is None:
        evidence, threshold = best.coverage, BM25_SUPPORT_THRESHOLD
    else:
        evidence, threshold = best.coverage + best.similarity, SUPPORT_THRESHOLD
    if evidence < threshold:
        return Answer(
            question,
            tuple(passages),
            mode.value,
            supported=False,
            reason=(
                f"the sources do not answer this question: the closest sentence scores "
                f"{evidence:.2f} on the evidence scale, below the {threshold:.2f} threshold"
            ),
        )
    return Answer(
        question,
        tuple(passages),
        mode.value,
        answer=best.text,
        answer_citation=_cite(index, best),
        supported=True,
        reason=f"quoted from the passage ranked {best.passage.scores.fused_rank}"
        if best.passage.scores
        else "quoted from a retrieved passage",
    )


def _candidates(
    index: Index, question: str, passages: list[Passage], query_vector: np.ndarray | None
) -> list[_Candidate]:
    idf = index._bm25.idf_of
    q_terms = set(tokenize(question, index.settings.stopwords))
    q_weight = sum(idf(t) for t in q_terms) or 1.0
    spans = [(p, s, e) for p in passages for s, e in split_sentences(p.text)]
    if query_vector is not None:
        vectors = index.embedder.encode([p.text[s:e] for p, s, e in spans])
        similarities = vectors @ query_vector
    else:
        similarities = np.zeros(len(spans))
    candidates = []
    for (passage, start, end), similarity in zip(spans, similarities.tolist()):
        terms = set(tokenize(passage.text[start:end], index.settings.stopwords))
        coverage = sum(idf(t) for t in q_terms & terms) / q_weight
        rank = passage.scores.fused_rank if passage.scores and passage.scores.fused_rank else 1
        score = W_COVERAGE * coverage + W_SIMILARITY * similarity + W_PRIOR / rank
        candidates.append(_Candidate(passage, start, end, coverage, similarity, score))
    return candidates


def _cite(index: Index, candidate: _Candidate) -> Citation:
    """Exact location of the sentence in the passage's primary file."""
    primary = candidate.passage.citation
    document = index.collection.document(primary.source)
    cleaned = clean_with_map(document.text[primary.start_char : primary.end_char])
    start, end = cleaned.raw_span(candidate.start, candidate.end)
    return document.citation(primary.start_char + start, primary.start_char + end)
