"""The text layer of a PDF's pages, read by PDFium (pypdfium2).

PDFium places words by the glyphs' positions, so a tightly justified line keeps its word
spaces where a reader of the content stream's spacing (pypdf) runs the words together
("providesinstructionsforusing..." in a LaTeX two-column journal guide); it reads the
text in the order of the page's columns, and marks a hyphen that ends a line (U+FFFE),
joining the two lines. :func:`page_text` reads a page's characters with their boxes:

* in a page's first and last :data:`~nkqa.layout.RUNNING_BAND` lines, a space wider than
  :data:`GAP_EMS` times the font size, between two blocks of one baseline ("User Guide" at
  the left of a running foot, "Appendix A ReportLab Demos" at its right), is a tab, so that
  the recurring part is found a running head (:func:`nkqa.layout.running_lines`); a table
  row's cells elsewhere are one line, as words are;
* a footnote mark, set smaller and raised right after a word or its punctuation, is
  dropped (:func:`_footnote_marks`: "website2." is "website.", "Programa)" is "Program"),
  and so is a line break PDFium puts after such a mark on the same line; an exponent after
  a symbol or a number stays ("km s-1").

Such a hyphen is a word broken at the line's end ("infor-mation") or a compound that
happened to end there ("author-year"): :func:`unbroken` joins the parts when the lexicon
knows the whole word or does not know both parts, and keeps the hyphen otherwise.
"""

from __future__ import annotations

import re
from typing import Any

from nkqa.formats import UnreadableFile
from nkqa.layout import RUNNING_BAND
from nkqa.lexicon import is_lexicon_word

__all__ = ["GAP_EMS", "LINE_END_HYPHEN", "RAISED_EMS", "page_text", "pdf_pages", "unbroken"]

LINE_END_HYPHEN = "\ufffe"
"""What PDFium writes for a hyphen at a line's end, the two lines joined around it."""

RAISED_EMS = 0.25
"""A character set at least this many times the font size above the text around it, and
smaller, is raised: a footnote mark or an exponent."""

GAP_EMS = 3.0
"""A space wider than this many times the font size parts two blocks of one baseline: a
justified line's word spaces stay under one em."""

# Marks a wide gap until the page's lines are known. PDFium breaks the line after a raised
# footnote mark ("website2" "."; "Guide,2" "the"), which a break before closing punctuation
# or after a mark's character, with both on one line, is.
_GAP = "\x1f"
_CLOSING = frozenset(".,;:)")
_MARKS = frozenset("0123456789*\u2020\u2021\u00a7\u00b6")

# FPDF_ERR_PASSWORD in PDFium's fpdfview.h: the document needs a password to open.
_PASSWORD_ERROR = 4

