"""PDF, Word and HTML files: answered with a quote from the right file, cited in the extraction."""

import io
import json
import zipfile

import pytest

from nkqa import Index, Settings
from nkqa.cleaning import clean
from nkqa.cli import main
from nkqa.formats import UnreadableFile, extract

from conftest import FakeEmbedder


def make_pdf(pages: list[list[str]]) -> bytes:
    """A small PDF whose pages hold these lines of text (Helvetica), written by hand."""
    return pdf_of_streams(
        ["\n".join(["BT /F1 12 Tf 14 TL 72 720 Td"] + [f"({line}) Tj T*" for line in lines] + ["ET"]) for lines in pages]
    )


def pdf_of_streams(streams: list[str], font: str = "") -> bytes:
    """A PDF whose pages draw these content streams, font ``/F1`` being Helvetica (with the
    entries ``font`` adds to its dictionary)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica {font}>>"]
    kids = []
    for stream in streams:
        objects.append(f"<< /Length {len(stream.encode())} >>\nstream\n{stream}\nendstream")
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


HTML = """<html><head><title>Festival</title><style>body { color: red }</style>
<script>var tracking = "Trackerscript fires here";</script></head><body>
<nav><a href="/">Home</a> | <a href="/about">About Navlinkword</a> | Menu</nav>
<div class="cookie-banner">We use cookies. Accept all Cookiebannerword cookies to continue.</div>
<article><h1>The Zorblat festival</h1>
<p>The Zorblat festival is held every March in Battambang, and it draws twelve thousand visitors each year.</p>
<p>Organisers said the 2019 edition raised forty thousand dollars for the local school, a record for the town.</p>
</article>
<footer>Copyright 2024 Example News. Footerword. All rights reserved.</footer></body></html>"""


@pytest.fixture
def mixed(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "report.pdf").write_bytes(make_pdf([
        ["Annual report of the Quillon Harbour Authority.", "The harbour opened in 1923."],
        ["The harbour master is Edda Varnholt.", "She was appointed in 2015 by the council."],
    ]))
    (root / "minutes.docx").write_bytes(make_docx([
        "Minutes of the Brackwater council meeting.",
        "The council approved a budget of 3.2 million crowns for the new Brackwater bridge.",
        "The bridge will be built by the Ostrel Construction Company.",
    ]))
    (root / "festival.html").write_text(HTML, encoding="utf-8")
    (root / "notes.md").write_text("# Notes\n\nThe Pellarin lighthouse was painted green in 1988 by volunteers.\n")
    return root


def test_a_question_about_each_format_is_answered_from_its_file(mixed):
    index = Index.build(mixed, embedder=FakeEmbedder(), progress=False)
    cases = {
        "Who is the harbour master?": ("report.pdf", "Edda Varnholt"),
        "Which company will build the Brackwater bridge?": ("minutes.docx", "Ostrel Construction Company"),
        "How many visitors does the Zorblat festival draw each year?": ("festival.html", "twelve thousand"),
        "When was the Pellarin lighthouse painted green?": ("notes.md", "1988"),
    }
    for question, (source, fact) in cases.items():
        answer = index.ask(question, mode="bm25")
        assert answer.supported and fact in answer.answer, (question, answer.reason)
        citation = answer.answer_citation
        assert citation.source == source and citation.verbatim and not citation.stale
        # The quote is at the cited place of the extracted text.
        document = index.document(source)
        assert fact in clean(document.text[citation.start_char : citation.end_char])


def test_a_pdf_citation_gives_its_page_and_the_lines_within_it(mixed):
    index = Index.build(mixed, embedder=FakeEmbedder(), progress=False)
    citation = index.ask("Who is the harbour master?", mode="bm25").answer_citation
    assert citation.page == 2 and citation.start_line == 1 and citation.extraction == "pdf text (pdfium)"
    assert citation.location.startswith("report.pdf:p2:1")
    first = index.search("When did the harbour open?", 1, "bm25")[0].citation
    assert first.page == 1


def test_no_html_boilerplate_is_indexed(mixed):
    index = Index.build(mixed, embedder=FakeEmbedder(), progress=False)
    text = " ".join(p.text for p in index.passages)
    for word in ("Trackerscript", "Navlinkword", "Cookiebannerword", "Footerword", "color: red"):
        assert word not in text
    assert "twelve thousand visitors" in text


def test_formats_survive_save_and_load(mixed, tmp_path):
    index = Index.build(mixed, embedder=FakeEmbedder(), progress=False)
    index.save(tmp_path / "index")
    loaded = Index.load(tmp_path / "index", embedder=FakeEmbedder())
    hit = loaded.search("harbour master Edda Varnholt", 1, "bm25")[0]
    assert hit.citation.page == 2 and hit.citation.verbatim and not hit.citation.stale


def test_unreadable_files_of_each_format_are_skipped_with_a_reason(tmp_path, capsys):
    from pypdf import PdfWriter

    root = tmp_path / "bad"
    root.mkdir()
    (root / "good.md").write_text("A good file says enough about the matter.\n")
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    blank = io.BytesIO()
    writer.write(blank)
    (root / "scan.pdf").write_bytes(blank.getvalue())
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)
    (root / "locked.pdf").write_bytes(locked.getvalue())
    (root / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (60 * 2**20))
    (root / "bomb.docx").write_bytes(bomb.getvalue())
    (root / "fake.docx").write_bytes(b"not a zip at all")
    (root / "empty.html").write_text("<html><head><script>var x = 1;</script></head><body></body></html>")
    (root / "data.xyz").write_text("unknown")
    assert main(["stats", "--corpus", str(root), "--json"]) == 0
    skipped = {s["source"]: s["reason"] for s in json.loads(capsys.readouterr().out)["skipped"]}
    assert skipped["scan.pdf"] == "PDF without a text layer"
    assert skipped["locked.pdf"] == "encrypted PDF"
    assert skipped["broken.pdf"].startswith("unreadable PDF")
    assert skipped["fake.docx"] == "not a DOCX (no zip inside)"
    assert skipped["empty.html"] == "HTML without main text"
    assert skipped["data.xyz"] == "unsupported type (.xyz)"
    assert "zip bomb" in extract_reason("bomb.docx", (root / "bomb.docx").read_bytes(), 2**20)


def extract_reason(name, data, limit):
    with pytest.raises(UnreadableFile) as caught:
        extract(name, data, limit)
    return str(caught.value)


def test_html_with_deeply_nested_tags_is_read_or_skipped_not_crashed(tmp_path):
    deep = "<div>" * 100_000 + "The Zorblat festival is held in March every year." + "</div>" * 100_000
    try:
        extracted = extract("deep.html", f"<html><body>{deep}</body></html>".encode(), 2**30)
    except UnreadableFile as error:
        assert "HTML" in str(error)
    else:
        assert "Zorblat" in extracted.text or extracted.text == ""


def test_a_page_trafilaturas_fast_mode_finds_nothing_in_is_read_by_its_fallbacks():
    import trafilatura

    items = "".join(
        f'<li class="chapter-item"><a href="ch{n}.html"><strong>{n}.</strong> Chapter {n} on the tides of Quillon</a></li>'
        for n in range(1, 15)
    )
    page = f'<!DOCTYPE HTML><html><head><meta charset="UTF-8"></head><body class="toc"><ol>{items}</ol></body></html>'
    options = {"output_format": "markdown", "include_tables": True, "favor_precision": True}
    assert trafilatura.extract(page, fast=True, **options) is None  # the case the fallback is there for
    extracted = extract("toc.html", page.encode(), 2**20)
    assert "Chapter 14 on the tides of Quillon" in extracted.text
    assert extracted.lines[0] == 1


def test_a_settings_size_limit_applies_to_every_format(mixed):
    with pytest.warns(UserWarning, match="larger than"):
        index = Index.build(mixed, settings=Settings(max_file_mb=0.0005), embedder=FakeEmbedder(), progress=False)
    assert {d.source for d in index.collection.documents} == {"notes.md"}


def _line_of(text, fragment):
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_an_html_citation_gives_the_lines_of_the_html_file(mixed):
    index = Index.build(mixed, embedder=FakeEmbedder(), progress=False)
    answer = index.ask("How many visitors does the Zorblat festival draw each year?", mode="bm25")
    citation = answer.answer_citation
    assert citation.start_line == _line_of(HTML, "twelve thousand") and citation.extraction.startswith("html")
    passage = index.search("Zorblat festival visitors", 1, "bm25")[0]
    assert (passage.citation.start_line, passage.citation.end_line) == (_line_of(HTML, "draws"), _line_of(HTML, "Organisers"))
    assert passage.section == "The Zorblat festival"  # the <h1>, a section and not a passage


def test_html_blocks_sharing_a_line_or_rewritten_keep_a_line_of_the_file():
    page = (
        "<html><body><article><h1>Harbour notes</h1><p>The harbour of Quillon opened in 1923 after years of work.</p>"
        "<p>Its master is Edda Varnholt, appointed by the council in 2015.</p></article></body></html>"
    )
    extracted = extract("one-line.html", page.encode(), 2**20)
    assert set(extracted.lines) == {1}  # one line in the file: every block is on it
    tall = "<html><body>\n" + "\n".join(f"<p>Paragraph number {n} says something of its own here.</p>" for n in range(40))
    extracted = extract("tall.html", (tall + "\n</body></html>").encode(), 2**20)
    for n, row in enumerate(extracted.text.split("\n")):
        if row:
            assert f">{row}<" in tall.splitlines()[extracted.lines[n] - 1]


DOCBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Chapter 5. Software</title></head><body>
<div class="navheader"><a href="index.html">Prev</a> <a href="next.html">Next</a></div>
<div class="chapter"><div class="titlepage"><div><div><h1 class="title"><a id="ch-software"></a>Chapter 5. Software</h1></div></div></div>
<div class="section"><div class="titlepage"><div><div><h2 class="title"><a id="flash"></a>5.11. Where is a player for Flash (SWF)?</h2></div></div></div><p>
Debian ships both <code class="systemitem">gnash</code><a id="idm676" class="indexterm"></a> and
<code class="systemitem">swfdec</code><a id="idm680" class="indexterm"></a>: two free SWF movie players.
</p></div>
<div class="section"><div class="titlepage"><div><div><h2 class="title"><a id="voip"></a>5.13. Where is VoIP software?</h2></div></div></div><p>
Two main open protocols are used for Voice Over IP: SIP and H.323. Both are implemented by a wide
variety of software in Debian main.</p>
<p>To check the release, use the</p><pre class="screen">
lsb_release -a
</pre><p>command. It will display the name of the distribution.</p>
<ul><li><p>ekiga is one of the popular clients.</p></li><li><p>linphone is another client.</p></li></ul>
<div class="variablelist"><dl class="variablelist"><dt><span class="term">prerm</span></dt><dd><p>
This script typically stops any daemons which are associated with a package.</p></dd>
<dt><span class="term">Freedom:</span></dt><dd><p>Debian will remain 100% free.</p></dd>
<dt><span class="term">postrm</span></dt><dd><p>This script removes files created by the package.
(Also see <a class="xref" href="pkg.html#virtual">Section 7.8, “What is a Virtual Package?”</a>.)</p></dd></dl></div></div>
</div></body></html>
"""


