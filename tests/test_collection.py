import itertools

from nkqa.cleaning import clean, normalize
from nkqa.collection import build_collection
from nkqa.dedup import jaccard, shingles

from conftest import CORPUS


def _readback(collection, passage, citation):
    document = collection.document(citation.source)
    return clean(document.text[citation.start_char : citation.end_char])


def test_bundled_dedup_counts():
    stats = {s.source: s for s in build_collection(CORPUS).stats}
    # 003 and 004 carry their whole body twice; the other files have no repeats.
    assert (stats["003_2aca39ab89df4ecf.txt"].paragraphs, stats["003_2aca39ab89df4ecf.txt"].exact_duplicates) == (18, 9)
    assert (stats["004_b30c44dd19888213.txt"].paragraphs, stats["004_b30c44dd19888213.txt"].exact_duplicates) == (22, 11)
    assert sum(s.exact_duplicates + s.near_duplicates for s in stats.values()) == 20
    # The heading "## Cambodia-North Korea Relations" of 002 names a section; it is no paragraph.
    assert sum(s.paragraphs for s in stats.values()) == 148
    assert stats["001_b1c310be2106d3ba.txt"].boilerplate_lines == 7


def test_every_citation_reads_back_from_its_file(bundled_fake_index):
    collection = bundled_fake_index.collection
    for passage in collection.passages:
        for citation in passage.citations:
            assert citation.verbatim
            assert _readback(collection, passage, citation) == passage.text
            document = collection.document(citation.source)
            lines = document.text.splitlines(keepends=True)
            span_text = "".join(lines[citation.start_line - 1 : citation.end_line])
            assert document.text[citation.start_char : citation.end_char] in span_text


def test_repeated_bodies_keep_both_locations(bundled_fake_index):
    in_003 = [p for p in bundled_fake_index.passages if p.citation.source.startswith("003")]
    assert in_003 and all(len(p.citations) == 2 for p in in_003)
    first, second = in_003[0].citations
    assert second.start_line > first.end_line


def test_no_two_passages_share_text_or_are_near_duplicates(bundled_fake_index):
    passages = bundled_fake_index.passages
    assert len({normalize(p.text) for p in passages}) == len(passages)
    assert len({p.id for p in passages}) == len(passages)
    sets = [shingles(p.text) for p in passages]
    assert max(jaccard(a, b) for a, b in itertools.combinations(sets, 2)) < 0.9


def test_no_boilerplate_passage(bundled_fake_index):
    texts = {p.text for p in bundled_fake_index.passages}
    for junk in ("Error message", "top of page", "EWC logo", "Format", "2"):
        assert junk not in texts
    assert not any("Icon" in t and len(t) < 40 for t in texts)


def test_duplicates_across_files_and_near_duplicates_keep_every_location(make_corpus):
    body = ("The museum near Angkor Wat was built by a North Korean company for a reported sum of "
            "twenty four million dollars and opened to visitors in December of that year, drawing "
            "few tourists in its first months of operation according to local guides.")
    near = body.replace("company", "firm")
    root = make_corpus({"a.txt": f"{body}\n\nA different paragraph about trade volumes.\n",
                        "b.txt": f"Intro text for the second file here.\n\n{body}\n",
                        "c.txt": f"{near}\n"})
    collection = build_collection(root)
    (museum,) = [p for p in collection.passages if "museum" in p.text]
    assert [c.source for c in museum.citations] == ["a.txt", "b.txt", "c.txt"]
    assert [c.verbatim for c in museum.citations] == [True, True, False]
    assert _readback(collection, museum, museum.citations[1]) == body
    assert _readback(collection, museum, museum.citations[2]) == near
    stats = {s.source: s for s in collection.stats}
    assert (stats["b.txt"].exact_duplicates, stats["c.txt"].near_duplicates) == (1, 1)


def test_chunks_of_one_long_line_cite_distinct_columns(make_corpus):
    sentences = " ".join(f"Sentence number {i} tells of the harbour and its ships." for i in range(60))
    root = make_corpus({"long.txt": "A title line that is long enough to stay.\n" + sentences + "\n"})
    collection = build_collection(root)
    locations = [p.citation.location for p in collection.passages if p.citation.start_line == 2]
    assert len(locations) > 1 and len(set(locations)) == len(locations)
    text = (root / "long.txt").read_text()
    for passage in collection.passages:
        c = passage.citation
        if c.start_column is not None:
            line = text.splitlines()[c.start_line - 1]
            assert line[c.start_column - 1 : c.end_column] == text[c.start_char : c.end_char]


