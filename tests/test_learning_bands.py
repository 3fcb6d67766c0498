"""The learning checks' bands (tests/learning_bands.json) can tell a model that learned.

``scripts/learning_bands.py`` measures each band over at least five seeds at CI's settings, and
runs each chapter once more with every model untrained (learning rate 0). A band that holds
the untrained model's figure would pass a chapter that stopped learning: these tests fail then,
naming the chapter, the model, the band and the untrained figure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BANDS = json.loads((ROOT / "tests" / "learning_bands.json").read_text(encoding="utf-8"))
CI_PARAMETERS = json.loads((ROOT / "tests" / "chapter_parameters.json").read_text())["ci"]


@pytest.mark.parametrize("stem", sorted(BANDS))
def test_bands_were_measured_over_five_seeds_at_ci_settings(stem: str) -> None:
    measured = BANDS[stem]["measured"]
    assert len(set(measured["seeds"])) >= 5 and 42 in measured["seeds"]
    settings = {k: v for k, v in CI_PARAMETERS[stem].items()}
    assert {k: measured["settings"].get(k) for k in settings} == settings
    assert measured["versions"]["keras"] and measured["date"] and measured["command"]
    for key, model in BANDS[stem]["models"].items():
        low, high = model["band"]
        assert len(model["values"]) == len(measured["seeds"]), key
        assert all(low <= value <= high for value in model["values"]), key


@pytest.mark.parametrize("stem", sorted(BANDS))
def test_every_band_excludes_the_untrained_model(stem: str) -> None:
    chapter = BANDS[stem]
    assert "untrained" in chapter["measured"], (
        f"{stem}: no untrained run: python scripts/learning_bands.py {stem} --untrained-only"
    )
    held = []
    for key, model in chapter["models"].items():
        if ":" in key:  # a model's other figures (loss, share of outputs) need not separate
            continue
        low, high = model["band"]
        untrained = model["untrained"]
        assert untrained is not None, f"{stem}: {key!r} was not measured untrained"
        worse = untrained > high if model["better"] == "lower" else untrained < low
        if not worse:
            held.append(f"{key!r}: band [{low:.4f}, {high:.4f}], untrained {untrained:.4f}")
    assert not held, f"{stem}: bands that an untrained model passes: " + "; ".join(held)
