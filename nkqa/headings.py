"""The release heading a changelog entry stands under, quoted with the entry.

A changelog dates its entries by the heading above them and never repeats it in the entry::

    ## 0.25.0 (11th September, 2023)

    ### Removed

    * Drop support for Python 3.7. (#2813)

A question that asks for the release or its date ("Which release dropped support for Python
3.7?") is answered by the heading and the entry together. :func:`heading_span` finds the
release heading that a window's passage stands under (:func:`nkqa.releases.section_release`)
on the last release-heading line of the file before the window, when the window opens at most
:data:`HEADING_REACH` cleaned characters below it; :func:`heading_quote` quotes the file from
that line through the window, so the quote stays verbatim (cleaning the cited span gives it,
as for every answer) and is the entry's, not a list of its neighbours.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from nkqa.answer_type import AnswerType, carries
from nkqa.cleaning import clean
from nkqa.conflict import version_conflict
from nkqa.names import question_names
from nkqa.ownership import section_release_conflict
from nkqa.passage import Citation, Passage
from nkqa.releases import dotted_releases, heading_release, same_release, section_release
from nkqa.windows import Evidence, Window, cite

__all__ = ["HEADING_REACH", "heading_quote", "heading_span", "heading_test", "off_release"]

HEADING_REACH = 160
"""Most cleaned characters between a release's heading and the window quoted with it: a
sub-heading ("Removed", "Bug fixes") and an entry or two, not the release's whole list."""
_HEADING_LINE = re.compile(
    r"^[^\w\n]*(?:(?:version|release)[^\S\n]+)?v?\d+(?:\.\d+)+.*$", re.IGNORECASE | re.MULTILINE
)
"""A line that may head a release (cleaned, :func:`~nkqa.releases.heading_release` must find one)."""
_RELEASED = re.compile(r"\b(?:released|published|launched|shipped|came\s+out)\b", re.IGNORECASE)
_OWNED_VERSION = re.compile(r"\b(?i:which|what)\s+[A-Z][\w.+-]*\s+(?:versions?|releases?)\b")


def _asks_entry(kind: AnswerType, question: str, heading: str) -> bool:
    """Whether ``question`` asks for the release or the date of a change a changelog lists
    under ``heading`` (a release): not for a date something else was released ("When was
    *the plugin* released?": an entry that mentions it is dated by this project's release)
    unless it is the heading's release, nor another product's version ("Which *SQLite*
    version...", "Which *Python* version...")."""
    if kind is AnswerType.DATE:
        return not _RELEASED.search(question) or any(same_release(r, heading) for r in dotted_releases(question))
    return kind is AnswerType.VERSION and not _OWNED_VERSION.search(question)


@functools.lru_cache(maxsize=64)
def _heading_lines(text: str) -> tuple[tuple[int, int, str], ...]:
    # A file's release headings, found once: the same changelog is asked again and again.
    found = []
    for match in _HEADING_LINE.finditer(text):
        release = heading_release(clean(match.group()))
        if release is not None:
            found.append((match.start(), match.end(), release))
    return tuple(found)


def heading_span(index: Evidence, passage: Passage, start: int, end: int) -> tuple[int, Citation] | None:
    """(raw offset of the release heading's line, the citation of ``passage.text[start:end]``)
    when the passage stands under a release's heading whose line is the last release heading
    of the file before that span (in the passage or above it), at most :data:`HEADING_REACH`
    cleaned characters above the span; None otherwise (no release in the section path, the
    file changed, the heading too far up)."""
    release = section_release(passage.section)
    return None if release is None else _span(index, passage, start, end, release)


def _span(index: Evidence, passage: Passage, start: int, end: int, release: str) -> tuple[int, Citation] | None:
    # heading_span, the passage's section release (a changelog's entries are many) given.
    citation = cite(index, Window(passage, start, end, 0.0, 0.0, False, 0.0))
    if citation.stale or not citation.verbatim or citation is passage.citation:
        return None
    text = index.document(citation.source).text
    before = [h for h in _heading_lines(text) if h[1] <= citation.start_char]
    if not before or not same_release(release, before[-1][2]):
        return None
    line_start, line_end, _ = before[-1]
    # Markup and blank lines shrink in cleaning; past a few times the reach no entry is near.
    between = text[line_end : citation.start_char]
    if len(between) > 8 * HEADING_REACH or len(clean(between)) > HEADING_REACH:
        return None
    return line_start, citation