def test_a_docbook_page_keeps_its_headings_lists_and_anchored_paragraphs():
    # No content area trafilatura knows, an XML declaration, index-term anchors in a paragraph.
    extracted = extract("software.en.html", DOCBOOK.encode(), 2**20)
    rows = extracted.text.split("\n")
    assert "## 5.11. Where is a player for Flash (SWF)?" in rows
    assert "Debian ships both `gnash` and\n`swfdec`: two free SWF movie players." in extracted.text
    assert "- ekiga is one of the popular clients." in rows
    assert "Prev" not in extracted.text
    # A definition list's term runs into its definition, which alone would not say it.
    assert "prerm: This script typically stops any daemons which are associated with a package." in rows
    assert "Freedom: Debian will remain 100% free." in rows
    # A command on a line of its own inside a sentence stays in it.
    assert "To check the release, use the `lsb_release -a` command. It will display the name of the distribution." in rows
    # A short definition with a cross-reference is no link list.
    assert "postrm: This script removes files created by the package. (Also see Section 7.8, " in extracted.text
    flash = rows.index("## 5.11. Where is a player for Flash (SWF)?")
    assert extracted.lines[flash] == _line_of(DOCBOOK, "5.11.")  # lines of the file, not all 1


RST = """\
.. _top:

=======
Project
=======

The project indexes folders of documents for careful readers.

Installation
============

Install it with pip, which fetches every dependency it needs::

    pip install zorblat-project

.. code-block:: python
   :linenos:

   import zorblat
   zorblat.run()

.. This comment about Commentword is not content.

.. note::

   The project needs Python 3.11 or newer to run well on every machine.

From source
-----------

+----------+-----------+
| Branch   | Status    |
+==========+===========+
| main     | stable    |
+----------+-----------+

Usage
=====

Run the tool on a folder of documents to index every one of them.
"""


