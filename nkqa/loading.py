"""Load a folder of ``.txt``/``.md`` files and split them into cleaned paragraphs.

A paragraph is a run of non-blank lines. Web boilerplate lines (navigation,
social icons, logos, "Format / Electronic / Pages / 2" blocks, titles printed
twice, :mod:`nkqa.boilerplate`) end a paragraph and are never indexed; so are fragments (fewer than
:data:`MIN_FRAGMENT_WORDS` words and no sentence punctuation: bylines, labels).
A heading names the section of what follows and is no paragraph, except a release's heading
(:data:`nkqa.releases.RELEASE_HEADING`: "[1.0.0] - 2023-02-24", "3.0 (2020-11-08)"), whose
release and date its entries do not repeat: it is a paragraph of its section, packed with what
follows it.
Every paragraph keeps its raw span and the map from its cleaned text back to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nkqa.boilerplate import is_boilerplate_line
from nkqa.cleaning import CleanText, LineCleaner, clean, clean_with_map
from nkqa.errors import CorpusError
from nkqa.extraction_cache import ExtractionCache
from nkqa.formats import EXTENSIONS, MARKDOWN_EXTRACTIONS, PAGE_BREAK, Extracted, UnreadableFile
from nkqa.layout import PageLines
from nkqa.markdown import Lines
from nkqa.rst import RST, RstLines
from nkqa.passage import Citation
from nkqa.releases import RELEASE_HEADING
from nkqa.scan import DEFAULT_MAX_FILE_BYTES, SkippedFile, scan, warn_skipped

__all__ = [
    "Document",
    "Paragraph",
    "load_folder",
    "read_folder",
    "split_paragraphs",
    "EXTENSIONS",
    "MIN_FRAGMENT_WORDS",
    "MAX_PARAGRAPH_CHARS",
]


MIN_FRAGMENT_WORDS = 4
"""Paragraphs with fewer words and no sentence punctuation are fragments, not passages."""

MAX_PARAGRAPH_CHARS = 20_000
"""A longer paragraph (a file that is one huge line) is read as pieces of at most this
many characters, cut at white space, so memory does not grow with one line's length."""

SOURCES_FILE = "sources.json"

_WORD = re.compile(r"\w+")
_LINE = re.compile(r"[^\n]*\n?")
# A paragraph that is one inline code span ("``pip install bidict``" under "Installation"):
# a command or a name, not a short line of web furniture.
_LITERAL = re.compile(r"\s*(`+)[^`\n]+\1\s*")
# A line of nothing but HTML tags, as READMEs lay out badges and logos (`<p align="center">`,
# `<a href="..."><img src="..."></a>`, `</p>`): markdown shows pictures there, no text. Tag
# names in lower case and attributes as HTML writes them, so that a REPL's `<Response [200
# OK]>` or `<class 'int'>` is not one.
_TAG = r"<(?:[a-z][a-z0-9]*(?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?|/[a-z][a-z0-9]*\s*)>"
_TAGS_ONLY = re.compile(rf"[^\S\n]*(?:{_TAG}[^\S\n]*)+\r?\n?")
# A line of a table of contents' dot leaders ("  .  .  .  .  .  . 55"), as a PDF's text layer
# gives them apart from their headings, or with its heading before them and its page after
# ("1. Introduction . . . . . . . 2", as an RFC lists its sections): layout, no text.
_LEADER = re.compile(r"[^\S\n]*(?:\S[^\n]*?[^\S\n](?:\.[^\S\n]*){4,}\d+|(?:\.[^\S\n]*){4,}\d*)[^\S\n]*\r?\n?")


