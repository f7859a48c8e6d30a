"""The role-naming check: a who-is or name-of question wants a name next to the role."""

import re

import pytest

from nkqa.index import Index
from nkqa.naming import kind_word, unnamed_kind, role_word, unnamed_role
from nkqa.tokenizer import tokenize

from conftest import FakeEmbedder


def _stem(text: str) -> list[str]:
    """A stand-in for the index's tokenizer: lower-cased words, a plural's s dropped."""
    words = re.findall(r"[a-z]+", text.lower())
    return [w[:-1] if w.endswith("s") else w for w in words]


@pytest.mark.parametrize(
    ("question", "names", "role"),
    [
        ("Who is the president of the Pacific Forum?", ["Pacific", "Forum"], "president"),
        ("Who was Cambodia's foreign minister in 2012?", ["Cambodia's"], "minister"),
        ("What was the name of the Singaporean businessman jailed?", ["Singaporean"], "businessman"),
        ("Who was the high-ranking North Korean diplomat he met?", ["North", "Korean"], "diplomat"),
        ("Who was the United Nations spokesman quoted about it?", ["United", "Nations"], "spokesman"),
        ("What is the name of the ship?", [], "ship"),
        # Other forms ask no role to be named.
        ("Who founded the institute?", [], None),
        ("What is the capital of Cambodia?", ["Cambodia"], None),
        ("Which judge sentenced him?", [], None),
        # A passive verb, adverbs before it, asks for a patient, not a role.
        ("Who was possibly unwittingly linked to the murder?", [], None),
        ("Who was arrested in Hawaii?", ["Hawaii"], None),
        # Adverbs inside the phrase are not its head.
        ("Who is currently the president of the forum?", [], "president"),
    ],
)
def test_role_word(question, names, role):
    assert role_word(question, names) == role


@pytest.mark.parametrize(
    ("question", "window", "names", "unnamed"),
    [
        # The role is said and nobody is named beside it.
        (
            "What was the name of the Singaporean businessman sentenced to 34 months?",
            "Last November, a Singaporean businessman was sentenced to 34 months in jail.",
            ["Singaporean"],
            "businessman",
        ),
        (
            "What is the name of the North Korean ambassador in Phnom Penh?",
            "The embassy in Phnom Penh wrote, and the North Korean ambassador said he was confident.",
            ["North", "Korean", "Phnom", "Penh"],
            "ambassador",
        ),
        # A name within reach of the role, before or after it.
        (
            "Who is the president of the Pacific Forum?",
            "said Ralph Cossa, president of the Pacific Forum.",
            ["Pacific", "Forum"],
            None,
        ),
        (
            "Who is the North Korea expert at the university?",
            "said Hoo Chiew-Ping, a North Korea expert at the university.",
            ["North", "Korea"],
            None,
        ),
        (
            "Who was Cambodia's foreign minister in 2012?",
            "In 2012, Foreign Minister Hor Namhong led a delegation.",
            ["Cambodia's"],
            None,
        ),
        # A name right before the role modifies it: the diplomat is not named.
        (
            "Who was the high-ranking North Korean diplomat the prince met?",
            "This month the prince renewed royalist ties with a high-ranking DPRK diplomat.",
            ["North", "Korean"],
            "diplomat",
        ),
        # A name in the next sentence is someone else's.
        (
            "Who was the high-ranking North Korean diplomat the prince met?",
            "The prince met a high-ranking DPRK diplomat. Norodom Sihanouk is welcomed in 1975.",
            ["North", "Korean"],
            "diplomat",
        ),
        (
            "Who is the Visakha coach?",
            "\u201cWe just play,\u201d said Hok Sochivoan, the Visakha coach.",
            ["Visakha"],
            None,
        ),
        # The question's own name in another form names no one new.
        (
            "What is the name of the Singaporean company charged with shipping alcohol?",
            "In August, Singapore charged a different company with shipping alcohol.",
            ["Singaporean"],
            "company",
        ),
        # A sentence's first word is a name only when a capitalised word follows it.
        (
            "Who is the president of the institute?",
            "Chheang Vannarith is President of the institute.",
            [],
            None,
        ),
        (
            "What was the name of the businessman?",
            "Yesterday the businessman was jailed.",
            [],
            "businessman",
        ),
        # A window that never says the role names nobody in it, though it names others.
        (
            "Who is the president of the university?",
            "said Hoo Chiew-Ping, a North Korea expert at the university.",
            ["North", "Korea"],
            "president",
        ),
        # A thing asked by name may be described rather than called by its kind.
        (
            "What was the name of the library that came before it?",
            "It goes back to the now-forgotten characteristic that came out in May 2014.",
            [],
            None,
        ),
        # No role asked.
        ("Who founded the institute?", "The institute was founded in 2018.", [], None),
    ],
)
def test_unnamed_role(question, window, names, unnamed):
    assert unnamed_role(question, window, names, stem=_stem) == unnamed


