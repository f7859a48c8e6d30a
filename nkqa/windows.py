"""Candidate answers: the sentence windows of the top passages, scored against a question.

A window is a sentence, or two adjacent sentences, of a passage; a pair lets an answer
whose subject is a pronoun ("It was built by...") keep the sentence that names it. A
sentence never runs across a paragraph break of the file, nor into a list item from a line
that does not carry it on with a comma, colon, semicolon, "and" or "or", nor, in a PDF,
past a line that stops short (:mod:`nkqa.layout`) (:func:`paragraph_breaks`): a passage
packs neighbouring paragraphs, and a caption or a heading without a full stop ("...charged
with the murder. (Photo: AFP/Mohd Rasfan)") would otherwise open the next paragraph's first
sentence. Each window is scored by

* **coverage**: the idf-weighted share of the question's terms the window contains (idf
  from the index's BM25, so rare words count most; a term absent from the corpus gets the
  highest idf, so it counts against every window);
* **similarity**: cosine between the question and window vectors (same model as the
  index; not used in ``bm25`` mode);

``score = coverage + W_SIMILARITY * similarity``, plus :data:`W_TYPE` when the window
carries the answer type the question asks for, less :data:`W_QUESTION` when its sentences are
all questions. A window that carries an asked-for date, version or environment variable scores
as if it said the question's words for that type too (:func:`~nkqa.answer_type.type_words`:
"PYTHON_DOTENV_DISABLED" is the *environment variable* asked for, "1974" the *year*, "[1.0.0] -
2023-02-24" the date 1.0.0 was *released*), and a window as if it said :data:`W_HEADED` of the
question's terms that the headings its passage stands under say (a release the question
names: "since 0.23.0" and an entry under "0.23.0 (23rd May, 2022) › Changed"; a section:
"4.2. Procedure" under "4. The Developers by way of General Resolution"), but its coverage,
the evidence the answer is judged on, is what it says. Retrieval only chooses which
passages are scored: its rank is no part of the score (a ``0.2 / rank`` prior made the answer depend on
how fusion ordered near-equal passages; without it dev hit@1 and answers are as good or
better under every fusion, README).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from nkqa.answer_type import AnswerType, carries, type_words
from nkqa.chunking import split_sentences
from nkqa.cleaning import CleanText, clean_with_map
from nkqa.layout import short_line_breaks, text_width
from nkqa.lexicon import PRESENT_WORDS
from nkqa.loading import Document
from nkqa.names import question_names
from nkqa.passage import Citation, Passage
from nkqa.releases import dotted_releases, same_release, section_release

__all__ = [
    "Evidence", "Window", "candidates", "cite", "question_terms", "quote_coverage", "paragraph_breaks", "primary_map",
    "sentence_spans", "windows", "is_question", "path_terms", "VERSIONED", "W_HEADED", "W_QUESTION", "W_SIMILARITY",
    "W_TYPE",
]

W_SIMILARITY = 2.0
"""Weight of the cosine against coverage (README, "Choosing the settings")."""
W_TYPE = 0.3
"""Added to a window that carries the answer type the question asks for (:mod:`nkqa.answer_type`)."""
W_HEADED = 0.5
"""How much of the weight of the question's terms a window gets when only the headings above it
or its file's name say them: enough to tell entries under different releases, sections or
files apart, less than a window that says them."""
VERSIONED = re.compile(r"([a-z]{2,}?)v?(\d+(?:\.\d+)*)")
"""A name's stem fused with its number or version: "gplv3", "rfc3533" (letters, an optional
"v", a number)."""
W_QUESTION = 10.0
"""Taken off a window whose sentences are all questions, which answer nothing: below any other
(:mod:`nkqa.answer` takes it off windows a refusing check rules out, too)."""
_CLOSERS = " \"')]*_\u201d\u2019"
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# ...or the line break before a list item: items without a full stop ("- Depended on by
# Google, Venmo" "- 100% test coverage") are not one sentence; items that carry on a sentence
# ("one of four variations:" "* ``short``," "* ``long``, and") are.
_BREAK = re.compile(
    _BLANK_LINE.pattern + r"|(?<![,;:])(?<!\band)(?<!\bor)\n(?=[^\S\n]*(?:[-*+\u2022]|\d{1,3}[.)])[^\S\n]+\S)"
)


class Evidence(Protocol):
    """What answering reads from an index (an :class:`~nkqa.index.Index` is one)."""

    def tokenize(self, text: str) -> list[str]:
        """The index's BM25 terms of ``text``."""

    def idf_of(self, term: str) -> float:
        """The index's BM25 idf of ``term``."""

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised vectors of ``texts``."""

    def document(self, source: str) -> Document:
        """The indexed document whose relative path is ``source``."""

    @property
    def file_terms(self) -> dict[str, frozenset[str]]:
        """Each indexed file's relative path as the index's BM25 terms."""

    def word_pieces(self, text: str) -> list[list[str]]:
        """The model's word pieces of each word of ``text``."""