def test_markdown_headings_give_section_paths_and_never_a_passage(make_corpus):
    root = make_corpus({
        "guide.md": "# Installation\n\nRead this before you start with the tool.\n\n"
        "## From source\n\nClone the repository and run the build script twice.\n\n"
        "## From a wheel\n\nDownload the wheel and install it with the package manager.\n\n"
        "# Usage\n\nCall the command with a folder of documents to index.\n",
    })
    passages = build_collection(root).passages
    sections = {p.text.split()[0]: p.section for p in passages}
    assert sections == {
        "Read": "Installation",
        "Clone": "Installation › From source",
        "Download": "Installation › From a wheel",
        "Call": "Usage",
    }
    assert not any(p.text in {"Installation", "From source", "From a wheel", "Usage"} for p in passages)
    clone = next(p for p in passages if p.text.startswith("Clone"))
    assert clone.to_dict()["section"] == "Installation › From source"
    assert clone.indexed_text.startswith("Installation › From source\n")


def test_a_release_heading_is_a_passage_of_its_section(make_corpus):
    # A changelog heads each release with its number and date, which its entries never repeat.
    root = make_corpus({
        "changelog.md": "# Changelog\n\n## [1.0.0] - 2023-02-24\n\n### Fixed\n\n- Drop support for Python 3.7.\n\n"
        "## Usage notes\n\nCall the command with a folder of documents.\n",
        "history.rst": "History\n=======\n\n3.0 (2020-11-08)\n----------------\n\n- The insert command takes a primary key.\n",
    })
    passages = build_collection(root).passages
    by_text = {p.text: p for p in passages}
    assert by_text["[1.0.0] - 2023-02-24"].section == "Changelog › [1.0.0] - 2023-02-24"
    assert by_text["3.0 (2020-11-08)"].section == "History › 3.0 (2020-11-08)"
    assert by_text["3.0 (2020-11-08)"].citation.start_line == 4
    # Any other heading names its section and is no passage.
    assert not any(p.text in {"Changelog", "Fixed", "Usage notes", "History"} for p in passages)
    assert by_text["Call the command with a folder of documents."].section == "Changelog › Usage notes"


def test_markdown_code_tables_front_matter_and_comments(make_corpus):
    root = make_corpus({
        "page.md": "---\ntitle: Secret front matter words\ntags: [x]\n---\n\n# Setup\n\n"
        "Install the tool with the package manager before anything else.\n\n"
        "<!-- an editor's note with hidden comment words\nover two lines -->\n\n"
        "```bash\npip install zorblat\nzorblat --init\n```\n\n"
        "| option | meaning |\n| --- | --- |\n| --fast | skips the slow checks |\n\n"
        "Then run the tool on a folder of documents to index them.\n",
    })
    collection = build_collection(root)
    texts = [p.text for p in collection.passages]
    assert not any("front matter" in t or "hidden comment" in t for t in texts)
    code = next(p for p in collection.passages if "pip install zorblat" in p.text)
    table = next(p for p in collection.passages if "--fast" in p.text)
    assert "Install the tool" not in code.text and "Then run" not in code.text
    assert "Install the tool" not in table.text and "Then run" not in table.text
    assert code.section == table.section == "Setup"
    assert code.citation.start_line == 14 and code.citation.end_line == 15  # inside the fences


def test_a_code_block_is_packed_with_the_paragraph_that_introduces_it(make_corpus):
    root = make_corpus({
        "page.md": "# Plugins\n\nYou can list the installed plugins by running this:\n\n"
        "```bash\nzorblat plugins\n```\n\nThen run the tool on a folder.\n",
    })
    passages = build_collection(root).passages
    listed = next(p for p in passages if "zorblat plugins" in p.text)
    assert listed.text == "You can list the installed plugins by running this: zorblat plugins"
    assert (listed.citation.start_line, listed.citation.end_line) == (3, 6)  # over the opening fence
    assert "Then run" not in listed.text  # nothing joins after the literal


def test_a_longer_fence_holds_shorter_fences_and_hash_lines(make_corpus):
    root = make_corpus({
        "doc.md": "# Hiding lines\n\nPut this in the source code of the example block:\n\n"
        "````\n```\nlet x = 5;\n# let y = 6;\n```\n````\n\n"
        "The reader then sees only the first line of the example.\n",
    })
    passages = build_collection(root).passages
    code = next(p for p in passages if "let x" in p.text)
    assert "let y = 6;" in code.text and code.section == "Hiding lines"
    assert all(p.section == "Hiding lines" for p in passages)  # no code line taken as a heading


