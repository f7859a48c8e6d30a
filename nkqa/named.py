"""The names a question asks about, as a passage must say them, and the files a question names.

A name is **rare** (:func:`rare_stems`) when its stems are at least :data:`NAME_MIN_IDF`
rare in the index: a name found in many passages is the collection's topic, which passages
refer to in other ways. A stem is said by a term equal to it or, from four letters on, one
that starts the other (:func:`nkqa.attribute.mentions`), and a name fused with its version
("gplv3") by its parts ("GPL-3": :func:`versioned_mention`). A question **names a file**
(:func:`named_files`) when a rare name of it is a word of the file's path ("the Apache
License": ``Apache-2.0``), the initials of a run of its capitalised words are ("the
Mozilla Public License": ``MPL-2.0``), or a name and its number, a word or another of its
capitalised words the path fuses ("RFC 3533": ``rfc3533.txt``; "the AIP guide":
``aipguide4-2.pdf``, :func:`fused_mention`; "IEEE PES": ``ieeepes_doc.pdf``): it asks about
that file's content, whose passages :func:`named_first` re-ranks first. :func:`off_file`
tells the windows of other files that never say the name, which :mod:`nkqa.answer` quotes
last and the name test (:mod:`nkqa.checks`) refuses; :func:`named_file` and
:func:`unspelled_file` give the file it refuses for otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from nkqa.acronyms import spelled_out
from nkqa.answer_type import WORD
from nkqa.attribute import mentions
from nkqa.lexicon import is_lexicon_word
from nkqa.names import question_names
from nkqa.passage import Passage
from nkqa.windows import VERSIONED, Evidence, Window

__all__ = [
    "NAME_MIN_IDF", "NAMED_DEPTH", "files_naming", "fused_mention", "initialisms", "named_file", "named_files",
    "named_first", "off_file", "off_name", "rare_stems", "says", "unspelled_file", "versioned_mention",
]

NAME_MIN_IDF = 2.0
"""Names at least this rare must be mentioned by the answer's passage. With BM25's idf,
``log((N - df + 0.5) / (df + 0.5))``, 2.0 means a name in fewer than about 12% of passages,
whatever the size of the collection."""

NAMED_DEPTH = 30
"""How deep in the ranking the passages of the files a question names are looked for, to
come first (:func:`named_first`): three times the ten that are re-ranked."""


def named_file(index: Evidence, stems: list[str]) -> str | None:
    """The first file whose path says one of ``stems`` (an unmentioned name's: "apach" and
    ``Apache-2.0``), or None. The question then asks about that file's content ("How many
    days does the Apache License allow to cure a violation?"), and a passage whose
    surroundings never say the name is another file's, however little the name weighs."""
    named = files_naming(index, stems)
    return next(iter(named), None)


def files_naming(index: Evidence, stems: list[str]) -> dict[str, list[str]]:
    """Each file whose path says one of ``stems`` as a word of its own, with the stems it
    says (file order)."""
    if not stems:
        return {}
    named = {}
    for source, terms in index.file_terms.items():
        # The very word, not one it starts ("https" names no http.rst), or the word fused
        # with another of the question's or the lexicon's ("aipguide4-2.pdf", "ieeepes_doc").
        said = [
            t for t in stems
            if t in terms or versioned_mention(t, terms, exact=True) or fused_mention(t, terms, stems)
        ]
        if said:
            named[source] = said
    return named


def named_files(index: Evidence, question: str) -> dict[str, list[str]]:
    """The files ``question`` names by a rare name that is a word of their paths ("the Apache
    License": ``Apache-2.0``) or by the initials of a run of its capitalised words ("the
    Mozilla Public License": ``MPL-2.0``), each with the stems or initials it says."""
    stems = [t for name in question_names(question) for t in rare_stems(index, name)]
    # A name and its number said apart, as a file name fuses them ("RFC 3533": rfc3533.txt),
    # and so two capitalised words ("IEEE PES": ieeepes_doc.pdf).
    terms = index.tokenize(question)
    fused = [a + b for a, b in zip(terms, terms[1:]) if a.isalpha() and b.isdigit()]
    # Such a pair is said by a passage that says both words ("ieee pes", :func:`says`).
    words = WORD.findall(question)[1:]
    pairs = {
        t: " ".join(index.tokenize(f"{a} {b}"))
        for a, b in zip(words, words[1:])
        if a[0].isupper() and b[0].isupper()
        for t in index.tokenize(a + b)
    }
    named = files_naming(index, [*stems, *initialisms(question), *fused, *pairs])
    return {source: [pairs.get(t, t) for t in said] for source, said in named.items()}


def named_first(index: Evidence, passages: list[Passage], named: dict[str, list[str]]) -> list[Passage]:
    """``passages`` with those of the files a question names (:func:`named_files`) first,
    then those of other files that say the names, then the rest, which the name test
    refuses (:func:`named_file`); each part in its order."""
    if not named:
        return passages
    said = sorted({t for found in named.values() for t in found})

    def tier(passage: Passage) -> int:
        if any(c.source in named for c in passage.citations):
            return 0
        return 1 if _of_named(index, passage, named, said) else 2

    return sorted(passages, key=tier)  # stable: each tier keeps the ranking's order