@pytest.mark.parametrize(
    ("question", "window", "unnamed"),
    [
        # The verb said only as its doer's noun, and nobody named beside it.
        ("Who maintains the packaging library?", "- PyPI maintainer (or owner) access to packaging", "maintainer"),
        ("Who designed the zorblat logo?", "The designers of the zorblat logo asked not to be named.", "designers"),
        # A name beside the doer's noun, or the verb said as a verb: the other checks judge.
        ("Who maintains the packaging library?", "Donald Stufft is the maintainer of packaging.", None),
        ("Who maintains the packaging library?", "The library is maintained by the PyPA team.", None),
        # "Who is..." and "Who did..." ask no doer's verb.
        ("Who did the work on packaging?", "The maintainer did it.", None),
    ],
)
def test_a_who_question_verb_said_only_as_its_doer_wants_a_name_beside_it(question, window, unnamed):
    assert unnamed_role(question, window, [], stem=tokenize) == unnamed


@pytest.mark.parametrize(
    ("question", "window", "unnamed"),
    [
        ("What kind of goggles did he try to buy?", "He tried to buy night-vision goggles.", None),
        ("What kind of ship did Indonesia seize?", "Indonesia seized the coal smuggling ship.", None),
        ("Which kinds of coroutines does retry work on?", "It works on asyncio, Trio, and Tornado coroutines.", None),
        ("Which kinds of coroutines does retry work on?", "- Retry on coroutines", "kind of coroutines"),
        # The question's own word before the thing says no kind of it.
        ("What kind of Japanese building is it?", "It is a Japanese building.", "kind of building"),
        # A window that never says the thing is the other checks' to judge.
        ("What sort of toxin killed him?", "A nerve agent killed him.", None),
        ("Which judge sentenced him?", "The judge sentenced him.", None),
    ],
)
def test_a_kind_question_wants_the_kind_said_before_the_thing(question, window, unnamed):
    assert unnamed_kind(question, window, stem=_stem) == unnamed


def test_kind_words():
    assert kind_word("What kind of priorities does queueutils support since 19.1.0?") == "priorities"
    assert kind_word("What sort of toxin killed the sibling?") == "toxin"
    assert kind_word("Which kind is it?") is None


def test_a_window_without_the_kind_is_quoted_after_one_with_it(make_corpus):
    # The feature list's item says more of the question's words than the sentence that names
    # the kinds; the sentence is quoted.
    index = Index.build(make_corpus({
        "index.rst": "Features\n========\n\n- Zorblat retries on coroutines\n- Stop after a number of attempts\n\n"
                     "Async\n=====\n\nZorblat also works with asyncio, Trio, and Tornado coroutines.\n",
        **{f"filler{i}.txt": f"Two kinds of {topic} reports were filed in district {i}.\n"
           for i, topic in enumerate("rainfall harvest traffic census budget school harbour railway".split())},
    }), embedder=FakeEmbedder(), progress=False)
    answer = index.ask("Which kinds of coroutines does zorblat retry on?", mode="bm25")
    assert answer.supported and "Tornado" in answer.answer
