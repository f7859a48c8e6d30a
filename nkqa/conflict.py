"""Does the quoted window put another name, year or release where the question has one?

A window can say everything a question asks about and still be about another fact:
the same relation with another place, another actor, another year.

* :func:`name_conflict`, a place swap: the question's "a club *in Vietnam*" against the
  window's "a club in *Cambodia*'s top division";
* :func:`slot_conflict`, an actor or object swap: "the tanker *Indonesia* seized" against
  "*Phnom Penh* also seized an oil tanker", "visit *Phnom Penh*" against "visited *Pyongyang*";
* :func:`attachment_conflict`, another name attached to the same noun: "trade volume *with
  India*" against "trade volumes *with the DPRK*";
* :func:`modifier_conflict`, a swap of kin names before the same noun: "the *Philippine*
  foreign minister" against "*Singaporean* Foreign Minister";
* :func:`year_conflict`, a year or month swapped or unsaid: "expelled *in 2010*" against "in
  January *2020*, ... expelled", or against a window that gives no year; "the summit *on April
  27*" against a window that names no April;
* :func:`version_conflict`, another release of the same thing: "marshmallow *4.0*" against
  "the marshmallow *3.x* series".

Each returns (what the question has, what the window has instead) or None. A date, year or
count the window gives of someone else is :mod:`nkqa.ownership`'s.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence

import numpy as np

from nkqa.answer_type import MONTH_NUMBERS, MONTHS, WORD
from nkqa.attribute import FUNCTION_WORDS, SOFT_LOW, first_stems, mentions
from nkqa.releases import same_release
from nkqa.voice import passive_at, question_passive_at

KIN_LOW = SOFT_LOW
"""Cosine between two names below which the model finds them unrelated ("DPRK-built" and
"Panorama", 0.15): one is no stand-in for the other."""
KIN_HIGH = 0.75
"""Cosine from which two names are one thing said two ways (a country and its capital,
0.78 to 0.88; "Cambodian" and "Khmer", 0.82) rather than two of a kind (two nationalities,
"Philippine" and "Singaporean" 0.59, "Vietnamese" and "Cambodian" 0.69; two neighbours,
"Indonesia" and "Malaysia" 0.74). Read off all-MiniLM-L6-v2 on these pairs."""

__all__ = [
    "name_conflict", "modifier_conflict", "slot_conflict", "attachment_conflict", "year_conflict",
    "version_conflict", "releases_named", "asked_years", "of_a_kind", "KIN_LOW", "KIN_HIGH",
]


_PLACE_PREPOSITIONS = frozenset("in to from at".split())


def name_conflict(
    question: str, window: str, names: Sequence[str], *, stem: Callable[[str], list[str]]
) -> tuple[str, str] | None:
    """A name the question places after a preposition ("a club *in Vietnam*") that the
    window does not say, while the window puts another name after one ("a club in
    *Cambodia*'s top division"): (the question's name, the window's), or None.

    ``names`` are the question's names to hold to (the caller passes the rare ones). The
    window's name must be one the question does not use; the name test, which looks
    around the passage, cannot see that the quoted sentence is about another place.
    """
    name_set = {n.lower() for n in names}
    window_stems = set(stem(window))
    q_words = WORD.findall(question)
    missing = None
    for i in range(1, len(q_words)):
        # "according to Channel News Asia" names a source, not a place.
        if i >= 2 and q_words[i - 2].lower() == "according":
            continue
        if q_words[i - 1].lower() in _PLACE_PREPOSITIONS and q_words[i].lower() in name_set:
            run = [q_words[i]]
            for w in q_words[i + 1 :]:
                if w.lower() not in name_set:
                    break
                run.append(w)
            if not any(t in window_stems for w in run for t in stem(w)):
                missing = " ".join(run)
                break
    if missing is None:
        return None
    asked = {w.lower() for w in q_words}
    w_words = WORD.findall(window)
    for i in range(1, len(w_words)):
        word = w_words[i]
        if w_words[i - 1].lower() in _PLACE_PREPOSITIONS and word[0].isupper() and word.lower() not in asked:
            if word.lower() not in MONTHS:  # "in December" says when, not where
                return missing, word
    return None


_YEAR_IN = re.compile(r"\b(?:(before|after|since|until|by|from|to)\s+)?((?:1[89]|20)\d{2})\b", re.IGNORECASE)


def asked_years(question: str) -> list[str]:
    """The years ``question`` dates its fact by ("expelled *in 2010*"), not those that bound
    it ("before 2017")."""
    return [m.group(2) for m in _YEAR_IN.finditer(question) if not m.group(1)]


def year_conflict(question: str, window: str) -> tuple[str, str] | None:
    """A year the question dates its fact by ("expelled *in 2010*") that the window does
    not say: (the question's year, the window's other year, "in January *2020*", or "no
    year"), or None. A window that gives no year cannot say the fact is that year's
    ("How many did Choson Exchange train *in 2018*?" against "has trained over 2,000").
    Years of a range ("before 2017", "since 2015") bound the fact rather than date it and
    are not held to, except against the opposite bound on the same year: "remained *after
    2017*" against "were based *prior to 2017*". A month is held to the same way
    (:func:`_month_conflict`)."""
    asked = asked_years(question)
    said = [m.group(2) for m in _YEAR_IN.finditer(window)]
    missing = [y for y in asked if y not in said]
    if missing:
        return missing[0], said[0] if said else "no year"
    return _month_conflict(question, window) or _bound_conflict(question, window)


_NAMED_VERSION = re.compile(
    r"(?<![\w.-])([^\W\d_][\w+-]*)(?:[^\S\n]+|/)v?(\d{1,2}(?:\.(?:\d+|x))*)(?![\w.]*\w|,\d)"
)
"""A word and the release number right after it: "marshmallow 4.0", "Python 3", "3.x", or
after a slash as protocols write it, "HTTP/2" (one or two digits first: "Resolution 2397" and
"May 2017" are no releases; a suffix such as "4.0rc1" makes none)."""


def version_conflict(question: str, window: str) -> tuple[str, str] | None:
    """A release the question names ("Which Python version does *marshmallow 4.0*
    require?") where the window names only other releases of the same thing ("The
    *marshmallow 3.x* series requires Python 3"): (the question's, the window's), or None.
    Releases agree when one is a prefix of the other, "x" standing for any part ("3" and
    "3.10", "3.x" and "3.26"). A window that names the thing without a release says nothing
    against it.

    Examples
    --------
    >>> version_conflict("Which Python version does marshmallow 4.0 require?", "The marshmallow 3.x series requires Python 3.")
    ('marshmallow 4.0', 'marshmallow 3.x')
    >>> version_conflict("Which Python version does marshmallow 3.2 require?", "The marshmallow 3.x series requires Python 3.") is None
    True
    >>> version_conflict("Which package adds HTTP/3 support?", "It has support for both HTTP/1.1 and HTTP/2.")
    ('http 3', 'http 1.1')
    """
    said: dict[str, list[str]] = {}
    for name, release in releases_named(window):
        said.setdefault(name, []).append(release)
    for name, release in releases_named(question):
        others = said.get(name, [])
        if others and not any(same_release(release, other) for other in others):
            return f"{name} {release}", f"{name} {others[0]}"
    return None


def releases_named(text: str) -> list[tuple[str, str]]:
    """The (name, release) pairs of ``text``, names lower-cased (:data:`_NAMED_VERSION`)."""
    return [
        (m.group(1).lower(), m.group(2)) for m in _NAMED_VERSION.finditer(text)
        if m.group(1).lower() not in FUNCTION_WORDS and m.group(1).lower() not in MONTHS
    ]


_MONTH_NAMES = frozenset(name.lower() for name in calendar.month_name if name)
"""Full month names, the only ones :func:`_month_conflict` reads a question's month from."""


def _month_conflict(question: str, window: str) -> tuple[str, str] | None:
    """A month the question dates its fact by ("the summit *on April 27*") that the window
    does not name, in full or abbreviated: (the month, the window's other month or "no
    month"). Only a capitalised month name after the question's first word counts, and
    "May" only before a day or a year, since it is also a verb."""
    asked = [
        m.group(0) for m in WORD.finditer(question)
        if m.start() and m.group(0)[0].isupper() and m.group(0).lower() in _MONTH_NAMES
        and (m.group(0) != "May" or re.match(r"\s+\d", question[m.end() :]))
    ]
    if not asked:
        return None
    said = [w for w in WORD.findall(window) if w.lower() in MONTH_NUMBERS]
    numbers = {MONTH_NUMBERS[w.lower()] for w in said}
    for month in asked:
        if MONTH_NUMBERS[month.lower()] not in numbers:
            return month, said[0] if said else "no month"
    return None


_BOUND = re.compile(r"\b(after|since|before|until|till|prior\s+to)\s+((?:1[89]|20)\d{2})\b", re.IGNORECASE)
_LATER = frozenset({"after", "since"})


def _bound_conflict(question: str, window: str) -> tuple[str, str] | None:
    """A year the question bounds one way ("after 2017") that the window bounds only the
    other way ("prior to 2017"): the two name different spans of time."""
    # Per year, the window's first bound of each direction (later or not).
    said: dict[str, dict[bool, str]] = {}
    for m in _BOUND.finditer(window):
        said.setdefault(m.group(2), {}).setdefault(m.group(1).lower() in _LATER, " ".join(m.group(0).split()))
    for m in _BOUND.finditer(question):
        bounds = said.get(m.group(2), {})
        later = m.group(1).lower() in _LATER
        if bounds and later not in bounds:
            return " ".join(m.group(0).split()), bounds[not later]
    return None


# What may stand between a subject and its verb: "Phnom Penh *also* seized", "Pyongyang *has* sent".
_BETWEEN = frozenset("has have had also then later will would could can did does do just".split())
_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")
_SENTENCE_START = frozenset('.!?"“')
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")


def _read(
    question: str, window: str, stem: Callable[[str], list[str]]
) -> tuple[list[str], list[str], list[str], list[str], set[str]]:
    """The question's and the window's tokens, the first stem of each, and the question's
    words lower-cased."""
    q, w = _TOKEN.findall(question), _TOKEN.findall(window)
    return q, w, first_stems(q, stem), first_stems(w, stem), {x.lower() for x in q}


def _name_run(words: list[str], i: int, step: int, skip: frozenset[str]) -> list[int]:
    """Positions of the capitalised content words from ``i`` on in direction ``step``,
    past any ``skip`` words before them."""
    while 0 <= i < len(words) and words[i].lower() in skip:
        i += step
    run = []
    while 0 <= i < len(words) and words[i][0].isupper() and words[i].lower() not in FUNCTION_WORDS:
        run.append(i)
        i += step
    return sorted(run)


def slot_conflict(
    question: str, window: str, names: Sequence[str], *, stem: Callable[[str], list[str]]
) -> tuple[str, str] | None:
    """A name of the question that is the subject or object of one of its verbs, where the
    window gives that verb another name as subject or object: (the question's, the
    window's), or None.

    The verb is a word of both, in the window a regular past tense ("seized",
    "visited"; ``-ed``, so that nouns such as "president" are not taken for verbs), in
    neither a passive (:func:`nkqa.voice.passive_at`: a form of *be* before it or *by*
    after it; in the question also a be-form before its subject, "When was Zorblat
    created?", :func:`nkqa.voice.question_passive_at`; a passive turns the roles
    round). A subject is the run of
    capitalised words right before the verb (past "also", "has"), an object the run right
    after it (past "the"). The window's run must share no stem with the question's
    ``names`` and not be a sentence's first word alone, whose capital says nothing, and no
    use of the verb in the window may give it the question's name (nor may the window
    make the name the owner of the verb's noun: "Indonesia's seizure"). ``names`` are the
    question's names to hold to (the caller passes the rare ones: a common one is the
    collection's topic, which a window may call otherwise, "Pyongyang" for North Korea).
    """
    name_stems = {t for n in names for t in stem(n)}
    if not name_stems:
        return None
    q, w, q_stems, w_stems, asked = _read(question, window, stem)
    for qi, pivot in enumerate(q_stems):
        low = q[qi].lower()
        if not pivot or q[qi][0].isupper() or low in FUNCTION_WORDS or question_passive_at(q, qi):
            continue
        q_slots = (_name_run(q, qi - 1, -1, frozenset()), _name_run(q, qi + 1, 1, frozenset({"the"})))
        # Per slot (subject, object): another name the window gives the verb, unless some use
        # of the verb in the window gives it the question's ("visited Beijing, later visited Seoul").
        other: list[str | None] = [None, None]
        held = [False, False]
        for wi, word in enumerate(w_stems):
            if word != pivot or not w[wi].lower().endswith("ed") or passive_at(w, wi):
                continue
            w_slots = (_name_run(w, wi - 1, -1, _BETWEEN), _name_run(w, wi + 1, 1, frozenset({"the"})))
            for slot, (q_run, w_run) in enumerate(zip(q_slots, w_slots)):
                if not q_run or not w_run or not {t for k in q_run for t in stem(q[k])} & name_stems:
                    continue
                if {t for k in w_run for t in stem(w[k])} & name_stems or all(w[k].lower() in asked for k in w_run):
                    held[slot] = True
                elif not (len(w_run) == 1 and (w_run[0] == 0 or w[w_run[0] - 1] in _SENTENCE_START)):
                    other[slot] = other[slot] or " ".join(w[k] for k in w_run)
        # "Indonesia's seizure": the question's name as the possessor of the verb's noun.
        if q_slots[0] and len(pivot) >= 4:
            for wi in range(1, len(w)):
                owner = w[wi - 1]
                if w_stems[wi].startswith(pivot) and owner[0].isupper() and set(stem(owner)) & name_stems:
                    held[0] = True
        for slot in (0, 1):
            if other[slot] is not None and not held[slot]:
                return " ".join(q[k] for k in q_slots[slot]), other[slot]
    return None


_ATTACHING = frozenset("with to for from against in at on".split())
"""Prepositions that attach a name to the noun before them: "trade *with* India", "the
envoy *to* Laos"."""


_ATTACH_REACH = 5
"""Words after the preposition in which the question's name still attaches to the noun."""


def attachment_conflict(
    question: str, window: str, names: Sequence[str], *, stem: Callable[[str], list[str]]
) -> tuple[str, str] | None:
    """A name the question attaches to a noun by a preposition ("trade volume *with India*")
    where the window attaches another name to that noun by the same preposition ("trade
    volumes *with the DPRK*") and never the question's: (the question's, the window's), or
    None. The window may say the question's name elsewhere ("India and Thailand ... saw
    trade volumes with the DPRK drop"): the name test passes, and the fact is of another pair.

    The noun is the lower-case content word right before the preposition (compared by
    stem: "volume" and "volumes"); the name, a run of capitalised words after it, past
    "the". ``names`` are the question's names to hold to (the caller passes the rare ones).
    """
    name_stems = {t for n in names for t in stem(n)}
    if not name_stems:
        return None
    q, w, q_stems, w_stems, asked = _read(question, window, stem)
    for qi in range(2, len(q)):
        preposition, noun = q[qi - 1].lower(), q[qi - 2]
        if preposition not in _ATTACHING or not set(stem(q[qi])) & name_stems:
            continue
        if not q_stems[qi - 2] or not noun.islower() or noun in FUNCTION_WORDS:
            continue
        held, other = False, None
        for wi in range(len(w) - 2):
            if w_stems[wi] != q_stems[qi - 2] or w[wi + 1].lower() != preposition:
                continue
            run = _name_run(w, wi + 2, 1, frozenset({"the"}))
            # The name may close the phrase the run opens: "in the Malaysian state of Sarawak".
            said = {t for k in range(wi + 2, min(len(w), wi + 2 + _ATTACH_REACH)) for t in stem(w[k])}
            if any(mentions(t, said) for t in name_stems):
                held = True
            elif run and not all(w[k].lower() in asked for k in run):
                other = other or " ".join(w[k] for k in run)
        if other is not None and not held:
            return q[qi], other
    return None


def modifier_conflict(
    question: str,
    window: str,
    names: Sequence[str],
    *,
    stem: Callable[[str], list[str]],
    encode: Callable[[Sequence[str]], np.ndarray] | None,
) -> tuple[str, str] | None:
    """A name the question puts right before a noun ("the *Philippine* foreign minister")
    that the window does not say, while the window puts another name, of the same kind,
    before that noun ("*Singaporean* Foreign Minister"): (the question's, the window's), or
    None; None too without ``encode`` (``bm25`` mode).

    Of a kind: the model places the two between :data:`KIN_LOW` and :data:`KIN_HIGH`, so
    that a name that is the thing's own ("the DPRK-built museum" against "Angkor *Panorama*
    Museum") or another way to say the same one ("Jakarta" for "Indonesia") is not a swap.
    ``names`` are the question's names to hold to (the caller passes the rare ones).
    """
    if encode is None or not names:
        return None
    held = set(names)
    name_stems = {t for n in names for t in stem(n)}
    window_stems = set(stem(window))
    q, w = _TOKEN.findall(question), _TOKEN.findall(window)
    w_stems = first_stems(w, stem)
    for i in range(len(q) - 1):
        noun = q[i + 1]
        if q[i] not in held or not noun[0].isalpha() or noun[0].isupper() or noun.lower() in FUNCTION_WORDS:
            continue
        j = i
        while j > 0 and q[j - 1] in held:
            j -= 1
        asked = " ".join(q[j : i + 1])
        # An acronym may stand for the other name ("the US envoy", "the American envoy"):
        # the model cannot tell, so it is not held to (on either side).
        # A kin form of the name is the name ("the National University of *Malaysia*" says
        # "Malaysian"), as in the name test (:func:`nkqa.attribute.mentions`).
        if any(mentions(t, window_stems) for t in stem(asked)) or _ACRONYM.fullmatch(asked):
            continue
        noun_stem = first_stems([noun], stem)[0]
        for k in range(2, len(w)):
            other = w[k - 1]
            if w_stems[k] != noun_stem or not other[0].isupper() or other.lower() in FUNCTION_WORDS:
                continue
            if w[k - 2] in _SENTENCE_START or set(stem(other)) & name_stems or _ACRONYM.fullmatch(other):
                continue
            if of_a_kind(asked, other, encode):
                return asked, other
    return None


def of_a_kind(one: str, other: str, encode: Callable[[Sequence[str]], np.ndarray]) -> bool:
    """Whether the model places two names as others of one kind: between :data:`KIN_LOW`
    and :data:`KIN_HIGH` ("Philippine" and "Singaporean"; not "Jakarta" and "Indonesia")."""
    vectors = encode([one, other])
    return KIN_LOW <= float(vectors[0] @ vectors[1]) < KIN_HIGH

