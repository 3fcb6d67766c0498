"""The learning checks' bands (tests/learning_bands.json) can tell a model that learned.

``scripts/learning_bands.py`` measures each band over at least five seeds at CI's settings, and
runs each chapter once more with every model untrained (learning rate 0). Each band is checked
here against what was measured apart from the seeds it was computed from:

- the **untrained run**: every seed's figure must be better than the untrained model's (the
  model learns at CI's settings), and the band must not hold the untrained figure (the check
  could not tell a model that stopped learning);
- the **committed full run** (the chapter's results record, at the full settings: trained
  longer, in another run): each of its figures must lie on the better side of the band's worse
  edge (a band that a working model at full length would fail is too tight, or measured on a
  chapter that since changed);
- the **script's rule**: the stored band is what ``band()`` gives for the stored values and
  untrained figure (a band widened or narrowed by hand fails).

Each failure names the chapter, the model, the band and the figure. ``check_bands`` returns
the problems, so that the tests at the end can show each check failing on a corrupted copy.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import pytest

from helpers.results import ChapterResults
from helpers.results import load as load_results

ROOT = Path(__file__).resolve().parents[1]
BANDS = json.loads((ROOT / "tests" / "learning_bands.json").read_text(encoding="utf-8"))
CI_PARAMETERS = json.loads((ROOT / "tests" / "chapter_parameters.json").read_text())["ci"]
ROUNDING = 2e-6  # the script stores bands and values rounded to 6 decimals

_spec = importlib.util.spec_from_file_location(
    "learning_bands", ROOT / "scripts" / "learning_bands.py"
)
learning_bands = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(learning_bands)


def worse_edge(model: dict) -> float:
    low, high = model["band"]
    return high if model["better"] == "lower" else low


def better_than(a: float, b: float, better: str) -> bool:
    return a < b if better == "lower" else a > b


def measured_problems(stem: str, chapter: dict) -> list[str]:
    """What is missing from how the bands were measured (seeds, settings, versions)."""
    measured = chapter["measured"]
    problems = []
    if len(set(measured["seeds"])) < 5 or 42 not in measured["seeds"]:
        problems.append(f"{stem}: seeds {measured['seeds']}: at least 5, 42 (CI's) among them")
    settings = CI_PARAMETERS[stem]
    if {k: measured["settings"].get(k) for k in settings} != settings:
        problems.append(f"{stem}: measured at {measured['settings']}, CI runs {settings}")
    if not (measured["versions"].get("keras") and measured["date"] and measured["command"]):
        problems.append(f"{stem}: the versions, date or command are missing")
    if "untrained" not in measured:
        problems.append(
            f"{stem}: no untrained run: python scripts/learning_bands.py {stem} --untrained-only"
        )
    return problems


def band_problems(stem: str, chapter: dict) -> list[str]:
    """The bands against the untrained run and the script's rule."""
    problems = []
    for key, model in chapter["models"].items():
        own = ":" not in key  # a model's other figures (loss, share of outputs) need not separate
        low, high = model["band"]
        untrained, better = model.get("untrained"), model["better"]
        where = f"{stem} {key!r}: band [{low:.4f}, {high:.4f}]"
        if len(model["values"]) != len(chapter["measured"]["seeds"]):
            problems.append(f"{where}: {len(model['values'])} values for the seeds measured")
        rule = learning_bands.band(model["values"], better, untrained if own else None)
        if any(abs(a - b) > ROUNDING for a, b in zip(rule, model["band"], strict=True)):
            problems.append(f"{where}, but its values and untrained figure give {rule}")
        if not own:
            continue
        if untrained is None:
            problems.append(f"{where}: not measured untrained")
            continue
        if not better_than(worse_edge(model), untrained, better):
            problems.append(f"{where} holds the untrained model's {untrained:.4f}")
        behind = [v for v in model["values"] if not better_than(v, untrained, better)]
        if behind:
            problems.append(
                f"{where}: seeds {behind} are no better than the untrained {untrained:.4f}: "
                "CI's settings are too short for this model to learn"
            )
    return problems


def full_run_problems(stem: str, chapter: dict, record: ChapterResults) -> list[str]:
    """The committed full run's figures against the bands' worse edges."""
    seen = learning_bands.figures(record)
    problems = []
    for key, model in chapter["models"].items():
        where = f"{stem} ({record.lang}) {key!r}"
        if key not in seen:
            problems.append(f"{where}: not in the committed run's record")
            continue
        value, edge = seen[key][2], worse_edge(model)
        if better_than(edge, value, model["better"]):
            problems.append(
                f"{where}: the committed full run's {value:.4f} is worse than the band's edge "
                f"{edge:.4f} ({model['better']} is better)"
            )
    return problems


@pytest.mark.parametrize("stem", sorted(BANDS))
@pytest.mark.content
def test_bands_were_measured_over_five_seeds_at_ci_settings(stem: str) -> None:
    problems = measured_problems(stem, BANDS[stem])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stem", sorted(BANDS))
