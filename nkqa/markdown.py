"""Markdown structure, line by line: headings, front matter, comments, code and tables.

:class:`Lines` tells :func:`nkqa.loading.split_paragraphs` what each line of a file is:

* ``heading``: ``#`` to ``######`` (in ``.md``, ``.txt`` and plain text of no type): it names the section of
  what follows and is never a passage itself; :attr:`Lines.section` is the path. So does
  a line of its own underlined with ``===`` (level 1) or ``---`` (level 2), a setext
  heading, whose underline is ``skip``; and in plain text (``.txt`` or no type, not ``.md.txt``), a
  numbered heading that is a paragraph of its own ("Chapter 4. A Detailed History",
  "4.13.1. July 2000: ...", "2. Leadership": :func:`nkqa.layout.numbered_heading`), as
  plain text writes its headings. Left in the text, a heading is quoted for the question
  it echoes ("July 2000: Joel Klecker died" for how old he was);
* ``skip``: YAML front matter at the top (between ``---`` lines) and HTML comments
  (``<!-- ... -->``), which are not content, and the fence lines around code; the marker
  lines of MkDocs containers, whose content is prose (admonitions ``!!! note "Title"`` and
  ``??? tip``, content tabs ``=== "Python 3.10+"``, PyMdown blocks ``/// warning | Title``
  and their closing ``///``); a line that is only a template tag or include (``{% ... %}``,
  ``{{ ... }}``, ``{* ... *}``, PyMdown's ``--8<-- "file"``), which says nothing itself;
  in plain text, a numbered line whose title a numbered heading of the file has (a table of
  contents' entry: "1.2. Pronouncing Debian", "A. The Debian Manifesto"), which only
  repeats the heading;
  a link reference definition (``[#700]: https://github.com/...``), which CommonMark
  renders as nothing (a changelog's list of them is mostly addresses that repeat the
  project's name, and outranked its entries);
* ``code``: the lines inside a fenced block (````` ``` ````` or ``~~~``, indented or not:
  a fence inside a list item, an admonition or a tab is indented with it). The fence of a
  MyST admonition or version directive (````` ```{note} `````, ``warning``, ``tip``,
  ``seealso``, ``versionadded``...: :data:`_PROSE_DIRECTIVES`) holds prose: its content is
  ``text`` (its leading ``:option: value`` lines ``skip``), and for the
  version directives (``versionadded``, ``versionchanged``, ``deprecated``,
  ``versionremoved``) so is the fence line, whose version is the fact they state
  (cleaning drops its backticks and braces);
* ``table``: a line of a pipe table (starting with ``|``);
* ``text``: anything else.

Code blocks and tables become passages of their own, never packed with prose.
Structure beyond headings is read in markdown files only (``.md``, ``.markdown``) and in
the markdown nkqa extracts from HTML (``markdown=True``).
"""

from __future__ import annotations

import re

from nkqa.cleaning import clean
from nkqa.formats import PAGE_BREAK, untyped
from nkqa.layout import is_running, numbered_heading, running_lines
from nkqa.markup import VERSION_DIRECTIVES

__all__ = ["Lines", "HEADINGS", "STRUCTURED"]

HEADINGS = (".md", ".markdown", ".txt")
"""Files whose ``#`` lines are headings (the bundled corpus's text files use them)."""
STRUCTURED = (".md", ".markdown", ".md.txt")
"""Files whose front matter, comments, fences and tables are read as such (``.md.txt``: the
markdown sources Sphinx copies beside built HTML pages)."""