def test_restructuredtext_sections_code_and_tables(make_corpus):
    index = Index.build(make_corpus({"guide.rst": RST}), embedder=FakeEmbedder(), progress=False)
    by_text = {p.text: p for p in index.passages}
    assert "Commentword" not in " ".join(by_text) and "linenos" not in " ".join(by_text)
    code = next(p for p in index.passages if "zorblat.run()" in p.text)
    assert code.section == "Project › Installation" and "needs" not in code.text
    assert "pip install zorblat-project" not in code.text
    # The literal block is packed with the paragraph that introduces it, and nothing after it.
    literal = next(p for p in index.passages if "pip install zorblat-project" in p.text)
    assert literal.text == "Install it with pip, which fetches every dependency it needs:: pip install zorblat-project"
    usage = next(p for p in index.passages if p.text.startswith("Run the tool"))
    assert usage.section == "Project › Usage"
    table = next(p for p in index.passages if "Branch" in p.text)
    assert table.section == "Project › Installation › From source" and "Run the tool" not in table.text
    note = next(p for p in index.passages if "Python 3.11" in p.text)
    assert note.citations[0].start_line == _line_of(RST, "Python 3.11")
    assert all(p.text not in ("Project", "Installation", "Usage") for p in index.passages)


def test_a_hyperlink_target_ends_at_a_blank_line_and_a_comment_does_not(make_corpus):
    # As docutils reads them: the table after a target's URL is content (Babel's number
    # pattern table follows one), the indented text after a comment's blank line is not.
    rst = (
        "Patterns\n========\n\nThe table gives an overview of the pattern symbols.\n\n"
        " .. _`Markup specification`:\n    https://example.org/spec\n\n"
        "  +----------+-----------------------+\n  | Symbol   | Description           |\n"
        "  +==========+=======================+\n  | ``%``    | Multiply by 100       |\n"
        "  +----------+-----------------------+\n\n"
        ".. a comment\n\n   Zorblat internal remark that no reader sees.\n\nClosing words of the page here.\n"
    )
    index = Index.build(make_corpus({"numbers.rst": rst}), embedder=FakeEmbedder(), progress=False)
    text = " ".join(p.text for p in index.passages)
    assert "Multiply by 100" in text
    assert "example.org" not in text and "Zorblat" not in text
    assert "Closing words of the page here." in text


