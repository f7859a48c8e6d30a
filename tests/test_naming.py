"""The role-naming check: a who-is or name-of question wants a name next to the role."""

import re

import pytest

from nkqa.naming import role_word, unnamed_role


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
