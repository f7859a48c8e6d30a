"""Whose is the date, the year or the count? The quoted window may give one of another fact.

A window may say the question's year, or give a date, in a clause about something else:
"Who seized the ship *Wise Honest* in 2020?" against "In January 2020, Cambodia reported...
In early March, Phnom Penh also seized an oil tanker..., echoing Indonesia's seizure of the
coal smuggling ship Wise Honest two years earlier": 2020 is Cambodia's report, not the
seizure of the Wise Honest.

A *clause* is a sentence, cut at dashes, semicolons and before ", but" (a subordinate
clause is not cut off: "In 2012, when Cambodia chaired ASEAN, Hor Namhong led a delegation"
dates his delegation). A clause *speaks of* the question's names when it mentions one of
their rare stems (:func:`nkqa.attribute.mentions`: "Indonesia" for "Indonesian") or has a
third-person pronoun, which may stand for one ("He took office in 2012"), before any name of
its own (:func:`_refers_out`).

* :func:`date_conflict`, for a question that asks when: every clause that gives a date is
  about someone else ("When did *Phay Siphan* become spokesman?" against "...said spokesman
  Chum Sounry after a meeting *in January*").
* :func:`year_clause_conflict`, for a question dated by a year: every clause that says the
  year is about someone else.
* :func:`excepted_conflict`, for any question: the window names the question's rare name
  only to except it ("When did North Korea open its embassy in *Brunei*?" against "...has
  embassies in every country in the region except for the Philippines, *Brunei*, and East
  Timor"): the window's fact is everyone's but the name's.
* :func:`contrasted_conflict`, for any question: the window says a word of the question
  only in what it contrasts its fact with ("as opposed to built-ins", "any non-file part").
* :func:`count_place_conflict`, for a question that asks for a number: every clause that
  gives one is about someone else and places it elsewhere ("How many workers did *Nepal*
  deport?" against "Thailand and Nepal have also deported small numbers... Further afield
  in the Persian Gulf, where an estimated 8,000 or more North Korean laborers were based...").
  A count's clause that names no place may still be the question's ("Seven North Korean
  diplomats met with Americans" after the sentence on the seminars in Siem Reap).
* :func:`section_release_conflict`, for a question that names a dotted release: the window's
  passage is an entry under another release's heading ("When was *Arrow 1.5.0* released?"
  against the changelog's "0.16.0 (2020-08-23)" entry on "the upcoming 1.0.0 release").

Each returns (what the question has, what the window has instead) or None, as the tests of
:mod:`nkqa.conflict` do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from nkqa.answer_type import MONTHS, WORD, AnswerType, carries
from nkqa.attribute import mentions
from nkqa.chunking import split_sentences
from nkqa.conflict import asked_years, releases_named
from nkqa.releases import same_release, section_release

__all__ = [
    "date_conflict",
    "year_clause_conflict",
    "count_place_conflict",
    "excepted_conflict",
    "contrasted_conflict",
    "section_release_conflict",
]

_CLAUSE_BREAK = re.compile(r"[^\S\n]+--[^\S\n]+|[^\S\n]*[;\u2013\u2014][^\S\n]*|,[^\S\n]+(?=but\b)", re.IGNORECASE)
_PRONOUNS = frozenset("he she it they him her his its their them".split())


def date_conflict(
    question: str, window: str, names: Sequence[str], *, stem: Callable[[str], list[str]]
) -> tuple[str, str] | None:
    """For a question that asks when, the question's ``names`` where every clause of the
    window that gives a date (a year or a month the question does not say,
    :func:`nkqa.answer_type.carries`) speaks of none of them: (the names, the first such
    clause's opening), or None. ``names`` are the question's names to hold to (the caller
    passes the rare ones).
    """
    dated = [c for c in _clauses(window) if carries(AnswerType.DATE, c, question)]
    return _unowned(dated, names, stem, "a date")


def year_clause_conflict(
    question: str, window: str, names: Sequence[str], *, stem: Callable[[str], list[str]]
) -> tuple[str, str] | None:
    """For a question dated by a year ("...*in 2020*?"), the question's ``names`` where every
    clause of the window that says the year speaks of none of them: (the names, the first
    such clause's opening), or None. A window without the year is
    :func:`nkqa.conflict.year_conflict`'s."""
    years = asked_years(question)
    clauses = _clauses(window) if years and names else []  # most questions name no year
    for year in years:
        found = _unowned([c for c in clauses if re.search(rf"\b{year}\b", c)], names, stem, f"{year}")
        if found is not None:
            return found
    return None


_PLACED = re.compile(r"\b(?:in|at|from|to)\s+(?:the\s+)?([A-Z][\w'\u2019-]*)")
"""A capitalised word after a preposition of place: where a clause's fact happens."""


def count_place_conflict(
    question: str, window: str, names: Sequence[str], *, stem: Callable[[str], list[str]]
) -> tuple[str, str] | None:
    """For a question that asks for a number, the question's ``names`` where every clause of
    the window that gives one (:func:`nkqa.answer_type.carries`) speaks of none of them and
    puts its fact in a place the question does not name (not a month: "in December" says
    when): (the names, the first such clause's opening), or None."""
    clauses = [c for c in _clauses(window) if carries(AnswerType.NUMBER, c, question)]
    asked = {w.lower() for w in WORD.findall(question)}

    def elsewhere(clause: str) -> bool:
        return any(p.lower() not in asked and p.lower() not in MONTHS for p in _PLACED.findall(clause))

    if not all(elsewhere(c) for c in clauses):
        return None
    return _unowned(clauses, names, stem, "a count")


_EXCEPT = re.compile(
    r"\b(?:except(?:\s+for)?|other\s+than|apart\s+from|aside\s+from|excluding|save\s+for)\s+"
    r"((?:[^.;:!?()]|\.(?=\w))+)",
    re.IGNORECASE,
)
"""An exception and what it excepts, to the end of its sentence or clause."""


def excepted_conflict(
    question: str, window: str, names: Sequence[str], *, stem: Callable[[str], list[str]]
) -> tuple[str, str] | None:
    """A name of the question that ``window`` mentions only inside an exception ("except for
    the Philippines, Brunei, and East Timor", "other than China"): (the name, the
    exception), or None. ``names`` are the question's rare names."""
    exceptions = [m.group(0) for m in _EXCEPT.finditer(window)]
    if not exceptions:
        return None
    excepted = set(stem(" ".join(exceptions)))
    rest = set(stem(_EXCEPT.sub(" ", window)))
    for name in names:
        stems = stem(name)
        if any(mentions(t, excepted) for t in stems) and not any(mentions(t, rest) for t in stems):
            return name, f"it only as an exception ('{' '.join(exceptions[0].split()[:8])}...')"
    return None


_CONTRAST = re.compile(
    r"\b(?:as\s+opposed\s+to|instead\s+of|rather\s+than|unlike)\s+([^.,;:!?()]+)|\bnon-([^\W\d_]+)",
    re.IGNORECASE,
)
"""A contrast and what it sets apart, to the next comma or clause end ("as opposed to
built-ins or installed packages"), or the word "non-" negates ("any non-file part")."""


def contrasted_conflict(
    question: str, window: str, terms: Sequence[str], *, stem: Callable[[str], list[str]]
) -> tuple[str, str] | None:
    """A word of the question (``terms``: its names and attribute words) that ``window``
    says only in what it contrasts its fact with ("What colour does the debugger give frames
    from *built-in* modules?" against "Frames that represent user code, as opposed to
    built-ins or installed packages, are highlighted blue"; "the largest *file* part" against
    "if any non-file part is larger"): (the word, the contrast), or None. A question that
    itself contrasts ("What did Arrow migrate to instead of dateutil?") conflicts with a
    window that contrasts with something it never names ("...ZoneInfo for timezones instead
    of pytz").

    Examples
    --------
    >>> stem = lambda text: [w.lower().rstrip("s") for w in re.findall(r"[a-z-]+", text.lower())]
    >>> contrasted_conflict("How big may a file part be?", "Any non-file part is cut.", ["big", "file", "part"], stem=stem)
    ('file', "it only as a contrast ('non-file')")
    >>> contrasted_conflict("How big may a file part be?", "A non-file part is cut; file parts are not.", ["file"], stem=stem) is None
    True
    >>> contrasted_conflict("What replaced X instead of dateutil?", "Y is used instead of pytz.", [], stem=stem)
    ('instead of dateutil', "a contrast with something else ('instead of pytz')")
    """
    found = list(_CONTRAST.finditer(window))
    if not found:
        return None
    phrase = " ".join(found[0].group(0).split()[:8])
    # A question's own "non-" word is a word ("non-profit"), not a contrast it asks about.
    asked = [m for m in _CONTRAST.finditer(question) if m.group(1)]
    if asked:
        # Both contrast: the window's is with something else when it never says the question's.
        said = set(stem(window))
        other = [t for m in asked for t in stem(m.group(1) or m.group(2))]
        if other and not any(t in said for t in other):
            return asked[0].group(0).strip(), f"a contrast with something else ('{phrase}')"
        return None
    contrasted = set(stem(" ".join(m.group(1) or m.group(2) for m in found)))
    rest = set(stem(_CONTRAST.sub(" ", window)))
    for term in terms:
        stems = stem(term)
        if stems and all(t in contrasted and t not in rest for t in stems):
            return term, f"it only as a contrast ('{phrase}')"
    return None


_DOTTED = re.compile(r"(?<![\w.])v?(\d+(?:\.(?:\d+|x))+)(?![\w.]*\d)")


def section_release_conflict(question: str, window: str, section: str | None) -> tuple[str, str] | None:
    """A release the question names ("When was *Arrow 1.5.0* released?", "What did *Arrow
    1.4.0* drop?") where the window's passage stands under another release's heading ("0.16.0
    (2020-08-23)" in a changelog) and the window never says the question's: (the question's,
    the heading's), or None. The heading dates every entry under it, as a clause's subject
    owns its year; the nearest release heading of the path counts, past "Added" or "Fixed". A
    window under no release heading that says no release at all does not answer for one
    either ("How many commits went into boltons 26.2.0?" against the changelog's count of all
    its releases' commits): (the question's, "no release").
    """
    heading = section_release(section)
    # A dotted release only: "Python 2" names another product's generation.
    asked = [release for _, release in releases_named(question) if "." in release]
    if not asked or heading is not None and any(same_release(r, heading) for r in asked):
        return None
    said = [m.group(1) for m in _DOTTED.finditer(window)]
    # A title that names the release speaks for all it heads ("Mozilla Public License
    # Version 2.0 › 10.1. New Versions").
    if any(same_release(r, m.group(1)) for r in asked for m in _DOTTED.finditer(section or "")):
        return None
    if heading is None:
        # Another release said is the release test's to read (conflict.version_conflict).
        return None if said else (f"release {asked[0]}", "no release")
    if any(same_release(r, s) for r in asked for s in said):
        return None
    return f"release {asked[0]}", f"the entry of release {heading}"


def _clauses(window: str) -> list[str]:
    return [c for start, end in split_sentences(window) for c in _CLAUSE_BREAK.split(window[start:end])]


def _unowned(
    clauses: list[str], names: Sequence[str], stem: Callable[[str], list[str]], what: str
) -> tuple[str, str] | None:
    """(the names, a description of the first clause) when ``clauses`` is not empty and none
    of them speaks of ``names``; None otherwise."""
    name_stems = {t for n in names for t in stem(n)}
    if not name_stems or not clauses:
        return None
    for clause in clauses:
        said = set(stem(clause))
        if any(mentions(t, said) for t in name_stems) or _refers_out(clause):
            return None
    opening = " ".join(clauses[0].split()[:6])
    return " ".join(names), f"{what} only in a clause that does not name it ('{opening}...')"


def _refers_out(clause: str) -> bool:
    """Whether a third-person pronoun of ``clause`` may stand for a name outside it: one that
    no capitalised word (but the clause's first) comes before ("*He* took office in 2012"),
    while in "the Persian Gulf, where... the countries... said *they* had ended it" the pronoun
    has its own name in the clause."""
    words = WORD.findall(clause)
    for i, word in enumerate(words):
        if word.lower() in _PRONOUNS:
            return True
        if i and word[0].isupper():
            return False
    return False
