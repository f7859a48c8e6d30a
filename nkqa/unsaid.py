"""What a question asks that the quoted window never says, beyond the idf-weighted attribute
share (:func:`nkqa.attribute.attribute_gap`): the one verb of a who-, which- or what-question
whose attribute is that verb alone (:func:`unsaid_verb`), and a default (:func:`unsaid_default`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from nkqa.answer_type import WORD, AnswerType
from nkqa.attribute import attribute_terms
from nkqa.lexicon import can_be_verb, verb_lemma

__all__ = ["unsaid_verb", "unsaid_default"]

_ASKING = frozenset("who whom which what".split())
"""The question words whose question :func:`unsaid_verb` reads."""
_GENERAL_VERBS = frozenset({"use"})
"""Verbs that name no relation of their own: "Which implementation can msgspec not be *used*
with?" asks what "msgspec doesn't support PyPy" says."""


def unsaid_verb(
    question: str, window: str, names: Sequence[str], kind: AnswerType | None, *, stem: Callable[[str], list[str]]
) -> str | None:
    """The verb of a who-, which- or what-question whose attribute is that verb alone, when
    ``window`` does not say it; None otherwise.

    "Who founded the Pacific Forum?" asks for one relation of a thing it names: a window
    about the Pacific Forum that never says "found" ("Ralph Cossa, president of the
    Pacific Forum") names someone, but not its founder; "Which Cambodian city did Kim Jong Un
    visit?" is not answered by a sentence on where he travelled to. The verb is said by its
    stem or by a word that starts with it ("founder" for "founded", "owner" for "owns").
    With more attribute words than the verb ("Who recommended a give-give-give
    approach...?"), the window that says them is the question's fact in other words, and the
    attribute test weighs the verb with them. Not for where-questions, whose verbs ask for
    the place.

    Examples
    --------
    >>> stem = lambda text: [w.lower().rstrip("s") for w in text.split()]
    >>> unsaid_verb("Who founded the Forum?", "Cossa, president of the Forum", ["Forum"], AnswerType.NAME, stem=stem)
    'founded'
    >>> unsaid_verb("Who owns the Forum?", "Cossa, the owner of the Forum", ["Forum"], AnswerType.NAME, stem=stem) is None
    True
    >>> unsaid_verb("Who wrote Blinker?", "Blinker was written by Kirtand", ["Blinker"], AnswerType.NAME, stem=stem) is None
    True
    >>> unsaid_verb("Which runtime can Blinker not be used with?", "Blinker does not support PyPy", ["Blinker"], None, stem=stem) is None
    True
    """
    # "Where..." is no asking word here: its verbs ("held", "located") ask for the place.
    if (WORD.findall(question)[:1] or [""])[0].lower() not in _ASKING:
        return None
    terms = attribute_terms(question, names, kind)
    if len(terms) != 1 or not can_be_verb(terms[0]):
        return None
    lemma = verb_lemma(terms[0].lower())
    if lemma in _GENERAL_VERBS:
        return None
    said = set(stem(window))
    stems = stem(terms[0])
    if not stems or all(any(s == t or (len(t) >= 3 and s.startswith(t)) for s in said) for t in stems):
        return None
    # An irregular verb's forms share no stem ("wrote", "written"): its lemma says it.
    if any(verb_lemma(w.lower()) == lemma for w in WORD.findall(window) if w[:1].islower()):
        return None
    return terms[0]


_DEFAULT = re.compile(r"\bdefault(?:s|ed)?\b", re.IGNORECASE)


def unsaid_default(question: str, window: str) -> bool:
    """Whether ``question`` asks for a default ("What is the default maxsize...", "...use by
    default?") that ``window`` never calls one: a value in an example ("TTLCache(maxsize=10)")
    or a parameter's description is not its default. "default" is no category word here,
    though "What is the default X" reads like "What is the height of X"."""
    return bool(_DEFAULT.search(question)) and not _DEFAULT.search(window)
