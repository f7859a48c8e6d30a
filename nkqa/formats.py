"""The text of a file, by format: plain text and markdown, reStructuredText, PDF, Word, HTML.

:func:`extract` turns a file's bytes into the text nkqa indexes and cites, and names the
extraction, so that a citation says what its lines count in:

* ``.txt``, ``.md``, ``.rst``: the file itself, UTF-8 (extraction ``None``: lines of the file);
* ``.pdf``: the text layer of each page (pypdf), pages separated by a form-feed line; a citation
  gives the page and the lines within it (extraction ``"pdf text (pypdf)"``); an encrypted
  PDF or one without a text layer is skipped;
* ``.docx``: the document's paragraphs (python-docx), one a line, separated by blank lines
  (extraction ``"docx paragraphs (python-docx)"``: line ``2n - 1`` is paragraph ``n``); a
  zip whose members would inflate past the size limit is refused unopened;
* ``.html``/``.htm``: the main content (trafilatura: no navigation, menus, scripts, styles,
  cookie banners or footers), a block a paragraph (extraction ``"html main text (trafilatura)"``).

The quoted text of every citation is found at the cited place of the extracted text;
the file's sha256 still tells whether the file changed. Parsers are imported only when
a file of their format is read.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

__all__ = ["EXTENSIONS", "Extracted", "UnreadableFile", "extract"]

EXTENSIONS = (".txt", ".md", ".rst", ".pdf", ".docx", ".html", ".htm")
"""File endings read as documents (case-insensitive)."""

PAGE_BREAK = "\f"
"""Between the pages of a PDF's text, on a line of its own: a page starts after ``"\f\n"``."""

MAX_INFLATION = 50
"""A DOCX may inflate to at most this many times the size limit, and never past 1 GiB."""


class UnreadableFile(Exception):
    """The file cannot be read as its format says; the message is the reason shown."""


@dataclass(frozen=True)
class Extracted:
    """A file's indexed text and how it was obtained (None: the file's own text)."""

    text: str
    extraction: str | None = None

    @property
    def paged(self) -> bool:
        """Whether the text is split into pages by :data:`PAGE_BREAK`."""
        return self.extraction is not None and self.extraction.startswith("pdf")


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
    try:
        return Extracted(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise UnreadableFile("not UTF-8 text") from error


def _pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableFile("encrypted PDF")
        pages = [(page.extract_text() or "").replace(PAGE_BREAK, " ") for page in reader.pages]
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as error:
        raise UnreadableFile(f"unreadable PDF ({type(error).__name__})") from error
    if not any(p.strip() for p in pages):
        raise UnreadableFile("PDF without a text layer")
    # A page break on a line of its own ends a paragraph: no passage spans two pages.
    return Extracted(f"\n{PAGE_BREAK}\n".join(pages), "pdf text (pypdf)")


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
    paragraphs = [p.text.replace("\n", " ") for p in document.paragraphs]
    if not any(p.strip() for p in paragraphs):
        raise UnreadableFile("empty")
    return Extracted("\n\n".join(paragraphs), "docx paragraphs (python-docx)")


def _html(data: bytes) -> Extracted:
    import trafilatura

    try:
        text = trafilatura.extract(
            data.decode("utf-8", "replace"), include_comments=False, include_tables=True, favor_precision=True
        )
    except (ValueError, RecursionError) as error:
        raise UnreadableFile(f"unreadable HTML ({type(error).__name__})") from error
    if not text or not text.strip():
        raise UnreadableFile("HTML without main text")
    # One block a paragraph, so that headings and list items are not run together.
    return Extracted("\n\n".join(line for line in text.splitlines() if line.strip()), "html main text (trafilatura)")
