"""What a question names: its capitalised words, and the lower-case words that read as names.

The name test (:mod:`nkqa.answer`) and the rare-name tests (:mod:`nkqa.conflict`,
:mod:`nkqa.direction`) hold the quoted passage to these: a passage that never mentions a
name the question uses is about something else.
"""

from __future__ import annotations

from collections.abc import Callable

from nkqa.answer_type import WORD
from nkqa.lexicon import word_classes
from nkqa.tokenizer import STOPWORDS

__all__ = ["question_names", "name_runs", "coined_words"]


def question_names(question: str) -> list[str]:
    """The words of ``question`` written with a capital after its first word.

    Empty when most of its stop words are capitalised too (a title-case or
    shouted question), since case then tells nothing about names.

    Examples
    --------
    >>> question_names("Who is North Korea's ambassador to Thailand?")
    ['North', "Korea's", 'Thailand']
    >>> question_names("WHO IS THE AMBASSADOR TO THAILAND?")
    []
    >>> question_names("How do I hide an item from Rustdoc?")
    ['Rustdoc']
    """
    # The pronoun "I" is capitalised by rule, so its case says nothing.
    words = [w for w in WORD.findall(question)[1:] if w != "I"]
    stop = [w for w in words if w.lower() in STOPWORDS]
    if 2 * sum(w[0].isupper() for w in stop) > len(stop):
        return []
    return [w for w in words if w[0].isupper()]


_CONNECTORS = frozenset("of in the for and on de".split())


def name_runs(question: str) -> list[list[str]]:
    """The names of ``question`` (:func:`question_names`) that stand together as one: two
    capitalised words or more in a row, joined at most by lower-case "of", "in", "the"...

    A passage that says "software" and "public" has not named *Software in the Public
    Interest*: the name test weighs such a run whole when it misses a word of it.

    Examples
    --------
    >>> name_runs("What is the address of Software in the Public Interest?")
    [['Software', 'Public', 'Interest']]
    >>> name_runs("Does Debian ship Google Earth in its Debian archive?")
    [['Google', 'Earth']]
    """
    names = set(question_names(question))
    runs: list[list[str]] = []
    run: list[str] = []
    gap = 0
    for word in WORD.findall(question)[1:]:
        if word in names:
            run.append(word)
            gap = 0
        elif run and word in _CONNECTORS and gap < 2:
            gap += 1
            continue
        else:
            runs.append(run)
            run, gap = [], 0
    runs.append(run)
    return [r for r in runs if len(r) >= 2]


def coined_words(question: str, word_pieces: Callable[[str], list[list[str]]]) -> list[str]:
    """Lower-case words of ``question`` that read as names: neither LemmInflect's English
    lexicon nor the model's vocabulary (``word_pieces``) holds them whole.

    Package, tool and dish names are written in lower case ("When was *cattrs* first
    released?", "a plate of *kimchi*"), so case alone misses them; a word either list
    has ("website" is one word piece, "deregistered" a lexicon entry) is left out. A
    hyphenated word is one when a part of it is ("*sqlite-migrate*", not "high-level").

    Examples
    --------
    >>> pieces = {"cattrs": ["cat", "##tr", "##s"], "website": ["website"]}
    >>> coined_words("Which website lists cattrs releases?", lambda w: [pieces.get(w, [w])])
    ['cattrs']
    """
    def coined(word: str) -> bool:
        # Two letters are an abbreviation or a unit ("km", "ok") more often than a name.
        return (
            len(word) >= 3 and word.isalpha() and word not in STOPWORDS and not word_classes(word)
            and sum(map(len, word_pieces(word))) > 1
        )

    # A compound is a name when a part of it is ("sqlite-migrate"; not "high-level").
    words = [w for w in WORD.findall(question)[1:] if w.islower() and any(map(coined, w.split("-")))]
    return list(dict.fromkeys(words))