def _heading(index: Evidence, citation: Citation, line_start: int) -> str:
    text = index.document(citation.source).text
    line_end = text.find("\n", line_start)
    return clean(text[line_start : line_end if line_end >= 0 else len(text)])


def _entry_heading(
    index: Evidence, kind: AnswerType, question: str, names: list[str], passage: Passage, start: int, end: int
) -> tuple[int, Citation, str] | None:
    """(:func:`heading_span` of ``passage.text[start:end]``, the heading's release) when
    ``question`` asks for the release or date of a change a changelog lists
    (:func:`_asks_entry`), the span says every one of the question's ``names`` (the heading
    dates the change the entry names: "When was *Starlette* created?" is not answered by an
    entry "Create ``anyio.Event``...") and the heading carries the asked-for kind; None
    otherwise."""
    release = section_release(passage.section)
    if release is None or not _asks_entry(kind, question, release):
        return None
    said = set(index.tokenize(passage.text[start:end]))
    if any(not set(index.tokenize(name)) <= said for name in names):
        return None
    found = _span(index, passage, start, end, release)
    if found is None or not carries(kind, _heading(index, found[1], found[0]), question):
        return None
    return *found, release


def heading_test(
    index: Evidence, kind: AnswerType | None, question: str
) -> Callable[[Passage, int, int], bool] | None:
    """The test whether the release heading above ``passage.text[start:end]``
    (:func:`heading_span`) carries the release or date ``question`` asks for (``kind``,
    :func:`_entry_heading`), for :func:`nkqa.windows.candidates`; None when the question asks
    for neither, so that no window is tested."""
    if kind not in (AnswerType.DATE, AnswerType.VERSION):
        return None
    names = question_names(question)  # once per question, not per window
    return lambda passage, start, end: _entry_heading(index, kind, question, names, passage, start, end) is not None


def heading_quote(
    index: Evidence, window: Window, kind: AnswerType | None, question: str
) -> tuple[str, Citation] | None:
    """(the quote, its citation) from the release heading above ``window`` through the
    window, when ``question`` asks for a release or a date (``kind``), the heading carries it
    (:func:`_entry_heading`) and the window gives no date of its own (for a date) or does not
    say the heading's release (for a release); None otherwise.

    The quote is the file's text from the heading's line to the window's end, cleaned, so
    ``clean(file[citation.start_char:citation.end_char]) == quote``, as for every answer.
    """
    # A window with a date of its own is quoted alone; one with a release is, unless that is
    # not the heading's ("boltons is now Python 3 only. 3.7+ for now." under "24.0.0").
    if kind is None or kind is AnswerType.DATE and carries(kind, window.text, question):
        return None
    found = _entry_heading(
        index, kind, question, question_names(question), window.passage, window.start, window.end
    )
    if found is None:
        return None
    line_start, citation, heading = found
    if kind is AnswerType.VERSION and any(same_release(heading, r) for r in dotted_releases(window.text)):
        return None
    document = index.document(citation.source)
    return clean(document.text[line_start : citation.end_char]), document.citation(line_start, citation.end_char)


def off_release(kind: AnswerType | None, question: str) -> Callable[[Window], bool] | None:
    """A test of whether a window cannot answer for the release a date question (``kind``,
    :func:`~nkqa.answer_type.answer_type`) names ("When was bidict *0.22.1* released?"): it
    names only other releases, or stands under another
    release's heading, or under none and says no release ("For bidict release notes, see the
    changelog."), the checks that refuse such a window as the answer
    (:func:`~nkqa.conflict.version_conflict`,
    :func:`~nkqa.ownership.section_release_conflict`); None for a question that asks no date
    or names no release.
    The answer demotes such windows below every other, so the release's own heading or entry
    is quoted when one was retrieved, and the refusal stands when none was.
    """
    # A date question only: the release's heading is then the answer itself ("0.22.1
    # (2022-12-31)"), however few of the question's words it says; any other fact must come
    # from an entry that says the question's words.
    if kind is not AnswerType.DATE or not dotted_releases(question):
        return None

    def off(window: Window) -> bool:
        text = window.text
        return (
            version_conflict(question, text) is not None
            or section_release_conflict(question, text, window.passage.section) is not None
        )

    return off
