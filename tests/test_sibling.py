"""A fact said of a sibling of the question's subject is no answer (nkqa.sibling)."""

import pytest

from nkqa import Index
from nkqa.sibling import sibling_subject
from nkqa.tokenizer import tokenize

from conftest import FakeEmbedder


@pytest.mark.parametrize(
    "question, window, found",
    [
        ("Which rasterizer does the SVG renderer use?",
         "The bitmap renderer uses the libart rasterizer. The SVG renderer makes use of XML modules.",
         ("SVG renderer", "bitmap renderer")),
        ("Which algorithm does the Table class use to size columns?",
         "The longTable class uses a greedy algorithm when sizing columns of long tables.",
         ("Table class", "longTable class")),
        # The question's own subject, with or without its modifier.
        ("Which rasterizer does the bitmap renderer use?", "The bitmap renderer uses the libart rasterizer.", None),
        ("Which rasterizer does the SVG renderer use?", "The renderer uses the libart rasterizer.", None),
        # A subject of one word has no sibling to tell apart; nor a question without "does".
        ("Which rasterizer does Pillow use?", "The bitmap renderer uses the libart rasterizer.", None),
        ("Which rasterizer is used by the SVG renderer?", "The bitmap renderer uses the libart rasterizer.", None),
        # A qualified name ends in the question's: the same subject.
        ("What does the to_range method return?",
         "The packaging.specifiers.SpecifierSet.to_range method returns a VersionRange.", None),
        # Said of both: the question's subject has it too.
        ("Which font does the Quillon canvas use?",
         "The Quillon canvas uses Helvetica, and the Brackwater canvas uses Courier.", None),
    ],
)
def test_sibling_subject(question, window, found):
    assert sibling_subject(question, window, stem=tokenize) == found


def test_the_sibling_s_fact_is_refused_and_the_subject_s_own_answered(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "renderers.md").write_text(
        "# Renderers\n\nThe bitmap renderer uses the Quillon rasterizer to draw every pixel of a page. "
        "The SVG renderer writes vector paths with the standard XML modules.\n"
    )
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    refused = index.ask("Which rasterizer does the SVG renderer use?", mode="bm25")
    assert not refused.supported
    assert "SVG renderer" in refused.reason and "bitmap renderer" in refused.reason
    answered = index.ask("Which rasterizer does the bitmap renderer use?", mode="bm25")
    assert answered.supported and "Quillon rasterizer" in answered.answer, answered.reason
