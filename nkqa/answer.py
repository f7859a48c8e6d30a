"""Pick the sentences that answer a question, quote them verbatim, or abstain.

The candidates are the sentence windows of the best :data:`RERANK_DEPTH` passages,
scored by :mod:`nkqa.windows` (term coverage, cosine, answer type).

Passages are re-ranked by their best window, and the answer is the best window of
the new first passage. It is *supported* when its evidence, ``coverage + soft +
W_SIMILARITY * similarity`` (coverage alone in ``bm25`` mode; ``soft``: the question's
weight the window says in other words, :func:`nkqa.attribute.soft_coverage`), reaches
:data:`SUPPORT_THRESHOLD` (:data:`BM25_SUPPORT_THRESHOLD`). The weights sit in the middle
of the plateau of best dev-set hit@1; the thresholds were read off the dev-set
distributions of answerable and unanswerable questions (README, "Choosing the settings").

The quoted window must then pass the refusing checks of :mod:`nkqa.checks`: names the
passage never mentions, an attribute left unsaid, a conflict, a swap. Each refusal names its
reason. A quote that refers back to what a which-question asks for
("the company") takes in the sentence before, which names it (:func:`nkqa.widen.with_antecedent`);
a who-question's quote that names nobody but says "he" or "she" takes in the nearest of the two
sentences before it that names someone (:func:`nkqa.widen.with_speaker`); a quote for a
question that asks for a default runs on through the sentence that states it
(:func:`nkqa.defaults.with_default`); a changelog entry asked for its release or date is quoted
from the release heading above it (:mod:`nkqa.headings`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

import numpy as np

from nkqa.answer_type import answer_type
from nkqa.attribute import category_words, soft_coverage
from nkqa.checks import (
    COUNT_BINDING_LIMIT, FILE_EDGE_CHARS, NAME_CONTEXT_CHARS, NAME_GAP_LIMIT, refusal, run_checks, unbound,
)
from nkqa.confidence import Signals, confidence
from nkqa.defaults import with_default
from nkqa.echo import echoes
from nkqa.fusion import Mode
from nkqa.headings import heading_quote, heading_test, off_release
from nkqa.named import NAME_MIN_IDF, named_first, off_file, off_name
from nkqa.names import coined_words, question_names
from nkqa.naming import kindless
from nkqa.passage import NOT_ANSWERED, Answer, Passage
from nkqa.widen import with_antecedent, with_literal, with_reason, with_speaker
from nkqa.windows import W_QUESTION, W_SIMILARITY, Evidence, Window, candidates, cite, quote_coverage

__all__ = [
    "compose_answer", "RERANK_DEPTH", "SUPPORT_THRESHOLD", "BM25_SUPPORT_THRESHOLD", "NAME_MIN_IDF", "NAME_GAP_LIMIT",
    "NAME_CONTEXT_CHARS", "FILE_EDGE_CHARS", "COUNT_BINDING_LIMIT", "question_names", "coined_words", "Evidence",
]

RERANK_DEPTH = 10
"""How many top retrieved passages are re-ranked by their best sentence window."""

SUPPORT_THRESHOLD = 1.35
BM25_SUPPORT_THRESHOLD = 0.3



def compose_answer(
    index: Evidence,
    question: str,
    passages: list[Passage],
    mode: Mode,
    query_vector: np.ndarray | None,
    k: int,
    named: dict[str, list[str]],
) -> Answer:
    """Re-rank retrieved ``passages`` by their best window; build the :class:`Answer`.
    ``named``: the files the question names (:func:`nkqa.named.named_files`), which the
    caller has read already to choose how deep to retrieve."""
    if not passages:
        return Answer(question, (), mode.value, reason="the index holds no passages")
    kind = answer_type(question)
    passages = named_first(index, passages, named)
    headed = heading_test(index, kind, question)
    scored = candidates(index, question, kind, passages[:RERANK_DEPTH], query_vector, headed)
    # Refused whatever else it says, a window off the asked-for release, saying the thing
    # whose kind is asked without its kind, or of another file than the one the question
    # names, is quoted last; so is one that leaves out a name its passage says elsewhere.
    echo = echoes(question, kind, index.tokenize)
    tests = (
        off_release(kind, question), kindless(question, index.tokenize), echo, off_file(index, named),
        off_name(index, question),
    )
    offs = [t for t in tests if t is not None]
    if offs:
        scored = [
            dataclasses.replace(w, score=w.score - W_QUESTION) if any(t(w) for t in offs) else w for w in scored
        ]
    best_of: dict[str, Window] = {}
    for candidate in scored:
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
    best = with_antecedent(best_of[order[0].id], scored, category_words(question))
    best = with_reason(best, scored, question)
    best = with_speaker(index, best, question, kind)
    best = with_literal(index, best, question, kind)
    best = with_default(index, best, question, kind)
    # The type bonus picks among windows; evidence of an answer is what the words say,
    # in the question's words or, with vectors, in others (a paraphrase).
    # A quote from the release heading above an entry says the heading's words too.
    quoted = heading_quote(index, best, kind, question)
    said = max(best.coverage, quote_coverage(index, question, quoted[0])) if quoted else best.coverage
    evidence = said + W_SIMILARITY * best.similarity
    if query_vector is not None:
        evidence += soft_coverage(question, best.text, stem=index.tokenize, idf=index.idf_of, encode=index.encode_texts)
    threshold = BM25_SUPPORT_THRESHOLD if query_vector is None else SUPPORT_THRESHOLD
    checks = run_checks(index, question, kind, best, query_vector is not None, named)
    signals = Signals(
        evidence=evidence,
        attribute_gap=checks.attribute_gap,
        name_gap=checks.name_gap,
        # A count of something else is no more the asked-for number than no number at all.
        type_missing=(kind is not None and not best.typed)
        or unbound(checks)
        or checks.unnamed is not None
        or checks.verb is not None,
        swapped=checks.swapped is not None or checks.conflict is not None or checks.agent is not None,
    )
    sure = confidence(signals, vectors=query_vector is not None)
    why = refusal(best, kind, evidence, threshold, checks)
    if why is None and echo is not None and echo(best):
        why = "the closest sentence says nothing the question does not"

    if why is not None:
        return Answer(
            question,
            ranked,
            mode.value,
            supported=False,
            reason=f"{NOT_ANSWERED}: {why}",
            confidence=sure,
        )
    # An entry that says no release is quoted from the release heading it stands under.
    quote, citation = quoted or (best.text, cite(index, _cited_in(best, named)))
    return Answer(
        question,
        ranked,
        mode.value,
        answer=quote,
        answer_citation=citation,
        supported=True,
        reason=f"quoted from passage 1 (evidence {evidence:.2f}, threshold {threshold:.2f})",
        confidence=sure,
    )


def _cited_in(window: Window, files: Collection[str]) -> Window:
    """``window`` with its passage's first verbatim location in one of ``files`` (those the
    question names) as its primary one: "Under GPLv3, ..." is cited in GPL-3 where GFDL-1.3
    says the same paragraph."""
    locations = window.passage.citations
    chosen = next((c for c in locations if c.source in files and c.verbatim), None)
    if chosen is None or chosen is locations[0]:
        return window
    passage = dataclasses.replace(window.passage, citations=(chosen, *[c for c in locations if c is not chosen]))
    return dataclasses.replace(window, passage=passage)