def test_mkdocs_containers_indented_fences_and_template_lines(make_corpus):
    root = make_corpus({
        "deps.md": "# Dependencies\n\n{* ../../docs_src/tutorial001.py hl[8:9] *}\n\n"
        "/// tip | Zorblat hint\n\nPrefer the annotated form of every dependency you declare.\n\n///\n\n"
        '!!! note "Technical Details"\n    Dependencies are resolved once per request and cached by default.\n\n'
        '=== "Python 3.10+"\n\n    ```Python hl_lines="4"\n    def common(q: str | None = None):\n'
        '        return {"q": q}\n    ```\n\n'
        "The dependency system was added in version 0.1.0 and redesigned in 0.95.0.\n\n"
        "{% include 'footer.md' %}\n\n--8<-- \"snippets/abbr.md\"\n",
    })
    passages = _paragraphs(root)
    texts = [p.cleaned.text for p in passages]
    assert "Dependencies are resolved once per request and cached by default." in texts
    assert "Prefer the annotated form of every dependency you declare." in texts
    assert "The dependency system was added in version 0.1.0 and redesigned in 0.95.0." in texts
    code = next(p for p in passages if "def common" in p.cleaned.text)
    assert code.kind == "code" and "redesigned" not in code.cleaned.text
    assert not any(marker in t for t in texts for marker in ("!!!", "///", "===", "{*", "{%", "8<", "Zorblat"))


def test_markdown_link_reference_definitions_are_no_content_and_reference_links_show_text(make_corpus):
    root = make_corpus({
        "changelog.md": "# Changelog\n\n[![Build Status][badge]][ci]\n\n"
        "## [1.2.4] - 2026-10-01\n\n- Empty values no longer exit with code 1 by [@dev] in [#700]\n\n"
        "Maintained by [Ada Quill][ada-home] and [Bo Lind][].\n\n"
        "[#700]: https://github.com/example/zorblat/pull/700\n[@dev]: https://github.com/dev\n"
        "[ada-home]: <https://ada.example> \"Ada's page\"\n[Bo Lind]: https://bo.example\n"
        "[ci]: https://ci.example/zorblat\n[badge]: https://ci.example/zorblat.svg\n",
        "plain.txt": "[note]: https://kept.example\n",
    })
    texts = [p.cleaned.text for p in _paragraphs(root)]
    assert texts == ["[1.2.4] - 2026-10-01", "- Empty values no longer exit with code 1 by [@dev] in [#700]",
                     "Maintained by Ada Quill and Bo Lind.", "[note]: https://kept.example"]
    passages = build_collection(root).passages
    assert not any("github" in p.text for p in passages)
    cited = next(p for p in passages if "Maintained" in p.text)
    # Packed with its release's heading and entry; the definitions after it are not cited.
    assert (cited.citation.start_line, cited.citation.end_line) == (5, 9)


def test_myst_directives_hold_prose_and_version_lines_keep_their_version(make_corpus):
    root = make_corpus({
        "api.md": "# API\n\n````{note}\n:class: dropdown\nThe runner closes every context when the command exits.\n\n"
        "```python\nrunner.invoke(cli)\n```\n````\n\n"
        "```{versionchanged} 8.2\nContext managers registered on the context are closed on exit.\n```\n\n"
        "```{code-block} python\nprint('plain code')\n```\n\n```{doctest}\n>>> print('doctest code')\n```\n",
    })
    paragraphs = _paragraphs(root)
    by_text = {p.cleaned.text: p for p in paragraphs}
    assert by_text["The runner closes every context when the command exits."].kind == "prose"
    assert by_text["runner.invoke(cli)"].kind == "code"
    assert by_text["print('plain code')"].kind == "code"
    assert by_text[">>> print('doctest code')"].kind == "code"  # a directive that is no admonition stays code
    version = by_text["versionchanged 8.2 Context managers registered on the context are closed on exit."]
    assert version.kind == "prose"
    assert not any(":class:" in t or "dropdown" in t for t in by_text)
    cited = next(p for p in build_collection(root).passages if "Context managers" in p.text)
    assert (cited.citation.start_line, cited.citation.end_line) == (12, 13)  # the fence line, then the text


def _paragraphs(root):
    from nkqa.loading import load_folder, split_paragraphs

    return [p for document in load_folder(root) for p in split_paragraphs(document)[0]]
