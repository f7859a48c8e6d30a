"""reStructuredText structure, line by line: section titles, literal blocks, comments, tables.

:class:`RstLines` is :class:`nkqa.markdown.Lines` for ``.rst`` files; it tells
:func:`nkqa.loading.split_paragraphs` what each line is, looking one line ahead:

* ``heading``: a title underlined (and maybe overlined) by one punctuation character
  repeated; levels follow the order in which adornment styles first appear, as in
  docutils; the adornment lines and transitions (``----`` alone) are ``skip``;
* ``code``: the indented block after a ``code-block``/``code``/``sourcecode`` directive
  or after a paragraph ending in ``::`` (a literal block);
* ``skip``: comments and targets (``.. anything`` that is not a directive), the lines
  of directives themselves and their ``:option:`` lines;
* ``table``: grid table lines (starting with ``+-``, ``+=`` or ``|``);
* ``text``: anything else, the content of other directives (``note``, ``warning``...) included.

docutils would parse the whole language, but its line numbers are approximate and it
runs directives such as ``include`` (which reads other files); citations need exact
lines of the raw text, so this reads only the structure listed above.
"""

from __future__ import annotations

import re

from nkqa.cleaning import clean

__all__ = ["RstLines", "RST"]

RST = (".rst", ".rest")
"""Files read as reStructuredText."""

_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}[ \t]*\r?\n?$")
_DIRECTIVE = re.compile(r"^\.\.[ \t]+(?:\|[^|]+\|[ \t]+)?([\w:+-]+)::")
_CODE_DIRECTIVES = ("code-block", "code", "sourcecode", "literalinclude")
_OPTION = re.compile(r"^[ \t]+:[\w-]+:")


class RstLines:
    """The state of one ``.rst`` file read top to bottom (see the module docstring)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._styles: list[tuple[str, bool]] = []
        self._levels: list[tuple[int, str]] = []
        self._overline: str | None = None
        self._underline = False
        self._literal: str | None = None  # "armed" after "::" or a code directive, "in" inside
        self._markup = False  # inside a comment or directive's indented lines: options skipped
        self._comment = False
        self._blank_before = True

    @property
    def section(self) -> str | None:
        """The titles in force, outermost first, joined by `` › ``."""
        return " › ".join(text for _, text in self._levels) or None

    def kind(self, line: str, following: str = "") -> str:
        """What ``line`` is, given the line after it (``""`` at the end of the file)."""
        blank_before, self._blank_before = self._blank_before, not line.strip()
        indented = line[:1] in (" ", "\t")
        if self._underline:
            self._underline = False
            return "skip"
        if not line.strip():
            return "code" if self._literal == "in" else "text"
        if indented and (self._comment or (self._markup and self._literal != "in" and _OPTION.match(line))):
            return "skip"
        if indented and self._literal is not None:
            self._literal = "in"
            return "code"
        self._literal = self._literal if indented else None
        self._comment = self._comment and indented
        self._markup = self._markup and indented
        return self._structure(line, following, blank_before)

    def _structure(self, line: str, following: str, blank_before: bool) -> str:
        stripped = line.strip()
        if line.startswith(".."):
            directive = _DIRECTIVE.match(line)
            self._markup = True
            if directive is None:
                self._comment = True  # a comment or a target: not content
            elif directive.group(1) in _CODE_DIRECTIVES:
                self._literal = "armed"
            return "skip"
        adornment = _ADORNMENT.match(line)
        if adornment is not None:
            title = following.strip()
            if blank_before and title and not _ADORNMENT.match(following):
                self._overline = adornment.group(1)  # the title and its underline follow
            elif blank_before and not following.strip():
                self._overline = None  # a transition
            return "skip"
        under = _ADORNMENT.match(following)
        if under is not None and (self._overline is not None or not line[:1].isspace()) and len(following.strip()) >= min(len(stripped), 4):
            char = under.group(1)
            style = (char, self._overline == char)
            self._overline = None
            if style not in self._styles:
                self._styles.append(style)
            level = self._styles.index(style) + 1
            self._levels = [h for h in self._levels if h[0] < level] + [(level, clean(stripped))]
            self._underline = True
            return "heading"
        self._overline = None
        if stripped.startswith(("+-", "+=", "|")):
            return "table"
        if stripped.endswith("::"):
            self._literal = "armed"
        return "text"
