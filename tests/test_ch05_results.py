"""The committed chapter 05 is a full run: both models within 30 % of the reference, the
receptive field printed as 31 steps, and the benchmark timed at 50, 500 and 5,000 steps.

Reads the committed notebooks' outputs only (nothing is executed).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
STEM = "05_conv_wavenet"
LANGS = ["en", "ko"]
TRAINED_MODELS = 2  # Conv1D + GRU, WaveNet
EPOCHS_LINE = {"en": r"after (\d+) epochs,", "ko": r": (\d+) 에포크 후 검증"}
RECEPTIVE_FIELD = {
    "en": r"receptive field of the WaveNet stack, rates [^:]*: (\d+) steps",
    "ko": r"WaveNet 스택의 수용 영역, 팽창 비율 [^:]*: (\d+)스텝",
}
BENCH_LENGTHS = (50, 500, 5000)


def load(lang: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "chapters" / lang / f"{STEM}.ipynb", as_version=4)


def printed(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []))


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


def cell_with(nb: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    """The one code cell of the chapter (not of an exercise's solution) containing ``source``."""
    found = [
        c
        for c in code_cells(nb)
        if source in c.source and "solution" not in c.metadata.get("tags", [])
    ]
    assert len(found) == 1, f"{len(found)} code cells contain {source!r}"
    return found[0]


def table_rows(cell: nbformat.NotebookNode) -> dict[str, list[str]]:
    """The rows of the DataFrame a cell displays (its HTML output), by row label."""
    shown = [o for o in cell.outputs if "text/html" in o.get("data", {})]
    assert shown, "the cell shows no table"
    table = shown[-1]["data"]["text/html"]
    rows = {}
    for name, cells in re.findall(r"<tr>\s*<th>(.*?)</th>((?:\s*<td>.*?</td>)+)\s*</tr>", table):
        rows[html.unescape(name)] = [html.unescape(v) for v in re.findall(r"<td>(.*?)</td>", cells)]
    return rows


@pytest.mark.parametrize("lang", LANGS)
def test_05_conv_wavenet_committed_run_is_full(lang: str) -> None:
    text = "\n".join(printed(c) for c in code_cells(load(lang)))
    epochs = re.findall(EPOCHS_LINE[lang], text)
    assert len(epochs) == TRAINED_MODELS, "one report line per trained model"
    assert set(epochs) == {"20"}, "not a run at the full 20 epochs"
    assert "X_train (7000, 50, 1) Y_train (7000, 50, 10)" in text, "not the full data set"


@pytest.mark.parametrize("lang", LANGS)
def test_05_conv_wavenet_committed_results(lang: str) -> None:
    """Each model's validation last-step MSE is at most 1.3 × the reference's."""
    rows = table_rows(cell_with(load(lang), "REFERENCE = {"))
    assert len(rows) == TRAINED_MODELS + 1, f"naive + {TRAINED_MODELS} models expected: {rows}"
    too_high = []
    for name, (this, reference, ratio, _seconds) in rows.items():
        this_run, ref = float(this), float(reference)
        # the printed figures are rounded to 4 decimals, the ratio to 2
        assert abs(float(ratio) - this_run / ref) <= 0.005 + 0.00005 / ref, f"{name}: ratio"
        if this_run > 1.3 * ref:
            too_high.append(f"{name}: {this} vs {reference}")
    assert not too_high, "worse than the reference by more than 30 %: " + "; ".join(too_high)
    naive = [r for r in rows.values() if r[3] == "–"]
    assert len(naive) == 1 and naive[0][:3] == ["0.2570", "0.2570", "1.00"], naive
    trained = [r for r in rows.values() if r[3] != "–"]
    assert len(trained) == TRAINED_MODELS and all(float(r[3]) > 0 for r in trained)


@pytest.mark.parametrize("lang", LANGS)
def test_05_conv_wavenet_receptive_field(lang: str) -> None:
    nb = load(lang)
    field = re.findall(RECEPTIVE_FIELD[lang], printed(cell_with(nb, "def receptive_field")))
    assert field == ["31"], f"receptive field printed as {field}"
    impulse = printed(cell_with(nb, "impulse[0, 0, 0] = 1.0"))
    assert re.search(r"(?<!\d)0\D+30\D+31(?!\d)", impulse), f"the impulse check: {impulse!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_05_conv_wavenet_benchmark(lang: str) -> None:
    """The benchmark table has the three lengths, both models timed, and the right ratio."""
    text = printed(cell_with(load(lang), "bench_table = pd.DataFrame("))
    rows = {
        int(n): (float(gru), float(wavenet), float(ratio))
        for n, gru, wavenet, ratio in re.findall(
            r"^(\d+)\s+(\d+\.\d+)\s+(\d+\.\d+)\s+(\d+\.\d+)\s*$", text, flags=re.M
        )
    }
    assert tuple(sorted(rows)) == BENCH_LENGTHS, f"benchmark lengths {sorted(rows)}"
    for n, (gru, wavenet, ratio) in rows.items():
        assert gru > 0 and wavenet > 0, f"{n} steps: a model was not timed"
        # the times are printed rounded to 2 decimals: the ratio lies within their rounding
        low, high = (gru - 0.005) / (wavenet + 0.005), (gru + 0.005) / (wavenet - 0.005)
        assert low - 0.005 <= ratio <= high + 0.005, f"{n} steps: GRU / WaveNet"
