"""The committed chapter 04 is a full run whose every model is within 30 % of the reference.

Reads the chapter's results record (``helpers.results.load``); nothing is executed.
"""

from __future__ import annotations

import pytest

from helpers.presets import full_settings
from helpers.results import load

pytestmark = pytest.mark.content

STEM = "04_rnn_forecasting"
FULL = full_settings(STEM)  # the presets file's "full" settings
TRAINED = {
    "linear", "rnn1", "deep", "deep_dense", "linear10", "rnn10", "seq2seq", "ln_rnn", "lstm",
    "gru", "mc_dropout",
}  # fmt: skip
BASELINES = {"naive", "one_at_a_time", "naive10"}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_04_rnn_forecasting_committed_run_is_full(lang: str) -> None:
    results = load(STEM, lang)
    assert results.settings == FULL, "not a run at the full settings"
    assert set(results) == TRAINED | BASELINES
    for key in TRAINED:
        assert results[key]["epochs"] == 20 and results[key]["seconds_per_epoch"] > 0, key
        assert results[key]["batches"] == 20 * 219, key  # 7,000 series in batches of 32
        assert 1 <= results[key]["epoch"] <= 20, key
    assert all(m["data"] == "synthetic" for m in results.values())


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_04_rnn_forecasting_committed_results(lang: str) -> None:
    """Every model's validation figure is at most 1.3 × the reference's (lower is better)."""
    results = load(STEM, lang)
    compared = {k: m for k, m in results.items() if m["reference"] is not None}
    assert len(compared) == 13, sorted(compared)
    too_high = [
        f"{k}: {m['value']:.4f} vs {m['reference']}"
        for k, m in compared.items()
        if m["value"] > 1.3 * m["reference"]
    ]
    assert not too_high, "worse than the reference by more than 30 %: " + "; ".join(too_high)
    # the naive baselines have no randomness: the same numbers as the reference
    for key in ("naive", "naive10"):
        assert round(results[key]["value"], 4) == pytest.approx(results[key]["reference"], abs=1e-4)
