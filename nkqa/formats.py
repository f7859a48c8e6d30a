"""The text of a file, by format: plain text and markdown, reStructuredText, PDF, Word, HTML.

:func:`extract` turns a file's bytes into the text nkqa indexes and cites, and names the
extraction, so that a citation says what its lines count in:

* ``.txt``, ``.md``, ``.rst``: the file itself, UTF-8 (extraction ``None``: lines of the file;
  Sphinx's ``.rst.txt`` and ``.md.txt`` page sources are read in their markup);
* a name that says no type (:func:`untyped`: ``README``, ``LICENSE``, ``GPL-3``,
  ``Apache-2.0``): read as ``.txt``, unless it opens with ``#!`` (a script);
* ``.pdf``: the text layer of each page (PDFium, :mod:`nkqa.pdf`), pages separated by a
  form-feed line; a citation gives the page and the lines within it (extraction
  :data:`PDF_EXTRACTION`); an encrypted PDF or one without a text layer is skipped;
* ``.docx``: the document's paragraphs and tables in their order (python-docx) as markdown:
  a paragraph on a line of its own, a heading's marked ``#`` by its level, a table's rows
  one line each with their cells between ``|``, blocks separated by blank lines, so that
  headings name sections and table rows stay rows (extraction :data:`DOCX_EXTRACTION`;
  a citation gives the lines of that text); a zip whose members would inflate past the
  size limit is refused unopened;
* ``.html``/``.htm``: the main content (trafilatura: no navigation, menus, scripts, styles,
  cookie banners or footers) as markdown, so that headings name sections and code and
  tables are passages of their own (:mod:`nkqa.markdown`; extraction :data:`HTML_EXTRACTION`);
  a citation gives the lines of the HTML file where its blocks are (:func:`source_lines`); a
  page with no content area trafilatura knows has its body read as one, and a definition
  list's term opens its definition (:func:`_prepared`).

The quoted text of every citation is found at the cited place of the extracted text;
the file's sha256 still tells whether the file changed. Parsers are imported only when
a file of their format is read.
"""

from __future__ import annotations

import io
import re
import zipfile
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DOCX_EXTRACTION", "EXTENSIONS", "Extracted", "HTML_EXTRACTION", "MARKDOWN_EXTRACTIONS", "PDF_EXTRACTION",
    "UnreadableFile",
    "extract", "source_lines", "untyped",
]

EXTENSIONS = (".txt", ".md", ".rst", ".pdf", ".docx", ".html", ".htm")
"""File endings read as documents (case-insensitive); so are :func:`untyped` names."""

# A version number's ending ("-2.0", "-1.3") is no file type.
_VERSION_ENDING = re.compile(r"\.[0-9]+$")

PAGE_BREAK = "\f"
"""Between the pages of a PDF's text, on a line of its own: a page starts after ``"\f\n"``."""

MAX_INFLATION = 50
"""A DOCX may inflate to at most this many times the size limit, and never past 1 GiB."""

PDF_EXTRACTION = "pdf text (pdfium)"
HTML_EXTRACTION = "html main text as markdown (trafilatura)"
DOCX_EXTRACTION = "docx paragraphs and tables as markdown (python-docx)"
MARKDOWN_EXTRACTIONS = frozenset({HTML_EXTRACTION, DOCX_EXTRACTION})
"""Extractions whose text is markdown: headings, code and tables read as such (:mod:`nkqa.markdown`)."""
# Word's built-in heading styles, as far as markdown has levels ("Heading 1"... "Heading 6",
# "Title"); "Heading 7" to "Heading 9" are read as text.
_HEADING_STYLE = re.compile(r"Heading ([1-6])|Title")
"""The extraction of HTML files; its text is read with markdown structure."""

KEY_WORDS = 8
"""How many of a block's first words locate it in the HTML file (fewer when it has fewer)."""

_WORD = re.compile(r"\w+")


class UnreadableFile(Exception):
    """The file cannot be read as its format says; the message is the reason shown."""


@dataclass(frozen=True)
class Extracted:
    """A file's indexed text and how it was obtained (None: the file's own text).

    ``lines``, when not None, gives for each line of ``text`` the 1-based line of the
    file it comes from (HTML); otherwise citations count lines of ``text``.
    """

    text: str
    extraction: str | None = None
    lines: tuple[int, ...] | None = None

    @property
    def paged(self) -> bool:
        """Whether the text is split into pages by :data:`PAGE_BREAK`."""
        return self.extraction is not None and self.extraction.startswith("pdf")


def untyped(name: str) -> bool:
    """Whether a file's name says no type, so that it is read as plain text.

    Project and licence files are named so: no ending at all, or a version number's.
    A hidden file is none (:mod:`nkqa.scan` skips those).

    >>> [untyped(n) for n in ("README", "docs/GPL-3", "Apache-2.0", "notes.txt", "photo.jpg", ".bashrc")]
    [True, True, True, False, False, False]
    """
    base = name.rsplit("/", 1)[-1]
    if base.startswith("."):
        return False
    return "." not in base or _VERSION_ENDING.search(base) is not None