_BROKEN = re.compile(rf"(\w*){LINE_END_HYPHEN}(\w*)")


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of the PDF ``data``, lines ending in ``"\\n"``.

    Raises
    ------
    UnreadableFile
        "encrypted PDF" when it needs a password, "unreadable PDF (...)" when PDFium
        cannot open it or one of its pages.
    """
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if getattr(error, "err_code", None) == _PASSWORD_ERROR:
            raise UnreadableFile("encrypted PDF") from error
        raise UnreadableFile(f"unreadable PDF ({error})") from error
    pages = []
    try:
        for number, page in enumerate(document, start=1):
            try:
                textpage = page.get_textpage()
                pages.append(unbroken(page_text(textpage)))
                textpage.close()
            except pypdfium2.PdfiumError as error:
                raise UnreadableFile(f"unreadable PDF (page {number}: {error})") from error
            finally:
                page.close()
    finally:
        document.close()
    return pages


def page_text(textpage: Any) -> str:
    """The text of a PDFium text page (see the module docstring), lines ending in ``"\\n"``."""
    import pypdfium2.raw as pdfium_c

    text = textpage.get_text_range().replace(_GAP, " ")
    marks = _footnote_marks(textpage, text)
    out: list[str] = []
    i, count = 0, len(text)
    while i < count:
        char = text[i]
        if i in marks:
            i += 1
            continue
        if char == "\r" and text[i + 1 : i + 2] == "\n":
            after = text[i + 2 : i + 3]
            raised = after in _CLOSING or (i > 0 and text[i - 1] in _MARKS)
            if not (raised and _same_line(textpage, i - 1, i + 2, count)):
                out.append("\n")
            elif after.isalnum():
                out.append(" ")
            i += 2
            continue
        if char == " " and 0 < i < count - 1 and text[i - 1] not in " \r\n" and text[i + 1] not in " \r\n":
            left, right = textpage.get_charbox(i - 1), textpage.get_charbox(i + 1)
            em = max(pdfium_c.FPDFText_GetFontSize(textpage.raw, i - 1), 1.0)
            if right[0] - left[2] > GAP_EMS * em:
                char = _GAP
        out.append(char)
        i += 1
    lines = "".join(out).split("\n")
    # Only a page's head and foot keep their gaps (a tab): a table row elsewhere is one line.
    band = set(range(RUNNING_BAND)) | set(range(len(lines) - RUNNING_BAND, len(lines)))
    return "\n".join(line.replace(_GAP, "\t" if n in band else " ") for n, line in enumerate(lines))


def _footnote_marks(textpage: Any, text: str) -> set[int]:
    """The indices of footnote marks: characters set smaller and raised (by
    :data:`RAISED_EMS` of the font size at least) right after a word of three letters or
    more, or after its punctuation ("website2", "Programa)", "distribution.1"), which run
    the mark into the word. An exponent after a symbol or a number ("km s-1", "10-3") is kept."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_double(), ctypes.c_double()
    marks: set[int] = set()
    base: tuple[float, float] | None = None  # the baseline and font size of the text around
    for i, char in enumerate(text):
        if char.isspace():
            continue
        pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
        raised = base is not None and y.value - base[0] >= RAISED_EMS * base[1] and size < 0.9 * base[1]
        if not raised:
            base = (y.value, size)
        elif (i - 1 in marks) or _after_word(text, i):
            marks.add(i)
    return marks


def _after_word(text: str, i: int) -> bool:
    # The mark's word: three letters before it, or before the punctuation it follows.
    j = i - 1 if i > 0 and text[i - 1] in ".,;:" else i
    return j >= 3 and text[j - 3 : j].isalpha()


def _same_line(textpage: Any, before: int, after: int, count: int) -> bool:
    """Whether the characters at ``before`` and ``after`` share a line: their boxes of the
    font's full height (a raised mark's reaches the line's) overlap and the second stands
    right after the first, less than :data:`GAP_EMS` ems on (not in the next column)."""
    if before < 0 or after >= count:
        return False
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = textpage.get_charbox(before, loose=True)
    left2, bottom2, _, top2 = textpage.get_charbox(after, loose=True)
    em = max(pdfium_c.FPDFText_GetFontSize(textpage.raw, before), 1.0)
    return left <= left2 < right + GAP_EMS * em and min(top, top2) > max(bottom, bottom2)


def unbroken(text: str) -> str:
    """``text`` with each line-end hyphen (:data:`LINE_END_HYPHEN`) resolved: the word's
    parts joined, or the compound's hyphen kept (see the module docstring).

    Examples
    --------
    >>> unbroken("update the infor\\ufffemation on a direc\\ufffetory")
    'update the information on a directory'
    >>> unbroken("numerical author\\ufffeyear citations, a Zorb\\ufffelat")
    'numerical author-year citations, a Zorblat'
    """
    return _BROKEN.sub(_join, text)


def _join(match: re.Match[str]) -> str:
    head, tail = match.group(1), match.group(2)
    whole = head + tail
    if is_lexicon_word(whole) or not (is_lexicon_word(head) and is_lexicon_word(tail)):
        return whole
    return f"{head}-{tail}"
