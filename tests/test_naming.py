"""The role-naming check: a who-is or name-of question wants a name next to the role."""

import re

import pytest

from nkqa.naming import role_words, unnamed_role


def _stem(text: str) -> list[str]:
    """A stand-in for the index's tokenizer: lower-cased words, a plural's s dropped."""
    words = re.findall(r"[a-z]+", text.lower())
    return [w[:-1] if w.endswith("s") else w for w in words]


@pytest.mark.parametrize(
    ("question", "names", "roles"),
    [
        ("Who is the president of the Pacific Forum?", ["Pacific", "Forum"], ["president"]),
        ("Who was Cambodia's foreign minister in 2012?", ["Cambodia's"], ["foreign", "minister"]),
        ("What was the name of the Singaporean businessman jailed?", ["Singaporean"], ["businessman", "jailed"]),
        ("What is the name of the ship?", [], ["ship"]),
        # Other forms ask no role to be named.
        ("Who founded the institute?", [], []),
        ("What is the capital of Cambodia?", ["Cambodia"], []),
        ("Which judge sentenced him?", [], []),
    ],
)
def test_role_words(question, names, roles):
    assert role_words(question, names) == roles


@pytest.mark.parametrize(
    ("question", "window", "names", "unnamed"),
    [
        # The role is said and nobody is named beside it.
        (
            "What was the name of the Singaporean businessman sentenced to 34 months?",
            "Last November, a Singaporean businessman was sentenced to 34 months in jail.",
            ["Singaporean"],
            "businessman sentenced",
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
        # The role said in other words: the attribute test's business, not this one's.
        ("Who is the president of the centre?", "The centre hosted seminars in Siem Reap.", [], None),
        # No role asked.
        ("Who founded the institute?", "The institute was founded in 2018.", [], None),
    ],
)
def test_unnamed_role(question, window, names, unnamed):
    assert unnamed_role(question, window, names, stem=_stem) == unnamed
