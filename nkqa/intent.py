"""A date the window gives only for what was intended, asked as what was done.

"When was httpx 1.0 released?" is not answered by "...and are *aiming for* a 1.0 release
sometime on or before April 2020": the date is of an aim, and the release may never have
come. :func:`planned_conflict` refuses a when-question put in the past ("was", "were",
"did") whose window gives its date only after a word of intent in the same sentence.
"""

from __future__ import annotations

import re

from nkqa.answer_type import MONTHS
from nkqa.chunking import split_sentences

__all__ = ["planned_conflict"]

_PAST = re.compile(r"\b(?:was|were|did)\b", re.IGNORECASE)
_INTENT = re.compile(
    r"\b(?:aim(?:s|ed|ing)?\s+(?:for|to|at)|plan(?:s|ned|ning)?\s+(?:to|for)|intend(?:s|ed|ing)?\s+to"
    r"|hop(?:e|es|ed|ing)\s+to|expect(?:s|ed|ing)?\s+to|(?:is|are|was|were)\s+(?:due|set|scheduled)\s+(?:to|for)"
    r"|upcoming|will)\b",
    re.IGNORECASE,
)
"""Words that put what follows as intended: "aiming for", "plans to", "is due to", "will"."""
_DATE = re.compile(r"\b(?:1[5-9]|20)\d{2}\b|\b(?:" + "|".join(sorted(MONTHS)) + r")\b", re.IGNORECASE)


def planned_conflict(question: str, window: str) -> tuple[str, str] | None:
    """("when it was done", "only a date it was intended for") when ``question`` asks in the
    past and every sentence of ``window`` that gives a date gives it after a word of intent;
    None otherwise.

    Examples
    --------
    >>> planned_conflict("When was httpx 1.0 released?",
    ...     "We are aiming for a 1.0 release sometime on or before April 2020.")
    ('when it was done', 'only a date it was intended for')
    >>> planned_conflict("When was httpx 0.28.0 released?", "0.28.0 (28th November, 2024)") is None
    True
    >>> planned_conflict("When will 2.0 come out?", "We plan to release 2.0 in May.") is None
    True
    """
    if not _PAST.search(question):
        return None
    dated = []
    for start, end in split_sentences(window):
        sentence = window[start:end]
        date = _DATE.search(sentence)
        if date is not None:
            intent = _INTENT.search(sentence, 0, date.start())
            dated.append(intent is not None)
    if dated and all(dated):
        return "when it was done", "only a date it was intended for"
    return None
