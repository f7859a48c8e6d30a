"""Is the fact a question asks for in the quoted sentence? Attribute coverage.

A question is made of *names* (the things it is about, :func:`nkqa.names.question_names`),
its *answer type* (``how many``, ``when``: :mod:`nkqa.answer_type`), the *category* of
the answer (``Which company...``, ``What is X's role``) and its **attribute**: every
other content word, which says what about those names is asked ("How many *rooms*
does the embassy *have*", "Who *succeeded* Hor Namhong"). A sentence that matches
the names but not the attribute is about a neighbouring fact: quoting it answers
another question.

:func:`attribute_terms` lists the attribute words; :func:`attribute_gap` is the
idf-weighted share of them the quoted window does not say. A word is said when the
window holds its stem, or, short of that, a word the embedding model places near
it ("footballers" / "players"): with ``s`` the best cosine between the question
word and a window word, the word counts ``clip((s - SOFT_LOW) / (SOFT_HIGH - SOFT_LOW), 0, 1)``
(:data:`SOFT_LOW` 0.3 is where unrelated words of MiniLM lie, :data:`SOFT_HIGH`
0.6 where synonyms begin; chosen on the dev, check and tune sets, README).

:func:`soft_coverage` lends the same soft match to the answer's evidence: the share of
the question's weight a window says only in other words.

:func:`count_binding` asks whether a how-many question's count is a count *of* what it
asks about: "How many goals..." is not answered by "five North Korean soccer players".

The tests of a name or year the window has where the question has another are in
:mod:`nkqa.conflict`; of a relation that runs the other way in :mod:`nkqa.direction`.

Stop words (:data:`nkqa.lexicon.FUNCTION_WORDS`) are never part of an attribute.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Sequence

import numpy as np

from nkqa.answer_type import (
    PLACING_WORDS,
    WORD,
    AnswerType,
    asks_where,
    counts,
    type_words,
)
from nkqa.bounds import BOUNDS, ranged_bounds
from nkqa.counting import counted_numbers
from nkqa.lexicon import FUNCTION_WORDS, LIGHT_VERBS

__all__ = [
    "attribute_terms",
    "attribute_gap",
    "soft_coverage",
    "AUXILIARIES",
    "BE_FORMS",
    "PREPOSITIONS",
    "count_binding",
    "counted_words",
    "first_stems",
    "mentions",
    "answer_category",
    "category_words",
    "SOFT_LOW",
    "SOFT_HIGH",
    "FUNCTION_WORDS",
]

SOFT_LOW = 0.3
"""Cosine between two words at or below which they count as unrelated."""
SOFT_HIGH = 0.6
"""Cosine at or above which a window word says the question word."""

AUXILIARIES = frozenset("did does do has have had will would can could should may might".split())
_COPULAS = frozenset("is was are were".split())
PREPOSITIONS = frozenset("in on at from to for by of with".split())
BE_FORMS = _COPULAS | frozenset("be been being".split())
_LEADING = PREPOSITIONS | frozenset(
    "under into through during after before since within between among over across about via".split()
)
"""What may come before "which" or "what": "*Under* which license...", "*During* which war..."."""
"""Forms of *be*: before a participle they make it passive."""


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def answer_category(question: str) -> str | None:
    """The word of a what/which question that names what kind of thing the answer is.

    It is the first content word after ``what``/``which`` (past ``is``/``was``, the
    question's names, stop words and bounds, :data:`nkqa.bounds.BOUNDS`), lower-cased; None
    for other questions and for ``What did ... do`` forms, whose answer kind is not said.

    Examples
    --------
    >>> answer_category("Which company built the museum?")
    'company'
    >>> answer_category("What is Julio Jeldres's role in Cambodia?")
    'role'
    >>> answer_category("What did Duterte call Kim?") is None
    True
    >>> answer_category("What is the largest image B64 will embed?")  # a bound is no kind
    'image'
    """
    words = _words(question)
    for i, word in enumerate(words):
        low = word.lower()
        if low in ("what", "which"):
            rest = words[i + 1 :]
            if not rest or rest[0].lower() in AUXILIARIES:
                return None
            if rest[0].lower() in _COPULAS:
                rest = rest[1:]
            for candidate in rest:
                low = candidate.lower()
                if low not in FUNCTION_WORDS and low not in BOUNDS and not candidate[0].isupper():
                    return low
            return None
        if low not in _LEADING:
            return None
    return None


def category_words(question: str) -> tuple[str, ...]:
    """The :func:`answer_category` and the lower-case content word right after it, which is
    the kind's noun when the category word is an adjective ("Which *separate plugin*...").

    Examples
    --------
    >>> category_words("Which separate plugin did the system absorb?")
    ('separate', 'plugin')
    >>> category_words("Which company was founded by Khek Vandy?")
    ('company',)
    """
    category = answer_category(question)
    if category is None:
        return ()
    words = _words(question)
    lowered = [w.lower() for w in words]
    at = lowered.index(category)
    following = words[at + 1] if at + 1 < len(words) else ""
    if following and following.islower() and following not in FUNCTION_WORDS and following not in AUXILIARIES:
        return category, following
    return (category,)


def attribute_terms(question: str, names: Sequence[str], kind: AnswerType | None) -> list[str]:
    """The question's attribute words, in order, each once.

    Left out: stop words (:data:`FUNCTION_WORDS`), light verbs before their object
    (:data:`~nkqa.lexicon.LIGHT_VERBS`: "*gives* SOCKS support", not "*give* to Hun Sen"), the
    question's ``names``, the
    words of its answer type (``cost``, ``year``: the type check covers them; for a
    where-question, ``held``, ``located``...) and its :func:`answer_category`.

    Examples
    --------
    >>> attribute_terms("How many rooms does the embassy in Phnom Penh have?", ["Phnom", "Penh"], AnswerType.NUMBER)
    ['rooms', 'embassy']
    >>> attribute_terms("Which package gives HTTPX SOCKS proxy support?", ["HTTPX", "SOCKS"], None)
    ['proxy', 'support']
    >>> attribute_terms("What did Kim Jong Un give to Hun Sen?", ["Kim", "Jong", "Un", "Hun", "Sen"], None)
    ['give']
    """
    skip = {n.lower() for n in names} | type_words(question, kind)
    if asks_where(question):
        skip |= PLACING_WORDS
    category = answer_category(question)
    out: list[str] = []
    words = _words(question)
    for at, word in enumerate(words):
        low = word.lower()
        if low in FUNCTION_WORDS or low in skip or low == category or low in out:
            continue
        # Light before its object ("gives SOCKS support"), not before a preposition ("give to").
        if low in LIGHT_VERBS and at + 1 < len(words) and words[at + 1].lower() not in FUNCTION_WORDS:
            continue
        out.append(low)
    return out


def attribute_gap(
    terms: Sequence[str],
    window: str,
    *,
    stem: Callable[[str], list[str]],
    idf: Callable[[str], float],
    encode: Callable[[Sequence[str]], np.ndarray] | None,
) -> float:
    """The idf-weighted share of ``terms`` that ``window`` does not say, in [0, 1].

    ``stem`` turns a word into the index's terms, ``idf`` weighs a term, and
    ``encode`` (normalised vectors; None in ``bm25`` mode) gives the soft match of
    a word whose stem the window lacks; a bound is said by a range too ("oldest" by "3.9
    and newer", :func:`nkqa.bounds.ranged_bounds`). No terms, no gap.
    """
    window_stems = set(stem(window))
    ranged = ranged_bounds(window)
    window_words = _content_words(window)
    weights, missing = [], []
    unsaid: list[tuple[int, str]] = []
    for term in terms:
        stems = stem(term)
        if not stems:
            continue
        weights.append(sum(idf(t) for t in stems))
        if all(t in window_stems for t in stems) or term.lower() in ranged:
            missing.append(0.0)
        else:
            missing.append(1.0)
            unsaid.append((len(missing) - 1, term))
    total = sum(weights)
    if total == 0:
        return 0.0
    if unsaid and encode is not None and window_words:
        said = _soft_said([t for _, t in unsaid], window_words, encode)
        for (position, _), share in zip(unsaid, said.tolist()):
            missing[position] = 1.0 - share
    return float(sum(w * m for w, m in zip(weights, missing)) / total)


def soft_coverage(
    question: str,
    window: str,
    *,
    stem: Callable[[str], list[str]],
    idf: Callable[[str], float],
    encode: Callable[[Sequence[str]], np.ndarray],
) -> float:
    """The share of the question's idf weight that ``window`` says only in other words.

    Coverage (:mod:`nkqa.answer`) credits a question word when the window holds its
    stem; a paraphrase ("eateries" for "restaurants", "labourers" for "workers") gets
    nothing there. Here each content word of ``question`` whose stems the window lacks
    is credited its idf times its soft match (:func:`_soft_said`, the attribute test's
    scale), over the idf of all the question's terms, so that coverage plus this share
    stays in [0, 1].
    """
    terms = set(stem(question))
    total = math.fsum(idf(t) for t in terms)
    window_stems = set(stem(window))
    stems_of = {word: stem(word) for word in _content_words(question)}
    unsaid = [word for word, stems in stems_of.items() if stems and not set(stems) <= window_stems]
    window_words = _content_words(window)
    if not unsaid or not window_words or total == 0:
        return 0.0
    said = _soft_said(unsaid, window_words, encode)
    # A stem counted once, however many question words share it ("Korea", "Korean's").
    weights = {t: idf(t) for word in unsaid for t in stems_of[word] if t in terms and t not in window_stems}
    credit = {t: 0.0 for t in weights}
    for word, share in zip(unsaid, said.tolist()):
        for t in stems_of[word]:
            if t in credit:
                credit[t] = max(credit[t], share)
    return float(math.fsum(weights[t] * credit[t] for t in weights) / total)


def _content_words(text: str) -> list[str]:
    """The distinct content words of ``text``, lower-cased, in order: each once, since the
    encoder's cost is per text."""
    return list(dict.fromkeys(w.lower() for w in _words(text) if w.lower() not in FUNCTION_WORDS))


def mentions(stem: str, terms: Collection[str]) -> bool:
    """Whether ``terms`` say ``stem``: the same term, or, from four letters on, one that starts
    the other, as demonyms and countries do ("thai" / "thailand")."""
    if stem in terms:
        return True
    return len(stem) >= 4 and any(len(t) >= 4 and (t.startswith(stem) or stem.startswith(t)) for t in terms)


def first_stems(words: Sequence[str], stem: Callable[[str], list[str]]) -> list[str]:
    """The first index term of each of ``words``; "" for punctuation or a word with none
    (a stop word). A word said twice is stemmed once."""
    cache: dict[str, str] = {}
    out = []
    for word in words:
        if word not in cache:
            cache[word] = (stem(word) or [""])[0] if word[:1].isalnum() else ""
        out.append(cache[word])
    return out


def _soft_said(words: list[str], others: list[str], encode: Callable[[Sequence[str]], np.ndarray]) -> np.ndarray:
    """How far each of ``words`` is said by its nearest of ``others`` in the model's space:
    ``clip((cosine - SOFT_LOW) / (SOFT_HIGH - SOFT_LOW), 0, 1)``."""
    vectors = encode(words + others)
    best = (vectors[: len(words)] @ vectors[len(words) :].T).max(axis=1)
    return np.clip((best - SOFT_LOW) / (SOFT_HIGH - SOFT_LOW), 0.0, 1.0)


def counted_words(question: str, names: Sequence[str]) -> list[str]:
    """What a how-many question counts: its content words after ``how many``, up to an
    auxiliary or a copula, names left out ("How many North Korean *laborers* were...")."""
    words = _words(question)
    lows = [w.lower() for w in words]
    start = next((i + 2 for i in range(len(lows) - 1) if lows[i] == "how" and lows[i + 1] == "many"), None)
    if start is None:
        return []
    skip = {n.lower() for n in names}
    out: list[str] = []
    for word, low in zip(words[start:], lows[start:]):
        if low in AUXILIARIES or low in _COPULAS:
            break
        if low not in FUNCTION_WORDS and low not in skip and not word[0].isupper() and low not in out:
            out.append(low)
    return out


def count_binding(
    question: str,
    window: str,
    names: Sequence[str],
    *,
    stem: Callable[[str], list[str]],
    encode: Callable[[Sequence[str]], np.ndarray] | None,
) -> float | None:
    """How well a count in ``window`` counts what a how-many ``question`` asks about, in
    [0, 1]; None when the question does not count things or ``encode`` is None.

    A count binds when one of the words just after it (:func:`nkqa.counting.counted_numbers`)
    is a :func:`counted_words` word by stem (1.0), or else as near as the model places
    them, on the scale of :func:`attribute_gap`'s soft match; a figure with no word after it
    binds when the window names the counted word as its unit ("a maximum time *in seconds*...
    Defaults to 600"). "How many goals..." against
    "five North Korean soccer players" binds little: the five are players. A hyphenated
    count binds only when the question says the noun it describes: "a 60-room palace"
    answers how many rooms the palace had, not the embassy.
    """
    if encode is None or not counts(question):
        return None
    counted = counted_words(question, names)
    if not counted:
        return None
    asked = set(stem(question))
    # "a 60-room palace" counts the palace's rooms: not the embassy's a question asks about.
    groups = [group for group, owner in counted_numbers(window, question) if owner is None or set(stem(owner)) <= asked]
    following = list(dict.fromkeys(w for group in groups for w in group if w not in FUNCTION_WORDS))
    counted_stems = {t for w in counted for t in stem(w)}
    # "Sets a maximum time in seconds... Defaults to 600": a bare figure in the unit the
    # window names counts that unit.
    if not all(groups) and any(t in counted_stems for m in _IN_UNIT.finditer(window) for t in stem(m.group(1))):
        return 1.0
    # Units of time are each other's neighbours in the model's space, never each other's
    # counts: "within 48 hours" says no number of days.
    units = {t for w in _TIME_UNITS for t in stem(w)}
    if counted_stems & units:
        following = [w for w in following if not set(stem(w)) & (units - counted_stems)]
    if not following:
        return 0.0
    if any(t in counted_stems for w in following for t in stem(w)):
        return 1.0
    return float(_soft_said(counted, following, encode).max())


_TIME_UNITS = "seconds minutes hours days weeks months years decades centuries".split()
_IN_UNIT = re.compile(r"\bin\s+([A-Za-z]+)")
