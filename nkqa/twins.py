"""Twin names: a name the question qualifies that the window names only with another qualifier.

"South Korea" and "North Korea", "Foreign Minister" and "Prime Minister": two capitalised
words where the second is the same and the first tells which one. The name test (:mod:`nkqa.answer`) finds "Korea" in a window about North Korea
and is satisfied; the window speaks of the other twin. :func:`twin_conflict` reads a
question's pair of adjacent capitalised words ("*South Korea*'s nuclear tests") and a
window that has the second word after another capitalised word ("visit *North Korea*")
and never says the question's first word anywhere.

Words are compared as written, lower-cased and without a possessive "'s" ("Korea's" is
"Korea"; "Koreans" is another word, so "South Koreans" in passing is no twin of "North
Korean"); hyphens split words ("Cambodia-North Korea" holds "North Korea"). A question's
first word and a function word before the window's pair ("In Korea") qualify nothing.

:func:`owner_conflict` reads the same swap where the window names the answer itself: "Which
*Vietnamese* company built internet infrastructure?" against "*Thailand's* Loxley Pacific has
built internet infrastructure": the kind the question asks for is qualified by a name the
window never says, and the window's candidate belongs to another name of the same kind
(:func:`nkqa.conflict.of_a_kind`, as the kin-name test reads them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from nkqa.attribute import answer_category, mentions
from nkqa.conflict import of_a_kind
from nkqa.lexicon import FUNCTION_WORDS

__all__ = ["twin_conflict", "owner_conflict"]

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'\u2019]*")
_POSSESSIVE = re.compile(r"['\u2019]s$")


def twin_conflict(question: str, window: str) -> tuple[str, str] | None:
    """(the question's pair, the window's) when ``window`` names the question's qualified
    name only with another qualifier; None otherwise.

    Examples
    --------
    >>> twin_conflict("Who led a delegation to South Korea?", "Hor Namhong led a delegation to visit North Korea.")
    ('South Korea', 'North Korea')
    >>> twin_conflict("Who visited North Korea?", "He visited Cambodia-North Korea friendship sites.") is None
    True
    """
    q_words = _WORD.findall(question)
    w_words = _WORD.findall(window)
    w_norm = [_norm(w) for w in w_words]
    said = set(w_norm)
    for i in range(2, len(q_words)):
        first, second = q_words[i - 1], q_words[i]
        if not (first[0].isupper() and second[0].isupper()) or _norm(first) in said:
            continue
        if _norm(first) in FUNCTION_WORDS:
            continue
        for j in range(2, len(w_words)):
            other = w_words[j - 1]
            if w_norm[j] == _norm(second) and other[0].isupper() and _norm(other) not in FUNCTION_WORDS:
                return f"{first} {_POSSESSIVE.sub('', second)}", f"{other} {w_words[j]}"
    return None


_OWNED = re.compile(r"([A-Z][\w-]*)['\u2019]s\s+([A-Z][\w-]*)")
"""A name owned by another: "Thailand's Loxley Pacific"."""


def owner_conflict(
    question: str,
    window: str,
    names: Sequence[str],
    *,
    stem: Callable[[str], list[str]],
    encode: Callable[[Sequence[str]], np.ndarray] | None,
) -> tuple[str, str] | None:
    """(the question's qualifier, the window's owner) when the kind a which-question asks for
    is qualified by one of ``names`` (the rare ones) that ``window`` never says, and the
    window names a candidate owned by another name of the same kind; None otherwise, and in
    ``bm25`` mode (``encode`` None)."""
    kind = answer_category(question)
    if encode is None or kind is None or not names:
        return None
    q_words = _WORD.findall(question)
    asked = {w.lower() for w in q_words}
    said = set(stem(window))
    for i in range(len(q_words) - 1):
        qualifier = q_words[i]
        if q_words[i + 1].lower() != kind.lower() or qualifier not in names:
            continue
        if any(mentions(t, said) for t in stem(qualifier)):
            continue
        for match in _OWNED.finditer(window):
            owner, owned = match.groups()
            if owner.lower() in asked or owned.lower() in asked:
                continue
            if of_a_kind(qualifier, owner, encode):
                return qualifier, f"{owner}'s {owned}"
    return None


def _norm(word: str) -> str:
    return _POSSESSIVE.sub("", word).lower()
