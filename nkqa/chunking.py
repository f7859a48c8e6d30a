"""Paragraph-aware chunking on sentence boundaries.

Short paragraphs that follow each other in a file are first packed into blocks
of up to ``max_chars`` (:func:`pack_paragraphs`): news prose runs one or two
sentences a paragraph, and a paragraph alone often lacks what it is about ("he
said", "it is..."), which sits in the paragraph before. A code block or table stays
alone unless a paragraph ending in a colon introduces it ("Install it with pip:"). A paragraph longer than
``max_chars`` is cut between sentences into pieces of balanced length; a single
sentence longer than ``max_chars`` (a file with no punctuation) is cut at white
space. Sentences are found by ``sentencex`` (Wikimedia's rule-based segmenter),
which knows abbreviations such as "U.S." and "Dr."; a stop with no white space after it ends
none (the segmenter cuts "unittest.TestCase" before its capital), nor does an abbreviation
it does not know ("J. Math. Phys.", :func:`nkqa.lexicon.abbreviation_runs_on`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from nkqa.cleaning import clean, clean_with_map
from nkqa.errors import InvalidArgumentError
from nkqa.figures import LIST_NUMBER
from nkqa.formats import PAGE_BREAK
from nkqa.lexicon import FUNCTION_WORDS, abbreviation_runs_on
from nkqa.loading import Paragraph

__all__ = ["Chunk", "chunk_paragraph", "pack_paragraphs", "split_sentences", "DEFAULT_MAX_CHARS"]

DEFAULT_MAX_CHARS = 1000
"""Chosen on the dev set (see README, "Choosing the settings")."""


@dataclass(frozen=True, eq=False)
class Chunk:
    """A span ``[start, end)`` of a paragraph's cleaned text."""

    paragraph: Paragraph
    start: int
    end: int

    @property
    def text(self) -> str:
        """The chunk's cleaned text."""
        return self.paragraph.text[self.start : self.end]

    def raw_span(self) -> tuple[int, int]:
        """Raw ``[start, end)`` span of the chunk in its document."""
        return self.paragraph.raw_span(self.start, self.end)


_TRAILING_LIST_NUMBER = re.compile(r"(?<=[.:!?])\s+(" + LIST_NUMBER.pattern + r")$")
# A run-in heading: a section's number and a title of a few words, each capitalised but
# the function words ("2. Grant of Copyright License."), as legal texts head their clauses.
_RUN_IN_HEADING = re.compile(r"\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z])[.)]\s+((?:[\w'’-]+\s+){0,7}[\w'’-]+)[.:]")


_LIST_ITEM = re.compile(LIST_NUMBER.pattern + r"\s")


def _run_in_heading(sentence: str) -> bool:
    """Whether ``sentence`` is a run-in heading (:data:`_RUN_IN_HEADING`), which heads the
    sentence after it rather than ending the one before."""
    found = _RUN_IN_HEADING.fullmatch(sentence)
    return found is not None and all(
        word[0].isupper() or word.lower() in FUNCTION_WORDS for word in found.group(1).split()
    )


