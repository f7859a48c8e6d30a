"""Numbers that name a release or a standard rather than count anything.

"marshmallow 3.x", "version 2.0", "sqlite-utils 4.0", "pre-1.0" and "ISO 8601" hold
figures, and none of them is the count, amount or date a question asks for; a
version question (:mod:`nkqa.answer_type`) asks for exactly them. The patterns are
short and specific to how release notes and documentation write versions, so they
are written here: a version parser (``packaging.version``) reads a string already
known to be a version, it does not find one in prose.
"""

from __future__ import annotations

import re

from nkqa.markup import VERSION_DIRECTIVES
from nkqa.lexicon import is_lexicon_word, opens_sentence

__all__ = [
    "DESIGNATION", "DOTTED", "RELEASE", "RELEASE_HEADING", "SERIES", "VERSION", "bare_release", "dotted_releases",
    "named_releases", "heading_release", "same_release", "section_release", "without_releases",
]

VERSION = re.compile(
    r"\b\d+\.\d+\.\d+\b|\b(?:" + "|".join(["versions?", "releases?", *sorted(VERSION_DIRECTIVES)]) + r")\s+"
    r"(?:(?:before|after|since|from|below|above|prior\s+to|up\s+to|(?:older|newer|earlier|later)\s+than)\s+)?v?\d+(?:\.\d+)+\b",
    re.IGNORECASE,
)
"""A release: a dotted triple ("0.95.0") or a dotted number after "version(s)", "release(s)"
(perhaps with a word that orders releases between: "versions before 1.1") or a version
directive's name ("version 2.0", "versionadded 8.2")."""
DESIGNATION = re.compile(r"\b[A-Z]{2,}[ -]?\d+\b")
"""A number named by the acronym before it: "ISO 8601", "RFC 822", "PEP 723"."""
SERIES = re.compile(r"\b\d+(?:\.\d+)*\.x\b")
"""A release series: "3.x", "2.0.x"."""
RELEASE = re.compile(r"(?<![\w.-])v?(\d+(?:\.\d+)*)(?![\w.]*\d)(?![^\W\d])")
"""A release number: digits and dots, perhaps after "v" ("3.10", "v2.1.0"); not the digits
that open a word ("0fd" in a hash)."""
_DOTTED_NUMBER = r"v?\d+(?:\.\d+)+(?![\w.]*\d)"
DOTTED = re.compile(r"(?<![\w.])" + _DOTTED_NUMBER)
"""A dotted release number, perhaps after "v": "1.0.0", "3.10", "v2.1" (not "2023-02-24")."""
_HEADING_START = r"^\W*(?:(?:version|release)\s+)?"
# A section's number ("4.2. Regenerate Key With natsort_keygen()", as Sphinx numbers a
# documentation's sections) is followed by a full stop and words; a release's is not.
_NOT_NUMBERED = r"(?!\.[^\S\n]+[^\W\d_])"
RELEASE_HEADING = re.compile(_HEADING_START + _DOTTED_NUMBER + _NOT_NUMBERED, re.IGNORECASE)
"""A heading that opens with a dotted release number, as changelogs head their entries:
"[1.0.0] - 2023-02-24", "1.0.0 (2021-02-20)", "Version 2.1", "v0.21.0"; not a numbered
section's "4.2. Regenerate Key..."."""
_NAMED_RELEASE = re.compile(r"\b(?:pre|post)-v?\d+(?:\.\d+)*\b|([^\W\d_][\w.-]*)[^\S\n]+v?\d+(?:\.\d+)+\b(?!\s*%)")
"""A dotted number after a word, or after "pre-"/"post-": a release when the word is a name."""


_MAY_NAME = re.compile(r"\d\.\d|(?:pre|post)-")
"""What every release :data:`_NAMED_RELEASE` finds holds: a dotted number or "pre-"/"post-"."""


def named_releases(text: str) -> str:
    """``text`` without the releases it names: a dotted number right after a product's name
    ("sqlite-utils 4.0", "Python 3.10": a word no lexicon holds, or a capitalised one that does
    not open a sentence) and "pre-1.0" or "post-2.0".

    Examples
    --------
    >>> named_releases("Before sqlite-utils 4.0 it took about 2.5 hours.")
    'Before sqlite-utils it took about 2.5 hours.'
    """

    if not _MAY_NAME.search(text):  # most sentences have no dotted number: skip the scan
        return text

    def cut(match: re.Match[str]) -> str:
        word = match.group(1)
        if word is None:
            return " "
        return word if _names_product(text, word, match.start()) else match.group(0)

    return _NAMED_RELEASE.sub(cut, text)


