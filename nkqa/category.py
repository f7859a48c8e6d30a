"""A which-question's kind, neither said nor named by the quoted window.

"Under which license can the web server be used?" asks for a license; "What illness did
Clytie Siddall die of?" for an illness. :func:`nkqa.attribute.answer_category` reads that
kind, and the attribute test leaves it out (the answer is of the kind; it need not say
it). A window that neither says the kind (by stem, or with the model by a word at least
:data:`KIND_NEAR` from it: "cancer" for "illness", 0.56) nor holds anything that could be
one of its kind answers another question about the same things: "The web server is
available from http://cd-hit.org.", "Clytie Siddall died in February 2015.". What could
be one: a capitalised word the question does not say (a month or a day of the week
dates, and a sentence's first word is capitalised by rule), a word that is no English
word ("systemd", "httpx"), or code ("by passing ``partial``"); not a web address, which says
where, nor a figure. A kind that cannot be a noun asks for none ("What *happens* after...").

Read only where the question asks for no answer type of its own (:mod:`nkqa.answer_type`:
who, when, how many...), whose test holds the window to an instance already.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from nkqa.answer_type import DAYS, MONTHS
from nkqa.attribute import answer_category
from nkqa.lexicon import FUNCTION_WORDS, is_lexicon_word, opens_sentence, word_classes

__all__ = ["unsaid_category", "KIND_NEAR"]

KIND_NEAR = 0.5
"""The cosine (all-MiniLM-L6-v2, one word against one word) from which a window's word says
the asked-for kind: an instance sits there ("cancer" and "illness" 0.56, "GPL" and
"license" 0.51), a word of another kind below ("died" and "illness" 0.37)."""

_URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*[\w'\u2019]|[^\W\d_]")
_CODE = re.compile(r"`+([^`\n]+)`+")


def unsaid_category(
    question: str,
    window: str,
    *,
    stem: Callable[[str], list[str]],
    encode: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> str | None:
    """The kind a which- or what-``question`` asks for, when ``window`` neither says it nor
    holds anything that could be one of it (module docstring); None otherwise.

    Examples
    --------
    >>> stem = lambda text: [w.lower().rstrip("s") for w in re.findall(r"\\w+", text)]
    >>> q = "Under which license can the CD-HIT web server be used?"
    >>> unsaid_category(q, "The CD-HIT web server is available from http://cd-hit.org.", stem=stem)
    'license'
    >>> unsaid_category(q, "The CD-HIT web server is released under the GPL.", stem=stem) is None
    True
    >>> unsaid_category(q, "Its licenses are listed on the site.", stem=stem) is None
    True
    """
    kind = answer_category(question)
    # "What *happens* after...": a verb asks for an event, no kind; "What *must*..." a modal.
    if kind is None or "NOUN" not in word_classes(kind) or "AUX" in word_classes(kind):
        return None
    # Documentation names its things as code: "by passing ``partial``".
    asked_words = set(_WORD.findall(question.lower()))
    if any(not set(_WORD.findall(code.lower())) <= asked_words for code in _CODE.findall(window)):
        return None
    text = _URL.sub(" ", window)
    kind_stems = stem(kind)
    if not kind_stems or set(kind_stems) <= set(stem(text)):
        return None
    asked = {w.lower() for w in _WORD.findall(question)}
    words = []
    for match in _WORD.finditer(text):
        word, low = match.group(), match.group().lower()
        if low in asked or low in FUNCTION_WORDS or low in MONTHS or low in DAYS:
            continue
        if word[0].isupper() and not (opens_sentence(text, match.start()) and is_lexicon_word(word)):
            return None
        if not is_lexicon_word(word):
            return None
        words.append(low)
    if encode is not None and words:
        vectors = encode([kind, *dict.fromkeys(words)])
        if float((vectors[1:] @ vectors[0]).max()) >= KIND_NEAR:
            return None
    return kind
