"""What only a page's layout shows in PDF text: running heads, numbered headings, short lines.

A PDF's text layer (:mod:`nkqa.formats`) is its lines as the pages lay them out, with no
markup and no blank lines between paragraphs:

* **Running heads and feet** ("User Guide" / "Chapter 2 Graphics and Text with pdfgen" /
  "Page 12") are lines, or a line's parts between tabs (:mod:`nkqa.pdf`), that recur, digits
  aside, among the first or last :data:`RUNNING_BAND` lines of at least :data:`RUNNING_PAGES`
  pages: page furniture, no passage's text (:class:`PageLines` skips them, and
  :class:`nkqa.markdown.Lines` in plain text paginated with form feeds, as RFCs are).
* **Numbered headings** ("2.3 Drawing Operations", "A.1 Odyssey", "Chapter 5 PLATYPUS") are
  lines of at most :data:`HEADING_WORDS` words after a dotted section number, or after
  "Chapter", "Appendix" or "Part" and its number (with a full stop or not), that do not
  end in a comma, colon or semicolon: they name the section of what follows
  (:class:`PageLines`), as a markdown heading does (:class:`nkqa.markdown.Lines`; plain
  text's are read there, :func:`numbered_heading`). One that is a heading in force already is
  furniture: a chapter's title at the foot of its pages, however few, opens the chapter
  only where it is new. A number alone ("1 Introduction") is not taken: a table row or a
  list starts so too.
* **Short lines** end sentences (:func:`short_line_breaks`). Joined with the prose that
  follows, a caption, a table cell, a line of code or a label without a full stop would
  open the next sentence ("Overview of Interactive Forms The PDF standard allows..."). Prose
  fills the line to the right margin and wraps; these stop short. A line break ends a
  sentence when the line before it is shorter than :data:`SHORT_LINE` of the text width
  (:func:`text_width`: where the document's prose wraps; a page of tables or lists never
  reaches it), does not end in a comma, colon, semicolon, "and" or "or", which carry
  a sentence on (as :mod:`nkqa.windows` reads list items), and is followed by a line that
  does not start in lower case (a sentence that a long word or a font change wrapped early
  goes on in lower case). The last line of a paragraph is short too, and ends its sentence
  anyway.
"""


from __future__ import annotations

import functools
import re
from collections import Counter

from nkqa.cleaning import clean
from nkqa.formats import PAGE_BREAK
from nkqa.lexicon import abbreviation_runs_on

__all__ = [
    "PageLines", "RUNNING_BAND", "RUNNING_PAGES", "SHORT_LINE", "WIDTH_QUANTILE", "is_running", "numbered_heading",
    "running_lines", "short_line_breaks", "text_width",
]

RUNNING_BAND = 3
"""How many lines at the top and at the bottom of a page a running head or foot may take."""
RUNNING_PAGES = 3
"""On how many pages at least a line must recur in that band to be one: a chapter's title at the
foot of its pages recurs on few of a long manual's."""
WIDTH_QUANTILE = 0.95
"""The share of a PDF's lines no longer than its text width (the longest few are code or URLs)."""
HEADING_WORDS = 12
"""A numbered heading has at most this many words after its number."""

_NUMBERED = re.compile(
    r"[^\S\n]*(?:(?P<dotted>(?:\d{1,3}|[A-Z])(?:\.\d{1,3})+)\.?|(?:Chapter|Appendix|Part)[^\S\n]+(?:\d{1,3}|[A-Z]|[IVX]+)\.?"
    r"|(?P<bare>\d{1,3}|[A-Z])\.)"
    rf"[^\S\n]+(?P<title>[A-Z\"']\S*(?:[^\S\n]+\S+){{0,{HEADING_WORDS - 1}}})[^\S\n]*\r?\n?"
)
# A heading may end in a full stop or a question mark ("1.4 What is Python?"), not in what
# carries a sentence on.
_CLOSING = re.compile(r"[:;,][^\S\n]*\r?\n?$")
_DIGITS = re.compile(r"\d+")

SHORT_LINE = 0.6
"""A line shorter than this share of the text width ends where it stops. On the
ReportLab user guide's 134 pages, the lines between 0.4 and 0.6 of their page's widest line
that end without punctuation before a line not in lower case were read through: headings,
captions, list items, URLs and code; wrapped prose narrowed by a long word or a monospaced
name stays above 0.6."""

_CARRIES_ON = re.compile(r"(?:[,;:]|\band|\bor)[^\S\n]*$")