def extract(name: str, data: bytes, max_bytes: int) -> Extracted:
    """The text of the file ``name`` whose bytes are ``data``.

    Raises
    ------
    UnreadableFile
        With the reason: binary, not UTF-8, encrypted, no text layer, a zip bomb...
    """
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "pdf":
        return _pdf(data)
    if suffix == "docx":
        return _docx(data, max_bytes)
    if suffix in ("html", "htm"):
        return _html(data)
    if b"\x00" in data:
        raise UnreadableFile("binary file")
    if data.startswith(b"#!") and untyped(name):
        raise UnreadableFile("a script (#!), not a document")
    try:
        return Extracted(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise UnreadableFile("not UTF-8 text") from error


def _pdf(data: bytes) -> Extracted:
    from nkqa.pdf import pdf_pages

    pages = [page.replace(PAGE_BREAK, " ") for page in pdf_pages(data)]
    if not any(p.strip() for p in pages):
        raise UnreadableFile("PDF without a text layer")
    # A page break on a line of its own ends a paragraph: no passage spans two pages.
    return Extracted(f"\n{PAGE_BREAK}\n".join(pages), PDF_EXTRACTION)


def _docx(data: bytes, max_bytes: int) -> Extracted:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFile("not a DOCX (no zip inside)") from error
    if inflated > min(MAX_INFLATION * max_bytes, 2**30):
        raise UnreadableFile(f"a zip that inflates to {inflated / 2**20:.0f} MiB (a zip bomb?)")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile(f"unreadable DOCX ({type(error).__name__})") from error
    blocks = [_docx_block(item) for item in document.iter_inner_content()]
    if not any(b.strip(" \n#|") for b in blocks):
        raise UnreadableFile("empty")
    return Extracted("\n\n".join(blocks), DOCX_EXTRACTION)


def _docx_block(item: object) -> str:
    """A paragraph of a Word document as one line, marked as a markdown heading when its
    style is one ("Heading 2" -> "## "); a table as one line per row, its cells between
    "|" (a merged cell, which python-docx gives once per column it spans, once)."""
    from docx.table import Table

    if isinstance(item, Table):
        rows = []
        for row in item.rows:
            cells = [" ".join(cell.text.split()) for cell in row.cells]
            cells = [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]
            rows.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
        return "\n".join(rows)
    text = item.text.replace("\n", " ")  # type: ignore[attr-defined]
    style = getattr(getattr(item, "style", None), "name", None) or ""
    level = _HEADING_STYLE.fullmatch(style)
    if level and text.strip():
        return "#" * int(level.group(1) or 1) + " " + text.strip()
    return text


def _html(data: bytes) -> Extracted:
    import trafilatura

    html = data.decode("utf-8", "replace")
    options = {"output_format": "markdown", "include_comments": False, "include_tables": True, "favor_precision": True}
    try:
        # Fast mode skips trafilatura's fallback extractors (readability, jusText), which
        # were 60% of its time; on 66 documentation pages it gave the same text for 65 and
        # nothing for the 66th (a table of contents), so only such a page pays for them.
        text = trafilatura.extract(_prepared(html), fast=True, **options)
        if not text or not text.strip():
            text = trafilatura.extract(_prepared(html), **options)
    except (ValueError, RecursionError) as error:
        raise UnreadableFile(f"unreadable HTML ({type(error).__name__})") from error
    if not text or not text.strip():
        raise UnreadableFile("HTML without main text")
    rows = text.splitlines()
    found = iter(source_lines(html, [row for row in rows if row.strip()]))
    lines, line = [], 1
    for row in rows:
        line = next(found) if row.strip() else line  # a blank line: the line of the row before
        lines.append(line)
    return Extracted("\n".join(rows), HTML_EXTRACTION, tuple(lines))


def _prepared(html: str) -> Any:
    """``html`` as an lxml tree made ready for trafilatura, or as it is if lxml cannot read it.

    An anchor with no link and no text (``<a id="flash"></a>``, DocBook's index terms) is
    dropped: trafilatura counts it in a block's link density, and the paragraphs and headings
    that hold such targets were cut as link lists. A page with no content area trafilatura
    knows (no ``<main>``, ``<article>``, ``role="main"`` or the classes of its
    ``BODY_XPATH``: DocBook's ``<div class="chapter">``) has its body marked ``<main>``;
    trafilatura's fallback for such pages drops every heading and list marker, and with them
    the sections a FAQ's questions head. A definition list's term runs into its definition
    (:func:`_run_in`), and a one-line ``<pre>`` inside a sentence stays in it (:func:`_inline`).
    """
    from lxml import etree

    try:
        # trafilatura's own list of content areas, so that "none it knows" means what it says;
        # a module of its internals, hence read defensively (no list: no page is rewrapped).
        from trafilatura.xpaths import BODY_XPATH
    except ImportError:
        BODY_XPATH = None
    try:
        root = _parsed(html)
    except (etree.LxmlError, ValueError):
        return html
    for anchor in list(root.iter("a")):
        if anchor.get("href") is None and len(anchor) == 0 and not (anchor.text or "").strip():
            anchor.drop_tree()  # keeps its tail
    for term in list(root.iter("dt")):
        _run_in(term)
    for pre in list(root.iter("pre")):
        _inline(pre)
    body = root.find("body")
    if body is not None and BODY_XPATH is not None and not any(expr(root) for expr in BODY_XPATH):
        main = etree.SubElement(body, "main")
        main.text, body.text = body.text, None
        for child in list(body)[:-1]:
            main.append(child)
    return root


def _run_in(term: Any) -> None:
    """A definition list's term run into its definition's first paragraph ("prerm: This script
    typically stops any daemons..."), as plain text writes a run-in heading: trafilatura made
    term and definition two list items, which the chunker cut apart, so the sentence that
    answers never said what it defines."""
    definition = term.getnext()
    text = " ".join(term.text_content().split())
    if definition is None or definition.tag != "dd" or not text:
        term.tag = "p"
        return
    lead = text if text[-1] in ":.?!" else text + ":"
    first = definition if (definition.text or "").strip() else next(definition.iter("p"), None)
    if first is None:
        term.tag = "p"
        return
    first.text = f"{lead} {(first.text or '').lstrip()}"
    term.drop_tree()
    parent = definition.getparent()
    if parent is not None and parent.tag == "dl":
        parent.tag = "div"
    # Its paragraphs stand on their own: a short block with a link in it ("Also see Section
    # 7.8") is what trafilatura's precision mode cuts as boilerplate.
    if first is definition:
        definition.tag = "p"
    else:
        definition.drop_tag()


def _inline(pre: Any) -> None:
    """A one-line ``<pre>`` inside a sentence, between a paragraph that stops on a word and one
    that goes on in lower case ("use the | lsb_release -a | command. It will display..."), made
    code within one paragraph: as three blocks, the sentence was cut into fragments."""
    before, after = pre.getprevious(), pre.getnext()
    line = pre.text_content().strip()
    if before is None or after is None or before.tag != "p" or after.tag != "p" or not line or "\n" in line:
        return
    said, rest = before.text_content().rstrip(), after.text_content().lstrip()
    if not said or not said[-1].isalnum() or not rest[:1].islower():
        return
    code = before.makeelement("code", {})
    code.text = line
    code.tail = " " + (after.text or "").lstrip()
    before.append(code)
    if len(before) > 1 and before[-2].tail:
        before[-2].tail = before[-2].tail.rstrip() + " "
    elif before.text and len(before) == 1:
        before.text = before.text.rstrip() + " "
    for child in list(after):
        before.append(child)
    pre.drop_tree()
    after.drop_tree()


def _parsed(html: str) -> Any:
    """lxml's tree of ``html``, given as UTF-8 bytes: lxml refuses a string that opens with
    an XML declaration (XHTML, DocBook's pages), and the text was decoded as UTF-8."""
    from lxml import html as lxml_html

    return lxml_html.document_fromstring(html.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))


