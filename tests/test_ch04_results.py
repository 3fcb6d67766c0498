"""The committed chapter 04 is a full run whose every model is within 30 % of the reference.

Reads the committed notebooks' outputs only (nothing is executed): the one-line report that
``fit()`` prints for each trained model, the data shapes, and the final table of results.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
STEM = "04_rnn_forecasting"
TRAINED_MODELS = 11  # linear … GRU with MC dropout: the models `fit()` trains
REFERENCE_ROWS = 13  # the models the reference reports a figure for
EPOCHS_LINE = {"en": r"after (\d+) epochs,", "ko": r": (\d+) 에포크 후 검증"}


def load(lang: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "chapters" / lang / f"{STEM}.ipynb", as_version=4)


def printed(nb: nbformat.NotebookNode) -> str:
    return "\n".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )


def table_rows(nb: nbformat.NotebookNode) -> dict[str, list[str]]:
    """The rows of the results table (the cell tagged ``results-table``), by model."""
    tagged = [c for c in nb.cells if "results-table" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "one cell tagged results-table"
    shown = [o for o in tagged[0].outputs if "text/html" in o.get("data", {})]
    assert shown, "the results-table cell shows no table"
    table = shown[-1]["data"]["text/html"]
    rows = {}
    for name, cells in re.findall(r"<tr>\s*<th>(.*?)</th>((?:\s*<td>.*?</td>)+)\s*</tr>", table):
        rows[html.unescape(name)] = [html.unescape(v) for v in re.findall(r"<td>(.*?)</td>", cells)]
    return rows


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_04_rnn_forecasting_committed_run_is_full(lang: str) -> None:
    text = printed(load(lang))
    epochs = re.findall(EPOCHS_LINE[lang], text)
    assert len(epochs) == TRAINED_MODELS, "one report line per trained model"
    assert set(epochs) == {"20"}, "not a run at the full 20 epochs"
    assert "X_train (7000, 50, 1) y_train (7000, 1)" in text, "not the full one-step data"
    assert "X_valid (2000, 50, 1) Y_valid (2000, 10)" in text, "not the full ten-step data"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_04_rnn_forecasting_committed_results(lang: str) -> None:
    """Every model's validation figure is at most 1.3 × the reference's (lower is better)."""
    rows = table_rows(load(lang))
    compared = {name: r for name, r in rows.items() if r[1] != "–"}
    assert len(compared) == REFERENCE_ROWS, f"expected {REFERENCE_ROWS} models, got {rows}"
    too_high = []
    for name, (this, reference, ratio, _seconds) in compared.items():
        this_run, ref = float(this), float(reference)
        # the printed figures are rounded to 4 decimals, the ratio to 2
        assert abs(float(ratio) - this_run / ref) <= 0.005 + 0.00005 / ref, f"{name}: ratio"
        if this_run > 1.3 * ref:
            too_high.append(f"{name}: {this} vs {reference}")
    assert not too_high, "worse than the reference by more than 30 %: " + "; ".join(too_high)
    # the naive baselines have no randomness: the same numbers as the reference
    naive = [r for r in compared.values() if r[3] == "–" and float(r[1]) in (0.0202, 0.257)]
    assert len(naive) == 2 and all(r[2] == "1.00" for r in naive), naive
    trained = [r for r in rows.values() if r[3] != "–"]
    assert len(trained) == TRAINED_MODELS and all(float(r[3]) > 0 for r in trained)
