"""How the evaluation matches an answer string against a passage (``eval/README.md``)."""

from nkqa.evaluation import Question, supports
from nkqa.passage import Citation


def _cite(source: str) -> Citation:
    return Citation(source, None, 1, 1, 0, 10)


def _question(answer: str) -> Question:
    return Question("q1", "Which codename did release 2.1 have?", (answer,), ("a.html",))


def test_inline_code_backticks_do_not_hide_an_answer_copied_from_the_page():
    # HTML's <code>slink</code> is extracted as markdown `slink`; the reader saw "slink".
    text = "Other codenames: `hamm` for release 2.0, `slink` for release 2.1."
    assert supports(text, [_cite("a.html")], _question("slink for release 2.1"))


def test_folding_still_needs_the_words_and_the_source():
    text = "Other codenames: `hamm` for release 2.0, `slink` for release 2.1."
    assert not supports(text, [_cite("a.html")], _question("slink for release 2.2"))
    assert not supports(text, [_cite("b.html")], _question("slink for release 2.1"))


def test_quotes_dashes_and_case_are_folded():
    text = "It is pronounced \u201cDeb\u2019-ee-en\u201d \u2013 says the FAQ."
    assert supports(text, [_cite("a.html")], _question("\"deb'-ee-en\" - says"))