def initialisms(question: str) -> dict[str, str]:
    """The initials, lower-cased, of each run of three or more capitalised words of
    ``question`` (its first word aside), with the run.

    >>> initialisms("How long is an offer valid under the GNU General Public License?")
    {'ggp': 'GNU General Public', 'ggpl': 'GNU General Public License', 'gpl': 'General Public License'}
    """
    words = WORD.findall(question)[1:]
    found: dict[str, str] = {}
    start = 0
    while start < len(words):
        end = start
        while end < len(words) and words[end][0].isupper():
            end += 1
        for i in range(start, end):
            for j in range(i + 3, end + 1):
                found["".join(w[0] for w in words[i:j]).lower()] = " ".join(words[i:j])
        start = end + 1
    return found


def unspelled_file(
    index: Evidence, question: str, best: Window, wider: Callable[[], str]
) -> tuple[str, str] | None:
    """(a file, the run of the question that names it by its initials: "Mozilla Public License"
    and ``MPL-2.0``) when ``best``'s passage is in no such file and its surroundings
    (``wider``) neither say the initials nor spell them out; None otherwise."""
    runs = initialisms(question)
    named = files_naming(index, list(runs))
    if not named or any(c.source in named for c in best.passage.citations):
        return None
    context = wider()
    terms = set(index.tokenize(context))
    for source, said in named.items():
        if not any(t in terms or spelled_out(t.upper(), context) for t in said):
            return source, runs[said[0]]
    return None


def off_file(index: Evidence, named: dict[str, list[str]]) -> Callable[[Window], bool] | None:
    """For a question that names files (:func:`named_files`), a test of the windows
    :func:`refusal` would refuse for it: of a passage in none of those files whose text never
    says the names; None when no file is named."""
    if not named:
        return None
    said = sorted({t for found in named.values() for t in found})

    def off(window: Window) -> bool:
        return not _of_named(index, window.passage, named, said)

    return off


def off_name(index: Evidence, question: str) -> Callable[[Window], bool] | None:
    """A test of the windows that leave out the place a question puts its fact in ("in" and a
    rare name) when their own passage says it elsewhere: "Which organization holds assets in
    trust for Debian *in Switzerland*?" is not answered by "organizations ... hold assets in
    trust for Debian" two sentences before "debian.ch (Switzerland ...)". None when the
    question has no such place. (Any rare name, not only a place, cost six right answers for
    two: a passage says its subject once and then "it", "the restaurant".)"""
    places = re.findall(r"\bin\s+((?:[A-Z][\w'-]*\s*)+)", question)
    stems = sorted({t for place in places for t in rare_stems(index, place)})
    if not stems:
        return None

    def off(window: Window) -> bool:
        passage = set(index.tokenize(window.passage.text))
        said = set(index.tokenize(window.text))
        return any(says(t, passage) and not says(t, said) for t in stems)

    return off


def _of_named(index: Evidence, passage: Passage, named: dict[str, list[str]], said: list[str]) -> bool:
    """Whether ``passage`` is in one of the ``named`` files or says one of their names."""
    if any(c.source in named for c in passage.citations):
        return True
    terms = set(index.tokenize(passage.text))
    return any(says(t, terms) or spelled_out(t.upper(), passage.text) for t in said)


def says(stem: str, terms: set[str]) -> bool:
    """Whether ``terms`` say ``stem``, itself (:func:`~nkqa.attribute.mentions`) or in parts
    (:func:`versioned_mention`); stems joined by a space ("ieee pes") each.

    >>> says("ieee pes", {"ieee", "transact"}), says("ieee pes", {"the", "ieee", "pes"})
    (False, True)
    """
    if " " in stem:
        return all(says(part, terms) for part in stem.split())
    return mentions(stem, terms) or versioned_mention(stem, terms)


def versioned_mention(stem: str, terms: Collection[str], *, exact: bool = False) -> bool:
    """Whether a name fused with its version ("gplv3", "python3") is said in parts, as a
    file name or a heading says it ("GPL-3", "Version 3 ... GPL"); ``exact``: each part as
    itself, not as the start of a longer word (:func:`~nkqa.attribute.mentions`)."""
    fused = VERSIONED.fullmatch(stem)
    return fused is not None and all(part in terms if exact else mentions(part, terms) for part in fused.groups())


def fused_mention(stem: str, terms: Collection[str], others: Collection[str] = ()) -> bool:
    """Whether a file name's word fuses ``stem`` with a word of the lexicon or one of
    ``others`` (the question's other names), a version number aside: "aipguide4" says "aip"
    (the AIP guide), "quarnplok" says "plok" beside "quarn". A part shorter than three letters
    fuses nothing ("pep8" is no "pe"). (Two capitalised words of the question fused, "IEEE
    PES" and ``ieeepes_doc.pdf``, are matched whole by :func:`named_files`.)

    >>> fused_mention("aip", {"aipguide4", "2"}), fused_mention("plok", {"quarnplok", "doc"}, ["quarn"])
    (True, True)
    >>> fused_mention("plok", {"quarnplok"}), fused_mention("guid", {"guidelines"})
    (False, False)
    """
    if len(stem) < 3 or not stem.isalpha():
        return False
    for term in terms:
        word = term.rstrip("0123456789")
        if len(word) <= len(stem) or not word.isalpha():
            continue
        rest = word[len(stem) :] if word.startswith(stem) else word[: -len(stem)] if word.endswith(stem) else ""
        if len(rest) >= 3 and (rest in others or is_lexicon_word(rest)):
            return True
    return False


def rare_stems(index: Evidence, name: str) -> set[str]:
    """The stems of ``name`` rarer than :data:`NAME_MIN_IDF`: the ones a passage must say."""
    return {t for t in index.tokenize(name) if index.idf_of(t) >= NAME_MIN_IDF}
