"""Tests of helpers.diagrams' bidirectional layer (the other diagrams: tests/test_series.py)."""

from __future__ import annotations

import logging
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.diagrams import BIDIRECTIONAL_LABELS, draw_bidirectional  # noqa: E402
from helpers.plots import setup_plots  # noqa: E402

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def fresh_rc():
    with matplotlib.rc_context():
        yield
    plt.close("all")


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts] + [ax.get_title()]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_draw_bidirectional_in_the_pages_language(lang: str, caplog) -> None:
    setup_plots(lang)
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would raise
        ax = draw_bidirectional(lang=lang)
        ax.figure.canvas.draw()
    assert "does not have a glyph" not in caplog.text
    shown = "\n".join(texts(ax))
    labels = BIDIRECTIONAL_LABELS[lang]
    for key in ("inputs", "concat"):
        assert labels[key] in shown, key
    assert "64" in shown and "Bidirectional(GRU(32))" in ax.get_title()
    for name in ("1", "2", "3", "T"):  # the input sequence x1 … xT
        assert f"$x_{{{name}}}$" in shown
    if lang == "ko":
        assert "입력 시퀀스" in shown


def test_draw_bidirectional_on_given_axes_with_other_units() -> None:
    _, given = plt.subplots()
    ax = draw_bidirectional(ax=given, units=16)
    assert ax is given
    assert "32 values" in "\n".join(texts(ax)) and "GRU(16)" in ax.get_title()


def test_draw_bidirectional_rejects_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="lang must be one of \\['en', 'ko'\\], got 'fr'"):
        draw_bidirectional(lang="fr")