def _names_product(text: str, word: str, at: int) -> bool:
    """Whether ``word``, at offset ``at`` of ``text``, can name a product whose release a
    number after it gives: a word no lexicon holds ("sqlite-utils"), or a capitalised one
    that does not open a sentence ("Python")."""
    return not is_lexicon_word(word) or (word[0].isupper() and not opens_sentence(text, at))


def without_releases(text: str) -> str:
    """``text`` with every release, series and designation blanked: what is left of its
    figures may count or measure something."""
    return DESIGNATION.sub(" ", VERSION.sub(" ", SERIES.sub(" ", named_releases(text))))


_BEFORE_BARE = re.compile(r"(?:\b(?:versions?|releases?)|([^\W\d_][\w.-]*))[^\S\n]+$", re.IGNORECASE)


def bare_release(text: str, match: re.Match[str]) -> bool:
    """Whether :data:`RELEASE`'s ``match`` in ``text``, a number without a dot, names a
    release: after "v" ("v2"), after "version" or "release" ("version 8"), or after a
    product's name as :func:`named_releases` reads one ("Python 3"). A number alone counts
    ("a snippet has 10 lines", "line `10`").

    Examples
    --------
    >>> [bare_release(t, RELEASE.search(t, 4)) for t in ("Use v2 now", "Use Python 3", "Use 10 lines")]
    [True, True, False]
    """
    if match.group(0).startswith("v"):
        return True
    before = _BEFORE_BARE.search(text, 0, match.start())
    if before is None:
        return False
    word = before.group(1)
    return word is None or _names_product(text, word, before.start())


def dotted_releases(text: str) -> list[str]:
    """The dotted release numbers of ``text`` (:data:`DOTTED`), without a leading "v".

    Examples
    --------
    >>> dotted_releases("Since v2.1, and in 0.25.0 (not 2023-02-24)")
    ['2.1', '0.25.0']
    """
    return [release.lstrip("v") for release in DOTTED.findall(text)]


def same_release(one: str, other: str) -> bool:
    """Whether two releases agree: one a prefix of the other, "x" standing for any part.

    Examples
    --------
    >>> same_release("1.0", "1.0.0"), same_release("3.x", "3.26"), same_release("1.2.0", "1.0.0")
    (True, True, False)
    """
    return all(a == b or "x" in (a, b) for a, b in zip(one.split("."), other.split(".")))


_HEADED = re.compile(
    _HEADING_START + r"v?(\d+(?:\.\d+)+(?:[-.]?(?:a|b|c|rc|alpha|beta|dev|post)\d*)?)(?![\w.]*\d)" + _NOT_NUMBERED,
    re.IGNORECASE,
)
"""A release heading's number, a pre-release's too ("1.0.0rc1 (February 23, 2026)")."""


def heading_release(heading: str) -> str | None:
    """The release a heading opens with, as changelogs head their entries, perhaps a
    pre-release; None when it opens with none.

    Examples
    --------
    >>> heading_release("1.0.0rc1 (February 23, 2026)"), heading_release("[v1.2] - 2023-02-24")
    ('1.0.0rc1', '1.2')
    >>> heading_release("Python 3.8 support") is None
    True
    >>> heading_release("4.2. Regenerate Key With natsort_keygen() After Changing Locale") is None
    True
    """
    match = _HEADED.match(heading)
    return match.group(1) if match else None


def section_release(section: str | None) -> str | None:
    """The release of the nearest heading in a section path (" › "-separated) that a release
    titles (:func:`heading_release`), as a changelog's entries stand under their release's
    heading, perhaps with "Added" or "Fixed" between: "Changelog › 0.25.0 (11th September,
    2023) › Removed" is of 0.25.0. None when no heading of the path is a release's.

    Examples
    --------
    >>> section_release("Changelog › 0.25.0 (11th September, 2023) › Removed")
    '0.25.0'
    >>> section_release("Usage › Python 3.8") is None
    True
    """
    for part in reversed(section.split(" › ") if section else []):
        release = heading_release(part)
        if release is not None:
            return release
    return None
