"""Pick the sentences that answer a question, quote them verbatim, or abstain.

Candidates ("windows") are every sentence and every pair of adjacent sentences
of the best :data:`RERANK_DEPTH` passages; a pair lets an answer whose subject
is a pronoun ("It was built by...") keep the sentence that names it. Each is
scored by

* **coverage**: the idf-weighted share of the question's terms the window
  contains (idf from the index's BM25, so rare words count most; a term absent
  from the corpus gets the highest idf, so it counts against every window);
* **similarity**: cosine between the question and window vectors (same model
  as the index; not used in ``bm25`` mode);
* **prior**: ``1 / rank`` of the passage in the fused retrieval ranking.

``score = coverage + W_SIMILARITY * similarity + W_PRIOR * prior``.

Passages are re-ranked by their best window (sentence-level scoring), and the
answer is the best window of the new first passage. It is *supported* when its
evidence, ``coverage + W_SIMILARITY * similarity`` (coverage alone in ``bm25``
mode), reaches :data:`SUPPORT_THRESHOLD` (:data:`BM25_SUPPORT_THRESHOLD`). The
weights sit in the middle of the plateau of best dev-set hit@1; the thresholds
were read off the dev-set distributions of answerable and unanswerable
questions (README, "Choosing the settings").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nkqa.chunking import split_sentences
from nkqa.cleaning import clean_with_map
from nkqa.fusion import Mode
from nkqa.passage import Answer, Citation, Passage

if TYPE_CHECKING:
    from nkqa.index import Index

__all__ = ["compose_answer", "RERANK_DEPTH", "SUPPORT_THRESHOLD", "BM25_SUPPORT_THRESHOLD"]

RERANK_DEPTH = 10
"""How many top retrieved passages are re-ranked by their best sentence window."""

W_SIMILARITY = 2.0
W_PRIOR = 0.2
SUPPORT_THRESHOLD = 1.3
BM25_SUPPORT_THRESHOLD = 0.3


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
    k: int,
) -> Answer:
    """Re-rank retrieved ``passages`` by their best window; build the :class:`Answer`."""
    if not passages:
        return Answer(question, (), mode.value, reason="the index holds no passages")
    candidates = _candidates(index, question, passages[:RERANK_DEPTH], query_vector)
    best_of: dict[str, _Candidate] = {}
    for candidate in candidates:
        held = best_of.get(candidate.passage.id)
        if held is None or candidate.score > held.score:
            best_of[candidate.passage.id] = candidate
    head = sorted(
        enumerate(passages[:RERANK_DEPTH]), key=lambda pair: (-best_of[pair[1].id].score, pair[0])
    )
    order = [p for _, p in head] + passages[RERANK_DEPTH:]
    ranked = tuple(
        dataclasses.replace(
            p,
            scores=dataclasses.replace(
                p.scores, sentence=best_of[p.id].score if p.id in best_of else None, rank=rank
            )
            if p.scores
            else None,
        )
        for rank, p in enumerate(order[:k], start=1)
    )
    best = best_of[order[0].id]
    if query_vector is None:
        evidence, threshold = best.coverage, BM25_SUPPORT_THRESHOLD
    else:
        evidence, threshold = best.coverage + W_SIMILARITY * best.similarity, SUPPORT_THRESHOLD
    if evidence < threshold:
        return Answer(
            question,
            ranked,
            mode.value,
            supported=False,
            reason=(
                f"the sources do not answer this question: the closest sentence scores "
                f"{evidence:.2f} in evidence, below the {threshold:.2f} threshold"
            ),
        )
    return Answer(
        question,
        ranked,
        mode.value,
        answer=best.text,
        answer_citation=_cite(index, best),
        supported=True,
        reason=f"quoted from passage 1 (evidence {evidence:.2f}, threshold {threshold:.2f})",
    )


def _windows(text: str) -> list[tuple[int, int]]:
    sentences = split_sentences(text)
    pairs = [(a[0], b[1]) for a, b in zip(sentences, sentences[1:])]
    return sentences + pairs


def _candidates(
    index: Index, question: str, passages: list[Passage], query_vector: np.ndarray | None
) -> list[_Candidate]:
    idf = index._bm25.idf_of
    q_terms = set(index.tokenize(question))
    q_weight = sum(idf(t) for t in q_terms) or 1.0
    spans = [(rank, p, s, e) for rank, p in enumerate(passages, start=1) for s, e in _windows(p.text)]
    if query_vector is not None:
        vectors = index.encode_texts([p.text[s:e] for _, p, s, e in spans])
        similarities = vectors @ query_vector
    else:
        similarities = np.zeros(len(spans))
    candidates = []
    for (rank, passage, start, end), similarity in zip(spans, similarities.tolist()):
        terms = set(index.tokenize(passage.text[start:end]))
        coverage = sum(idf(t) for t in q_terms & terms) / q_weight
        score = coverage + W_SIMILARITY * similarity + W_PRIOR / rank
        candidates.append(_Candidate(passage, start, end, coverage, similarity, score))
    return candidates


def _cite(index: Index, candidate: _Candidate) -> Citation:
    """Exact location of the sentence in the passage's primary file."""
    primary = candidate.passage.citation
    if primary.stale:  # the file changed: only the passage's recorded span can be given
        return primary
    document = index.collection.document(primary.source)
    cleaned = clean_with_map(document.text[primary.start_char : primary.end_char])
    start, end = cleaned.raw_span(candidate.start, candidate.end)
    return document.citation(primary.start_char + start, primary.start_char + end)
