"""What LemmInflect's English lexicon knows of a word: its parts of speech, its verb lemma;
and the function words it does not hold.

LemmInflect ships its tables in the wheel (no data download, unlike NLTK's WordNet or a
spaCy model); it is imported on first use, to keep it off the paths that never answer. A
lookup costs about 20 microseconds, and the same words come back question after question,
so both lookups are cached. :func:`opens_sentence` says where a capital is the sentence's
and not a name's, which the lexicon alone cannot tell.
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "DETERMINERS", "FUNCTION_WORDS", "LIGHT_VERBS", "PRESENT_WORDS", "abbreviation_runs_on", "can_be_verb",
    "is_lexicon_word", "is_participle", "opens_sentence", "verb_lemma", "word_classes",
]

FUNCTION_WORDS = frozenset(
    "i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself "
    "yourselves he him his himself she she's her hers herself it it's its itself they them their "
    "theirs themselves what which who whom this that that'll these those am is are was were be "
    "been being have has had having do does did doing a an the and but if or because as until "
    "while of at by for with about against between into through during before after above below "
    "to from up down in out on off over under again further then once here there when where why "
    "how all any both each few more most other some such no nor not only own same so than too "
    "very s t can will just don don't should should've now d ll m o re ve y ain aren aren't "
    "couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma "
    "mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren "
    "weren't won won't wouldn wouldn't".split()
) | frozenset(
    # The prepositions and conjunctions NLTK's list lacks: they relate an attribute,
    # they are not one.
    "besides beside except despite among amongst within without toward towards upon via per "
    "beyond across along alongside around behind beneath near onto throughout unlike since "
    "whether although though also yet whose".split()
)
"""NLTK's English stop words (179 words, copied here because NLTK serves them as a data
download, which nkqa cannot make at run time) and the rest of the closed class of
prepositions: the function words LemmInflect's tables, which hold open-class words, lack."""

DETERMINERS = frozenset("a an the its his her their our my your this that these those".split())
"""Words before a noun: a word after one is no verb ("gave it *its name*")."""

PRESENT_WORDS = frozenset("today nowadays currently current".split())
"""Words that place a fact in the present, each said by any other: "Who maintains the FAQ
*today*?" is answered by "The *current* maintainer is..." ("now" is a stop word)."""

LIGHT_VERBS = frozenset(
    "make makes made making give gives gave given giving get gets got gotten getting "
    "take takes took taken taking bring brings brought bringing".split()
)
"""Verbs that say little by themselves, the meaning being in their object ("Which package
*gives* HTTPX SOCKS support?" asks what provides SOCKS support, "Which release *made* boltons
Python 3 only?" which release it became so in): before their object, no attribute word a window
must say (:func:`nkqa.attribute.attribute_terms`)."""

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


@functools.lru_cache(maxsize=65536)
def is_participle(word: str) -> bool:
    """Whether ``word`` is a past form of a verb the lexicon knows ("created", "built"): the
    participle a passive takes ("was *built*").

    Examples
    --------
    >>> is_participle("built"), is_participle("created"), is_participle("create"), is_participle("part")
    (True, True, False, False)
    """
    from lemminflect import getAllInflections

    lemma = verb_lemma(word)
    if lemma == word:
        return False
    forms = getAllInflections(lemma, upos="VERB")
    return word in forms.get("VBN", ()) + forms.get("VBD", ())


def can_be_verb(word: str) -> bool:
    """Whether the lexicon reads ``word`` as a form of some verb (a word it does not know may
    be one)."""
    classes = word_classes(word)
    return not classes or "VERB" in classes


def is_lexicon_word(word: str) -> bool:
    """Whether ``word``, lower-cased and cut at an apostrophe ("Don't" -> "don"), is an
    English word of the lexicon, or a function word (:data:`FUNCTION_WORDS`), rather than a name.

    Examples
    --------
    >>> is_lexicon_word("Try"), is_lexicon_word("Don\u2019t"), is_lexicon_word("Djalal")
    (True, True, False)
    >>> is_lexicon_word("For"), is_lexicon_word("The")
    (True, True)
    """
    head = word.lower().replace("\u2019", "'").split("'")[0]
    return bool(head) and (head in FUNCTION_WORDS or bool(word_classes(head)))


_ABBREVIATION = re.compile(r"[A-Z][a-z]{0,4}\.")
"""A capitalised word of at most five letters and a full stop: an abbreviation ("J. Math. Phys.",
"Appl. Phys. Lett.") that a segmenter or a line's end may take for a sentence's end."""


def abbreviation_runs_on(before: str, after: str) -> bool:
    """Whether the text ``after`` goes on from ``before``, cut after an abbreviation:
    ``before`` ends in one and ``after`` is only more of them ("Phys."), opens in lower case
    ("for details.") or with another before a word in lower case ("Phys., the").

    Examples
    --------
    >>> abbreviation_runs_on("only allowed for Chaos or J.", "Math. Phys.")
    True
    >>> abbreviation_runs_on("in this case, J. Chem.", "Phys., the default.")
    True
    >>> abbreviation_runs_on("It was in Korea.", "Then it left.")
    False
    """
    words, following = before.split(), after.split()
    if not words or not following or not _ABBREVIATION.fullmatch(words[-1]):
        return False
    if after[:1].islower() or all(_ABBREVIATION.fullmatch(w) for w in following):
        return True
    first, second = following[0].rstrip(",;:)"), following[1] if len(following) > 1 else ""
    return _ABBREVIATION.fullmatch(first) is not None and second[:1].islower()


def opens_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens ``text`` or a sentence of it (after quotes or
    brackets), where a capital says nothing of whether it is a name."""
    before = text[:at].rstrip(_OPENERS)
    return not before or before[-1] in _ENDS