class PageLines:
    """The state of one PDF's text read top to bottom: the interface of
    :class:`nkqa.markdown.Lines` (``kind`` of each line, ``section`` in force) for the
    running heads and numbered headings of the module docstring.

    Examples
    --------
    >>> pages = [f"{head}\\n{body} goes on\\nuntil {body} ends.\\nUser Guide\\nPage {n}\\n"
    ...          for n, head, body in [(1, "2.1 Lines", "Text"), (2, "2.2 Paths", "More"), (3, "3 Arcs", "End")]]
    >>> lines = PageLines("\\f\\n".join(pages))
    >>> [lines.kind(line) for line in pages[0].splitlines(keepends=True)]
    ['heading', 'text', 'text', 'skip', 'skip']
    >>> lines.section
    '2.1 Lines'
    """

    def __init__(self, text: str) -> None:
        self._running = running_lines(text)
        self._levels: list[tuple[int, str]] = []

    @property
    def section(self) -> str | None:
        """The headings in force, outermost first, joined by `` › ``."""
        return " › ".join(text for _, text in self._levels) or None

    def kind(self, line: str, following: str = "") -> str:
        """What ``line`` is: ``"skip"`` (a running head or foot), ``"heading"`` or ``"text"``."""
        running = is_running(line, self._running)
        heading = numbered_heading(line)
        if heading is not None:
            level = heading[0]
            # A chapter's title that runs at the foot of its pages opens the chapter where
            # it is new, and is furniture where it is the chapter in force.
            if (level, clean(line)) in self._levels:
                return "skip"
            self._levels = [h for h in self._levels if h[0] < level] + [(level, clean(line))]
            return "heading"
        return "skip" if running else "text"


def numbered_heading(line: str, *, bare: bool = False) -> tuple[int, str] | None:
    """The level and title of ``line`` as a numbered heading (module docstring), or None
    when it is none: level 1 for a chapter, an appendix or a part, one more than its dots
    for a dotted number. ``bare`` also takes a lone number or capital and a full stop
    ("2. Leadership", "A. Rules", level 1), which a line of a list opens with too: only
    where the line is a paragraph of its own (:class:`nkqa.markdown.Lines`, plain text).

    Examples
    --------
    >>> [numbered_heading(line)[0] for line in ["4.13.1. July 2000: Server moved", "Chapter 4. History", "A.1 Odyssey"]]
    [3, 1, 2]
    >>> numbered_heading("2. Leadership"), numbered_heading("2. Leadership", bare=True), numbered_heading("2.1 See below:")
    (None, (1, 'Leadership'), None)
    """
    heading = _NUMBERED.fullmatch(line)
    if heading is None or _CLOSING.search(line) or heading.group("bare") and not bare:
        return None
    dotted = heading.group("dotted")
    return (dotted.count(".") + 1 if dotted else 1), heading.group("title")


def is_running(line: str, running: frozenset[str]) -> bool:
    """Whether ``line``, or a part of it between tabs, is one of the ``running`` heads or
    feet (:func:`running_lines`)."""
    return any(_DIGITS.sub("#", part.strip()) in running for part in (line, *_parts(line)))


def _parts(line: str) -> list[str]:
    # A PDF's head and foot keep the gap between a running head's parts as a tab
    # (nkqa.pdf): "User Guide" recurs on every page, the chapter's title beside it on few.
    return [part for part in line.split("\t") if part.strip()] if "\t" in line else []


def running_lines(text: str) -> frozenset[str]:
    """The lines (digits as ``#``) that recur among the first or last :data:`RUNNING_BAND`
    lines of enough pages (split at :data:`~nkqa.formats.PAGE_BREAK`) to be running heads or
    feet: a PDF's text layer, or plain text paginated with form feeds (an RFC's "RFC 3533
    OGG May 2003" and "Pfeiffer Informational [Page 2]"); a band line's parts between tabs
    each count."""
    pages = text.split(PAGE_BREAK)
    seen: Counter[str] = Counter()
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        band = lines[:RUNNING_BAND] + lines[-RUNNING_BAND:]
        seen.update({_DIGITS.sub("#", part.strip()) for line in band for part in (line, *_parts(line))})
    return frozenset(line for line, count in seen.items() if count >= RUNNING_PAGES)


@functools.lru_cache(maxsize=64)
def text_width(text: str) -> int:
    """The text width of a PDF's text: the length that :data:`WIDTH_QUANTILE` of its non-blank
    lines do not pass, where prose wraps at the right margin. Not a page's longest line: a
    page of tables or lists never reaches the margin. (A string's hash is kept once computed,
    so the cache costs a lookup per call.)"""
    lengths = sorted(len(line.rstrip()) for line in text.split("\n") if line.strip())
    return lengths[int(WIDTH_QUANTILE * (len(lengths) - 1))] if lengths else 0


def short_line_breaks(raw: str, width: int | None = None) -> list[int]:
    """Offsets in ``raw`` of the line breaks that end a sentence because the line before
    stops short (module docstring) of ``width`` (:func:`text_width`; by default the
    longest line of ``raw``).

    Examples
    --------
    >>> raw = ("4.7 Interactive Forms\\nThe PDF standard allows for various kinds of\\n"
    ...        "interactive elements, and the toolkit supports a few.")
    >>> [raw[:i] for i in short_line_breaks(raw)]
    ['4.7 Interactive Forms']
    """
    lines = raw.split("\n")
    if width is None:
        width = max((len(line.rstrip()) for line in lines), default=0)
    breaks, offset = [], 0
    for line, following in zip(lines, lines[1:]):
        offset += len(line)
        text = line.rstrip()
        if (
            text.strip()
            and len(text) < SHORT_LINE * width
            and not _CARRIES_ON.search(text)
            and not following.lstrip()[:1].islower()
            # "...for Chaos or J." and "Math. Phys.": an abbreviation ends no sentence.
            and not abbreviation_runs_on(text, following)
        ):
            breaks.append(offset)
        offset += 1
    return breaks
