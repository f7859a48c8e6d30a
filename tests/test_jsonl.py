import json

import pytest

from nkqa.beir import load_beir
from nkqa.evaluation import load_questions
from nkqa.jsonl import read_jsonl, text_lines

# Characters str.splitlines() breaks lines at, which JSON allows raw inside strings.
SEPARATORS = "\u2028\u2029\u0085\u000b\u001c"


def _dump(rows):
    # ensure_ascii=False keeps the separators raw, as other writers leave them.
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def test_records_keep_line_separators_inside_strings(tmp_path):
    path = tmp_path / "rows.jsonl"
    rows = [{"text": f"a{c}b"} for c in SEPARATORS]
    path.write_text(_dump(rows) + "\n", encoding="utf-8")
    assert [row for _, row in read_jsonl(path)] == rows


def test_crlf_and_blank_lines(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b'{"a": 1}\r\n\r\n{"a": 2}')
    assert list(text_lines(path)) == [(1, '{"a": 1}'), (3, '{"a": 2}')]


def test_beir_folder_with_separators(tmp_path):
    (tmp_path / "qrels").mkdir()
    docs = [{"_id": f"d{i}", "title": f"t{c}", "text": f"x{c}y"} for i, c in enumerate(SEPARATORS)]
    (tmp_path / "corpus.jsonl").write_text(_dump(docs), encoding="utf-8")
    (tmp_path / "queries.jsonl").write_text(_dump([{"_id": "q\u2028", "text": "x\u0085y"}]), encoding="utf-8")
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq\u2028\td0\t1\n", encoding="utf-8")
    collection = load_beir(tmp_path)
    assert len(collection.documents) == len(SEPARATORS)
    assert collection.documents["d0"] == ("t\u2028", "x\u2028y")
    assert collection.queries == {"q\u2028": "x\u0085y"}
    assert collection.qrels == {"q\u2028": {"d0": 1}}


def test_question_set_with_separators(tmp_path):
    path = tmp_path / "questions.jsonl"
    rows = [{"id": f"q{i}", "question": f"Who{c}is it?", "answers": [f"a{c}"], "sources": ["f.txt"]} for i, c in enumerate(SEPARATORS)]
    path.write_text(_dump(rows), encoding="utf-8")
    questions = load_questions(path)
    assert [q.question for q in questions] == [row["question"] for row in rows]
    assert questions[2].answers == ("a\u0085",)


def test_a_broken_line_still_names_its_number(tmp_path):
    path = tmp_path / "questions.jsonl"
    path.write_text('{"id": "1", "question": "q", "answers": [], "sources": []}\n{"id": \n', encoding="utf-8")
    from nkqa.errors import InvalidArgumentError

    with pytest.raises(InvalidArgumentError, match=":2:"):
        load_questions(path)
