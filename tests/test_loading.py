import os

import pytest

from nkqa.boilerplate import is_boilerplate_line
from nkqa.errors import CorpusError, SkippedFileWarning
from nkqa.loading import load_folder, split_paragraphs


@pytest.mark.parametrize(
    "line",
    ["Error message", "top of page", "  • Grey Facebook Icon", "EWC logo", "East-West Center logo",
     "Format", "Electronic", "Pages", "2", "(c) 2017 Channel News Asia",
     "Follow Genocide Watch for more updates:", "Asia Pacific Bulletin Asia Pacific Bulletin"],
)
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    ["The Angkor Panorama Museum is one of North Korea's soft power projections.",
     "He was a pop icon of his time, loved by millions of fans.", "Format your answers clearly, please.",
     "The museum opened in 2015. The museum opened in 2015."],
)
def test_content_lines_are_kept(line):
    assert not is_boilerplate_line(line)


def test_paragraphs_skip_boilerplate_and_fragments(make_corpus):
    root = make_corpus({"a.md": "Error message\n\nTitle Title\nFormat\nPages\n2\n\nBy Someone\n\n"
                                "First paragraph has\ntwo lines.\n\nSecond one here, short.\n"})
    (doc,) = load_folder(root)
    paragraphs, dropped = split_paragraphs(doc)
    assert [p.text for p in paragraphs] == ["First paragraph has two lines.", "Second one here, short."]
    assert dropped == 6  # five boilerplate lines and the byline fragment
    first = paragraphs[0]
    start, end = first.raw_span(0, len(first.text))
    assert doc.text[start:end] == "First paragraph has\ntwo lines."
    assert (doc.line_of(start), doc.line_of(end - 1)) == (10, 11)


def test_recursive_sorted_and_only_text_files(make_corpus):
    root = make_corpus({"b.txt": "Bee text is here.", "a/z.md": "Zed text is here.", "c.csv": "nope", "sources.json": "{}"})
    with pytest.warns(SkippedFileWarning, match=r"skipped 1 file \(c\.csv: unsupported type"):
        assert [d.source for d in load_folder(root)] == ["a/z.md", "b.txt"]


def test_bad_files_are_skipped_with_a_warning(make_corpus):
    root = make_corpus({"good.txt": "A good file with words.", "latin1.txt": "caf\xe9".encode("latin-1"),
                        "bin.txt": b"\x00\x01\x02abc"})
    with pytest.warns(SkippedFileWarning) as caught:
        docs = load_folder(root)
    assert [d.source for d in docs] == ["good.txt"]
    messages = " ".join(str(w.message) for w in caught)
    assert "latin1.txt" in messages and "bin.txt" in messages


def test_symlink_out_of_the_folder_is_not_followed(make_corpus, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret text outside the corpus.")
    root = make_corpus({"in.txt": "Inside text is here."})
    os.symlink(outside, root / "link.txt")
    with pytest.warns(SkippedFileWarning, match="link.txt"):
        docs = load_folder(root)
    assert [d.source for d in docs] == ["in.txt"]


def test_missing_and_empty_folders_raise(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_folder(tmp_path / "nope")
    with pytest.raises(CorpusError, match="no readable documents"):
        load_folder(tmp_path)


def test_titles_come_from_sources_json(make_corpus):
    root = make_corpus({"a.txt": "Some text that is here.", "sources.json": '{"a.txt": {"title": "A Title"}}'})
    assert load_folder(root)[0].title == "A Title"


def test_a_paragraph_that_is_one_code_span_is_kept_though_short(make_corpus):
    # "``pip install bidict``" under "Installation" is the command a reader asks for; a short
    # line without a stop and without code markup is still a fragment.
    root = make_corpus({"a.md": "## Installation\n\n`pip install zorblat`\n\nRead more\n\n``two`` words\n"})
    (doc,) = load_folder(root)
    paragraphs, dropped = split_paragraphs(doc)
    assert [p.text for p in paragraphs] == ["`pip install zorblat`"]
    assert paragraphs[0].section == "Installation" and dropped == 2


def test_lines_of_html_tags_are_dropped_and_do_not_join_their_neighbours(make_corpus):
    readme = (
        "# Zorblat\n\n*zorblat should be everywhere.*\n"
        '<a href="https://pypi.org/project/zorblat/"><img src="https://img.shields.io/pypi/v/zorblat.svg"></a>\n'
        "<p align=\"center\">\n  <img width=\"350\" src='logo.png' alt='Zorblat'>\n</p>\n\n"
        "**Zorblat** is a set of over 230 utilities.\n\n"
        "```pycon\n>>> zorblat.get('x')\n<Response [200 OK]>\n```\n\n<Response [200 OK]> is what it prints.\n"
    )
    (doc,) = load_folder(make_corpus({"README.md": readme}))
    paragraphs, dropped = split_paragraphs(doc)
    texts = [p.text for p in paragraphs]
    assert texts[0] == "zorblat should be everywhere." and dropped == 4
    assert "Zorblat is a set of over 230 utilities." in texts
    # A REPL's output is no HTML tag, in code or in prose.
    assert any("<Response [200 OK]>" in t and "zorblat.get" in t for t in texts)
    assert "<Response [200 OK]> is what it prints." in texts
