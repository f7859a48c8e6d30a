"""Words that bound or order what a question asks for, and the ranges that say them.

"What is the largest image...?" asks for an image: "largest" bounds it, and is an attribute
word the quoted window must say (:func:`nkqa.attribute.answer_category` skips
:data:`BOUNDS`). Documentation says a bound by the range it states: "Werkzeug supports
Python 3.9 *and newer*" gives the oldest Python it runs on, "*up to* 10 parts" the most
(:func:`ranged_bounds`).
"""

from __future__ import annotations

import re

__all__ = ["BOUNDS", "ranged_bounds"]

BOUNDS = frozenset(
    "smallest largest biggest highest lowest greatest least most fewest maximum minimum max min "
    "oldest newest latest earliest longest shortest first last best worst".split()
)
"""Words that bound or order the asked-for thing ("the *largest* image", "the *first* step"):
an attribute the answer must say, not its kind."""
_LOWER = frozenset("oldest earliest lowest minimum min least".split())
_UPPER = frozenset("newest latest highest maximum max most".split())
_FROM = re.compile(
    r"\b(?:and|or)\s+(?:newer|later|higher|above|up|greater|more)\b|\bat\s+least\b|>=|\bonwards?\b|(?<=\d)\+(?!\w)",
    re.IGNORECASE,
)
"""A range open upwards: "3.9 and newer", "2.0 or later", "at least 2", ">=1.0", "3.8+"."""
_UNTIL = re.compile(
    r"\b(?:and|or)\s+(?:older|earlier|lower|below|less|fewer)\b|\bat\s+most\b|\bup\s+to\b|<=", re.IGNORECASE
)
"""A range closed above: "2.7 and older", "at most 5", "up to 10"."""


def ranged_bounds(window: str) -> frozenset[str]:
    """The bound words ``window`` says by the range it states: a range open upwards starts
    at the oldest, earliest, lowest, minimum; one closed above ends at the newest, latest,
    highest, maximum.

    Examples
    --------
    >>> sorted(ranged_bounds("Werkzeug supports Python 3.9 and newer."))
    ['earliest', 'least', 'lowest', 'min', 'minimum', 'oldest']
    >>> ranged_bounds("Werkzeug supports Python 3.9.")
    frozenset()
    >>> "least" in ranged_bounds("HTTPX requires Python 3.8+."), "least" in ranged_bounds("C++ and 1+1")
    (True, False)
    """
    said: frozenset[str] = frozenset()
    if _FROM.search(window):
        said |= _LOWER
    if _UNTIL.search(window):
        said |= _UPPER
    return said
