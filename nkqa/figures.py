"""Figures: what a text says as a quantity, and what only looks like one.

Digits with their separators, number words, sums of money; "one" where a word makes it a
count or a span of time. Not a figure: a bare year, which dates a fact; a dotted triple,
which is a version; a list item's number. :mod:`nkqa.answer_type` reads a window's figures
for how-many and how-much questions, :mod:`nkqa.counting` what each one counts, and
:func:`nkqa.chunking.split_sentences` keeps a list's number with its item.
"""

from __future__ import annotations

import re

__all__ = [
    "CURRENCIES", "DIGITS", "LIST_NUMBER", "LIST_NUMBER_OPENS", "MONEY", "NUMBER_WORDS", "YEAR", "counted_one",
    "not_a_quantity",
]

NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred hundreds thousand thousands million millions billion billions trillion dozen dozens "
    "decade decades half quarter third".split()
)
"""Words that say a quantity ("five", "a dozen", "half"), lower-cased."""
DIGITS = re.compile(r"\d[\d,.]*\+?")
"""A figure: digits with their separators, and the "+" of "1400+" (at least that many)."""
CURRENCIES = r"dollars?|euros?|pounds?|yuan|yen|won|riels?|ringgits?|baht|dong|rupees?|rupiah|pesos?|kyat"
MONEY = re.compile(
    r"(?:\b(?:US|S|A|HK|NZ)\$|\$|\bUSD\s?|[€£¥₩])\s?\d[\d,.]*(?:\s*(?:million|billion|trillion|thousand|[mb]n?)\b)?"
    r"|\d[\d,.]*\s*(?:(?:million|billion|trillion|thousand)\s*)?(?:" + CURRENCIES + r")\b",
    re.IGNORECASE,
)
"""An amount of money: a currency sign or code before the figure, or a currency after it."""
YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})s?\b")
"""A year, perhaps a decade's ("1990s")."""
_ONE = re.compile(r"\b((?:exactly|only|just|precisely|at\s+(?:least|most))\s+)one\b", re.IGNORECASE)
_ONE_SPAN = re.compile(r"\bone(?=[\s-]+(?:year|month|week|day|hour|minute|second)s?\b)", re.IGNORECASE)
LIST_NUMBER = re.compile(r"\(?(?:\d{1,3}|[a-zA-Z]|[ivx]{1,4})[.)]")
"""A list item's number or letter: "4.", "(b)", "iii)"."""
LIST_NUMBER_OPENS = re.compile(r"(?:^|(?<=:))[^\S\n]*\(?\d{1,3}[.)](?=\s)")
"""A list item's number at a text's start or after a colon ("3. For the first week...",
"may: 1. make any..."): it counts nothing."""


def counted_one(text: str) -> str:
    """``text`` with "one" as a figure where a word makes it a count ("exactly one source",
    "at least one receiver") or a span of time ("for one year"); elsewhere it is mostly a
    pronoun ("one of the two women")."""
    return _ONE_SPAN.sub("1", _ONE.sub(r"\g<1>1", text)) if "one" in text.lower() else text


def not_a_quantity(number: str) -> bool:
    """A bare year ("in 1994") dates a fact and a dotted triple ("SQLite 3.23.1") is a version:
    neither is the count or amount a how-many or how-much question asks for. "1400+" is a
    count whatever its digits."""
    if number.endswith("+"):
        return False
    return bool(YEAR.fullmatch(number)) or number.count(".") >= 2
