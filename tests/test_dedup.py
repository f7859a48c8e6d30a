from nkqa.dedup import DuplicateKind, content_id, find_duplicates, jaccard, shingles

BASE = ("The museum near Angkor Wat was built by a North Korean company for a reported sum of "
        "twenty four million dollars and opened to visitors in December of that year.")


def test_exact_duplicates_share_the_content_id_after_normalisation():
    assert content_id("“Hello”  World") == content_id('"hello" world')
    kinds = find_duplicates([BASE, BASE.upper(), "Something else entirely, about trade."])
    assert kinds == [(0, DuplicateKind.UNIQUE), (0, DuplicateKind.EXACT), (2, DuplicateKind.UNIQUE)]


def test_a_changed_word_is_a_near_duplicate():
    changed = BASE.replace("company", "firm")
    assert jaccard(shingles(BASE), shingles(changed)) >= 0.8
    assert find_duplicates([BASE, changed])[1] == (0, DuplicateKind.NEAR)


def test_different_texts_are_not_duplicates():
    other = "Cambodia expelled North Korean workers and closed restaurants in January of that year."
    assert find_duplicates([BASE, other])[1] == (1, DuplicateKind.UNIQUE)


def test_grouping_is_idempotent():
    texts = [BASE, BASE.replace("company", "firm"), "Other text about something.", BASE]
    first = find_duplicates(texts)
    leaders = sorted({leader for leader, _ in first})
    assert [k for _, k in find_duplicates([texts[i] for i in leaders])] == [DuplicateKind.UNIQUE] * len(leaders)
