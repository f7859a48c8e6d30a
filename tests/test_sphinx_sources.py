"""Built Sphinx documentation: the page sources Sphinx copies beside the HTML are read in
their own markup (``_sources/page.rst.txt`` as reStructuredText, ``page.md.txt`` as markdown)."""

from nkqa import Index

from conftest import FakeEmbedder

CHANGELOG = """\
Changelog
=========

0.4.1 (2022-12-31)
------------------

- Only include the source code in the source distribution.

0.4.0 (2022-03-23)
------------------

- Drop support for Python 3.6, which reached end of life.
"""

NOTES = """\
---
title: Notes
---

# Notes

Zorblat keeps its settings in one file.

```
zorblat --settings settings.toml
```
"""


def test_rst_txt_sources_are_read_as_restructuredtext(make_corpus):
    folder = make_corpus({"_sources/changelog.rst.txt": CHANGELOG})
    index = Index.build(folder, embedder=FakeEmbedder(), progress=False)
    drop = next(p for p in index.passages if "Python 3.6" in p.text)
    # Read as plain text, the adornment lines were text and no section was known.
    assert drop.section == "Changelog › 0.4.0 (2022-03-23)"
    assert all("------" not in p.text for p in index.passages)
    answer = index.ask("Which Python version did zorblat 0.4.0 drop support for?", mode="bm25")
    assert answer.supported and "Python 3.6" in answer.answer


def test_md_txt_sources_are_read_as_markdown(make_corpus):
    folder = make_corpus({"_sources/notes.md.txt": NOTES})
    index = Index.build(folder, embedder=FakeEmbedder(), progress=False)
    text = " ".join(p.text for p in index.passages)
    # Front matter and fences are markdown's only in structured files.
    assert "title: Notes" not in text and "```" not in text
    code = next(p for p in index.passages if "zorblat --settings" in p.text)
    assert code.text == "zorblat --settings settings.toml" and code.section == "Notes"


PAGE = """\
<html><head><title>Locale issues</title></head><body>
<div class="document"><div class="body" role="main">
<section id="regenerate">
<h2>4.2. Regenerate Key With natsort_keygen() After Changing Locale<a class="headerlink" href="#regenerate"
 title="Permalink to this heading">\u00b6</a></h2>
<p>When the key function is generated it hard-codes the provided settings, so if you change
the locale you should regenerate the key to account for the new locale.</p>
</section>
</div></div></body></html>
"""


def test_a_built_page_numbered_heading_names_its_section_and_is_no_release(make_corpus):
    # Sphinx numbers sections ("4.2.") and ends headings with a permalink sign ("¶"): the
    # heading names the section without the sign and is no release heading (no passage).
    index = Index.build(make_corpus({"locale_issues.html": PAGE}), embedder=FakeEmbedder(), progress=False)
    (passage,) = index.passages
    assert passage.text.startswith("When the key function")
    assert passage.section == "4.2. Regenerate Key With natsort_keygen() After Changing Locale"
