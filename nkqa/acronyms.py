"""Acronyms and the words they abbreviate: "EOL" and "end of life", "IANA" and "Internet
Assigned Numbers Authority".

A question may say in full what its evidence abbreviates, or the other way round; the
attribute and name tests (:mod:`nkqa.answer`) would call the fact unsaid. An acronym here is
a word of two to six capitals (a plural "s" allowed: "APIs"); a run of words spells it when
their initials do, in order, function words between them skipped unless their initial is the
letter needed ("end *of* life", "Bureau *of* Investigation" for "BI"). The run opens and
closes on a content word, and a two-letter acronym needs capitalised words ("United
Nations" is "UN"; "used sparingly" is not "US"). Hand-written, since no small library reads
acronyms this way (scispaCy's abbreviation detector needs a parenthesised definition and a
spaCy model).
"""

from __future__ import annotations

import re

from nkqa.lexicon import FUNCTION_WORDS, PRESENT_WORDS

__all__ = ["ACRONYM", "spelled_out", "in_their_words"]

ACRONYM = re.compile(r"\b[A-Z]{2,6}(?=s?\b)")
"""An acronym: two to six capitals, a plural "s" allowed."""
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_PRESENT = re.compile(r"\b(?:" + "|".join(sorted(PRESENT_WORDS)) + r")\b", re.IGNORECASE)


def spelled_out(acronym_text: str, text: str) -> dict[str, str]:
    """The acronyms of ``acronym_text`` that a run of words of ``text`` spells, each with
    the first such run.

    Examples
    --------
    >>> spelled_out("Python 2 reached EOL on 2020-01-01.", "When did Python 2 reach end of life?")
    {'EOL': 'end of life'}
    >>> spelled_out("Who heads the UN?", "the United Nations said")
    {'UN': 'United Nations'}
    >>> spelled_out("the US", "used sparingly")
    {}
    """
    acronyms = {m.group() for m in ACRONYM.finditer(acronym_text)}
    if not acronyms:
        return {}
    words = _WORD.findall(text)
    found: dict[str, str] = {}
    for acronym in sorted(acronyms):
        for start in range(len(words)):
            end = _spells(acronym, words, start)
            if end is not None:
                found[acronym] = " ".join(words[start:end])
                break
    return found


def in_their_words(question: str, passage: str, window: str) -> str:
    """``question`` in the words of its evidence: each acronym of the question that ``passage``
    spells out replaced by the words, each run of words ``window`` abbreviates by the acronym,
    and its word for the present by the window's ("today" by "current").

    Examples
    --------
    >>> in_their_words("When did Python 2 reach end of life?", "", "Python 2 reached EOL.")
    'When did Python 2 reach EOL?'
    >>> in_their_words("When did Python 2 reach EOL?", "It reached end of life in 2020.", "")
    'When did Python 2 reach end of life?'
    >>> in_their_words("Who maintains the FAQ today?", "", "The current maintainer is Javier.")
    'Who maintains the FAQ current?'
    """
    for acronym, words in spelled_out(question, passage).items():
        question = re.sub(rf"\b{acronym}\b", words, question)
    for acronym, words in spelled_out(window, question).items():
        question = question.replace(words, acronym, 1)
    # "today" is what the window calls "current" (:data:`~nkqa.lexicon.PRESENT_WORDS`).
    said = [w for w in _WORD.findall(window) if w.lower() in PRESENT_WORDS]
    if said:
        question = _PRESENT.sub(said[0].lower(), question)
    return question


def _spells(acronym: str, words: list[str], start: int) -> int | None:
    """The end of the run from ``start`` whose initials spell ``acronym``, or None."""
    letters = acronym.lower()
    if words[start].lower() in FUNCTION_WORDS:
        return None
    at, i = 0, start
    while at < len(letters) and i < len(words):
        word = words[i]
        if word[0].lower() == letters[at] and (len(letters) > 2 or word[0].isupper()):
            at += 1
        elif word.lower() not in FUNCTION_WORDS:
            return None
        i += 1
    if at < len(letters) or words[i - 1].lower() in FUNCTION_WORDS:
        return None
    return i
