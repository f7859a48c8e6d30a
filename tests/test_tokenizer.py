from nkqa.tokenizer import LUCENE_STOPWORDS, STOPWORDS, tokenize


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
