"""Two processes, a killed build, and property-based checks of dedup and chunking."""

import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nkqa import Index
from nkqa.chunking import DEFAULT_MAX_CHARS, chunk_paragraph
from nkqa.cleaning import clean
from nkqa.collection import build_collection
from nkqa.loading import load_folder, split_paragraphs

from conftest import CORPUS, REPO, FakeEmbedder

PRELUDE = textwrap.dedent(
    f"""
    import sys, time
    sys.path.insert(0, {str(REPO / "tests")!r})
    import nkqa.index, nkqa.api, nkqa.persistence
    from conftest import FakeEmbedder
    nkqa.index.query_embedder = lambda model=None: FakeEmbedder()
    """
)


def _python(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", PRELUDE + code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_building_the_same_cache_both_succeed(tmp_path):
    code = f"index = nkqa.api.load_index({str(CORPUS)!r}, cache_dir={str(tmp_path)!r}); print(len(index.passages), index.passages[-1].id)"
    first, second = _python(code), _python(code)
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert outputs[0][0] == outputs[1][0]
    entries = [p for p in tmp_path.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(entries) == 1
    Index.load(entries[0])


def test_killing_a_save_halfway_leaves_the_previous_index_usable(tmp_path):
    folder = tmp_path / "index"
    original = Index.build(CORPUS, embedder=FakeEmbedder(), progress=False)
    original.save(folder)
    code = f"""
swap = nkqa.atomic._swap
def slow_swap(staging, target):
    print("writing", flush=True)
    time.sleep(60)
    swap(staging, target)
nkqa.atomic._swap = slow_swap
index = nkqa.index.Index.build({str(CORPUS)!r}, settings=nkqa.index.Settings(max_chars=300), progress=False)
index.save({str(folder)!r})
"""
    process = _python(code)
    assert process.stdout.readline().strip() == "writing"  # staged files written, not yet swapped
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    loaded = Index.load(folder, embedder=FakeEmbedder())
    assert loaded.passages == original.passages


sentences = st.sampled_from([
    "The museum was built in 2015 by a North Korean group.",
    "Cambodia expelled 115 workers in January.",
    "Trade fell to $2 million, of which US$1.88 million were exports.",
    "“We just play,” said the coach of the club.",
    "Singapore hosted the summit on June 12.",
    "The restaurant accepted only U.S. dollars.",
])
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
corpora = st.lists(st.lists(paragraphs, min_size=1, max_size=5), min_size=1, max_size=3)


def _write(root, files):
    root.mkdir()
    for number, paras in enumerate(files):
        (root / f"f{number}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpora)
def test_dedup_keeps_every_location_and_is_idempotent(tmp_path, files):
    base = Path(tempfile.mkdtemp(dir=tmp_path))
    root = base / "c"
    _write(root, files)
    collection = build_collection(root, max_chars=120)
    cited = {(c.source, c.start_char, c.end_char) for p in collection.passages for c in p.citations}
    spans = []
    for document in load_folder(root):
        for paragraph in split_paragraphs(document)[0]:
            for chunk in chunk_paragraph(paragraph, 120):
                spans.append((document.source, *chunk.raw_span()))
    # Every chunk of every paragraph lies inside a citation (packed blocks cite
    # several), and citations start and end on chunk boundaries.
    for source, start, end in spans:
        assert any(s == source and a <= start and end <= b for s, a, b in cited)
    starts = {(s, a) for s, a, _ in spans}
    ends = {(s, b) for s, _, b in spans}
    assert all((s, a) in starts and (s, b) in ends for s, a, b in cited)
    again = base / "again"
    _write(again, [[p.text] for p in collection.passages])
    stats = build_collection(again, max_chars=120).stats
    assert sum(s.exact_duplicates + s.near_duplicates for s in stats) == 0


words = st.sampled_from(["alpha", "beta.", "Gamma,", "U.S.", "$1.88", "“quote”", "**bold**", "end!", "x"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(words, min_size=1, max_size=200), st.integers(20, 200))
def test_chunk_spans_cover_their_text(tmp_path, tokens, max_chars):
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    (root / "a.txt").write_text(" ".join(tokens) + " closing words here.", encoding="utf-8")
    (document,) = load_folder(root)
    (paragraph,) = split_paragraphs(document)[0]
    chunks = chunk_paragraph(paragraph, max_chars)
    assert " ".join(c.text for c in chunks) == paragraph.text
    for chunk in chunks:
        start, end = chunk.raw_span()
        assert clean(document.text[start:end]) == chunk.text


def test_a_ten_megabyte_file_without_line_breaks_is_indexed(tmp_path):
    root = tmp_path / "big"
    root.mkdir()
    rng = random.Random(0)
    vocabulary = [f"w{i}" for i in range(50_000)]
    text = " ".join(rng.choice(vocabulary) for _ in range(1_800_000))[:10_000_000]
    (root / "big.txt").write_text(text, encoding="utf-8")
    index = Index.build(root, embedder=FakeEmbedder(), embed=False, progress=False)
    assert index.passages and all(len(p.text) <= DEFAULT_MAX_CHARS for p in index.passages)
    assert len(index.passages) > 10_000
    assert len(index.search("w1 w2 w3", k=3, mode="bm25")) == 3


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_the_cleaning_map_stays_inside_the_raw_text_on_any_unicode(raw):
    from nkqa.cleaning import clean, clean_with_map

    cleaned = clean_with_map(raw)
    assert clean(raw) == cleaned.text and clean(cleaned.text) == cleaned.text
    assert len(cleaned.starts) == len(cleaned.ends) == len(cleaned.text)
    if cleaned.text:
        assert 0 <= cleaned.starts.min() and cleaned.ends.max() <= len(raw)
        assert (cleaned.starts < cleaned.ends).all()
        assert (np.diff(cleaned.starts) >= 0).all() and (np.diff(cleaned.ends) >= 0).all()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=80), min_size=1, max_size=12), st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\u2028"]))
def test_paragraph_citations_clean_back_to_their_text_on_any_unicode(lines, newline):
    from nkqa.cleaning import clean
    from nkqa.loading import Document, split_paragraphs

    raw = newline.join(lines)
    document = Document("any.txt", raw, "", None)
    for paragraph in split_paragraphs(document)[0]:
        start, end = paragraph.raw_span(0, len(paragraph.text))
        assert 0 <= start < end <= len(raw)
        assert clean(raw[start:end]) == paragraph.text
        citation = document.citation(start, end)
        assert 1 <= citation.start_line <= citation.end_line


_LINE_PARTS = st.sampled_from(
    ["word", "Word", " ", "  ", "\t", "**bold**", "*em*", "[link](http://x)", "\\$", "mailto:a@b.c", "# ", "## ",
     "\u200b", "\u00ad", "\u0301", "e\u0301", "\uff03 ", "\uff0a", "\u00a0", "\u3000", "\x1f", "\x0b", "1.5", "|", "```",
     "caf\u00e9", "\u0627\u0644", "-", ".", ":", "~~~", "```py", "```{note}", "```{code-block} py", ".. code-block:: sh", "   :linenos:", "> ", ">", ">>> ",
     # reStructuredText directives, nested by indentation: "   " above indents them.
     ".. ", "::", ".. versionadded:: ", ".. note::", ".. doctest::", ".. function:: f(x)", ".. toctree::",
     ":maxdepth: 2", "\u2025 "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_LINE_PARTS, max_size=12).map("".join), max_size=40), st.sampled_from(["a.txt", "a.md", "a.rst"]))
def test_cleaning_a_window_of_lines_equals_cleaning_each_paragraph(lines, name):
    from unittest import mock

    import nkqa.cleaning
    from nkqa.cleaning import LineCleaner, clean, clean_with_map
    from nkqa.loading import Document, split_paragraphs

    document = Document(name, "\n".join(lines) + "\n", "x")
    alone = mock.patch.object(LineCleaner, "clean", lambda self, start, end: clean_with_map(self._text[start:end]))
    with alone:
        expected, dropped = split_paragraphs(document)
    with mock.patch.object(nkqa.cleaning, "WINDOW_CHARS", 64):  # many windows, and spans across them
        found, dropped_too = split_paragraphs(document)
    assert dropped == dropped_too and len(found) == len(expected)
    for a, b in zip(found, expected):
        assert (a.offset, a.text, a.section, a.kind) == (b.offset, b.text, b.section, b.kind)
        # Every paragraph cites raw text that cleans back to it.
        start, end = a.raw_span(0, len(a.text))
        assert clean(document.text[start:end]) == a.text
        assert np.array_equal(a.cleaned.starts, b.cleaned.starts) and np.array_equal(a.cleaned.ends, b.cleaned.ends)
