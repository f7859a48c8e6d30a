"""What a question asks that the quoted window never says, beyond the idf-weighted attribute
share (:func:`nkqa.attribute.attribute_gap`): the one verb of a who-, which- or what-question
whose attribute is that verb alone (:func:`unsaid_verb`); a default: :mod:`nkqa.defaults`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from nkqa.answer_type import WORD, AnswerType
from nkqa.attribute import SOFT_HIGH, attribute_terms, category_words
from nkqa.lexicon import DETERMINERS, FUNCTION_WORDS, can_be_verb, is_lexicon_word, verb_lemma, word_classes

__all__ = ["unsaid_verb"]

_ASKING = frozenset("who whom which what".split())
"""The question words whose question :func:`unsaid_verb` reads."""
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'-]*(?:[^\S\n]+(?:(?:van|von|de|da|der|del|la|le)[^\S\n]+)?[A-Z][\w'-]*)+")
_GENERAL_VERBS = frozenset({"use"})
"""Verbs that name no relation of their own: "Which implementation can msgspec not be *used*
with?" asks what "msgspec doesn't support PyPy" says."""


def unsaid_verb(
    question: str,
    window: str,
    names: Sequence[str],
    kind: AnswerType | None,
    *,
    stem: Callable[[str], list[str]],
    encode: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> str | None:
    """The verb of a who-, which- or what-question whose attribute is that verb alone, when
    ``window`` does not say it; None otherwise.

    "Who founded the Pacific Forum?" asks for one relation of a thing it names: a window
    about the Pacific Forum that never says "found" ("Ralph Cossa, president of the
    Pacific Forum") names someone, but not its founder; "Which Cambodian city did Kim Jong Un
    visit?" is not answered by a sentence on where he travelled to. The verb is said by its
    stem or by a word that starts with it ("founder" for "founded", "owner" for "owns").
    With more attribute words than the verb ("Which city did Kim visit after the Hanoi
    summit?"), the window that says them may be the question's fact in other words, and the
    attribute test weighs the verb with them; but a who-question's verb right after "Who" is
    the relation it asks for, whatever else it says of the thing done ("Who wrote the
    odyssey.py demo script?" is not answered by where the script is run), unless the window
    names someone in full, who may have done it in other words ("Dino Patti Djalal ... summed
    up this sentiment" for "Who recommended a give-give-give approach...?"). Not for
    where-questions, whose verbs ask for the place. With ``encode`` (the model), a window
    that says every one of the question's ``names`` says the verb with a word as near it as
    a synonym (cosine at least :data:`nkqa.attribute.SOFT_HIGH`: "required" for "needed",
    0.80; "travelled" for "visit" is 0.57).

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
    >>> unsaid_verb("Which email address is given for Bader?", "Bader - mail@bader.org", ["Bader"], None, stem=stem) is None
    True
    >>> unsaid_verb("Which company created Graylog?", "Graylog is a log server", ["Graylog"], None, stem=stem)
    'created'
    >>> unsaid_verb("Who wrote the demo script?", "Run the demo script on Linux", [], AnswerType.NAME, stem=stem)
    'wrote'
    >>> unsaid_verb("Which toy gave Zorblat its name?", "Zorblat was a wooden horse", ["Zorblat"], None, stem=stem) is None
    True
    """
    # "Where..." is no asking word here: its verbs ("held", "located") ask for the place.
    if (WORD.findall(question)[:1] or [""])[0].lower() not in _ASKING:
        return None
    terms = attribute_terms(question, names, kind)
    # "Who <verb>...?" asks for the doer of that verb, whatever else it says of the thing
    # done ("Who wrote the odyssey.py demo script?"): the verb is the relation asked for.
    words = WORD.findall(question)
    narrowed = len(terms) > 1 and words[0].lower() == "who" and words[1] in terms and can_be_verb(words[1])
    if narrowed:
        terms = [words[1]]
    # A noun of the asked-for kind is no verb: "Which email *address*..." (but "Which company
    # *created*..." asks for one).
    if len(terms) != 1 or not can_be_verb(terms[0]):
        return None
    # After a determiner the word is a noun: "Which toy gave bullseye *its name*?"
    if any(words[i - 1].lower() in DETERMINERS for i in range(1, len(words)) if words[i] == terms[0]):
        return None
    if terms[0] in category_words(question) and "NOUN" in word_classes(terms[0]):
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
    # In other words only where the window says every name the question does: "Established by
    # the US Congress" beside "the Pacific" is not the Pacific Forum's founding.
    if encode is not None and all(set(stem(name)) <= said for name in names):
        words = list(dict.fromkeys(w.lower() for w in WORD.findall(window) if w.lower() not in FUNCTION_WORDS))
        if words:
            vectors = encode([terms[0], *words])
            if float((vectors[1:] @ vectors[0]).max()) >= SOFT_HIGH:
                return None
    # ...unless it names someone in full, who may have done it in other words ("Dino Patti
    # Djalal... summed up this sentiment" for "Who recommended a give-give-give approach...?").
    if narrowed and _full_name(window, question):
        return None
    return terms[0]


def _full_name(window: str, question: str) -> bool:
    """Whether ``window`` names a person or body in full: two or more capitalised words in a
    row ("Raph Levien", "Guido van Rossum"), not all English words ("Standard Fonts") and
    not all the question's."""
    asked = {w.lower() for w in WORD.findall(question)}
    return any(
        not all(is_lexicon_word(w) for w in run) and not all(w.lower() in asked for w in run)
        for run in (m.group().split() for m in _CAPITALISED_RUN.finditer(window))
    )
