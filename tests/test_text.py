"""The catalogues of the book's words (helpers/locale/<lang>.json, read by helpers.text): every
language holds the same texts with the same fields, and the helpers that draw or print speak
the language they are given."""

from __future__ import annotations

import json
import string
import warnings
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import diagrams, series, text  # noqa: E402
from helpers.plots import setup_plots  # noqa: E402
from helpers.windows import WindowSampler  # noqa: E402

pytestmark = pytest.mark.unit


def leaves(tree: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every text of a catalogue by its path (a list's items by their index)."""
    if isinstance(tree, dict):
        found: dict[tuple[str, ...], Any] = {}
        for key, value in tree.items():
            found.update(leaves(value, (*path, key)))
        return found
    if isinstance(tree, list):
        return {(*path, str(i)): v for i, v in enumerate(tree)}
    return {path: tree}


def fields(value: Any) -> set[str]:
    if not isinstance(value, str):
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}


def test_every_language_has_the_same_texts_with_the_same_fields() -> None:
    english = leaves(text.catalogue("en"))
    for lang in text.LANGS:
        other = leaves(text.catalogue(lang))
        assert set(other) == set(english), (lang, set(other) ^ set(english))
        for path, value in other.items():
            assert fields(value) == fields(english[path]), (lang, ".".join(path))
            assert value is None or (isinstance(value, str) and value.strip()), path


def test_the_check_catches_a_missing_text_and_a_renamed_field(tmp_path, monkeypatch) -> None:
    """The catalogue test above fails for the right reasons (a text left out, a field renamed)."""
    korean = json.loads((text.LOCALE / "ko.json").read_text(encoding="utf-8"))
    del korean["results"]["ratio"]
    korean["results"]["line"] = korean["results"]["line"].replace("{best}", "{epoch}")
    for lang in text.LANGS:
        source = text.LOCALE / f"{lang}.json"
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "ko.json").write_text(json.dumps(korean, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(text, "LOCALE", tmp_path)
    text.catalogue.cache_clear()
    try:
        english, other = leaves(text.catalogue("en")), leaves(text.catalogue("ko"))
        assert set(english) - set(other) == {("results", "ratio")}
        line = ("results", "line")
        assert fields(other[line]) ^ fields(english[line]) == {"best", "epoch"}
    finally:
        text.catalogue.cache_clear()


def test_an_unknown_language_is_named_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"\['en', 'ko'\], got 'fr'"):
        text.say("fr", "results", "seconds")
    with pytest.raises(TypeError, match="use say"):
        text.texts("en", "results", "seconds")


def shown(fig) -> str:
    """Every text drawn on a figure: titles, labels, legends, annotations."""
    found = []
    for ax in fig.axes:
        found += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        found += [t.get_text() for t in ax.texts]
        if ax.get_legend():
            found += [t.get_text() for t in ax.get_legend().get_texts()]
    return "\n".join(found)


DRAWINGS = {  # a helper's figure, and the catalogue section whose texts it shows
    "unrolled": (lambda lang: diagrams.draw_unrolled_rnn(lang=lang), ("diagrams", "unrolled")),
    "memory": (lambda lang: diagrams.draw_memory_cells(lang=lang), ("diagrams", "memory")),
    "io": (lambda lang: diagrams.draw_io_patterns(lang=lang), ("diagrams", "io")),
    "gated": (lambda lang: diagrams.draw_gated_cells(lang=lang), ("diagrams", "gated")),
    "forecasts": (
        lambda lang: series.plot_multiple_forecasts(
            np.zeros(20), np.ones(5), np.ones(5), y_std=np.ones(5), lang=lang
        ),
        ("series",),
    ),
    "window": (
        lambda lang: WindowSampler(
            np.zeros((400, 3), "float32"), lookback=60, step=6, delay=24, batch_size=4
        ).plot(lang=lang),
        ("windows", "plot"),
    ),
}


@pytest.mark.parametrize("name", DRAWINGS)
def test_the_helpers_figures_speak_the_pages_language(name: str) -> None:
    draw, section = DRAWINGS[name]
    english = {v for v in text.texts("en", *section).values() if isinstance(v, str)}
    for lang in text.LANGS:
        setup_plots(lang)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a glyph missing from the fonts would raise
            result = draw(lang)
            fig = (result[0] if isinstance(result, list) else result).figure
            fig.canvas.draw()
        drawn = shown(fig)
        own = [v for v in text.texts(lang, *section).values() if isinstance(v, str)]
        assert any(v.split("\n")[0] in drawn for v in own), (name, lang)
        if lang != "en":  # no English text of the helper where the page's own differs
            foreign = [v for v in english - set(own) if v.split("\n")[0] in drawn.split("\n")]
            assert not foreign, (name, lang, foreign)
        plt.close("all")


@pytest.mark.unit
def test_the_epoch_lines_name_keras_logs_in_the_pages_words(capsys) -> None:
    """A progress line per epoch: Keras's log keys (``val_loss``) in the page's language."""
    from helpers.training import EpochTimer

    for lang, expected in (("ko", "검증 손실 0.5000"), ("en", "validation loss 0.5000")):
        timer = EpochTimer(verbose=True, lang=lang)
        timer.params = {"epochs": 2}
        timer.on_epoch_begin(0)
        timer.on_epoch_end(0, {"loss": 0.25, "val_loss": 0.5, "val_rare_metric": 1.0})
        line = capsys.readouterr().out
        assert expected in line and "val_loss" not in line and "val_rare_metric 1.0000" in line
