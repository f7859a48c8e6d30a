"""A Word document's headings and tables: sections named, tables read (python-docx's paragraphs alone miss them)."""

import io

import pytest

from nkqa import Index
from nkqa.formats import DOCX_EXTRACTION, extract

from conftest import FakeEmbedder


def make_manual() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Key shortcuts", level=1)
    document.add_paragraph("The Quillon viewer answers to the following keys in every window of its interface.")
    table = document.add_table(rows=4, cols=2)
    rows = [("Key", "Shortcut"), ("F9", "Toggle the world map and the sky map."), ("Ctrl + N", "Night vision"),
            ("Ctrl + O", "Open a Brackwater orbit file")]
    for row, (key, action) in zip(table.rows, rows):
        row.cells[0].text, row.cells[1].text = key, action
    document.add_heading("Development", level=2)
    document.add_paragraph("The Quillon viewer is written in C++ with the Qt library and built with Qt Creator.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def manual(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "manual.docx").write_bytes(make_manual())
    return root


def test_tables_and_headings_are_extracted_as_markdown():
    extracted = extract("manual.docx", make_manual(), 10**7)
    assert extracted.extraction == DOCX_EXTRACTION
    assert "# Key shortcuts" in extracted.text and "## Development" in extracted.text
    assert "| Ctrl + N | Night vision |" in extracted.text


def test_a_table_cell_answers_and_is_cited_under_its_heading(manual):
    index = Index.build(manual, embedder=FakeEmbedder(), progress=False)
    answer = index.ask("Which key turns on night vision in the Quillon viewer?", mode="bm25")
    assert answer.supported, answer.reason
    assert "| Ctrl + N | Night vision |" in answer.answer
    assert answer.passages[0].section == "Key shortcuts"
    sections = {p.section for p in index.passages}
    assert "Key shortcuts › Development" in sections