# A closing run of "#", or the permalink sign Sphinx themes put after a heading ("¶", "#"),
# is no part of the heading's text.
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*[#\u00b6]*[ \t]*\r?\n?$")
# A setext heading's underline: three or more "=" or "-" and nothing else.
_UNDERLINE = re.compile(r"^ {0,3}(?:={3,}|-{3,})[ \t]*\r?\n?$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_DIRECTIVE = re.compile(r"[ \t]*\{([\w:-]+)\}")
_PROSE_DIRECTIVES = VERSION_DIRECTIVES | frozenset(
    "note warning tip hint important caution attention danger error seealso admonition topic sidebar dropdown glossary".split()
)
_OPTION = re.compile(r"^[ \t]*:[\w-]+:")
# MkDocs container markers (admonitions, collapsible admonitions, content tabs, PyMdown
# blocks) and lines that are only a template tag or an include.
_CONTAINER = re.compile(r"^[ \t]*(?:(?:!!!|\?\?\?\+?)[ \t]+\w|===[ \t]+\"|///(?:[ \t]+[\w-]|[ \t]*$))")
# CommonMark's link reference definition, on one line: [label]: destination "title".
_DEFINITION = re.compile(r"^ {0,3}\[(?:[^\[\]\\\n]|\\.)+\]:[ \t]*(?:<[^>\n]*>|\S+)(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*\r?\n?$")
_TEMPLATE = re.compile(r"^[ \t]*(?:\{%.*%\}|\{\{.*\}\}|\{\*.*\*\}|-{2,}8<-{2,}.*)[ \t]*\r?\n?$")


class Lines:
    """The state of one file read top to bottom (see the module docstring)."""

    def __init__(self, source: str, *, markdown: bool = False, text: str = "") -> None:
        name = source.lower()
        self._markdown = markdown  # extracted: an <hr> after a paragraph is no underline
        text_file = name.endswith(".txt") or untyped(name)
        self._headings = markdown or text_file or name.endswith(HEADINGS)
        self._structured = markdown or name.endswith(STRUCTURED)
        self._levels: list[tuple[int, str]] = []
        # Open fences, innermost last: their marker and whether they hold prose (a MyST
        # directive such as {note}), whose content may itself hold a code fence.
        self._fences: list[tuple[str, bool]] = []
        self._options = False  # at the head of a prose directive, where :option: lines go
        self._comment = False
        self._front = self._structured  # front matter can only open the file
        self._first = True
        self._plain = text_file and not self._structured
        self._titles = _heading_titles(text) if self._plain else frozenset()
        # Plain text paginated with form feeds (an RFC) runs heads and feet as a PDF does.
        self._running = running_lines(text) if self._plain and f"\n{PAGE_BREAK}" in text else frozenset()
        self._underline = False  # the line to come underlines a heading
        self._after_blank = True  # the line before was blank, or there was none

    @property
    def section(self) -> str | None:
        """The headings in force, outermost first, joined by `` › ``."""
        return " › ".join(text for _, text in self._levels) or None

    def kind(self, line: str, following: str = "") -> str:
        """What ``line`` (the next line of the file, with its line end) is; ``following``,
        the line after it, matters only to :class:`nkqa.rst.RstLines`."""
        first, self._first = self._first, False
        stripped = line.strip()
        alone, self._after_blank = self._after_blank, not stripped
        if self._structured:
            if self._front and first and stripped == "---":
                return "skip"
            if self._front and not first:
                if stripped in ("---", "..."):
                    self._front = False
                return "skip"
            self._front = False
            fence = _FENCE.match(line)
            if self._fences:
                marker, prose = self._fences[-1]
                # CommonMark: the closing fence is at least as long as the opening one
                # (so a ```` block can show ``` lines) and has nothing after it.
                if fence and fence.group(1).startswith(marker) and not line[fence.end():].strip():
                    self._fences.pop()
                    return "skip"
                if not prose:
                    return "code"
                options, self._options = self._options, False
                if options and _OPTION.match(line):
                    self._options = True
                    return "skip"
            if self._comment or stripped.startswith("<!--"):
                self._comment = "-->" not in stripped
                return "skip"
            if fence:
                return self._open(fence.group(1), line[fence.end():])
            if stripped.startswith("|"):
                return "table"
            if _CONTAINER.match(line) or _TEMPLATE.match(line) or _DEFINITION.match(line):
                return "skip"
        if self._underline:
            self._underline = False
            return "skip"
        if self._running and is_running(line, self._running):
            return "skip"
        heading = _HEADING.match(line) if self._headings else None
        if heading is not None:
            return self._open_section(len(heading.group(1)), heading.group(2))
        # Only a line of its own: an underline after a paragraph's last line would take that
        # line from its paragraph.
        if self._headings and not self._markdown and alone and stripped and _UNDERLINE.match(following):
            self._underline = True
            return self._open_section(1 if following.strip()[0] == "=" else 2, stripped)
        numbered = numbered_heading(line, bare=True) if self._plain else None
        if numbered is not None and alone and not following.strip():
            return self._open_section(numbered[0], stripped)
        return "skip" if numbered is not None and numbered[1] in self._titles else "text"

    def _open_section(self, level: int, title: str) -> str:
        """Open a section of heading ``title`` at ``level``; the kind of its line."""
        self._levels = [h for h in self._levels if h[0] < level] + [(level, clean(title))]
        return "heading"

    def _open(self, marker: str, info: str) -> str:
        """Open a fence whose info string is ``info``; the kind of its own line."""
        directive = _DIRECTIVE.match(info)
        name = directive.group(1).lower() if directive else None
        prose = name in _PROSE_DIRECTIVES
        self._fences.append((marker, prose))
        self._options = prose
        return "text" if name in VERSION_DIRECTIVES else "skip"


def _heading_titles(text: str) -> frozenset[str]:
    """The titles of the numbered headings of plain ``text``: lines of their own
    (:class:`Lines`), a blank line or none before and after."""
    lines = ["", *text.split("\n"), ""]
    return frozenset(
        heading[1]
        for before, line, after in zip(lines, lines[1:], lines[2:])
        if not before.strip() and not after.strip() and (heading := numbered_heading(line, bare=True)) is not None
    )