def split_sentences(text: str, *, language: str = "en") -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``, without edge spaces.

    Examples
    --------
    >>> text = "The U.S. met Dr. Kim. It cost $1.88 million."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['The U.S. met Dr. Kim.', 'It cost $1.88 million.']
    >>> text = "It ships structlog.testing.ReturnLogger for tests. Use it."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['It ships structlog.testing.ReturnLogger for tests.', 'Use it.']
    >>> text = "It may: 1. Appoint a leader. 2. Amend this text."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['It may:', '1. Appoint a leader.', '2. Amend this text.']
    >>> text = "It is allowed for Chaos or J. Math. Phys. See Appl. Phys. Lett. for more."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['It is allowed for Chaos or J. Math. Phys.', 'See Appl. Phys. Lett. for more.']
    >>> text = "In this case, J. Chem. Phys., the default. It was in Korea. Then it left."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['In this case, J. Chem. Phys., the default.', 'It was in Korea.', 'Then it left.']
    >>> text = "It is received. 2. Grant of Copyright License. Each grants a perpetual license."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['It is received.', '2. Grant of Copyright License. Each grants a perpetual license.']
    """
    from sentencex import segment

    spans: list[tuple[int, int]] = []
    pos = 0
    for sentence in segment(language, text):
        sentence = sentence.strip()
        if not sentence:
            continue
        start = text.find(sentence, pos)
        if start < 0:  # the segmenter altered the text: keep the rest whole
            break
        end = start + len(sentence)
        before = text[spans[-1][0] : spans[-1][1]] if spans else ""
        if spans and (start == spans[-1][1] or abbreviation_runs_on(before, sentence)):
            # No white space after the stop: a dotted name ("structlog.testing.ReturnLogger",
            # "unittest.TestCase"), which the segmenter cuts before its capital, not an end;
            # nor is an abbreviation before more of them or a word in lower case.
            start = spans.pop()[0]
        spans.append((start, end))
        pos = end
    rest = text[pos:].strip()
    if rest:
        start = text.index(rest, pos)
        spans.append((start, start + len(rest)))
    # A list item's number ("4.", "(b)"), which the segmenter cuts off as a sentence of its
    # own, opens the sentence after it: alone it says nothing, and after the sentence before
    # it, it reads as a figure there.
    for at in range(len(spans) - 2, -1, -1):
        start, end = spans[at]
        if LIST_NUMBER.fullmatch(text, start, end):
            spans[at : at + 2] = [(start, spans[at + 1][1])]
        elif (trailing := _TRAILING_LIST_NUMBER.search(text, start, end)) is not None:
            spans[at : at + 2] = [(start, trailing.start()), (trailing.start(1), spans[at + 1][1])]
    # So does a run-in heading, its number joined to it above; not a list's item ("1. Install
    # Python. 2. Run it.").
    for at in range(len(spans) - 2, -1, -1):
        following = spans[at + 1]
        if _run_in_heading(text[spans[at][0] : spans[at][1]]) and not _LIST_ITEM.match(text, following[0]):
            spans[at : at + 2] = [(spans[at][0], spans[at + 1][1])]
    return spans


def pack_paragraphs(
    paragraphs: Sequence[Paragraph], max_chars: int = DEFAULT_MAX_CHARS
) -> list[tuple[Paragraph, list[Paragraph]]]:
    """Pack consecutive paragraphs of one file into blocks of at most ``max_chars``.

    Two paragraphs join only when they are neighbours in the file (nothing but
    blank lines between them: a dropped caption or link line, or a PDF page break,
    ends a block) of one section, both prose or a code block or table after the paragraph
    ending in a colon that introduces it (a block ends with it), and the block stays
    within ``max_chars``; a longer paragraph stays alone. A block
    is itself a :class:`Paragraph` over the raw span it covers, so its cleaned text
    is its paragraphs' texts joined by one space and maps back to the file.

    Returns
    -------
    list of (block, members)
        Each block with the paragraphs it packs, in file order.
    """
    _check_max_chars(max_chars)
    packed: list[tuple[Paragraph, list[Paragraph]]] = []
    run: list[Paragraph] = []

    def flush() -> None:
        if len(run) == 1:
            packed.append((run[0], list(run)))
        elif run:
            document, start = run[0].document, run[0].offset
            end = _raw_end(run[-1])
            block = Paragraph(
                document, run[0].index, start, clean_with_map(document.text[start:end]), run[0].section
            )
            packed.append((block, list(run)))
        run.clear()

    for paragraph in paragraphs:
        if run and not _joins(run, paragraph, max_chars):
            flush()
        run.append(paragraph)
    flush()
    return packed


def _raw_end(paragraph: Paragraph) -> int:
    return paragraph.raw_span(0, len(paragraph.text))[1]


def _joins(run: list[Paragraph], paragraph: Paragraph, max_chars: int) -> bool:
    last = run[-1]
    if paragraph.document is not last.document or paragraph.index != last.index + 1:
        return False
    if last.kind != "prose":
        return False
    # Code and tables stay alone, but for the one a paragraph ending in a colon introduces
    # ("...by running this:"): the quoted answer is that paragraph, and without its literal
    # it says nothing. Nothing joins after the literal.
    introduced = paragraph.kind != "prose"
    if introduced and not last.text.endswith(":"):
        return False
    if paragraph.section != last.section:
        # A passage has one section: the end of a reStructuredText object description's
        # body ends its section with no line between.
        return False
    between = paragraph.document.text[_raw_end(last) : paragraph.offset]
    # Only blank lines between them (before a literal, also the fence lines cleaning
    # drops), and no page break: a passage cites one page.
    if (clean(between) if introduced else between.strip()) or PAGE_BREAK in between:
        return False
    return sum(len(p.text) + 1 for p in run) + len(paragraph.text) <= max_chars


def _check_max_chars(max_chars: int) -> None:
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars <= 0:
        raise InvalidArgumentError(f"max_chars must be a positive integer, got {max_chars!r}")


def chunk_paragraph(paragraph: Paragraph, max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    """Cut a paragraph into chunks of at most ``max_chars`` characters where possible.

    Raises
    ------
    InvalidArgumentError
        If ``max_chars`` is not a positive integer.
    """
    _check_max_chars(max_chars)
    text = paragraph.text
    if len(text) <= max_chars:
        return [Chunk(paragraph, 0, len(text))]
    pieces: list[tuple[int, int]] = []
    for start, end in split_sentences(text):
        pieces.extend(_cut_long(text, start, end, max_chars))
    # Aim for equal chunks so that a paragraph slightly over the limit does not
    # leave a one-sentence tail with little context.
    target = len(text) / math.ceil(len(text) / max_chars)
    chunks: list[Chunk] = []
    chunk_start, chunk_end = pieces[0]
    for start, end in pieces[1:]:
        if end - chunk_start > max_chars or chunk_end - chunk_start >= target:
            chunks.append(Chunk(paragraph, chunk_start, chunk_end))
            chunk_start = start
        chunk_end = end
    chunks.append(Chunk(paragraph, chunk_start, chunk_end))
    return chunks


def _cut_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > max_chars:
        cut = text.rfind(" ", start + 1, start + max_chars + 1)
        if cut <= start:
            cut = start + max_chars
            pieces.append((start, cut))
            start = cut
        else:
            pieces.append((start, cut))
            start = cut + 1
        while start < end and text[start] == " ":
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces
