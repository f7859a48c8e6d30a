"""A PDF's layout read as its structure: running heads and feet, numbered headings, short lines."""

import pytest

from nkqa import Index
from nkqa.layout import PageLines, short_line_breaks

from conftest import FakeEmbedder
from test_formats import make_pdf

_PROSE = "The canvas draws every operation on the current page and keeps the state of its tools until"
_FOOT = ["User Guide", "Chapter 2 Graphics and Text"]


@pytest.fixture
def manual(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    pages = [
        ["Chapter 2 Graphics and Text", "2.1 Basic Concepts", _PROSE, "the page is shown.", *_FOOT, "Page 11"],
        ["2.2 Interactive Forms", "Overview of Quillon Forms",
         "Only one Quillon form is allowed in each document, and the canvas creates it on demand when",
         "you first ask for it.", *_FOOT, "Page 12"],
        ["2.3 Colors", "The canvas paints colors by name, by red, green and blue values, or by a gray level;",
         "the default alpha value of each color is one, which is fully opaque.", *_FOOT, "Page 13"],
    ]
    (root / "guide.pdf").write_bytes(make_pdf(pages))
    return root


def test_running_heads_are_no_text_and_numbered_headings_name_sections(manual):
    index = Index.build(manual, embedder=FakeEmbedder(), progress=False)
    text = " ".join(p.text for p in index.passages)
    assert "User Guide" not in text and "Page 12" not in text
    assert "2.1 Basic Concepts" not in text
    sections = {p.section for p in index.passages}
    assert sections == {
        "Chapter 2 Graphics and Text › 2.1 Basic Concepts",
        "Chapter 2 Graphics and Text › 2.2 Interactive Forms",
        "Chapter 2 Graphics and Text › 2.3 Colors",
    }


def test_a_line_that_stops_short_is_no_part_of_the_next_sentence(manual):
    index = Index.build(manual, embedder=FakeEmbedder(), progress=False)
    answer = index.ask("How many Quillon forms are allowed in each document?", mode="bm25")
    assert answer.supported, answer.reason
    assert answer.answer.startswith("Only one Quillon form is allowed"), answer.answer


def test_short_line_breaks():
    raw = "Overview of Forms\nOnly one form is allowed in each document, and it is created\nwhen you ask, or\nLater."
    # After the short heading; not inside the wrapped sentence, nor after a line ending in "or".
    assert [raw[:i].rsplit("\n", 1)[-1] for i in short_line_breaks(raw)] == ["Overview of Forms"]
    # Nor after an abbreviation that the next line goes on with.
    raw = "Author-year citations are allowed for Chaos or the journal of wide columns J.\nMath. Phys.\nThe rest is for all."
    assert [raw[:i].rsplit("\n", 1)[-1] for i in short_line_breaks(raw, width=200)] == ["Math. Phys."]


def test_page_lines_keep_a_chapter_that_runs_at_the_foot_of_its_pages():
    pages = [
        "Chapter 3 Fonts\n3.1 Unicode\nBody one is here.\nUser Guide\nChapter 3 Fonts\nPage 1\n",
        "Body two goes on.\nMore of it.\nUser Guide\nChapter 3 Fonts\nPage 2\n",
        "Chapter 4 Forms\n4.1 Fields\nBody three.\nUser Guide\nChapter 4 Forms\nPage 3\n",
        "Body four.\nUser Guide\nChapter 4 Forms\nPage 4\n",
        "Body five.\nUser Guide\nChapter 4 Forms\nPage 5\n",
    ]
    lines = PageLines("\f\n".join(pages))
    sections = []
    for line in "\f\n".join(pages).splitlines(keepends=True):
        if lines.kind(line) == "text" and line.startswith("Body"):
            sections.append(lines.section)
    assert sections == [
        "Chapter 3 Fonts › 3.1 Unicode",
        "Chapter 3 Fonts › 3.1 Unicode",
        "Chapter 4 Forms › 4.1 Fields",
        "Chapter 4 Forms › 4.1 Fields",
        "Chapter 4 Forms › 4.1 Fields",
    ]


def test_a_table_of_contents_leader_line_is_dropped(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "contents.txt").write_text(
        "The Quillon manual covers the canvas, its fonts and its forms in three chapters.\n"
        "  .  .  .  .  .  .  .  .  .  .  . 11\n"
        "Each chapter opens with a short overview of the tools it describes.\n"
    )
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    text = " ".join(p.text for p in index.passages)
    assert ". . . ." not in text and "three chapters" in text and "short overview" in text