def source_lines(html: str, blocks: list[str]) -> list[int]:
    """The 1-based line of ``html`` where each extracted block starts.

    The file's visible words (outside ``<head>``, scripts and styles), each with the
    line lxml reports for its element plus the line ends before it, are searched, in
    order, for the block's first :data:`KEY_WORDS` words (case-folded). A block whose
    words are not found (the extractor rewrote them) gets the line of the block before.
    trafilatura keeps no positions, hence this second pass over lxml's tree.
    """
    from lxml import etree

    words: list[str] = []
    word_lines: list[int] = []
    try:
        root = _parsed(html)
        body = root.find("body")
        walk = etree.iterwalk(body if body is not None else root, events=("start", "end"))
        line = 1
        for event, element in walk:
            if event == "start":
                line = element.sourceline or line
                visible = isinstance(element.tag, str) and element.tag not in ("script", "style")
                line = _words(element.text if visible else None, line, words, word_lines)
            else:
                line = _words(element.tail, line, words, word_lines)
    except (etree.LxmlError, ValueError, RecursionError):
        return [1] * len(blocks)
    stream = " " + " ".join(words) + " "
    starts, offset = [], 1
    for word in words:
        starts.append(offset)
        offset += len(word) + 1
    found, cursor, previous = [], 0, 1
    for block in blocks:
        key = [w.casefold() for w in _WORD.findall(block)[:KEY_WORDS]]
        at = stream.find(" " + " ".join(key) + " ", cursor) if key else -1
        if at >= 0:
            previous = word_lines[bisect_right(starts, at + 1) - 1]
            cursor = at + 1
        found.append(previous)
    return found


def _words(text: str | None, line: int, words: list[str], lines: list[int]) -> int:
    """Append the words of ``text`` starting on ``line``; return the line it ends on."""
    if not text:
        return line
    for offset, piece in enumerate(text.split("\n")):
        found = _WORD.findall(piece)  # a line at a time: one regex call, not one a word
        if found:
            words.extend(word.casefold() for word in found)
            lines.extend([line + offset] * len(found))
    return line + text.count("\n")
