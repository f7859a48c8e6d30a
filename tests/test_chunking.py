import pytest

from nkqa.chunking import chunk_paragraph, pack_paragraphs, split_sentences
from nkqa.errors import InvalidArgumentError
from nkqa.loading import load_folder, split_paragraphs


def _paragraph(make_corpus, text):
    (doc,) = load_folder(make_corpus({"a.txt": text}))
    return split_paragraphs(doc)[0][0]


def test_sentences_respect_abbreviations():
    text = "The U.S. envoy met Dr. Kim in Jan. 2018. Trade was $1.88 million. Really?"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The U.S. envoy met Dr. Kim in Jan. 2018.", "Trade was $1.88 million.", "Really?"]


def test_short_paragraph_is_one_chunk(make_corpus):
    paragraph = _paragraph(make_corpus, "One sentence here. Two sentences here.")
    (chunk,) = chunk_paragraph(paragraph, 600)
    assert chunk.text == paragraph.text


def test_long_paragraph_cuts_between_sentences_within_the_limit(make_corpus):
    text = " ".join(f"Sentence number {i} says something rather ordinary." for i in range(40))
    paragraph = _paragraph(make_corpus, text)
    chunks = chunk_paragraph(paragraph, 300)
    assert all(len(c.text) <= 300 for c in chunks)
    assert all(c.text.endswith(".") for c in chunks)
    assert " ".join(c.text for c in chunks) == paragraph.text


def test_text_without_punctuation_is_cut_at_spaces(make_corpus):
    paragraph = _paragraph(make_corpus, "word " * 500)
    chunks = chunk_paragraph(paragraph, 100)
    assert all(0 < len(c.text) <= 100 for c in chunks)
    assert " ".join(c.text for c in chunks) == paragraph.text


def test_chunk_raw_span_reads_back(make_corpus):
    from nkqa.cleaning import clean

    paragraph = _paragraph(make_corpus, "Intro **bold** text here.\nSecond line, \\$5 paid. " * 10)
    for chunk in chunk_paragraph(paragraph, 120):
        start, end = chunk.raw_span()
        assert clean(paragraph.document.text[start:end]) == chunk.text


@pytest.mark.parametrize("bad", [0, -5, 2.5, True])
def test_max_chars_must_be_positive_int(make_corpus, bad):
    with pytest.raises(InvalidArgumentError):
        chunk_paragraph(_paragraph(make_corpus, "Some text here now."), bad)


def _paragraphs(make_corpus, text):
    (doc,) = load_folder(make_corpus({"a.txt": text}))
    return split_paragraphs(doc)[0]


def test_neighbouring_paragraphs_pack_into_blocks_within_the_limit(make_corpus):
    from nkqa.cleaning import clean

    paras = [f"Paragraph {i} says **one** thing, \\$5 in all." for i in range(6)]
    found = _paragraphs(make_corpus, "\n\n".join(paras) + "\n")
    packed = pack_paragraphs(found, 100)
    assert [len(members) for _, members in packed] == [2, 2, 2]
    for block, members in packed:
        assert len(block.text) <= 100
        assert block.text == " ".join(p.text for p in members)
        start, end = block.raw_span(0, len(block.text))
        assert clean(block.document.text[start:end]) == block.text


def test_a_dropped_line_or_a_long_paragraph_ends_a_block(make_corpus):
    text = "First short paragraph here.\n\n• Grey Twitter Icon\n\nSecond short paragraph here.\n\n"
    text += "A long one. " * 20 + "\n\nLast short paragraph here.\n"
    found = _paragraphs(make_corpus, text)
    packed = pack_paragraphs(found, 100)
    assert [[p.text[:5] for p in members] for _, members in packed] == [
        ["First"], ["Secon"], ["A lon"], ["Last "]]


def test_a_list_items_number_opens_the_sentence_after_it():
    text = "Candidates summarize their plans. 4. For three weeks no more are nominated. It may: 1. Appoint a leader."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Candidates summarize their plans.",
        "4. For three weeks no more are nominated.",
        "It may:",
        "1. Appoint a leader.",
    ]


def test_a_run_in_heading_opens_the_sentence_after_it_but_a_list_item_does_not():
    from nkqa.chunking import split_sentences

    text = 'It is received. 4. Redistribution. You may reproduce copies. 5. Definitions: "Work" means the work.'
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "It is received.", "4. Redistribution. You may reproduce copies.", '5. Definitions: "Work" means the work.'
    ]
    items = "Do this: 1. Install Python. 2. Run the tests."
    assert [items[s:e] for s, e in split_sentences(items)] == ["Do this:", "1. Install Python.", "2. Run the tests."]
