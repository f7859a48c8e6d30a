"""Markdown structure, line by line: headings, front matter, comments, code and tables.

:class:`Lines` tells :func:`nkqa.loading.split_paragraphs` what each line of a file is:

* ``heading``: ``#`` to ``######`` (in ``.md`` and ``.txt``): it names the section of
  what follows and is never a passage itself; :attr:`Lines.section` is the path;
* ``skip``: YAML front matter at the top (between ``---`` lines) and HTML comments
  (``<!-- ... -->``), which are not content, and the fence lines around code;
* ``code``: the lines inside a fenced block (````` ``` ````` or ``~~~``);
* ``table``: a line of a pipe table (starting with ``|``);
* ``text``: anything else.

Code blocks and tables become passages of their own, never packed with prose.
Structure beyond headings is read in markdown files only (``.md``, ``.markdown``) and in
the markdown nkqa extracts from HTML (``markdown=True``).
"""

from __future__ import annotations

import re

from nkqa.cleaning import clean

__all__ = ["Lines", "HEADINGS", "STRUCTURED"]

HEADINGS = (".md", ".markdown", ".txt")
"""Files whose ``#`` lines are headings (the bundled corpus's text files use them)."""
STRUCTURED = (".md", ".markdown")
"""Files whose front matter, comments, fences and tables are read as such."""

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*\r?\n?$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


class Lines:
    """The state of one file read top to bottom (see the module docstring)."""

    def __init__(self, source: str, *, markdown: bool = False) -> None:
        name = source.lower()
        self._headings = markdown or name.endswith(HEADINGS)
        self._structured = markdown or name.endswith(STRUCTURED)
        self._levels: list[tuple[int, str]] = []
        self._fence: str | None = None
        self._comment = False
        self._front = self._structured  # front matter can only open the file
        self._first = True

    @property
    def section(self) -> str | None:
        """The headings in force, outermost first, joined by `` › ``."""
        return " › ".join(text for _, text in self._levels) or None

    def kind(self, line: str, following: str = "") -> str:
        """What ``line`` (the next line of the file, with its line end) is; ``following``,
        the line after it, matters only to :class:`nkqa.rst.RstLines`."""
        first, self._first = self._first, False
        stripped = line.strip()
        if self._structured:
            if self._front and first and stripped == "---":
                return "skip"
            if self._front and not first:
                if stripped in ("---", "..."):
                    self._front = False
                return "skip"
            self._front = False
            if self._fence is not None:
                # CommonMark: the closing fence is at least as long as the opening one
                # (so a ```` block can show ``` lines) and has nothing after it.
                closing = _FENCE.match(line)
                if closing and closing.group(1).startswith(self._fence) and not line[closing.end():].strip():
                    self._fence = None
                    return "skip"
                return "code"
            if self._comment or stripped.startswith("<!--"):
                self._comment = "-->" not in stripped
                return "skip"
            fence = _FENCE.match(line)
            if fence:
                self._fence = fence.group(1)
                return "skip"
            if stripped.startswith("|"):
                return "table"
        heading = _HEADING.match(line) if self._headings else None
        if heading is not None:
            level = len(heading.group(1))
            self._levels = [h for h in self._levels if h[0] < level] + [(level, clean(heading.group(2)))]
            return "heading"
        return "text"