@dataclass(frozen=True)
class Window:
    """One candidate answer: ``passage.text[start:end]`` with its scores (module doc)."""

    passage: Passage
    start: int
    end: int
    coverage: float
    similarity: float
    typed: bool
    score: float

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


def primary_map(index: Evidence, passage: Passage) -> tuple[Document, str, CleanText] | None:
    """The passage's primary file, the raw text of its span there and that text cleaned
    with its map back; None when the file changed or the span is not the passage's own
    text (then only the recorded span can be cited)."""
    citation = passage.citation
    if citation.stale or not citation.verbatim:
        return None
    document = index.document(citation.source)
    raw = document.text[citation.start_char : citation.end_char]
    return document, raw, _cleaned(raw)


@functools.lru_cache(maxsize=512)
def _cleaned(raw: str) -> CleanText:
    # The same top passages are mapped back to their files question after question (a tenth
    # of a question's time when their vectors are remembered); 512 maps of a few thousand
    # characters hold about 12 MB. Callers only read the map.
    return clean_with_map(raw)


def paragraph_breaks(index: Evidence, passage: Passage, *, items: bool = True) -> list[int]:
    """Offsets in ``passage.text`` of the spaces that stand for a blank line of its file
    (the packing joins paragraphs with one space), and with ``items`` for the line break
    before a list item, unless the line before ends in a comma, colon, semicolon, "and" or
    "or", and in a PDF after a line that stops short (:mod:`nkqa.layout`); none when the
    file changed since."""
    found = primary_map(index, passage)
    if found is None or found[2].text != passage.text:
        return []
    document, raw, cleaned = found
    # The cleaned character whose raw span holds a blank line is the space that stands for it.
    blank = [m.start() for m in (_BREAK if items else _BLANK_LINE).finditer(raw)]
    if items and document.paged:
        blank = sorted({*blank, *short_line_breaks(raw, text_width(document.text))})
    at = np.searchsorted(cleaned.ends, np.asarray(blank, dtype=np.int64), side="right")
    return sorted({
        int(i) for i, b in zip(at, blank)
        if i < len(cleaned.text) and cleaned.starts[i] <= b and cleaned.text[i] == " "
    })