RST_API = """\
API
===

.. toctree::
   :maxdepth: 2

   installation
   usage

.. autofunction:: zorblat.define

.. function:: mutable(same_as_define)

   Same as the define decorator, for classes whose instances change.

   .. versionadded:: 20.1.0

.. py:data:: NO_OP

   Sentinel that turns the class-wide hooks off for one attribute.

   .. doctest::

     >>> frobnicate(quux=NO_OP)
     42

   .. tip::
      Freeze whole classes with the frozen decorator; it is faster.

   .. versionchanged:: 21.3.0
      The sentinel works with nested hooks.

Plain prose after the reference entries closes them.
"""


def test_restructuredtext_directives_nest_and_name_their_body(make_corpus):
    index = Index.build(make_corpus({"api.rst": RST_API}), embedder=FakeEmbedder(), progress=False)
    texts = " ".join(p.text for p in index.passages)
    assert "installation" not in texts and "maxdepth" not in texts  # a toctree is no prose
    same = next(p for p in index.passages if p.text.startswith("Same as the define"))
    # An object description names its body's section; its version line is prose.
    assert same.section == "API › mutable(same_as_define)" and "versionadded 20.1.0" in same.text
    code = next(p for p in index.passages if "frobnicate" in p.text)
    assert code.section == "API › NO_OP" and "Sentinel" not in code.text and "Freeze" not in code.text
    tip = next(p for p in index.passages if "Freeze whole classes" in p.text)
    assert tip.section == "API › NO_OP" and "frobnicate" not in tip.text
    changed = next(p for p in index.passages if "nested hooks" in p.text)
    assert "versionchanged 21.3.0 The sentinel works with nested hooks." in changed.text
    assert changed.citations[0].start_line <= _line_of(RST_API, "versionchanged")
    after = next(p for p in index.passages if p.text.startswith("Plain prose"))
    assert after.section == "API"


