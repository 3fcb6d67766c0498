"""The reference-budget record (``scripts/reference_budget.py``) that chapters 02 and 03 cite.

The prose of chapters 02 and 03 reads its figures through ``budget.MODEL`` marks and claims
(``scripts/prose.py``); these tests hold what those sentences rest on: every model of the
reference at the reference's budget, at least two seeds, with the run's provenance.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
RECORD = ROOT / "helpers" / "reference_budget.json"


@pytest.fixture(scope="module")
def script():
    import reference_budget

    return reference_budget


@pytest.mark.content
def test_the_record_holds_every_model_at_the_references_budget(script) -> None:
    runs = json.loads(RECORD.read_text(encoding="utf-8"))["runs"]
    for key, spec in script.MODELS.items():
        mine = [r for r in runs if r["model"] == key]
        assert len({r["seed"] for r in mine}) >= 2, f"{key}: fewer than two seeds"
        for run in mine:
            assert run["epochs"] == spec["epochs"] == len(run["val_mae"]), key
            assert run["batches_per_epoch"] == 500 and run["batch_size"] == 128, key
            assert run["best_val_mae"] == min(run["val_mae"]), key
            assert run["val_mae"][run["best_epoch"] - 1] == run["best_val_mae"], key
            assert run["data"] in ("stand-in", "real") and run["versions"]["keras"], key
            assert run["command"].startswith("KERAS_BACKEND=") and run["date"], key
            assert run["machine"]["cpus"] >= 1, key


@pytest.mark.unit
def test_merge_replaces_a_model_and_seed_and_keeps_the_rest(script, tmp_path: Path) -> None:
    path = tmp_path / "budget.json"

    def run(model: str, seed: int, value: float) -> dict:
        return {"model": model, "seed": seed, "best_val_mae": value}

    script.merge(path, [run("gru", 42, 0.30), run("hybrid", 0, 0.31)], {"date": "d1"})
    record = script.merge(path, [run("gru", 42, 0.28)], {"date": "d2"})
    found = {(r["model"], r["seed"]): (r["best_val_mae"], r["date"]) for r in record["runs"]}
    assert found == {("gru", 42): (0.28, "d2"), ("hybrid", 0): (0.31, "d1")}
    assert json.loads(path.read_text(encoding="utf-8")) == record


@pytest.mark.unit
def test_the_baseline_is_the_last_temperature_of_each_window(script) -> None:
    from helpers.windows import WindowSampler

    rng = np.random.default_rng(0)
    data = rng.normal(size=(400, 3)).astype("float32")
    sampler = WindowSampler(data, lookback=24, step=6, delay=12, min_index=0, max_index=300)
    rows = sampler.rows  # in order: every window of the range, once
    want = np.abs(data[rows - 6, 1] - data[rows + 12, 1]).mean()  # last input vs target
    assert script.baseline_mae(sampler) == pytest.approx(float(want), rel=1e-6)


@pytest.mark.unit
def test_an_unknown_model_is_named(script) -> None:
    with pytest.raises(ValueError, match="unknown model 'lstm'"):
        script.build("lstm", (10, 3))
