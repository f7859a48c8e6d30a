"""The voice of a verb: whether a sentence's or a question's verb is passive.

A passive turns the roles of the names around it ("was seized by Phnom Penh": Phnom Penh
seized), so the direction and slot checks (:mod:`nkqa.direction`, :mod:`nkqa.conflict`) read
a verb's voice before they compare who does what.
"""

from __future__ import annotations

from collections.abc import Sequence

from nkqa.attribute import BE_FORMS
from nkqa.lexicon import is_participle

__all__ = ["CLAUSE_OPENERS", "passive_at", "question_passive_at"]

_GET_FORMS = frozenset("get gets got gotten getting".split())


def passive_at(words: Sequence[str], i: int) -> bool:
    """Whether the verb at ``i`` of ``words`` is passive: "was seized", "get assembled", or
    "the tanker seized by Phnom Penh", whose agent follows.

    Examples
    --------
    >>> passive_at("makes loggers get assembled once".split(), 3)
    True
    >>> passive_at("the studio assembled it".split(), 2)
    False
    """
    before = words[i - 1].lower() if i else ""
    return before in BE_FORMS or before in _GET_FORMS or (i + 1 < len(words) and words[i + 1].lower() == "by")


CLAUSE_OPENERS = frozenset(
    "before after when while because since until although though whereas that which who whom".split()
)
"""Words that open a clause: a be-form before one belongs to another verb."""


def question_passive_at(words: Sequence[str], i: int) -> bool:
    """Whether the verb at ``i`` of a question's ``words`` is passive: as :func:`passive_at`
    says, or a participle whose be-form the question puts before its subject ("When was
    Starlette *created*?", "Why were the workers *expelled*?"), within four words and not
    across a clause ("Where was the fair when Zorblat *hired* Quill?").

    Examples
    --------
    >>> question_passive_at("When was Zorblat created".split(), 3)
    True
    >>> question_passive_at("Where was the fair when Zorblat hired Quill".split(), 6)
    False
    """
    if passive_at(words, i):
        return True
    if not is_participle(words[i].lower()):
        return False
    for k in range(i - 2, max(-1, i - 6), -1):
        if words[k].lower() in CLAUSE_OPENERS:
            return False
        if words[k].lower() in BE_FORMS:
            return True
    return False