def test_parsed_files_are_extracted_once_then_read_from_the_cache(mixed, tmp_path, monkeypatch):
    import nkqa.extraction_cache as cache_module

    monkeypatch.setenv("NKQA_CACHE_DIR", str(tmp_path / "cache"))
    parsed = []
    real = cache_module.extract
    monkeypatch.setattr(cache_module, "extract", lambda name, data, limit: parsed.append(name) or real(name, data, limit))
    first = Index.build(mixed, embedder=FakeEmbedder(), progress=False)
    assert sorted(parsed) == ["festival.html", "minutes.docx", "notes.md", "report.pdf"]
    parsed.clear()
    first.save(tmp_path / "index")
    again = Index.build(mixed, embedder=FakeEmbedder(), progress=False)
    Index.load(tmp_path / "index", embedder=FakeEmbedder())
    assert parsed == ["notes.md", "notes.md"]  # markdown is decoded, never cached; the rest is
    assert [p.citations for p in again.passages] == [p.citations for p in first.passages]
    entries = list((tmp_path / "cache" / "extracted").glob("*/*.json"))
    assert len(entries) == 3
    for entry in entries:
        entry.write_text("{not json")  # a broken entry is parsed again
    (mixed / "festival.html").write_text(HTML.replace("twelve thousand", "fifteen thousand"), encoding="utf-8")
    parsed.clear()
    changed = Index.build(mixed, embedder=FakeEmbedder(), progress=False)
    assert sorted(parsed) == ["festival.html", "minutes.docx", "notes.md", "report.pdf"]
    assert "fifteen thousand" in " ".join(p.text for p in changed.passages)


RST_FOOTNOTES = """\
Tokens
======

The timezone token reads zone names [#t4]_ and the timestamp token reads seconds [1]_.

.. [#t4] zone names come from the tz database; abbreviations such as MST
   are unlikely to parse due to ambiguity.
.. [1] this token cannot be used for parsing timestamps out of prose.

.. _a-target: https://example.org/
"""


def test_restructuredtext_footnotes_are_prose_without_their_labels(make_corpus):
    index = Index.build(make_corpus({"tokens.rst": RST_FOOTNOTES}), embedder=FakeEmbedder(), progress=False)
    text = " ".join(p.text for p in index.passages)
    assert "reads zone names and the timestamp token reads seconds." in text
    # A footnote's indented line belongs to it; its label is markup; a target stays out.
    assert "abbreviations such as MST are unlikely to parse due to ambiguity." in text
    assert "this token cannot be used for parsing timestamps out of prose." in text
    assert "[#t4]" not in text and "[1]" not in text and "example.org" not in text
    zone = next(p for p in index.passages if "MST" in p.text)
    assert zone.citations[0].end_line >= _line_of(RST_FOOTNOTES, "are unlikely to parse")