@pytest.mark.content
def test_bands_follow_the_rule_and_separate_the_untrained_run(stem: str) -> None:
    problems = band_problems(stem, BANDS[stem])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", sorted(BANDS))
@pytest.mark.content
def test_the_committed_full_run_passes_its_bands(stem: str, lang: str) -> None:
    problems = full_run_problems(stem, BANDS[stem], load_results(stem, lang))
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ each check can fail
STEM = "04_rnn_forecasting"


def corrupted(change) -> dict:
    chapter = copy.deepcopy(BANDS[STEM])
    change(chapter["models"]["gru"])
    return chapter


@pytest.mark.unit
def test_a_band_widened_by_hand_fails() -> None:
    """The old check (every seed inside its band) passes a band widened to hold anything."""
    chapter = corrupted(lambda gru: gru.update(band=[0.0, 10.0]))
    assert all(0.0 <= v <= 10.0 for v in chapter["models"]["gru"]["values"])  # the old check
    assert any("give" in p for p in band_problems(STEM, chapter))
    assert any("holds the untrained" in p for p in band_problems(STEM, chapter))


@pytest.mark.unit
def test_seeds_no_better_than_the_untrained_run_fail() -> None:
    """CI's settings too short to learn: seeds and untrained run show the same figure."""

    def same(gru: dict) -> None:
        gru["untrained"] = max(gru["values"])
        gru["band"] = learning_bands.band(gru["values"], "lower", gru["untrained"])

    problems = band_problems(STEM, corrupted(same))
    assert any("no better than the untrained" in p for p in problems), problems
    assert any("holds the untrained" in p for p in problems), problems


@pytest.mark.unit
def test_a_full_run_worse_than_the_band_fails() -> None:
    """A committed full run whose figure lies past the band's worse edge."""
    record = copy.deepcopy(load_results(STEM, "en").record)
    gru = next(m for m in record["models"] if m["id"] == "gru")
    assert full_run_problems(STEM, BANDS[STEM], ChapterResults(record)) == []
    gru["value"] = worse_edge(BANDS[STEM]["models"]["gru"]) * 1.01
    problems = full_run_problems(STEM, BANDS[STEM], ChapterResults(record))
    assert problems and "'gru'" in problems[0] and "worse than the band" in problems[0]
    record["models"].remove(gru)
    problems = full_run_problems(STEM, BANDS[STEM], ChapterResults(record))
    assert any("not in the committed run's record" in p for p in problems), problems


@pytest.mark.unit
def test_measured_at_other_settings_fails() -> None:
    chapter = copy.deepcopy(BANDS[STEM])
    chapter["measured"]["settings"] = {**chapter["measured"]["settings"], "EPOCHS": 99}
    chapter["measured"]["seeds"] = [42, 0, 1]
    problems = measured_problems(STEM, chapter)
    assert len(problems) == 2 and "CI runs" in problems[1], problems


OTHER_BACKENDS = [
    (stem, backend) for stem in sorted(BANDS) for backend in BANDS[stem].get("backends", {})
]


@pytest.mark.parametrize(("stem", "backend"), OTHER_BACKENDS)
@pytest.mark.content
def test_another_backends_bands_follow_the_rule_and_separate_the_untrained_run(
    stem: str, backend: str
) -> None:
    """The bands ``learning_bands.py --backend`` measured (at least 3 seeds) hold to the same
    rule; the models it set aside as unlearned on that backend have a seed no better than
    untrained, and are few (the check keeps the others)."""
    chapter = BANDS[stem]["backends"][backend]
    measured = chapter["measured"]
    assert len(set(measured["seeds"])) >= 3 and 42 in measured["seeds"]
    assert measured["versions"]["backend"] == backend
    problems = band_problems(f"{stem} on {backend}", chapter)
    for key, model in chapter.get("unlearned", {}).items():
        if all(v < model["untrained"] for v in model["values"]):  # every banded figure: lower
            problems.append(f"{stem} on {backend}: {key!r} learned on every seed, yet set aside")
    assert not problems, "\n".join(problems)
    assert len(chapter["models"]) > len(chapter.get("unlearned", {}))


@pytest.mark.unit
def test_a_model_no_better_than_untrained_is_set_aside() -> None:
    chapter = {
        "models": {
            "dense": {"better": "lower", "values": [1.4, 1.3], "untrained": 1.2},
            "dense:test_mae": {"better": "lower", "values": [1.4, 1.3], "untrained": 1.2},
            "gru": {"better": "lower", "values": [0.3, 0.4], "untrained": 1.0},
            "deep": {"better": "lower", "values": [1.7, 0.9, 1.6], "untrained": 1.1},  # 1 of 3
            "acc": {"better": "higher", "values": [0.8, 0.7], "untrained": 0.5},
        }
    }
    learning_bands.set_aside_unlearned(chapter)
    assert list(chapter["models"]) == ["gru", "acc"]
    assert chapter["unlearned"] == {
        "dense": {"values": [1.4, 1.3], "untrained": 1.2},
        "deep": {"values": [1.7, 0.9, 1.6], "untrained": 1.1},
    }
