"""helpers.results: the one results record per chapter run, written and read back."""

from __future__ import annotations

import json
from pathlib import Path

import keras
import numpy as np
import pytest

from helpers import results as res
from helpers.results import RECORD_MIME, ChapterResults, Results, load

ROOT = Path(__file__).resolve().parents[1]
STEMS = sorted(p.stem for p in (ROOT / "chapters" / "en").glob("*.ipynb"))


def small_results(lang: str = "en") -> Results:
    return Results(
        "99_test",
        lang,
        data="synthetic",
        settings={"EPOCHS": 3, "SEED": 1},
        names={"naive": "naive", "dense": "dense" if lang == "en" else "밀집"},
        reference={"naive": 0.5, "dense": 0.1},
        source="ref",
    )


@pytest.mark.unit
def test_fit_records_the_best_epoch_and_the_training(capsys) -> None:
    keras.utils.set_random_seed(0)
    x = np.linspace(-1, 1, 64, dtype="float32").reshape(-1, 1)
    y = 3 * x
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    results = small_results()
    recorder = results.recorder("dense", metric="val_mse")
    history = model.fit(
        x, y, epochs=3, batch_size=16, validation_data=(x, y), verbose=0, callbacks=[recorder]
    )
    dense = results.models["dense"]
    values = history.history["val_loss"]
    assert (
        dense.value == pytest.approx(min(values)) and dense.epoch == values.index(min(values)) + 1
    )
    assert dense.metric == "val_mse" and dense.better == "lower" and dense.reference == 0.1
    assert dense.epochs == 3 and dense.batches == 3 * 4 and dense.seconds_per_epoch > 0
    line = capsys.readouterr().out
    assert line.startswith("dense: validation MSE ") and "best of 3 epochs" in line


@pytest.mark.unit
def test_the_recorder_records_a_plain_model_fit(capsys) -> None:
    """``model.fit(..., callbacks=[results.recorder(key)])``: the chapters' training path
    records what the History holds, with the EarlyStopping that restores the best epoch."""
    keras.utils.set_random_seed(0)
    x = np.linspace(-1, 1, 64, dtype="float32").reshape(-1, 1)
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.3), loss="mse", metrics=["mae"])
    results = small_results("ko")
    best = keras.callbacks.EarlyStopping(patience=4, restore_best_weights=True)
    history = model.fit(
        x,
        4 * x,
        epochs=4,
        batch_size=32,
        validation_data=(x, 4 * x),
        verbose=0,
        callbacks=[results.recorder("dense", monitor="val_mae"), best],
    )
    dense, values = results.models["dense"], history.history["val_mae"]
    assert dense.value == pytest.approx(min(values)) and dense.last == pytest.approx(values[-1])
    assert dense.epoch == values.index(min(values)) + 1 and dense.epochs == 4
    assert dense.batches == 4 * 2 and dense.metric == "val_mae"
    assert dense.also["val_loss"] == pytest.approx(history.history["val_loss"][dense.epoch - 1])
    assert capsys.readouterr().out.startswith("밀집: 검증 MAE ")
    with pytest.raises(KeyError, match="'lstm' has no name"):
        results.recorder("lstm")
    with pytest.raises(ValueError, match="better must be"):
        results.recorder("dense", better="up")


@pytest.mark.unit
def test_fit_names_the_stand_in_in_its_line(capsys) -> None:
    """A training log made from the Jena stand-in says so, in the page's language."""
    x = np.linspace(-1, 1, 32, dtype="float32").reshape(-1, 1)

    def fit(lang: str, data: str) -> str:
        model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        results = Results("99_test", lang, data=data, settings={}, names={"m": "GRU"})
        model.fit(x, x, validation_data=(x, x), verbose=0, callbacks=[results.recorder("m")])
        return capsys.readouterr().out

    assert fit("en", "stand-in").startswith("GRU (stand-in data): ")
    assert fit("ko", "stand-in").startswith("GRU (대체 데이터): ")
    assert fit("en", "real").startswith("GRU: ")


@pytest.mark.unit
def test_fit_names_a_missing_metric() -> None:
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.zeros((8, 1), dtype="float32")
    with pytest.raises(KeyError, match="val_mae"):
        recorder = small_results().recorder("dense", monitor="val_mae")
        model.fit(x, x, validation_data=(x, x), verbose=0, callbacks=[recorder])


