"""Questions that ask for a default ("What is the default cap...", "...use by default?").

Documentation describes a setting first and gives its default last, in a sentence of its
own whose subject is left to the ones before ("``truncate.leeway``: Configures the leeway
default for the `truncate` filter. ... The default is `5`."): :func:`with_default` takes
the quoted window through that sentence. A value the window never calls a default is no
answer to a question that asks for one (:func:`unsaid_default`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from nkqa.answer_type import AnswerType, carries
from nkqa.chunking import split_sentences
from nkqa.windows import Evidence, Window, paragraph_breaks, sentence_spans

__all__ = ["DEFAULT", "DEFAULT_REACH", "default_end", "unsaid_default", "with_default"]

DEFAULT_REACH = 2
"""How many sentences after a window may state the default it describes (:func:`with_default`)."""
DEFAULT = re.compile(r"\bdefault(?:s|ed)?\b", re.IGNORECASE)
""""default", "defaults", "defaulted": a question that says it asks for a default."""


def unsaid_default(question: str, window: str) -> bool:
    """Whether ``question`` asks for a default ("What is the default maxsize...", "...use by
    default?") that ``window`` never calls one: a value in an example ("TTLCache(maxsize=10)")
    or a parameter's description is not its default. "default" is no category word here,
    though "What is the default X" reads like "What is the height of X"."""
    return bool(DEFAULT.search(question)) and not DEFAULT.search(window)


_STATES_DEFAULT = re.compile(
    r"^\W*(?:the\s+default(?:\s+value)?\s+is|(?:(?:it|this)\s+)?defaults\s+to|default\s*:)", re.IGNORECASE
)
"""A sentence that only states a default, its subject left to the sentences before: "The
default is `5`.", "Defaults to 10."."""
_NEW_ITEM = re.compile(r"^[^\S\n]*(?:[-*+][^\S\n]|\d+[.)][^\S\n]|``[^`]+``[^\S\n]*:)")
"""A sentence that opens the next item of a list or a definition list ("- max_form_parts -
...", "``urlize.target``: ..."): what follows it describes another thing."""


def with_default(index: Evidence, best: Window, question: str, kind: AnswerType | None) -> Window:
    """``best`` through the sentence that states its default (:func:`default_end`), when the
    question asks for a default. Its scores stay those of ``best``; whether it carries the
    answer type is asked again."""
    if not DEFAULT.search(question):
        return best
    end = default_end(best.passage.text, best.start, best.end, paragraph_breaks(index, best.passage))
    if end is None:
        return best
    typed = kind is None or carries(kind, best.passage.text[best.start : end], question)
    return dataclasses.replace(best, end=end, typed=typed)


def default_end(text: str, start: int, end: int, breaks: Sequence[int] = ()) -> int | None:
    """The end of the sentence that only states the default of what ``text[start:end]``
    describes, when one of the :data:`DEFAULT_REACH` sentences after it in its paragraph
    (list item) does and the window itself states none; None otherwise. A setting is
    described first and its default given last ("``truncate.leeway``: Configures the leeway
    default for the `truncate` filter. Leeway as introduced in 2.9 ... The default is `5`.").

    Examples
    --------
    >>> text = "- parts: Stop after this many parts. It stops floods. The default is 1000. - size: Bytes."
    >>> text[:default_end(text, 0, 36)]
    '- parts: Stop after this many parts. It stops floods. The default is 1000.'
    >>> default_end(text, 0, 36, [53]) is None  # a paragraph break before the default
    True
    >>> default_end(text, 75, len(text)) is None
    True
    """
    inside = [(start + s, start + e) for s, e in split_sentences(text[start:end])]
    if any(_STATES_DEFAULT.search(text[s:e]) for s, e in inside):
        return None
    after = [(s, e) for s, e in sentence_spans(text, breaks) if s >= end][:DEFAULT_REACH]
    for s, e in after:
        if any(end <= b < s for b in breaks) or _NEW_ITEM.search(text[s:e]):
            return None
        if _STATES_DEFAULT.search(text[s:e]):
            return e
    return None
