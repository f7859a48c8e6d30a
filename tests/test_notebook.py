"""The exploration notebook runs top to bottom on a fresh kernel and shows its rich output."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def test_explore_notebook_executes_with_rich_answers_and_charts():
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    # Raises CellExecutionError, with the failing cell's traceback, on any error.
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    answers = [h for h in html if "nkqa-answer" in h]
    assert len(answers) == 5 and sum("<mark>" in h for h in answers) == 3
    assert sum("do not answer" in h for h in answers) == 2
    assert any("never mention Thailand" in h for h in answers)
    assert all("<th style='padding:0 8px;text-align:right'>BM25</th>" in h for h in answers)
    assert any("<table><tr><th>file</th>" in h for h in html)
    assert len(images) == 2