@pytest.mark.unit
def test_add_keeps_training_fields_and_checks_its_input() -> None:
    results = small_results()
    results.add("dense", "val_mse", 0.2, seconds_per_epoch=1.5, epochs=3, batches=12, epoch=2)
    results.add("dense", "val_mse", 0.15, epoch=3)  # a figure computed after training
    dense = results.models["dense"]
    assert (dense.value, dense.epoch, dense.epochs, dense.seconds_per_epoch) == (0.15, 3, 3, 1.5)
    with pytest.raises(KeyError, match="no name"):
        results.add("other", "val_mse", 0.1)
    with pytest.raises(ValueError, match="better"):
        results.add("dense", "val_mse", 0.1, better="smaller")
    with pytest.raises(ValueError, match="data"):
        Results("x", "en", data="real-ish", settings={}, names={})


@pytest.mark.unit
def test_show_stores_the_record_and_writes_it_for_the_checks(tmp_path, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    monkeypatch.setenv(res.RESULTS_DIR_ENV, str(tmp_path))
    results = small_results("ko")
    results.add("naive", "val_mse", 0.5)
    results.add("dense", "val_mse", 0.05, seconds_per_epoch=2.0, epochs=3, batches=9, epoch=3)
    results.show()
    table, record = shown
    assert list(table.columns) == ["이번 실행", "참고 자료 (ref)", "이번 / 참고", "에포크당 초"]
    assert table.loc["밀집"].tolist() == ["0.0500", "0.1000", "0.50", "2.0"]
    assert table.loc["naive"].tolist() == ["0.5000", "0.5000", "1.00", "–"]
    data = record[RECORD_MIME]
    assert data["settings"] == {"EPOCHS": 3, "SEED": 1} and data["versions"]["keras"]
    written = json.loads((tmp_path / "99_test.ko.json").read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(data))
    # and read back from a notebook's outputs, keyed by model id
    chapters = tmp_path / "chapters"
    (chapters / "ko").mkdir(parents=True)
    cell = {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": record}]}
    (chapters / "ko" / "99_test.ipynb").write_text(json.dumps({"cells": [cell]}))
    back = load("99_test", "ko", chapters=chapters)
    assert list(back) == ["naive", "dense"] and back["dense"]["value"] == 0.05
    assert back.settings == {"EPOCHS": 3, "SEED": 1} and back.data == "synthetic"


@pytest.mark.unit
def test_note_keeps_another_figure_of_a_recorded_model() -> None:
    results = small_results()
    results.add("dense", "val_mse", 0.2, epochs=3)
    results.note("dense", "val_outputs_outside_0_1", 0)
    assert results.models["dense"].also == {"val_outputs_outside_0_1": 0.0}
    with pytest.raises(KeyError, match="no result yet"):
        results.note("naive", "val_loss", 0.1)


@pytest.mark.unit
def test_measure_keeps_figures_of_no_model_and_keep_stores_them_again(monkeypatch) -> None:
    """What is measured after ``show`` reaches the record through ``keep``: the notebook's
    last record is its record."""
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    monkeypatch.delenv(res.RESULTS_DIR_ENV, raising=False)
    results = small_results()
    results.add("naive", "val_mse", 0.5)
    results.show()
    results.measure("receptive_field", 31)
    results.keep()
    first, last = shown[1][RECORD_MIME], shown[2][RECORD_MIME]
    assert first["measured"] == {} and last["measured"] == {"receptive_field": 31.0}
    cells = [{"outputs": [{"data": record}]} for record in shown[1:]]
    assert ChapterResults(res.record_of({"cells": cells})).measured == {"receptive_field": 31.0}


@pytest.mark.unit
def test_the_table_heading_names_the_stand_in(monkeypatch) -> None:
    for lang, heading in (("en", "this run (stand-in data)"), ("ko", "이번 실행 (대체 데이터)")):
        results = Results("99_test", lang, data="stand-in", settings={}, names={"m": "m"})
        results.add("m", "val_mae", 0.3)
        assert results.table().columns[0] == heading


@pytest.mark.unit
def test_table_shows_the_seed_spread_measured_at_the_run_settings(tmp_path, monkeypatch) -> None:
    spreads = {
        "99_test": {
            "measured": {"seeds": [42, 0, 1], "settings": {"EPOCHS": 3}},
            "models": {"dense": {"metric": "val_mse", "values": [0.05, 0.07, 0.06]}},
        }
    }
    path = tmp_path / "seed_spreads.json"
    path.write_text(json.dumps(spreads))
    monkeypatch.setattr(res, "SPREADS", path)
    monkeypatch.setattr(res.seed_spread, "__defaults__", (path,))
    results = small_results()
    results.add("naive", "val_mse", 0.5)
    results.add("dense", "val_mse", 0.05, epochs=3)
    table = results.table()
    assert list(table.columns)[:2] == ["this run", "seeds 42, 0, 1: range"]
    assert table["seeds 42, 0, 1: range"].tolist() == ["–", "0.0500–0.0700"]
    assert "시드 42, 0, 1: 범위" in small_results("ko").table().columns
    # another seed at the same settings still gets the range; other settings (CI's) do not
    assert res.seed_spread("99_test", {"EPOCHS": 3, "SEED": 7}, path)
    assert res.seed_spread("99_test", {"EPOCHS": 1, "SEED": 42}, path) == {}
    # a setting added since (a model trained after the measured ones) keeps it; one missing not
    assert res.seed_spread("99_test", {"EPOCHS": 3, "LSTM_EPOCHS": 2, "SEED": 42}, path)
    assert res.seed_spread("99_test", {"SEED": 42}, path) == {}
    results.settings = {"EPOCHS": 1, "SEED": 1}
    assert list(results.table().columns)[1] != "seeds 42, 0, 1: range"


@pytest.mark.unit
def test_load_says_what_is_missing(tmp_path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "99_x.ipynb").write_text(json.dumps({"cells": []}))
    with pytest.raises(LookupError, match="no results record"):
        load("99_x", "en", chapters=tmp_path)
    with pytest.raises(FileNotFoundError, match="no chapter"):
        load("99_y", "en", chapters=tmp_path)


def has_record(stem: str) -> bool:
    notebook = ROOT / "chapters" / "en" / f"{stem}.ipynb"
    return res.record_of(json.loads(notebook.read_text(encoding="utf-8"))) is not None


RECORDED = [stem for stem in STEMS if has_record(stem)]


@pytest.mark.parametrize("stem", RECORDED)
@pytest.mark.content
def test_both_languages_record_the_same_models_and_values(stem: str) -> None:
    """Same model ids; the same values, seeded runs being deterministic (timings aside)."""
    en, ko = load(stem, "en"), load(stem, "ko")
    assert list(en) == list(ko)
    assert en.settings == ko.settings and en.data == ko.data
    for key in en:
        assert en[key]["value"] == pytest.approx(ko[key]["value"], rel=1e-6, abs=1e-9), key
        assert en[key]["epoch"] == ko[key]["epoch"], key


@pytest.mark.content
def test_chapters_with_records() -> None:
    """Every chapter that trains stores its record (the overview, 06, only reads them)."""
    assert set(RECORDED) == set(STEMS) - {"06_results"}


SPREAD_STEMS = (
    sorted(json.loads(res.SPREADS.read_text(encoding="utf-8"))) if res.SPREADS.exists() else []
)


@pytest.mark.parametrize("stem", SPREAD_STEMS)
@pytest.mark.content
def test_seed_spreads_hold_the_committed_run_and_three_seeds(stem: str) -> None:
    """helpers/seed_spreads.json (scripts/seed_spread.py) was measured at the committed run's
    settings, with at least three seeds, and its seed-42 figures are the committed run's: a
    chapter re-run since must have its spreads refreshed (``--keep`` reuses the other seeds)."""
    measured = json.loads(res.SPREADS.read_text(encoding="utf-8"))[stem]
    seeds = measured["measured"]["seeds"]
    assert len(set(seeds)) >= 3 and 42 in seeds
    for lang in ("en", "ko"):
        record = load(stem, lang)
        spread_settings = measured["measured"]["settings"]
        assert {k: record.settings.get(k) for k in spread_settings} == spread_settings, (
            f"{stem} ({lang}) was run with other settings than its seed spread"
        )
        for key, model in measured["models"].items():
            committed = model["values"][seeds.index(record.settings["SEED"])]
            assert record[key]["value"] == pytest.approx(committed, abs=5e-7), (stem, lang, key)