@dataclass(frozen=True, eq=False)
class Document:
    """One decoded file of the corpus.

    Attributes
    ----------
    source:
        Path relative to the corpus folder, ``/``-separated: the provenance key.
    text:
        The file's decoded text (``bytes.decode("utf-8")``); offsets index it.
    sha256:
        Hash of the file's bytes.
    title:
        From the folder's ``sources.json`` when it names the file, else ``None``.
    stat:
        ``(st_mtime_ns, st_size)`` of the file taken just before it was read, so that
        an index can tell later whether the file moved without hashing it again.
    extraction:
        How ``text`` was obtained from a PDF, DOCX or HTML file (:mod:`nkqa.formats`);
        ``None`` when it is the file's own text.
    lines:
        For each line of ``text``, the line of the file it comes from (HTML, see
        :func:`nkqa.formats.source_lines`); ``None`` when citations count lines of ``text``.
    """

    source: str
    text: str
    sha256: str
    title: str | None = None
    stat: tuple[int, int] | None = None
    extraction: str | None = None
    lines: tuple[int, ...] | None = None
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _page_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        object.__setattr__(self, "_line_starts", starts)
        if self.paged:
            # A page's text starts after its "\f\n" (nkqa.formats).
            pages = [0] + [m.end() + 1 for m in re.finditer(PAGE_BREAK, self.text)]
            object.__setattr__(self, "_page_starts", pages)

    @property
    def paged(self) -> bool:
        """Whether the text is a PDF's pages (:attr:`nkqa.formats.Extracted.paged`)."""
        return Extracted(self.text, self.extraction).paged

    def line_of(self, offset: int) -> int:
        """1-based line number of the character at ``offset`` (in a PDF: within its page;
        in HTML: of the HTML file)."""
        line = bisect_right(self._line_starts, offset)
        if self.lines:
            return self.lines[min(line, len(self.lines)) - 1]
        if self._page_starts:
            page_start = self._page_starts[bisect_right(self._page_starts, offset) - 1]
            line -= bisect_right(self._line_starts, page_start) - 1
        return line

    def page_of(self, offset: int) -> int | None:
        """1-based PDF page of the character at ``offset``; None for other formats."""
        return bisect_right(self._page_starts, offset) if self._page_starts else None

    def citation(self, start: int, end: int, *, verbatim: bool = True) -> Citation:
        """Citation of the raw span ``[start, end)`` of this document (with columns when
        the span is only part of one line)."""
        columns: tuple[int | None, int | None] = (None, None)
        line = bisect_right(self._line_starts, start)
        if line == bisect_right(self._line_starts, max(start, end - 1)):
            line_start = self._line_starts[line - 1]
            line_end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
            if start > line_start or end < len(self.text[line_start:line_end].rstrip("\r")) + line_start:
                columns = (start - line_start + 1, end - line_start)
        return Citation(
            source=self.source,
            title=self.title,
            start_line=self.line_of(start),
            end_line=self.line_of(max(start, end - 1)),
            start_char=start,
            end_char=end,
            verbatim=verbatim,
            page=self.page_of(start),
            extraction=self.extraction,
            start_column=columns[0],
            end_column=columns[1],
        )


