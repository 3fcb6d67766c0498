"""The committed chapter 02 is a full run on the data it names, with every figure in its table.

Reads the committed notebooks' outputs only (nothing is executed): the per-epoch progress
lines, the baseline, and the final table of results.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
STEM = "02_jena_rnn"
MODELS = 6  # dense, GRU, GRU with dropout, stacked, bidirectional, reversed
FULL_EPOCHS = 10
STANDIN_NOTE = "STAND-IN"


def load(lang: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "chapters" / lang / f"{STEM}.ipynb", as_version=4)


def printed(nb: nbformat.NotebookNode) -> str:
    return "\n".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )


def results_table(nb: nbformat.NotebookNode) -> tuple[list[str], dict[str, list[str]]]:
    """Column headings and rows of the results table (the HTML table with a 'MAE' column)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            table = out.get("data", {}).get("text/html", "")
            if "<table" in table and "MAE" in table:
                heads = [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", table)]
                rows = {}
                for name, cells in re.findall(
                    r"<tr>\s*<th>(.*?)</th>((?:\s*<td>.*?</td>)+)\s*</tr>", table
                ):
                    rows[html.unescape(name)] = [
                        html.unescape(v) for v in re.findall(r"<td>(.*?)</td>", cells)
                    ]
                return heads, rows
    raise AssertionError("no results table in the notebook's outputs")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_02_jena_rnn_committed_run_is_full(lang: str) -> None:
    text = printed(load(lang))
    finals = re.findall(r"epoch (\d+)/(\d+):", text)
    assert finals, "no progress lines: the committed notebook was not run"
    assert {total for _, total in finals} == {str(FULL_EPOCHS)}, "not a run at the full epochs"
    assert sum(1 for done, _ in finals if done == str(FULL_EPOCHS)) == MODELS
    assert "STEPS_PER_EPOCH=100, VAL_STRIDE=6" in text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_02_jena_rnn_committed_results(lang: str) -> None:
    nb = load(lang)
    text = printed(nb)
    baseline = re.search(r"MAE (0\.\d{4}) \(", text)
    assert baseline, "no baseline MAE printed"
    assert 0.25 <= float(baseline.group(1)) <= 0.33, "baseline outside the reference's range"
    heads, rows = results_table(nb)
    assert len(rows) == MODELS + 1, rows
    if STANDIN_NOTE in text:  # the stand-in was used: the table must say so
        assert "stand-in" in heads[1], heads
    for name, (mae, celsius, reference, seconds) in rows.items():
        assert 0 < float(mae) < 1.5 and float(celsius) > 0 and float(reference) > 0, name
        assert seconds == "–" or float(seconds) > 0, name
    trained = [r for r in rows.values() if r[3] != "–"]
    assert len(trained) == MODELS
    # trained to convergence: the best model comes within 10 % of the baseline or beats it
    mae = [float(r[0]) for r in trained]
    assert min(mae) < float(baseline.group(1)) * 1.1