def windows(text: str, breaks: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text``, then of each pair of adjacent ones in order; no
    sentence runs across one of the ``breaks`` (offsets of paragraph breaks).

    Examples
    --------
    >>> text = "He was charged. (Photo: AFP) Hun Sen spoke."
    >>> [text[s:e] for s, e in windows(text, [28])][:3]
    ['He was charged.', '(Photo: AFP)', 'Hun Sen spoke.']
    """
    sentences = sentence_spans(text, breaks)
    pairs = [(a[0], b[1]) for a, b in zip(sentences, sentences[1:])]
    return sentences + pairs


def sentence_spans(text: str, breaks: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text``, none running across one of the ``breaks``: the
    single-sentence :func:`windows`."""
    sentences = []
    for start, end in zip([0, *(b + 1 for b in breaks)], [*breaks, len(text)]):
        sentences += [(start + s, start + e) for s, e in split_sentences(text[start:end])]
    return sentences


def candidates(
    index: Evidence,
    question: str,
    kind: AnswerType | None,
    passages: list[Passage],
    query_vector: np.ndarray | None,
    headed: Callable[[Passage, int, int], bool] | None = None,
) -> list[Window]:
    """Every window of ``passages``, scored for ``question`` (``query_vector`` None: no cosine).

    ``headed(passage, start, end)`` says whether the heading a window stands under carries
    the answer type when the window does not (a changelog entry's release,
    :func:`nkqa.headings.heading_test`); the window then counts as carrying it.
    """
    idf = index.idf_of
    q_terms, q_weight = question_terms(index, question)
    # Not a number's words: "salary" or "tonnage" says what the figure must be of.
    typal = kind is not None and kind is not AnswerType.NUMBER
    type_terms = q_terms & {t for w in type_words(question, kind) for t in index.tokenize(w)} if typal else set()
    # A release the question dates its fact by is said by the heading its entry stands under.
    asked = dotted_releases(question)
    # A file's name speaks for its windows only where the question names something: a name
    # or a number ("RFC 3533"), not a common word a file is also named by ("packages").
    named_terms = {t for t in q_terms if t.isdigit()} | set(index.tokenize(" ".join(question_names(question))))
    # A window that says "current" says the question's "today" (PRESENT_WORDS).
    present = {t for w in PRESENT_WORDS for t in index.tokenize(w)}
    now = q_terms & present
    spans, terms, asks, heading_terms = [], [], [], []
    for passage in passages:
        found = windows(passage.text, paragraph_breaks(index, passage))
        heading = section_release(passage.section) if asked else None
        dated = {t for r in asked if heading and same_release(r, heading) for t in index.tokenize(r)} & q_terms
        # The headings a passage stands under say what its windows are about.
        headed_by = set(index.tokenize(passage.section)) & q_terms if passage.section else set()
        # So does its file's name ("rfc3533.txt" for "Who wrote RFC 3533?").
        headed_by |= path_terms(index, passage) & q_terms & named_terms
        heading_terms += [dated | headed_by] * len(found)
        sentences = found[: (len(found) + 1) // 2]
        # A pair's terms are its two sentences' (no word runs across a sentence end).
        said = [set(index.tokenize(passage.text[s:e])) for s, e in sentences]
        said = [words | now if now and words & present else words for words in said]
        asking = [_asks(passage.text[s:e]) for s, e in sentences]
        spans += [(passage, s, e) for s, e in found]
        terms += said + [a | b for a, b in zip(said, said[1:])]
        asks += asking + [a and b for a, b in zip(asking, asking[1:])]
    if query_vector is not None:
        vectors = index.encode_texts([p.text[s:e] for p, s, e in spans])
        similarities = vectors @ query_vector
    else:
        similarities = np.zeros(len(spans))
    candidates = []
    for (passage, start, end), said, similarity, asking, above in zip(
        spans, terms, similarities.tolist(), asks, heading_terms
    ):
        coverage = math.fsum(idf(t) for t in q_terms & said) / q_weight
        typed = kind is None or carries(kind, passage.text[start:end], question)
        typed = typed or headed is not None and headed(passage, start, end)
        score = coverage + W_SIMILARITY * similarity + (W_TYPE if kind is not None and typed else 0.0)
        if typed and type_terms:
            score += math.fsum(idf(t) for t in type_terms - said) / q_weight
        score += W_HEADED * math.fsum(idf(t) for t in above - said) / q_weight
        # A question answers none ("Is your company using marshmallow?"): quoted only when
        # nothing else is, and then refused.
        score -= W_QUESTION if asking else 0.0
        candidates.append(Window(passage, start, end, coverage, similarity, typed, score))
    return candidates


def path_terms(index: Evidence, passage: Passage) -> set[str]:
    """The terms of the paths of the files ``passage`` is in, a name fused with its number
    also as its parts ("rfc3533.txt": rfc3533, rfc, 3533, txt)."""
    terms: set[str] = set()
    for citation in passage.citations:
        for term in index.file_terms.get(citation.source) or index.tokenize(citation.source):
            terms.add(term)
            if (fused := VERSIONED.fullmatch(term)) is not None:
                terms.update(fused.groups())
    return terms


def is_question(text: str) -> bool:
    """Whether every sentence of ``text`` is a question.

    Examples
    --------
    >>> is_question("Is your company using it? Add it to the wiki.")
    False
    >>> is_question("Is your company using it? Or your school?")
    True
    """
    return all(_asks(text[s:e]) for s, e in split_sentences(text))


def _asks(sentence: str) -> bool:
    """Whether ``sentence`` ends in a question mark (past closing quotes and brackets)."""
    return sentence.rstrip(_CLOSERS).endswith("?")


def question_terms(index: Evidence, question: str) -> tuple[set[str], float]:
    """The question's BM25 terms and their summed idf: the denominator of both
    coverage and the name gap, so the two shares are of the same whole."""
    terms = set(index.tokenize(question))
    return terms, math.fsum(index.idf_of(t) for t in terms) or 1.0


def quote_coverage(index: Evidence, question: str, text: str) -> float:
    """The idf-weighted share of the question's terms that ``text`` says (a window's
    coverage, for a quote that is not a window of one passage)."""
    terms, weight = question_terms(index, question)
    return math.fsum(index.idf_of(t) for t in terms & set(index.tokenize(text))) / weight


def cite(index: Evidence, candidate: Window) -> Citation:
    """Exact location of the sentence in the passage's primary file."""
    primary = candidate.passage.citation
    found = primary_map(index, candidate.passage)
    # The file changed, or the span no longer holds the passage's text: only the
    # passage's recorded span can be given, flagged as such.
    if found is None:
        return primary
    document, _, cleaned = found
    start, end = cleaned.raw_span(candidate.start, candidate.end)
    return document.citation(primary.start_char + start, primary.start_char + end)
