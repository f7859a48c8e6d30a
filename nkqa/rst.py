"""reStructuredText structure, line by line: section titles, literal blocks, directives, tables.

:class:`RstLines` is :class:`nkqa.markdown.Lines` for ``.rst`` files; it tells
:func:`nkqa.loading.split_paragraphs` what each line is, looking one line ahead:

* ``heading``: a title underlined (and maybe overlined) by one punctuation character
  repeated; levels follow the order in which adornment styles first appear, as in
  docutils; the adornment lines and transitions (``----`` alone) are ``skip``;
* ``code``: the body of a code directive (``code-block``, ``doctest``, ``testcode``...:
  :data:`CODE_DIRECTIVES`) and the literal block after a paragraph ending in ``::``;
* ``skip``: comments and targets (``.. anything`` that is not a directive or a footnote) with their
  indented lines (a target's up to a blank line, as docutils reads it); the lines of
  directives themselves and their ``:option:`` lines; the bodies of directives that hold no
  prose (``toctree``, ``raw``, ``contents``...: :data:`_SKIPPED_DIRECTIVES`);
* ``table``: grid table lines (starting with ``+-``, ``+=`` or ``|``);
* ``text``: anything else, the content of other directives (``note``, ``warning``...)
  and footnotes and citations (``.. [#t4] Names...``, cleaning drops the label) included,
  and the line of a version directive (``.. versionadded:: 2.0``, which
  cleaning reads "versionadded 2.0"), since its version is the fact it states.

A directive's body is the lines indented past the directive's own line, so directives
nest: a ``doctest`` inside a ``.. data::`` entry is code, and the ``.. tip::`` after it,
back at the entry's indentation, is prose again. An object description (``.. function::
mutable(same_as_define)``, ``.. class::``, ``.. option:: --csv``, autodoc's
``.. autofunction::``...: :data:`_OBJECT_DIRECTIVES`) names what its body describes, as a
title names its section: its signature is the last step of :attr:`RstLines.section` for
the lines of its body ("API Reference › mutable(same_as_define)").

docutils would parse the whole language, but its line numbers are approximate and it
runs directives such as ``include`` (which reads other files); citations need exact
lines of the raw text, so this reads only the structure listed above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from nkqa.cleaning import clean
from nkqa.markup import CODE_DIRECTIVES, FOOTNOTE_LABEL, VERSION_DIRECTIVES

__all__ = ["RstLines", "RST"]

RST = (".rst", ".rest", ".rst.txt")
"""Files read as reStructuredText (``.rst.txt``: the sources Sphinx copies beside built HTML
pages, ``_sources/page.rst.txt``)."""

_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}[ \t]*\r?\n?$")
_DIRECTIVE = re.compile(r"^\.\.[ \t]+(?:\|[^|]+\|[ \t]+)?([\w:+-]+?)::(.*)$")
_SKIPPED_DIRECTIVES = frozenset(
    "toctree contents raw include image autosummary index highlight tabularcolumns graphviz".split()
)
_OBJECT_DIRECTIVES = frozenset(
    "function class method attribute data exception decorator decoratormethod classmethod "
    "staticmethod property option envvar describe object autofunction autoclass automethod "
    "autoattribute autodata autoexception autodecorator autoproperty".split()
)
_OPTION = re.compile(r"^[ \t]+:[\w-]+:")
_TARGET = re.compile(r"^\.\.[ \t]+(?:_|__:)")
"""A hyperlink target: ``.. _name: URL``, ``.. _`a name`:``, ``.. __: URL``."""
_FOOTNOTE = re.compile(r"^\.\.[ \t]+" + FOOTNOTE_LABEL + r"(?:[ \t]|$)")


@dataclass
class _Block:
    """An indented body the lines past ``indent`` belong to."""

    kind: Literal["literal", "skip", "directive"]
    indent: int
    title: str | None = None
    started: bool = False  # a literal block's first line was seen
    until_blank: bool = False  # a hyperlink target's block ends at a blank line, as in docutils


class RstLines:
    """The state of one ``.rst`` file read top to bottom (see the module docstring)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._styles: list[tuple[str, bool]] = []
        self._levels: list[tuple[int, str]] = []
        self._overline: str | None = None
        self._underline = False
        self._blocks: list[_Block] = []
        self._options = False  # right after a directive's line: its :option: lines
        self._blank_before = True

    @property
    def section(self) -> str | None:
        """The titles in force, outermost first, joined by `` › ``: the section titles,
        then the signatures of the object descriptions whose body the line is in."""
        titles = [text for _, text in self._levels] + [b.title for b in self._blocks if b.title]
        return " › ".join(titles) or None

    def kind(self, line: str, following: str = "") -> str:
        """What ``line`` is, given the line after it (``""`` at the end of the file)."""
        blank_before, self._blank_before = self._blank_before, not line.strip()
        if self._underline:
            self._underline = False
            return "skip"
        top = self._blocks[-1] if self._blocks else None
        if not line.strip():
            self._options = False
            while self._blocks and self._blocks[-1].until_blank:
                self._blocks.pop()
            top = self._blocks[-1] if self._blocks else None
            if top is not None and top.kind == "literal" and top.started:
                return "code"
            return "text"
        indent = len(line) - len(line.lstrip(" \t"))
        # A line at or left of a body's indentation ends it (and every body inside it).
        while self._blocks and indent <= self._blocks[-1].indent:
            self._blocks.pop()
        top = self._blocks[-1] if self._blocks else None
        if self._options and _OPTION.match(line):
            return "skip"
        self._options = False
        if top is not None and top.kind == "literal":
            top.started = True
            return "code"
        if top is not None and top.kind == "skip":
            return "skip"
        return self._structure(line, following, blank_before, indent)

    def _structure(self, line: str, following: str, blank_before: bool, indent: int) -> str:
        stripped = line.strip()
        if stripped.startswith(".."):
            return self._directive(stripped, indent)
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
            self._blocks.append(_Block("literal", indent))
        return "text"

    def _directive(self, stripped: str, indent: int) -> str:
        directive = _DIRECTIVE.match(stripped)
        if directive is None and _FOOTNOTE.match(stripped):
            # A footnote or citation is prose, its indented lines too ("[#t5] this token
            # cannot be used for parsing..." may be the only place a fact is given).
            self._blocks.append(_Block("directive", indent))
            return "text"
        if directive is None:
            # A comment or a target, with its indented lines: not content. A hyperlink
            # target's lines end at a blank line (what is indented after it, a table in a
            # block quote, is content); a comment's run on past blank lines.
            self._blocks.append(_Block("skip", indent, until_blank=bool(_TARGET.match(stripped))))
            return "skip"
        name, argument = directive.group(1).split(":")[-1], directive.group(2).strip()
        self._options = True
        if name in CODE_DIRECTIVES:
            self._blocks.append(_Block("literal", indent))
        elif name in _SKIPPED_DIRECTIVES:
            self._blocks.append(_Block("skip", indent))
        else:
            title = clean(argument) if name in _OBJECT_DIRECTIVES and argument else None
            self._blocks.append(_Block("directive", indent, title))
            if name in VERSION_DIRECTIVES:
                return "text"
        return "skip"
