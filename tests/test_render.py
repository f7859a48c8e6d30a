from nkqa.passage import Answer, Citation, Passage, Scores
from nkqa.render import render_html, render_text


def _answer(supported=True):
    cite = Citation("a.txt", "A <b>title</b>", 3, 4, 10, 90)
    passage = Passage(
        "p1",
        "Intro sentence. The museum cost $24 million & more. Outro.",
        (cite,),
        Scores(bm25=3.21, bm25_rank=2, dense=0.612, dense_rank=1, fused=0.0411, fused_rank=1, sentence=2.05, rank=1),
    )
    quote = "The museum cost $24 million & more."
    if not supported:
        return Answer("What <cost>?", (passage,), "hybrid", supported=False, reason="weak evidence")
    return Answer("What <cost>?", (passage,), "hybrid", answer=quote, answer_citation=cite, supported=True)


def test_html_highlights_the_quote_inside_its_passage_with_citation_and_scores():
    html = render_html(_answer())
    assert "<mark>The museum cost $24 million &amp; more.</mark>" in html
    assert "a.txt:3-4" in html and "A &lt;b&gt;title&lt;/b&gt;" in html
    assert "What &lt;cost&gt;?" in html and "<cost>" not in html
    for header, value in (("BM25", "3.21"), ("dense", "0.612"), ("fused", "0.0411"), ("best sentence", "2.05")):
        assert f"<th style='padding:0 8px;text-align:right'>{header}</th>" in html and value in html


def test_abstention_says_so_in_text_and_html_and_marks_nothing():
    answer = _answer(supported=False)
    assert "do not answer" in render_text(answer) and "weak evidence" in render_text(answer)
    html = render_html(answer)
    assert "do not answer" in html and "<mark>" not in html


def test_abstention_states_its_cause_once():
    import dataclasses

    reason = "the sources do not answer this question: the closest passage never mentions Laos"
    answer = dataclasses.replace(_answer(supported=False), reason=reason)
    for shown in (render_text(answer), render_html(answer)):
        assert shown.lower().count("do not answer this question") == 1
        assert "never mentions Laos" in shown


def test_the_section_path_is_shown_in_text_and_html():
    from nkqa.passage import Answer, Citation, Passage

    citation = Citation("guide.md", None, 5, 5, 40, 90)
    passage = Passage("abc", "Clone the repository <and> run the build.", (citation,), section="Install › From <source>")
    answer = Answer("How to build?", (passage,), "bm25")
    assert "    § Install › From <source>" in str(answer)
    assert "§ Install › From &lt;source&gt;" in answer._repr_html_()
