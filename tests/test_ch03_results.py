"""The committed chapter 03 is a full run on the data it names, and its record agrees with it.

Reads the chapter's results record (``helpers.results.load``); nothing is executed.
"""

from __future__ import annotations

import pytest

from helpers.presets import full_settings
from helpers.results import load

pytestmark = pytest.mark.content

STEM = "03_jena_conv_hybrid"
TRAINED = {"convnet", "hybrid", "hybrid_long", "gru3"}
FULL = full_settings(STEM)  # the presets file's "full" settings


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_03_jena_conv_hybrid_committed_run_is_full(lang: str) -> None:
    results = load(STEM, lang)
    assert results.settings == FULL, "not a run at the full settings"
    assert list(results) == ["baseline", "convnet", "hybrid", "hybrid_long", "gru3"]
    for key in TRAINED:
        model = results[key]
        assert model["epochs"] == 20 and model["batches"] == 20 * 250, key
        assert model["seconds_per_epoch"] > 0 and 1 <= model["epoch"] <= 20, key


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_03_jena_conv_hybrid_committed_results(lang: str) -> None:
    results = load(STEM, lang)
    assert 0.25 <= results["baseline"]["value"] <= 0.33, "baseline outside the reference's range"
    assert all(m["data"] == results.data for m in results.values())
    keys = ("baseline", "convnet", "hybrid", "hybrid_long", "gru3")
    references = [results[key]["reference"] for key in keys]
    assert references == [0.29, 0.40, 0.273, None, None], "the reference's figures"
    for key in TRAINED:
        assert 0 < results[key]["value"] < 1.5, key
