"""The BM25 tokenizer.

Steps: :func:`nkqa.cleaning.normalize` (NFKC, straight quotes, lower case), drop
the possessive ``'s``, then take tokens of two kinds:

* numbers with their inner separators and a percent sign kept whole:
  ``1.88``, ``60.8%``, ``2,000`` (so "2,000" does not match "2" or "000");
* runs of letters and digits (``120m``, ``pyongyang``); hyphens and other
  punctuation split words (``jae-in`` gives ``jae`` and ``in``).

Tokens are then reduced to their Snowball (Porter 2) English stem with
``PyStemmer`` ("coaches" and "coach" both give ``coach``), unless ``stem=False``;
numbers are left as they are. Stop words are dropped when a stop list is given. The default,
:data:`STOPWORDS`, is Lucene's English stop set plus question words; the dev-set
comparison that chose it is in the README.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection

from nkqa.cleaning import normalize

__all__ = ["tokenize", "remembering_tokenizer", "STOPWORDS", "LUCENE_STOPWORDS"]

LUCENE_STOPWORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the "
    "their then there these they this to was will with".split()
)
"""Lucene's ``EnglishAnalyzer`` default stop set (33 words)."""

STOPWORDS = LUCENE_STOPWORDS | frozenset(
    "what which who whom whose when where why how did does do has have had were "
    "from its his her he she s".split()
)
"""Default stop list: Lucene's set plus question words and auxiliaries."""

_TOKEN = re.compile(r"\d+(?:[.,]\d+)+%?|\d+%|[^\W_]+")
_POSSESSIVE = re.compile(r"'s\b")


def tokenize(text: str, stopwords: Collection[str] = STOPWORDS, *, stem: bool = True) -> list[str]:
    """Split ``text`` into BM25 tokens.

    Examples
    --------
    >>> tokenize("Cambodia's trade: US$1.88 million, 60.8% and 2,000 workers in 120m")
    ['cambodia', 'trade', 'us', '1.88', 'million', '60.8%', '2,000', 'worker', '120m']
    >>> tokenize("Who coaches the club?", stem=False)
    ['coaches', 'club']
    """
    tokens = _TOKEN.findall(_POSSESSIVE.sub("", normalize(text)))
    if stopwords:
        tokens = [t for t in tokens if t not in stopwords]
    if stem:
        tokens = _stemmer().stemWords(tokens)
    return tokens


def remembering_tokenizer(stopwords: Collection[str], stem: bool, size: int) -> Callable[[str], list[str]]:
    """:func:`tokenize` with these settings, remembering the tokens of the last ``size``
    texts: answering tokenizes the sentences of the same top passages and the same words
    for question after question (about a fifth of a fresh ``ask`` on the bundled corpus)."""

    @functools.lru_cache(maxsize=size)
    def remembered(text: str) -> tuple[str, ...]:
        return tuple(tokenize(text, stopwords, stem=stem))

    # A new list each time: callers may change theirs.
    return lambda text: list(remembered(text))


@functools.cache
def _stemmer():  # noqa: ANN202 - PyStemmer has no type hints
    import Stemmer

    return Stemmer.Stemmer("english")
