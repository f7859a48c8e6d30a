"""The records nkqa returns: :class:`Citation`, :class:`Scores`, :class:`Passage`, :class:`Answer`.

All are frozen dataclasses. A result is never mutated in place: scored copies
are made with :func:`dataclasses.replace`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from nkqa.render import NOT_ANSWERED, render_html, render_text

__all__ = ["Citation", "Scores", "Passage", "Answer", "NOT_ANSWERED", "indexed_text"]  # NOT_ANSWERED from nkqa.render


def indexed_text(text: str, section: str | None) -> str:
    """What BM25 and the model read of a passage: its section path, then its text (the
    section is context the passage's own words often leave out)."""
    return f"{section}\n{text}" if section else text



@dataclass(frozen=True)
class Citation:
    """Where a passage (or an answer sentence) stands in a corpus file.

    Attributes
    ----------
    source:
        Path of the file relative to the corpus folder, with ``/`` separators.
    title:
        Title of the source (from ``sources.json``), or ``None`` when unknown.
    start_line, end_line:
        1-based, inclusive line span in the file (in a PDF: within ``page``).
    start_char, end_char:
        Offsets into the file's text (``bytes.decode("utf-8")``, no newline
        translation; for PDF, DOCX and HTML the text of ``extraction``); ``end_char``
        is exclusive. Cleaning ``text[start_char:end_char]`` with :func:`nkqa.clean`
        gives the passage text when ``verbatim`` is true.
    verbatim:
        False only for a near-duplicate location whose wording differs slightly
        from the passage text (a changed word, other quote marks).
    stale:
        True when the file changed after indexing, so the span may point at the
        wrong text.
    page:
        1-based page of a PDF where the span starts; ``None`` for other formats.
    extraction:
        What the lines and offsets count in when not the file's own text (for
        example ``"pdf text (pdfium)"``, :mod:`nkqa.formats`); ``None`` for text files.
    start_column, end_column:
        1-based, inclusive columns of the span when it is only part of one line (two
        chunks cut from one long line cite ``file:12:1-480`` and ``file:12:481-950``);
        ``None`` when the span covers whole lines.
    """

    source: str
    title: str | None
    start_line: int
    end_line: int
    start_char: int
    end_char: int
    verbatim: bool = True
    stale: bool = False
    page: int | None = None
    extraction: str | None = None
    start_column: int | None = None
    end_column: int | None = None

    @property
    def location(self) -> str:
        """``file:start-end`` (or ``file:line`` for a single line, ``file:line:c1-c2`` for
        part of one, ``file:p3:start-end`` in a PDF)."""
        lines = (
            str(self.start_line)
            if self.start_line == self.end_line
            else f"{self.start_line}-{self.end_line}"
        )
        if self.start_column is not None and self.end_column is not None:
            lines += f":{self.start_column}-{self.end_column}"
        page = "" if self.page is None else f"p{self.page}:"
        return f"{self.source}:{page}{lines}"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Scores:
    """How one passage ranked for one query.

    Ranks are 1-based; a retriever that did not run (or did not rank the passage
    among its candidates) leaves its score and rank ``None``. ``fused`` is the
    retrieval score of the mode (BM25, dense, or reciprocal rank fusion);
    ``sentence`` is the score of the passage's best sentence window, by which
    :meth:`Index.ask` re-ranks the top passages, and ``rank`` is the final
    position (equal to ``fused_rank`` for :meth:`Index.search`). In hybrid mode
    ``bm25_weight`` and ``dense_weight`` are the weights the fusion gave each
    retriever for this query (dense's is lowered for a question whose words the
    model's vocabulary does not hold); ``None`` in the single modes.
    """

    bm25: float | None = None
    bm25_rank: int | None = None
    dense: float | None = None
    dense_rank: int | None = None
    fused: float | None = None
    fused_rank: int | None = None
    sentence: float | None = None
    rank: int | None = None
    bm25_weight: float | None = None
    dense_weight: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Passage:
    """A unique chunk of cleaned text with every place it appears in the corpus.

    Attributes
    ----------
    id:
        Content hash (first 16 hex digits of the sha256 of the normalised text).
    text:
        Cleaned text, quoted verbatim from the primary location.
    citations:
        The primary location first, then every duplicate location.
    scores:
        Set on search results; ``None`` on ``Index.passages``.
    section:
        The markdown headings above the passage in its file, outermost first, joined
        by `` › `` (``Installation › From source``); ``None`` outside markdown.
    """

    id: str
    text: str
    citations: tuple[Citation, ...]
    scores: Scores | None = None
    section: str | None = None

    @property
    def indexed_text(self) -> str:
        """What BM25 and the model read (:func:`indexed_text`)."""
        return indexed_text(self.text, self.section)

    @property
    def citation(self) -> Citation:
        """The primary location."""
        return self.citations[0]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "id": self.id,
            "text": self.text,
            "section": self.section,
            "citations": [c.to_dict() for c in self.citations],
            "scores": None if self.scores is None else self.scores.to_dict(),
        }


@dataclass(frozen=True)
class Answer:
    """The result of :func:`nkqa.ask`: ranked, cited passages and a quoted answer.

    Attributes
    ----------
    question:
        The question as asked.
    passages:
        Ranked passages, best first.
    mode:
        Retrieval mode used (``"bm25"``, ``"dense"`` or ``"hybrid"``).
    answer:
        The sentence (or run of adjacent sentences) that best answers the
        question, quoted verbatim from a passage; ``None`` when unsupported. A changelog
        entry asked for its release or date is quoted from the release heading above it
        through the entry ("0.25.0 (11th September, 2023) Removed * Drop support for Python
        3.7.", :mod:`nkqa.headings`).
    answer_citation:
        Exact location of ``answer`` in its file: cleaning the file's text between its
        ``start_char`` and ``end_char`` gives ``answer``.
    supported:
        False when the sources do not answer: the evidence is too weak, or the question
        names something the passage never mentions (:mod:`nkqa.answer`).
    reason:
        One sentence explaining ``supported``.
    confidence:
        Probability in [0, 1] that the quoted sentence (when abstaining: the closest
        one) answers the question, from a logistic model calibrated on nkqa's
        question sets (:mod:`nkqa.confidence`; README, "Confidence"). 0 when the
        index is empty.
    """

    question: str
    passages: tuple[Passage, ...]
    mode: str
    answer: str | None = None
    answer_citation: Citation | None = None
    supported: bool = False
    reason: str = ""
    confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "question": self.question,
            "mode": self.mode,
            "supported": self.supported,
            "reason": self.reason,
            "confidence": round(self.confidence, 4),
            "answer": self.answer,
            "answer_citation": (
                None if self.answer_citation is None else self.answer_citation.to_dict()
            ),
            "passages": [p.to_dict() for p in self.passages],
        }

    def __str__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        return render_html(self)

