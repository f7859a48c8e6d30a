"""A PDF's text as PDFium places it: word spaces by position, hyphenated line ends, running heads' parts."""

from nkqa import Index
from nkqa.formats import extract

from conftest import FakeEmbedder
from test_formats import pdf_of_streams


def _text(stream: str) -> str:
    return extract("page.pdf", pdf_of_streams([stream]), 2**20).text


def test_words_a_tight_line_sets_apart_by_position_keep_their_spaces():
    # A font whose space is wider than its letters (600 units against 500), as a TeX font's
    # may be, on a justified line that moves its words 250 apart: less than a reader of the
    # offsets (pypdf) takes for a space, a clear gap on the page.
    widths = "/FirstChar 32 /LastChar 126 /Widths [600 " + " ".join(["500"] * 94) + "] "
    stream = "BT /F1 10 Tf 72 720 Td [(Papers)-250(must)-250(be)-250(submitted)-250(electronically.)] TJ ET"
    text = extract("page.pdf", pdf_of_streams([stream], widths), 2**20).text
    assert "Papers must be submitted electronically." in text


def test_a_word_hyphenated_at_a_line_end_is_joined_and_a_compound_keeps_its_hyphen():
    text = _text(
        "BT /F1 10 Tf 12 TL 72 720 Td (Rename the file and update the infor-) Tj T* "
        "(mation on the title page; numerical author-) Tj T* (year citations are the default.) Tj ET"
    )
    assert "update the information on the title page" in text
    assert "numerical author-year citations" in text


def test_a_running_foot_with_a_chapter_title_beside_it_is_no_text(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    chapters = ["Chapter 1 Introduction", "Chapter 2 Graphics", "Appendix A Demos"]
    bodies = ["The canvas keeps the state of its Quillon tools.", "Every path is closed by the fill.",
              "The demos draw a clock and a chart."]
    streams = [
        f"BT /F1 10 Tf 12 TL 72 720 Td ({body}) Tj T* (It says so on page {n} of the guide.) Tj T* "
        "(The rest of the page explains it further.) Tj T* (Nothing else is on it.) Tj ET "
        f"BT /F1 9 Tf 72 40 Td (User Guide) Tj ET BT /F1 9 Tf 400 40 Td ({chapter}) Tj ET "
        f"BT /F1 9 Tf 280 20 Td (Page {n}) Tj ET"
        for n, (chapter, body) in enumerate(zip(chapters, bodies), start=1)
    ]
    (root / "guide.pdf").write_bytes(pdf_of_streams(streams))
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    text = " ".join(p.text for p in index.passages)
    assert "Quillon tools" in text and "draw a clock" in text
    assert "User Guide" not in text and "Page 2" not in text


def test_a_raised_footnote_mark_is_dropped_and_an_exponent_kept():
    text = _text(
        "BT /F1 10 Tf 12 TL 72 720 Td (Details are on the journal website) Tj /F1 7 Tf 3.5 Ts (2) Tj "
        "0 Ts /F1 10 Tf (. A speed is given in km s) Tj /F1 7 Tf 3.5 Ts (-1) Tj 0 Ts /F1 10 Tf ( here.) Tj ET"
    )
    assert "journal website. A speed" in text
    assert "km s-1 here." in text
