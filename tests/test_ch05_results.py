"""The committed chapter 05 is a full run: every trained model at the full settings, each one
the reference reports within 30 % of its figure, the receptive field printed as 31 steps, and
the benchmark timed at 50, 500 and 5,000 steps.

Which models the chapter trains is the record's business: a model added to the chapter needs
no change here (it is checked as every other model is).

The figures, the settings and the benchmark's lengths are read from the chapter's results
record (``helpers.results.load``). Two checks still read printed output, because the record
does not hold what they check: the receptive field (31 steps, and the impulse reaching steps 0
to 30) and the benchmark's seconds per epoch and their ratio. They find their cells by code
text; they should read the record once the chapter records these figures. Nothing is executed.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from helpers.presets import full_settings
from helpers.results import load as load_results

pytestmark = pytest.mark.content

ROOT = Path(__file__).resolve().parents[1]
STEM = "05_conv_wavenet"
LANGS = ["en", "ko"]
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


@pytest.mark.parametrize("lang", LANGS)
def test_05_conv_wavenet_committed_run_is_full(lang: str) -> None:
    results = load_results(STEM, lang)
    assert results.settings == full_settings(STEM), "not a run at the full settings"
    trained = [key for key, model in results.items() if model["epochs"] is not None]
    assert len(trained) >= 2 and "naive" in results, list(results)
    for key in trained:  # 7,000 series in batches of 32: 219 batches per epoch
        assert results[key]["epochs"] == 20 and results[key]["batches"] == 20 * 219, key


@pytest.mark.parametrize("lang", LANGS)
def test_05_conv_wavenet_committed_results(lang: str) -> None:
    """Each model's validation last-step MSE is at most 1.3 × the reference's."""
    results = load_results(STEM, lang)
    too_high = [
        f"{k}: {m['value']:.4f} vs {m['reference']}"
        for k, m in results.items()
        if m["reference"] is not None and m["value"] > 1.3 * m["reference"]
    ]
    assert not too_high, "worse than the reference by more than 30 %: " + "; ".join(too_high)
    naive = results["naive"]
    assert round(naive["value"], 4) == pytest.approx(naive["reference"], abs=1e-4)
    assert naive["epochs"] is None and naive["seconds_per_epoch"] is None


@pytest.mark.parametrize("lang", LANGS)
def test_05_conv_wavenet_benchmark_lengths(lang: str) -> None:
    """The benchmark ran at 50, 500 and 5,000 steps, on BENCH_SERIES series (the record)."""
    settings = load_results(STEM, lang).settings
    assert tuple(settings["BENCH_LENGTHS"]) == BENCH_LENGTHS, settings
    assert settings["BENCH_SERIES"] >= 32 and settings["BENCH_EPOCHS"] >= 1, settings


# ---- printed output: not in the record (see the module's docstring)
@pytest.mark.parametrize("lang", LANGS)
def test_05_conv_wavenet_receptive_field(lang: str) -> None:
    nb = load(lang)
    lines = printed(cell_with(nb, "def receptive_field")).splitlines()
    stack = [line for line in lines if "WaveNet" in line]  # the whole stack's line
    assert len(stack) == 1 and re.findall(r"\d+", stack[0])[-1] == "31", f"printed {lines}"
    impulse = printed(cell_with(nb, "impulse[0, 0, 0] = 1.0"))
    assert re.search(r"(?<!\d)0\D+30\D+31(?!\d)", impulse), f"the impulse check: {impulse!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_05_conv_wavenet_benchmark(lang: str) -> None:
    """The printed benchmark table has the record's lengths, both models timed, and the right
    ratio (the seconds are not in the record)."""
    text = printed(cell_with(load(lang), "bench_table = pd.DataFrame("))
    rows = {
        int(n): (float(gru), float(wavenet), float(ratio))
        for n, gru, wavenet, ratio in re.findall(
            r"^(\d+)\s+(\d+\.\d+)\s+(\d+\.\d+)\s+(\d+\.\d+)\s*$", text, flags=re.M
        )
    }
    lengths = tuple(load_results(STEM, lang).settings["BENCH_LENGTHS"])
    assert tuple(sorted(rows)) == lengths, f"benchmark lengths {sorted(rows)}, ran {lengths}"
    for n, (gru, wavenet, ratio) in rows.items():
        assert gru > 0 and wavenet > 0, f"{n} steps: a model was not timed"
        # the times are printed rounded to 2 decimals: the ratio lies within their rounding
        low, high = (gru - 0.005) / (wavenet + 0.005), (gru + 0.005) / (wavenet - 0.005)
        assert low - 0.005 <= ratio <= high + 0.005, f"{n} steps: GRU / WaveNet"
