"""Quality floors on the dev set with the real model (loaded once per session)."""

import pytest

from nkqa.evaluation import evaluate, load_questions

from conftest import DEV_QUESTIONS

pytestmark = pytest.mark.slow


def test_mansudae_is_first_with_a_citation_that_holds_it(real_index):
    answer = real_index.ask("Who built the Angkor Panorama Museum?")
    top = answer.passages[0]
    assert "Mansudae" in top.text
    citation = top.citation
    assert citation.source in {"000_77a9533f9ec5c58b.txt", "001_b1c310be2106d3ba.txt"}
    document = real_index.collection.document(citation.source)
    lines = document.text.splitlines()[citation.start_line - 1 : citation.end_line]
    assert "Mansudae" in "\n".join(lines)


@pytest.fixture(scope="module")
def reports(real_index):
    questions = load_questions(DEV_QUESTIONS)
    return {mode: evaluate(real_index, questions, mode) for mode in ("bm25", "dense", "hybrid")}


def test_dev_set_floor_hybrid(reports):
    # Measured (README): hit@1 0.950, hit@5 1.000, MRR@10 0.969, answer 0.925, 7/7 and 1/40
    # abstentions. The floors sit a little under, so a regression of two questions fails;
    # abstention is held at the target (6 of 7, at most 1 wrong).
    hybrid = reports["hybrid"]
    assert hybrid.hit_at[5] >= 0.95
    assert hybrid.hit_at[1] >= 0.90
    assert hybrid.mrr_at_10 >= 0.93
    assert hybrid.answer_accuracy >= 0.85
    assert hybrid.right_abstentions >= 6 and hybrid.wrong_abstentions <= 1


def test_answer_is_quoted_verbatim_with_its_own_citation(real_index):
    from nkqa.cleaning import clean

    answer = real_index.ask("Who coaches the Visakha soccer club?")
    assert answer.supported and "Hok Sochivoan" in answer.answer
    assert answer.answer in answer.passages[0].text
    c = answer.answer_citation
    document = real_index.collection.document(c.source)
    assert clean(document.text[c.start_char : c.end_char]) == answer.answer


def test_unanswerable_question_abstains(real_index):
    answer = real_index.ask("What is the GDP of Laos?")
    assert not answer.supported and answer.answer is None and answer.passages
    assert "do not answer" in str(answer)


def test_hybrid_is_not_worse_than_either_mode_at_5(reports):
    assert reports["hybrid"].hit_at[5] >= max(reports["bm25"].hit_at[5], reports["dense"].hit_at[5]) - 0.025


def test_hnsw_recall_on_real_vectors(real_index):
    from nkqa.dense import DenseIndex

    vectors = real_index.vectors
    exact, approx = DenseIndex(vectors), DenseIndex(vectors, "hnsw")
    recall = [len(set(exact.search(v, 10)[1]) & set(approx.search(v, 10)[1])) / 10 for v in vectors]
    assert sum(recall) / len(recall) >= 0.95


def test_missing_facts_about_known_names_are_refused(real_index):
    # The tune set's unanswerable questions name only things the corpus mentions; what
    # they ask about them is absent. Measured (README): 19 of 24 refused, 0 of 15
    # answerable ones. Floors: 16 and at most 1.
    questions = load_questions(DEV_QUESTIONS.parent / "tune_questions.jsonl")
    report = evaluate(real_index, questions, "hybrid")
    assert report.right_abstentions >= 16 and report.wrong_abstentions <= 1


def test_check_and_paraphrase_set_floors(real_index):
    # Measured (README): check 7/8 refused, 1/22 wrongly, answer 0.955; para (paraphrases
    # that share few words with their passage) answer 0.667, 7/10 refused, 5/18 wrongly.
    check = evaluate(real_index, load_questions(DEV_QUESTIONS.parent / "check_questions.jsonl"), "hybrid")
    assert check.right_abstentions >= 6 and check.wrong_abstentions <= 1
    assert check.answer_accuracy >= 0.9
    para = evaluate(real_index, load_questions(DEV_QUESTIONS.parent / "para_questions.jsonl"), "hybrid")
    assert para.answer_accuracy >= 0.6 and para.right_abstentions >= 6 and para.wrong_abstentions <= 6


@pytest.mark.parametrize(
    ("name", "refused", "wrong", "answer"),
    # Measured (README): hold 9/10 refused, 0/28 wrongly, answer 1.000; blind 8/10, 0/12,
    # 1.000; blind2 8/10, 0/10, 1.000; blind3 7/11, 0/8, 1.000. Their unanswerable questions
    # ask for a name, a figure or a relation the text does not give about things it mentions.
    # blind5 8/10, 0/5, 1.000; variants (answerable questions phrased to meet those checks)
    # 2/2, 0/19, 1.000; blind6 9/12, 1/7, 0.857; blind7 7/12, 1/7, 0.714;
    # blind8 8/12, 0/8, 0.875; blind9 8/8, 1/12, 0.917; blind10 9/10, 0/8, 1.000.
    [
        ("hold", 8, 1, 0.95),
        ("blind", 7, 1, 0.9),
        ("blind2", 6, 1, 0.9),
        ("blind3", 6, 1, 0.87),
        ("blind5", 7, 1, 0.9),
        ("variants", 2, 1, 0.9),
        ("blind6", 8, 1, 0.8),
        ("blind7", 6, 1, 0.7),
        ("blind8", 7, 1, 0.8),
        ("blind9", 7, 1, 0.9),
        ("blind10", 8, 1, 0.9),
    ],
)
def test_missing_fact_set_floors(real_index, name, refused, wrong, answer):
    report = evaluate(real_index, load_questions(DEV_QUESTIONS.parent / f"{name}_questions.jsonl"), "hybrid")
    assert report.right_abstentions >= refused and report.wrong_abstentions <= wrong
    assert report.answer_accuracy >= answer


def test_confidence_is_higher_for_right_answers(reports):
    results = reports["hybrid"].results
    right = [r.confidence for r in results if r.answer_correct]
    other = [r.confidence for r in results if not r.answer_correct]
    assert right and other
    assert sum(right) / len(right) > sum(other) / len(other) + 0.2
