"""The committed chapter 03 is a full run on the data it names, and its table agrees with it.

Reads the committed notebooks' outputs only (nothing is executed): the per-epoch progress
lines, the settings line, the baseline, and the results table.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
STEM = "03_jena_conv_hybrid"
MODELS = 3  # the convnet, the Conv1D → GRU hybrid, the GRU on 30-minute windows
FULL_EPOCHS = 20
STANDIN_NOTE = "STAND-IN"  # in the line load_jena() prints when it uses the stand-in


def load(lang: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "chapters" / lang / f"{STEM}.ipynb", as_version=4)


def printed(nb: nbformat.NotebookNode) -> str:
    return "\n".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )


def results_table(nb: nbformat.NotebookNode) -> tuple[list[str], list[list[str]]]:
    """Column headings and rows (in order) of the results table: the HTML table with 'MAE'."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            table = out.get("data", {}).get("text/html", "")
            if "<table" in table and "MAE" in table:
                heads = [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", table)]
                rows = [
                    [html.unescape(v) for v in re.findall(r"<td>(.*?)</td>", cells)]
                    for _, cells in re.findall(
                        r"<tr>\s*<th>(.*?)</th>((?:\s*<td>.*?</td>)+)\s*</tr>", table
                    )
                ]
                return heads, rows
    raise AssertionError("no results table in the notebook's outputs")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_03_jena_conv_hybrid_committed_run_is_full(lang: str) -> None:
    text = printed(load(lang))
    progress = re.findall(r"^epoch (\d+)/(\d+):", text, flags=re.M)
    assert progress, "no progress lines: the committed notebook was not run"
    assert {total for _, total in progress} == {str(FULL_EPOCHS)}, "not a run at full epochs"
    assert len(progress) == MODELS * FULL_EPOCHS, "one progress line per epoch of each model"
    assert f"EPOCHS={FULL_EPOCHS}, STEPS_PER_EPOCH=250, VAL_STRIDE=6" in text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_03_jena_conv_hybrid_committed_results(lang: str) -> None:
    nb = load(lang)
    text = printed(nb)
    baseline = re.search(r"MAE (0\.\d{4}) \(", text)  # the first: the baseline, normalised
    assert baseline, "no baseline MAE printed"
    assert 0.25 <= float(baseline[1]) <= 0.33, "baseline outside the reference's range"
    heads, rows = results_table(nb)
    assert len(rows) == MODELS + 1, rows  # the baseline, then the three models
    if STANDIN_NOTE in text:  # the stand-in was used: the table must say so
        assert "stand-in" in heads[1], heads
    assert [r[2] for r in rows] == ["0.29", "≥ 0.45", "0.273", "–"], "the reference's figures"
    assert rows[0][0] == baseline[1] and rows[0][3] == "–", "the baseline row"
    for mae, celsius, _reference, seconds in rows[1:]:
        assert 0 < float(mae) < 1.5 and float(celsius) > 0 and float(seconds) > 0
    _baseline, _convnet, hybrid, gru = rows
    assert float(hybrid[3]) < float(gru[3]), "the hybrid is not faster per epoch than the GRU"
