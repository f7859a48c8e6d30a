"""What markup looks like: the patterns :mod:`nkqa.cleaning` removes, and the directive names
:mod:`nkqa.rst` and :mod:`nkqa.markdown` read.

:data:`MARKUP` is one alternation scanned left to right once; each branch keeps one named
group (:data:`GROUPS`: the visible text) or nothing (pure markup, e.g. heading marks).
:data:`MARKUP_HINT` is a character every branch needs, so that most paragraphs skip the scan.
"""

from __future__ import annotations

import re

__all__ = ["CODE_DIRECTIVES", "VERSION_DIRECTIVES", "FOOTNOTE_LABEL", "GROUPS", "MARKUP", "MARKUP_HINT"]

# What opens a line as markup: a heading mark, or a blockquote's ">" (not a doctest's ">>>").
_LINE_MARK = r"(?:#{1,6}[^\S\n]+|>(?!>>)[^\S\n]*)"
# A line's start, past any such marks: what the first cleaning finds after them stands at
# a line's start for a second cleaning, which must find nothing more.
_LINE_START = r"^[^\S\n]*" + _LINE_MARK + "*"
CODE_DIRECTIVES = frozenset(
    "code-block code sourcecode literalinclude parsed-literal productionlist doctest testcode "
    "testsetup testcleanup testoutput ipython jupyter-execute code-cell".split()
)
"""The reStructuredText and MyST directives whose body is code (``.. code-block:: bash``,
````` ```{code-block} python `````)."""
VERSION_DIRECTIVES = frozenset("versionadded versionchanged deprecated versionremoved".split())
"""The reStructuredText and MyST directives that date a change by its release (``..
versionadded:: 2.0``): their line is prose, its version the fact it states."""
_CODE_NAMES = "|".join(re.escape(name) for name in sorted(CODE_DIRECTIVES, key=len, reverse=True))
_VERSION_NAMES = "|".join(sorted(VERSION_DIRECTIVES))
FOOTNOTE_LABEL = r"\[(?:#[\w-]*|\*|\d+|[A-Za-z][\w.-]*)\]"
"""A footnote's or citation's label (:mod:`nkqa.rst` reads its lines as prose): ``[1]``, ``[#]``, ``[#note]``, ``[*]``, ``[CIT2002]``."""
_TITLE = r"(?:[^`<\n]|\n(?![^\S\n]*\n))+?"
"""The visible text of a cross-reference or a link: no backtick or "<", and no blank line."""
# One alternation so that markup is scanned left to right once. Each branch keeps
# one named group (the visible text) or nothing (pure markup, e.g. heading marks).
MARKUP = re.compile(
    r"\[(?P<link>[^\]\n]+)\]\([^)\s]*\)"  # [text](url), including mailto: links
    # A markdown reference link shows its text: [Saurabh Kumar][saurabh-homepage], [text][]
    # (its definition line is no content, nkqa.markdown); an image by reference, linked or
    # not, is pure markup: [![Build Status][badge]][link] (its alt text names a picture).
    r"|\[?!\[[^\[\]\n]*\]\[[^\[\]\n]*\](?:\]\[[^\[\]\n]*\])?"
    # Not a run of citation marks, as web pages copy them from Wikipedia: "heart.[1][2]".
    r"|(?<![\w\])])\[(?P<ref>(?!\d+\])[^\[\]\n]+)\]\[[^\[\]\n]*\]"
    r"|\*\*(?P<bold>[^*\n]+?)\*\*"
    r"|(?<![\w*])\*(?P<em>[^*\s](?:[^*\n]*?[^*\s])?)\*(?![\w*])"
    r"|\\(?P<esc>[\\`*_{}\[\]()#+\-.!$|<>~])"
    r"|mailto:(?P<mail>[^\s@]+@[^\s]+)"
    # Sphinx and MyST cross-references show their title (which may run onto the next line),
    # else their target without the "~" that shortens it: {func}`attrs.define`,
    # :class:`~attrs.Attribute`, {doc}`extensibility <extending>`.
    r"|(?<!\w)\{[\w:.+-]+\}`~?(?P<myst>" + _TITLE + r")(?:\s*<[^>`\n]*>)?`"
    r"|(?<![\w`:]):[\w:.+-]+:`~?(?P<role>" + _TITLE + r")(?:\s*<[^>`\n]*>)?`"
    # A reStructuredText hyperlink reference shows its text: `pluggy <https://...>`_,
    # `Semantic Versioning`_, `anonymous`__ ("``code``" and a bare `x` are left alone).
    r"|(?<![\w`:])`(?P<href>" + _TITLE + r")(?:\s*<[^>`\n]*>)?`__?(?!\w)"
    # A line that opens or closes code is pure markup: a code fence with its info string
    # (```python, ```{code-block} python, ~~~), or a code directive's line with its option
    # lines (.. code-block:: bash). A passage that packs a sentence with the literal it
    # introduces ("...by running this:" and a command, nkqa.chunking) spans these lines.
    r"|(?m:" + _LINE_START + r"(?:(?:`{3,}|~{3,})(?:\{(?:" + _CODE_NAMES + r")\}|(?!\{))[^`\n]*"
    r"|\.\.[^\S\n]+(?:" + _CODE_NAMES + r")::[^\n]*(?:\n[^\S\n]+:[\w-]+:(?:[^\S\n][^\n]*)?)*)$)"
    # A MyST directive's fence line keeps the directive's name: ```{versionadded} 2.0
    r"|(?m:" + _LINE_START + r"(?:`{3,}|~{3,})\{(?P<directive>[\w:-]+)\})"
    # So does a reStructuredText version directive's line, the one directive line
    # nkqa.rst keeps as prose: .. versionadded:: 2.0
    r"|(?m:" + _LINE_START + r"\.\.[^\S\n]+(?P<rst>" + _VERSION_NAMES + r")::)"
    # A reStructuredText footnote or citation is prose (nkqa.rst) without its label, and a
    # reference to a footnote is pure markup: ".. [#t4] Names from...", "January [#t1]_"
    # (a citation's reference, "[CIT2002]_", names its source and stays).
    r"|(?m:" + _LINE_START + r"\.\.[^\S\n]+" + FOOTNOTE_LABEL + r"(?=[^\S\n]|$))"
    r"|(?:[^\S\n]+|(?<![\w\]]))\[(?:#[\w-]*|\*|\d+)\]_(?!\w)"
    # Any white space but a line end around heading marks and blockquote markers, every run
    # of them ("# # x", "> > x"): cleaning folds it to a space, and a second cleaning must
    # not find a mark the first one left.
    r"|(?m:^[^\S\n]*" + _LINE_MARK + r"+)",
)
GROUPS = ("link", "ref", "bold", "em", "esc", "mail", "myst", "role", "href", "directive", "rst")
MARKUP_HINT = re.compile(r"[\[*\\#`]|mailto:|(?m:^[^\S\n]*(?:\.\.[^\S\n]|~{3}|>))")
"""A character every markup branch needs (heading marks before a directive's line are a
"#"): most paragraphs have none and skip the scan."""
