"""The committed chapter 05 is a full run: every trained model at the full settings, each one
the reference reports within 30 % of its figure, the receptive field printed as 31 steps, and
the benchmark timed at 50, 500 and 5,000 steps.

Which models the chapter trains is the record's business: a model added to the chapter needs
no change here (it is checked as every other model is).

Everything is read from the chapter's results record (``helpers.results.load``): the models'
figures, the settings, and what the run measured that belongs to no one model (the receptive
field, the impulse's reach, the benchmark's seconds: ``Results.measure``). Nothing is executed.
"""

from __future__ import annotations

import pytest

from helpers.presets import full_settings
from helpers.results import load as load_results

pytestmark = pytest.mark.content

STEM = "05_conv_wavenet"
LANGS = ["en", "ko"]
BENCH_LENGTHS = (50, 500, 5000)


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


@pytest.mark.parametrize("lang", LANGS)
def test_05_conv_wavenet_receptive_field(lang: str) -> None:
    """The WaveNet stack sees 31 steps: by the formula, and by the impulse it was probed with
    (it reaches output steps 0 to 30)."""
    measured = load_results(STEM, lang).measured
    assert measured["receptive_field"] == 31, measured
    assert (measured["impulse_first"], measured["impulse_last"]) == (0, 30), measured


@pytest.mark.parametrize("lang", LANGS)
def test_05_conv_wavenet_benchmark(lang: str) -> None:
    """Both models were timed at every length of the benchmark (the record's seconds)."""
    results = load_results(STEM, lang)
    for n in results.settings["BENCH_LENGTHS"]:
        for key in ("gru", "wavenet"):
            assert results.measured.get(f"{key}_{n}_steps_s", 0) > 0, f"{key} at {n} steps"
