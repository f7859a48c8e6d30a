"""What LemmInflect's English lexicon knows of a word: its parts of speech, its verb lemma.

LemmInflect ships its tables in the wheel (no data download, unlike NLTK's WordNet or a
spaCy model); it is imported on first use, to keep it off the paths that never answer. A
lookup costs about 20 microseconds, and the same words come back question after question,
so both lookups are cached. :func:`opens_sentence` says where a capital is the sentence's
and not a name's, which the lexicon alone cannot tell.
"""

from __future__ import annotations

import functools

__all__ = ["word_classes", "verb_lemma", "is_lexicon_word", "opens_sentence"]

_OPENERS = " \t\r\n\"'\u201c\u2018([*_"
_ENDS = ".!?:"


@functools.lru_cache(maxsize=65536)
def word_classes(word: str) -> frozenset[str]:
    """The parts of speech the lexicon knows ``word`` as ("VERB", "NOUN"...), none for a
    word it does not know (a name, a coined word)."""
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word))


@functools.lru_cache(maxsize=65536)
def verb_lemma(word: str) -> str:
    """``word``'s base form as a verb ("sent" -> "send", "met" -> "meet"); the word itself
    when the lexicon knows no such verb."""
    from lemminflect import getLemma

    return (getLemma(word, upos="VERB") or (word,))[0]


def is_lexicon_word(word: str) -> bool:
    """Whether ``word``, lower-cased and cut at an apostrophe ("Don't" -> "don"), is an
    English word of the lexicon rather than a name.

    Examples
    --------
    >>> is_lexicon_word("Try"), is_lexicon_word("Don\u2019t"), is_lexicon_word("Djalal")
    (True, True, False)
    """
    head = word.lower().replace("\u2019", "'").split("'")[0]
    return bool(head) and bool(word_classes(head))


def opens_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens ``text`` or a sentence of it (after quotes or
    brackets), where a capital says nothing of whether it is a name."""
    before = text[:at].rstrip(_OPENERS)
    return not before or before[-1] in _ENDS
