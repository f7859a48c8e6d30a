"""Does the quoted window name the person or thing a question asks to be named?

"Who is the president of the Center for Peace and Conflict Studies?" and "What was
the name of the Singaporean businessman jailed for 34 months?" ask for the name of a
*role*: the president, the businessman. A window that speaks of the centre, or of the
businessman, without naming him ("a Singaporean businessman was sentenced...") does
not answer, however many of the question's words it says. The answer-type check
(:func:`nkqa.answer_type.carries`) is satisfied by any capitalised word; here the name
must stand next to the role ("said Ralph Cossa, *president* of the Pacific Forum",
"*Foreign Minister* Hor Namhong", "the coal smuggling *ship* Wise Honest").

Only these two forms are read: ``who is/was the <role>...`` and ``what is/was the
name of the <role>...``. Other who-questions ("Who founded...") ask for the doer of a
verb, and which-questions are often answered by an identifier or a number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from nkqa.answer_type import MONTHS
from nkqa.attribute import FUNCTION_WORDS, first_stems

__all__ = ["role_words", "unnamed_role", "ROLE_REACH"]

ROLE_REACH = 4
"""How many words from the role a name may stand: "said *Hoo Chiew-Ping*, a North Korea
*expert*" (four), "*Ralph Cossa*, *president*" (one). On dev, check, tune, para and fresh,
4 and 5 do the same; 3 loses the expert, 6 answers a fresh question it should refuse."""

_ASKS_ROLE = re.compile(
    r"^\s*(?:who|what)\s+(?:is|was|are|were)\s+(?:the\s+)?(?:names?\s+of\s+(?:the\s+)?)?(.*)$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\W_][\w'\u2019.-]*[\w'\u2019]|[^\W_]")
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def role_words(question: str, names: Sequence[str]) -> list[str]:
    """The role a who-is or what-is-the-name-of question asks to be named: the run of
    lower-case content words that opens its noun phrase, or [] for other questions.

    Examples
    --------
    >>> role_words("Who is the president of the Pacific Forum?", ["Pacific", "Forum"])
    ['president']
    >>> role_words("Who was Cambodia's foreign minister in 2012?", ["Cambodia's"])
    ['foreign', 'minister']
    >>> role_words("What was the name of the oil tanker seized in March?", ["March"])
    ['oil', 'tanker', 'seized']
    >>> role_words("Who founded the institute?", [])
    []
    >>> role_words("What is the capital of Cambodia?", ["Cambodia"])
    []
    """
    match = _ASKS_ROLE.match(question)
    if match is None:
        return []
    named = "name" in question[: match.start(1)].lower()
    if not named and not question.lower().lstrip().startswith("who"):
        return []
    skip = {n.lower() for n in names}
    out: list[str] = []
    for word in _TOKEN.findall(match.group(1)):
        low = word.lower()
        if low in skip or word[0].isupper():
            if out:
                break
            continue
        if low in FUNCTION_WORDS:
            if out:
                break
            continue
        out.append(low)
    return out


def unnamed_role(
    question: str, window: str, names: Sequence[str], *, stem: Callable[[str], list[str]]
) -> str | None:
    """The role ``question`` asks to be named when ``window`` names nobody within
    :data:`ROLE_REACH` words of it, or None (also for questions that ask no role).

    A name is a capitalised word the question does not use, not a month or a day, and
    not a sentence's first word unless a capitalised word follows it ("*Last* November"
    is no name, "*Chheang Vannarith* is President" is). The role is found by stem.
    """
    roles = role_words(question, names)
    if not roles:
        return None
    asked = {w.lower() for w in _TOKEN.findall(question)}
    words = _TOKEN.findall(window)
    stems = first_stems([w.lower() for w in words], stem)
    role_stems = set(first_stems(roles, stem)) - {""}
    starts = _sentence_starts(window, words)

    def is_name(i: int) -> bool:
        word = words[i]
        low = word.lower()
        if not word[0].isupper() or low in asked or low in MONTHS or low in _DAYS or low in FUNCTION_WORDS:
            return False
        if i in starts:
            return i + 1 < len(words) and words[i + 1][0].isupper() and words[i + 1].lower() not in MONTHS
        return True

    found = [i for i, word_stem in enumerate(stems) if word_stem in role_stems]
    if not found:
        # The window speaks of the role in other words, or not at all: the attribute
        # test judges that; binding a name needs the role's own word.
        return None
    for i in found:
        near = range(max(0, i - ROLE_REACH), min(len(words), i + ROLE_REACH + 1))
        if any(is_name(j) for j in near if j != i):
            return None
    return " ".join(roles)


def _sentence_starts(window: str, words: list[str]) -> set[int]:
    """Positions in ``words`` of the words that open a sentence of ``window``."""
    starts, at = set(), 0
    for i, word in enumerate(words):
        found = window.find(word, at)
        before = window[:found].rstrip(" \t\n\"'\u201c\u2018(")
        if not before or before[-1] in ".!?:\n":
            starts.add(i)
        at = found + len(word)
    return starts
