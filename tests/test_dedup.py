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


def _words(n, start=0):
    return frozenset(f"w{i} w{i + 1} w{i + 2}" for i in range(start, start + n))


def test_minhash_signatures_estimate_the_jaccard_similarity():
    from nkqa.dedup import minhash_signatures

    # 200 shingles each, 100 shared: Jaccard 100 / 300 = 1/3; disjoint sets: 0.
    a, b, c = _words(200), _words(200, start=100), _words(200, start=1000)
    sa, sb, sc = minhash_signatures([a, b, c])
    assert abs(float((sa == sb).mean()) - 1 / 3) < 0.12  # 128 hashes: standard error about 0.04
    assert float((sa == sc).mean()) < 0.05
    assert (minhash_signatures([a])[0] == sa).all()  # deterministic, whatever else is in the batch


def test_near_duplicates_are_found_among_many_texts_with_shared_sketches():
    import random

    from nkqa.dedup import Sketches

    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(3000)]
    bases = [" ".join(rng.choice(vocabulary) for _ in range(80)) for _ in range(300)]
    edited = []
    for text in bases[:100]:  # one word changed near the end: Jaccard about 0.95
        words = text.split()
        words[-5] = "changed"
        edited.append(" ".join(words))
    texts = bases + edited
    sketches = Sketches()
    found = find_duplicates(texts, sketches=sketches)
    assert [found[300 + i] for i in range(100)] == [(i, DuplicateKind.NEAR) for i in range(100)]
    assert all(kind is DuplicateKind.UNIQUE for _, kind in found[:300])
    assert find_duplicates(texts, sketches=sketches) == found  # the reused sketches decide the same