@dataclass(frozen=True, eq=False)
class Paragraph:
    """Cleaned text of one paragraph, with the map back to its document."""

    document: Document
    index: int
    offset: int
    cleaned: CleanText
    section: str | None = None
    """The markdown headings above the paragraph, outermost first, joined by `` › ``."""
    kind: str = "prose"
    """``"prose"``, ``"code"`` (a fenced block) or ``"table"`` (:mod:`nkqa.markdown`)."""

    @property
    def text(self) -> str:
        """The cleaned paragraph text."""
        return self.cleaned.text

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw span in the document of the cleaned slice ``text[start:end]``."""
        raw_start, raw_end = self.cleaned.raw_span(start, end)
        return raw_start + self.offset, raw_end + self.offset


def read_folder(
    folder: str | os.PathLike[str],
    *,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    progress: bool = False,
    extractions: ExtractionCache | None = None,
) -> tuple[list[Document], list[SkippedFile]]:
    """Read every document (:data:`nkqa.formats.EXTENSIONS`) below ``folder``, recursively, in sorted order,
    and account for every other file (:mod:`nkqa.scan`; here also binary, not UTF-8,
    unreadable and empty files). ``extractions`` keeps what PDF, Word and HTML files
    parse to (:mod:`nkqa.extraction_cache`); ``progress`` shows a bar of the files read.

    Raises
    ------
    CorpusError
        If ``folder`` is not a directory or holds no readable document.
    """
    root = Path(folder)
    if not root.is_dir():
        raise CorpusError(
            f"corpus folder {str(root)!r} does not exist or is not a directory; "
            "pass a folder of documents"
        )
    titles = _read_titles(root)
    extractions = extractions or ExtractionCache(None)
    files, skipped = scan(root, EXTENSIONS, max_file_bytes)
    documents: list[Document] = []
    from tqdm.auto import tqdm

    # Reading and extracting is the first long step of a build: a bar from the first file.
    for source, path in tqdm(files, desc="Reading files", unit="file", disable=None if progress else True):
        reason = None
        try:
            with open(path, "rb") as handle:
                status = os.fstat(handle.fileno())
                data = handle.read(max_file_bytes + 1)
        except OSError as error:
            reason = f"unreadable: {error.strerror}"
        else:
            if len(data) > max_file_bytes:  # grew since it was scanned
                reason = "larger than the size limit (Settings.max_file_mb)"
            elif not data.strip():
                reason = "empty"
        digest = hashlib.sha256(data).hexdigest() if reason is None else ""
        if reason is None:
            try:
                extracted = extractions.extract(source, data, max_file_bytes, digest)
            except UnreadableFile as error:
                reason = str(error)
            else:
                if not extracted.text.strip():
                    reason = "empty"
        if reason is not None:
            skipped.append(SkippedFile(source, reason))
            continue
        documents.append(
            Document(
                source=source,
                text=extracted.text,
                sha256=digest,
                title=titles.get(source),
                stat=(status.st_mtime_ns, status.st_size),
                extraction=extracted.extraction,
                lines=extracted.lines,
            )
        )
    if not documents:
        raise CorpusError(
            f"no readable documents in {str(root)!r}: nkqa reads files ending in "
            + " or ".join(EXTENSIONS)
            + ", and as plain text files whose name says no type (README, GPL-3, Apache-2.0)"
        )
    return documents, sorted(skipped, key=lambda s: s.source)


def load_folder(folder: str | os.PathLike[str], *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> list[Document]:
    """The documents of :func:`read_folder`; skipped files are reported in one
    :class:`~nkqa.errors.SkippedFileWarning` (see :func:`nkqa.scan.warn_skipped`)."""
    documents, skipped = read_folder(folder, max_file_bytes=max_file_bytes)
    warn_skipped(skipped, stacklevel=3)
    return documents


def split_paragraphs(document: Document) -> tuple[list[Paragraph], int]:
    """Split a document into cleaned paragraphs (blank lines between them), each with its
    section and kind (:mod:`nkqa.markdown`: headings, code blocks, tables).

    Returns
    -------
    paragraphs, boilerplate_lines
        The content paragraphs in file order, and how many lines were dropped as
        boilerplate or fragments.
    """
    paragraphs: list[Paragraph] = []
    dropped = 0
    block: list[tuple[int, int]] = []
    if document.source.lower().endswith(RST):
        lines: Lines | RstLines | PageLines = RstLines(document.source)
    elif document.paged:
        lines = PageLines(document.text)
    else:
        lines = Lines(document.source, markdown=document.extraction in MARKDOWN_EXTRACTIONS, text=document.text)
    kind = "prose"  # of the block being gathered: prose, code or table
    # The section in force at the block's first line: a heading or a directive right
    # after the block's last line names what follows, not the block.
    section: str | None = None
    lines_cleaner = LineCleaner(document.text)

    def flush(*, heading: bool = False) -> None:
        nonlocal dropped
        if not block:
            return
        start, end = block[0][0], block[-1][1]
        pieces = _pieces(document.text, start, end)
        whole = len(pieces) == 1  # whole lines come from the document's window; a piece of a long line alone
        for piece_start, piece_end in pieces:
            cleaned = lines_cleaner.clean(start, end) if whole else clean_with_map(document.text[piece_start:piece_end])
            fragment = kind == "prose" and not heading and _is_fragment(cleaned.text)
            if not cleaned.text or fragment and not _LITERAL.fullmatch(document.text, piece_start, piece_end):
                dropped += len(block)
            else:
                paragraphs.append(Paragraph(document, len(paragraphs), piece_start, cleaned, section, kind))
        block.clear()

    def gather(match: re.Match[str]) -> None:
        nonlocal section
        if not block:
            section = lines.section
        block.append((match.start(), match.end()))

    for match, following in _with_next(_LINE.finditer(document.text)):
        line = match.group()
        if not line:
            break
        what = lines.kind(line, following.group() if following is not None else "")
        if what in ("code", "table"):
            if kind != what:
                flush()
                kind = what
            gather(match)
            continue
        if kind != "prose" or what in ("heading", "skip"):
            # A heading names the section of what follows; it is never a passage alone...
            flush()
            kind = "prose"
            # A PDF's numbered heading is a section's number and title ("1.1 About this
            # document"), not a release's (nkqa.layout).
            if what == "heading" and not isinstance(lines, PageLines) and RELEASE_HEADING.match(clean(line)):
                # ...but a release's heading says the release and date its entries are of.
                gather(match)
                flush(heading=True)
            if what != "text":
                continue
        if not line.strip():
            flush()
        elif is_boilerplate_line(line) or _TAGS_ONLY.fullmatch(line) or _LEADER.fullmatch(line):
            flush()
            dropped += 1
        else:
            gather(match)
    flush()
    return paragraphs, dropped


def _with_next(matches: Iterator[re.Match[str]]) -> Iterator[tuple[re.Match[str], re.Match[str] | None]]:
    """Each match with the one after it (None after the last)."""
    current = next(matches, None)
    while current is not None:
        following = next(matches, None)
        yield current, following
        current = following


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at white space into spans of at most :data:`MAX_PARAGRAPH_CHARS`.

    Cleaning keeps a map of every character, so one paragraph's cost grows with its
    length; a file that is one 50 MB line is read as a run of bounded paragraphs.
    """
    spans = []
    while end - start > MAX_PARAGRAPH_CHARS:
        cut = start + MAX_PARAGRAPH_CHARS
        space = max(text.rfind(" ", start + 1, cut), text.rfind("\n", start + 1, cut))
        cut = space + 1 if space > start else cut
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def _is_fragment(text: str) -> bool:
    return len(_WORD.findall(text)) < MIN_FRAGMENT_WORDS and not text.rstrip("\"'”’)").endswith(
        (".", "!", "?")
    )


def _read_titles(root: Path) -> dict[str, str | None]:
    path = root / SOURCES_FILE
    if not path.is_file():
        return {}
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CorpusError(f"cannot read {path}: {error}; fix or remove it") from error
    if not isinstance(entries, dict):
        raise CorpusError(f"{path} must map file names to objects with a 'title'")
    return {
        str(name): entry.get("title") if isinstance(entry, dict) else None
        for name, entry in entries.items()
    }
