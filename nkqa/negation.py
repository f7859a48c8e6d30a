"""An answer the window gives only to deny it.

"Which environment variable configures the HTTPX log level?" is not answered by "...and we *no
longer* use the ``HTTPX_LOG_LEVEL`` environment variable to auto-configure logging": the
sentence names a variable of the asked type only to say it is not used.
:func:`denied_conflict` refuses a question of a type (:mod:`nkqa.answer_type`) when every
clause of the window that carries an answer of that type is denied ("not", "no longer",
"never", "n't") before it, unless the clause bounds the denial ("not only", "until",
"unless") or the question denies too.
"""

from __future__ import annotations

import re

from nkqa.answer_type import AnswerType, carries
from nkqa.chunking import split_sentences

__all__ = ["denied_conflict"]

# A word joined by hyphens ("a *not-for-profit* corporation") is a compound, no denial.
_DENIAL = re.compile(r"(?<!-)\b(?:not|no\s+longer|never|cannot)\b(?!-)|n't\b", re.IGNORECASE)
_LIMITED = re.compile(r"\b(?:not\s+only|until|before|unless|but|except)\b", re.IGNORECASE)
"""A denial that bounds rather than denies: "not released until 2020", "not only X but Y"."""
_CLAUSE_BREAK = re.compile(r"[;:,]\s+|\s+\u2014\s+")
"""Where a denial stops: "If a page is *not* trusted, a 400 error is returned" denies no 400."""


def _clauses(window: str) -> list[str]:
    return [c for start, end in split_sentences(window) for c in _CLAUSE_BREAK.split(window[start:end]) if c.strip()]


def denied_conflict(question: str, window: str, kind: AnswerType | None) -> tuple[str, str] | None:
    """("what the question asks for", "only what the window denies") when every clause of
    ``window`` that carries an answer of ``kind`` denies, and ``question`` does not; None
    otherwise (no type, no carrying clause, one clause that affirms).

    Examples
    --------
    >>> window = ("We no longer have a custom TRACE log level, and we no longer use the "
    ...     "HTTPX_LOG_LEVEL environment variable to auto-configure logging.")
    >>> denied_conflict("Which environment variable configures the log level?", window, AnswerType.VARIABLE)
    ('what the question asks for', 'only what the window denies')
    >>> denied_conflict("Which environment variable configures the log level?",
    ...     "Set HTTPX_LOG_LEVEL to configure logging.", AnswerType.VARIABLE) is None
    True
    >>> denied_conflict("When was it released?", "It was not released until 2020.", AnswerType.DATE) is None
    True
    >>> denied_conflict("Which version is the default?", "Version 2.1 is the default, not 2.0.", AnswerType.VERSION) is None
    True
    >>> denied_conflict("Which code is sent?", "If a page is not trusted, a 400 error is returned.", AnswerType.NUMBER) is None
    True
    >>> denied_conflict("Where is the corporation based?",
    ...     "a not-for-profit corporation with a principal place of business in San Francisco", AnswerType.NAME) is None
    True
    """
    if kind is None or _DENIAL.search(question):
        return None
    carrying = [c for c in _clauses(window) if carries(kind, c, question)]
    if carrying and all(_denies(c, kind, question) for c in carrying):
        return "what the question asks for", "only what the window denies"
    return None


def _denies(clause: str, kind: AnswerType, question: str) -> bool:
    # Denied before its answer: "X is the default, not Y" affirms X.
    denial = _DENIAL.search(clause)
    return (
        denial is not None and not _LIMITED.search(clause) and not carries(kind, clause[: denial.start()], question)
    )
