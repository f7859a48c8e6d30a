"""A which-question's kind, neither said nor named by the window, is refused (:mod:`nkqa.category`)."""

from nkqa import Index
from nkqa.attribute import answer_category
from nkqa.category import unsaid_category

from conftest import FakeEmbedder


def _stem(text):
    return [w.lower().rstrip("s") for w in text.replace(".", " ").replace("?", " ").split()]


def test_a_kind_neither_said_nor_named():
    question = "What illness did Clytie Siddall die of?"
    assert unsaid_category(question, "Clytie Siddall died in February 2015.", stem=_stem) == "illness"
    # Said by its word, or named: a capitalised word the question does not say, or no English word.
    assert unsaid_category(question, "Her illness was long.", stem=_stem) is None
    assert unsaid_category(question, "She died of Huntington disease.", stem=_stem) is None
    assert unsaid_category("Which init system did Jessie make the default?", "It made systemd the default.", stem=_stem) is None
    # A web address says where, not what.
    assert unsaid_category("Under which license is it used?", "It is available from http://cd-hit.org.", stem=_stem) == "license"


def test_a_kind_after_any_preposition():
    assert answer_category("Under which license is PreviSat released?") == "license"
    assert answer_category("During which war was it built?") == "war"


def test_an_index_refuses_the_window_that_names_no_instance_and_answers_the_one_that_does(make_corpus):
    root = make_corpus({
        "clytie.txt": "Clytie Siddall died in February 2015. She translated the installer into Vietnamese.\n",
        "steve.txt": "Steve Greenland died of Hodgkin lymphoma in July 2009. He maintained cron.\n",
        "servers.txt": "The project's servers moved to the Netherlands after a fire in 2002.\n",
        "releases.txt": "Each release is named for a character of a film about toys.\n",
    })
    index = Index.build(root, embedder=FakeEmbedder(), progress=False)
    refused = index.ask("What illness did Clytie Siddall die of?", mode="bm25")
    assert not refused.supported
    assert "name the illness" in refused.reason
    answered = index.ask("What illness did Steve Greenland die of?", mode="bm25")
    assert answered.supported, answered.reason
    assert "Hodgkin lymphoma" in answered.answer


def test_code_names_an_instance_and_a_verb_asks_for_no_kind():
    question = "Which parameter skips required validation?"
    assert unsaid_category(question, "You may skip ``required`` validation by passing ``partial``.", stem=_stem) is None
    assert unsaid_category(question, "You may skip ``required`` validation.", stem=_stem) == "parameter"
    assert unsaid_category("What happens after a wrong PIN is typed too often?", "The server must be restarted.", stem=_stem) is None
    assert unsaid_category("What must the __dict__ attribute be?", "It must be a mutable mapping.", stem=_stem) is None
