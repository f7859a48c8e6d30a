"""Plain text's structure: setext and numbered headings, a table of contents."""

import pytest

from nkqa import Index
from nkqa.markdown import Lines

from conftest import FakeEmbedder

_HISTORY = """\
                      A Brief History of Quillon

Table of Contents

1. Introduction
    1.1. Pronouncing Quillon
2. Leadership

Chapter 1. Introduction

    Quillon is a volunteer project that makes a small operating system.

1.1. Pronouncing Quillon

    The official pronunciation of Quillon is 'kwee yon'. The name comes from
    a sword guard.

Chapter 2. Leadership

    Marta Oyelaran led Quillon from April 2010 until April 2013.

    Steps to follow:

    1. Read the guide
    2. Ask the list
"""

_DEDICATION = """\
Dedicated to Tomas Varga
------------------------

Tomas Varga passed away at 21 years of age, in the town where he was born.
"""


@pytest.fixture
def history(tmp_path):
    root = tmp_path / "history"
    root.mkdir()
    (root / "history.txt").write_text(_HISTORY, encoding="utf-8")
    (root / "dedication.txt").write_text(_DEDICATION, encoding="utf-8")
    return root


def _kinds(text: str, source: str, **options) -> list[str]:
    lines = Lines(source, text=text, **options)
    rows = text.splitlines(keepends=True)
    return [lines.kind(line, following) for line, following in zip(rows, [*rows[1:], ""])]


def test_numbered_headings_of_their_own_name_sections_and_the_contents_is_skipped(history):
    index = Index.build(history, embedder=FakeEmbedder(), progress=False)
    text = " ".join(p.text for p in index.passages)
    # Neither the headings nor the contents' entries that repeat them are passages' text.
    assert "Pronouncing" not in text and "Leadership" not in text
    sections = {p.section for p in index.passages if "pronunciation" in p.text or "Oyelaran" in p.text}
    assert sections == {"Chapter 1. Introduction › 1.1. Pronouncing Quillon", "Chapter 2. Leadership"}
    # A list's items, no paragraph of their own, stay text.
    assert "Read the guide" in text and "Ask the list" in text


def test_a_setext_heading_names_its_section():
    kinds = _kinds(_DEDICATION, "dedication.txt")
    assert kinds[:2] == ["heading", "skip"] and kinds[3] == "text"
    lines = Lines("notes.md", text="")
    assert lines.kind("Install\n", "=======\n") == "heading" and lines.section == "Install"
    # An underline after a paragraph's last line would take it from its paragraph; and in
    # markdown extracted from HTML, a rule after a paragraph is no underline.
    assert _kinds("One line\ngoes on here\n---\n", "notes.md")[1] == "text"
    assert _kinds("\nInstall\n---\n", "page.html", markdown=True)[1] == "text"


def test_a_numbered_line_is_a_heading_only_in_plain_text_and_alone():
    text = "Intro.\n\n2. Leadership\n\nText.\n"
    assert _kinds(text, "a.txt")[2] == "heading"
    assert _kinds(text, "a.md")[2] == "text"
    assert _kinds("Intro.\n2. Leadership\n\nText.\n", "a.txt")[1] == "text"


def test_a_setext_heading_is_no_text_of_the_passages_it_heads(history):
    index = Index.build(history, embedder=FakeEmbedder(), progress=False)
    (passage,) = [p for p in index.passages if p.citation.source == "dedication.txt"]
    assert passage.section == "Dedicated to Tomas Varga"
    assert passage.text.startswith("Tomas Varga passed away") and "---" not in passage.text


def test_files_whose_name_says_no_type_are_read_as_plain_text(tmp_path):
    root = tmp_path / "licenses"
    root.mkdir()
    (root / "Quillon-2.0").write_text(_HISTORY, encoding="utf-8")
    (root / "DEDICATION").write_text(_DEDICATION, encoding="utf-8")
    (root / "build").write_text("#!/bin/sh\necho Tomas Varga\n", encoding="utf-8")
    (root / "tool").write_bytes(b"\x7fELF\x00\x01")
    (root / "photo.jpg").write_bytes(b"\xff\xd8")
    with pytest.warns(UserWarning) as caught:
        index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    assert {p.citation.source for p in index.passages} == {"Quillon-2.0", "DEDICATION"}
    warned = str(caught[0].message)
    assert "build: a script (#!), not a document" in warned
    assert "tool: binary file" in warned and "photo.jpg: unsupported type (.jpg)" in warned
    # Read with plain text's structure, as a .txt file is.
    sections = {p.section for p in index.passages if p.citation.source == "Quillon-2.0"}
    assert "Chapter 1. Introduction › 1.1. Pronouncing Quillon" in sections
    assert _kinds("Intro.\n\n2. Leadership\n\nText.\n", "COPYING")[2] == "heading"


_RFC_PAGE = """\
RFC 9999                    Quillon Framing                    May 2031


{number}. {title}

   The Quillon framing carries {what} in pages of at most 4096 bytes, and each
   page of {what} begins with the magic string "QuiL".


Lantern                      Informational                      [Page {page}]
\f
"""


def test_paginated_plain_text_drops_its_running_heads_and_its_contents_lines(tmp_path):
    contents = "Table of Contents\n\n   1. Audio . . . . . . . . . . . . . . . . .   1\n   2. Video . . . . . . . .   2\n\n"
    pages = [
        _RFC_PAGE.format(number=n, title=title, what=what, page=n)
        for n, title, what in [(1, "Audio", "sound"), (2, "Video", "pictures"), (3, "Text", "captions"), (4, "Data", "bytes")]
    ]
    (tmp_path / "rfc9999.txt").write_text(contents + "".join(pages), encoding="utf-8")
    index = Index.build(tmp_path, embedder=FakeEmbedder(), progress=False)
    texts = [p.text for p in index.passages]
    assert not any("RFC 9999" in t or "[Page" in t or ". . . ." in t for t in texts), texts
    carrying = [p for p in index.passages if "carries" in p.text]
    assert [p.section for p in carrying] == ["1. Audio", "2. Video", "3. Text", "4. Data"]
    assert carrying[0].text.endswith('page of sound begins with the magic string "QuiL".')
    # Without form feeds the same lines are text: nothing marks them as a page's furniture.
    (tmp_path / "rfc9999.txt").write_text("".join(pages).replace("\f\n", ""), encoding="utf-8")
    assert any("RFC 9999" in p.text for p in Index.build(tmp_path, embedder=FakeEmbedder(), progress=False).passages)
