from nkqa.tokenizer import LUCENE_STOPWORDS, STOPWORDS, remembering_tokenizer, tokenize


def test_numbers_keep_their_separators_and_percent():
    assert tokenize("US$1.88 million, 60.8% and 2,000 or 38") == ["us", "1.88", "million", "60.8%", "2,000", "38"]


def test_lower_case_possessive_and_hyphens():
    assert tokenize("Cambodia's Jae-in MUSEUM", stopwords=()) == ["cambodia", "jae", "in", "museum"]


def test_stop_words_are_dropped_only_when_asked():
    assert tokenize("Who built the museum?") == ["built", "museum"]
    assert tokenize("Who built the museum?", stopwords=()) == ["who", "built", "the", "museum"]
    assert LUCENE_STOPWORDS < STOPWORDS


def test_curly_apostrophes_fold_like_straight_ones():
    assert tokenize("Korea’s leader") == tokenize("Korea's leader")


def test_the_remembering_tokenizer_gives_what_tokenize_gives_and_a_list_of_its_own():
    remembered = remembering_tokenizer(LUCENE_STOPWORDS, False, size=2)
    text = "Who coaches the club's players?"
    first = remembered(text)
    assert first == tokenize(text, LUCENE_STOPWORDS, stem=False) == ["who", "coaches", "club", "players"]
    first.append("changed")  # a caller's change must not reach the next caller
    assert remembered(text) == ["who", "coaches", "club", "players"]
    for other in ("one text", "another text", text):  # past the size, texts are tokenized again
        assert remembered(other) == tokenize(other, LUCENE_STOPWORDS, stem=False)
