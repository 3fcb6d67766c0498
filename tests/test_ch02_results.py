"""The committed chapter 02 is a full run on the data it names, with every figure in its record.

Reads the chapter's results record (``helpers.results.load``); nothing is executed.
"""

from __future__ import annotations

import pytest

from helpers.presets import full_settings
from helpers.results import load

pytestmark = pytest.mark.content

STEM = "02_jena_rnn"
TRAINED = {"dense", "gru", "gru_dropout", "stacked", "bidirectional", "reversed"}
FULL = full_settings(STEM)  # the presets file's "full" settings


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_02_jena_rnn_committed_run_is_full(lang: str) -> None:
    results = load(STEM, lang)
    assert results.settings == FULL, "not a run at the full settings"
    assert set(results) == TRAINED | {"baseline"}
    for key in TRAINED:
        model = results[key]
        assert model["epochs"] == 10 and model["batches"] == 10 * 100, key
        assert model["seconds_per_epoch"] > 0 and 1 <= model["epoch"] <= 10, key


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_02_jena_rnn_committed_results(lang: str) -> None:
    results = load(STEM, lang)
    baseline = results["baseline"]["value"]
    assert 0.25 <= baseline <= 0.33, "baseline outside the reference's range"
    assert results.data in ("real", "stand-in") and all(
        m["data"] == results.data for m in results.values()
    ), "every figure names the data it was measured on"
    for key in TRAINED:
        assert 0 < results[key]["value"] < 1.5 and results[key]["reference"] > 0, key
    # trained to convergence: the best model comes within 10 % of the baseline or beats it
    assert min(results[key]["value"] for key in TRAINED) < baseline * 1.1
