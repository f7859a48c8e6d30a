"""What a count in a sentence counts: the words after each figure or number word.

"How many rooms did the palace have?" is answered by "a 60-*room* palace", not by "five
North Korean soccer *players*": :func:`nkqa.attribute.count_binding` asks whether the
question's counted word stands among the words :func:`counted_numbers` gives each count.
Figures, number words, sums of money and releases are read as :mod:`nkqa.answer_type`
reads them for the answer type.
"""

from __future__ import annotations

import re

from nkqa.answer_type import WORD
from nkqa.figures import DIGITS, MONEY, NUMBER_WORDS, counted_one, not_a_quantity
from nkqa.chunking import split_sentences
from nkqa.releases import without_releases

__all__ = ["counted_numbers", "FOLLOWING"]

_QUANTITY = re.compile(r"\d[\d,.]*\+?(?:-[^\W\d_]+)?|[^\W\d_][\w'\u2019-]*")
FOLLOWING = 6
"""Words after a number that may name what it counts ("8,000 or more North Korean *laborers*")."""


def counted_numbers(text: str, question: str) -> list[tuple[list[str], str | None]]:
    """For each count in ``text`` the question does not quote (figures and number words,
    not years or sums of money), the words that may say what it counts: a hyphenated
    suffix ("60-*room*") and the :data:`FOLLOWING` words after it in its sentence,
    lower-cased ("only one style, for consistency. *A hookimpl*..." counts no hookimpls).

    Each group comes with the noun a hyphenated count describes ("a 60-room *palace*"),
    whose rooms they are, or None for a count that is no compound.

    Examples
    --------
    >>> counted_numbers("Use only one style. A hookimpl wraps calls.", "How many hooks?")
    [(['style'], None)]
    """
    text = counted_one(without_releases(MONEY.sub(" , ", text)))
    asked = {n.rstrip(",.") for n in DIGITS.findall(question)} | {w.lower() for w in WORD.findall(question)}
    out = []
    for start, end in split_sentences(text):
        out += _counted(text[start:end], asked)
    return out


def _counted(sentence: str, asked: set[str]) -> list[tuple[list[str], str | None]]:
    """:func:`counted_numbers` of one sentence, the question's figures and words ``asked``."""
    tokens = [t.rstrip(",.") for t in _QUANTITY.findall(sentence)]
    out = []
    for i, token in enumerate(tokens):
        number, _, suffix = token.partition("-") if token[0].isdigit() else (token, "", "")
        if token[0].isdigit():
            if not_a_quantity(number) or number in asked:
                continue
        elif token.lower() not in NUMBER_WORDS or token.lower() in asked:
            continue
        following = [t.lower() for t in tokens[i + 1 : i + 1 + FOLLOWING] if not t[0].isdigit()]
        owner = tokens[i + 1].lower() if suffix and i + 1 < len(tokens) and not tokens[i + 1][0].isdigit() else None
        out.append(([suffix.lower()] + following if suffix else following, owner))
    return out
