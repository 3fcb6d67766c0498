"""Tests of helpers.plots and helpers.training."""

from __future__ import annotations

import itertools
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager, rcParams  # noqa: E402

from helpers.plots import LABELS, plot_history, setup_plots, use_korean_font  # noqa: E402

pytestmark = pytest.mark.unit

HISTORY = {
    "loss": [0.7, 0.5, 0.4],
    "val_loss": [0.6, 0.45, 0.5],
    "accuracy": [0.5, 0.7, 0.8],
    "val_accuracy": [0.55, 0.75, 0.72],
}


@pytest.fixture(autouse=True)
def fresh_rc():
    with matplotlib.rc_context():
        yield
    plt.close("all")


def test_plot_history_draws_both_curves_and_marks_the_best_epoch() -> None:
    axes = plot_history(HISTORY, metrics=("accuracy", "loss"))
    assert len(axes) == 2
    acc, loss = axes
    train, val = acc.get_lines()[:2]
    assert list(train.get_xdata()) == [1, 2, 3]
    assert list(val.get_ydata()) == HISTORY["val_accuracy"]
    assert acc.get_lines()[2].get_xdata()[0] == 2  # best validation accuracy at epoch 2
    assert loss.get_lines()[2].get_xdata()[0] == 2  # lowest validation loss at epoch 2
    assert (
        acc.get_xlabel() == "epoch" and acc.get_legend().get_texts()[1].get_text() == "validation"
    )


def test_plot_history_in_korean_without_missing_glyphs(caplog) -> None:
    setup_plots("ko")
    assert "NanumGothic" in rcParams["font.family"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would raise
        negative = {"loss": [-0.5, -1.5], "val_loss": [-0.4, -1.0]}  # ticks with minus signs
        axes = plot_history(negative, metrics=("loss",), lang="ko", title="검증 손실")
        axes[0].figure.canvas.draw()
        _, ax = plt.subplots()
        ax.loglog([50, 5000], [0.01, 10])  # tick labels 10⁻² in mathtext need a minus sign
        ax.set_xlabel("시퀀스 길이")
        ax.figure.canvas.draw()
    assert axes[0].get_xlabel() == LABELS["ko"]["epoch"] == "에포크"
    assert "does not have a glyph" not in caplog.text


def test_use_korean_font_registers_nanum_gothic() -> None:
    assert use_korean_font() == "NanumGothic"
    path = font_manager.findfont("NanumGothic", fallback_to_default=False)
    assert path.endswith("NanumGothic.ttf")


def test_plot_history_errors() -> None:
    with pytest.raises(KeyError, match="mae"):
        plot_history(HISTORY, metrics=("mae",))
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="2 metrics"):
        plot_history(HISTORY, metrics=("loss", "accuracy"), ax=ax)
    with pytest.raises(ValueError, match="lang"):
        setup_plots("fr")


def test_epoch_timer_records_every_epoch() -> None:
    import keras

    from helpers.training import EpochTimer, set_seed

    set_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    timer = EpochTimer()
    with pytest.raises(ValueError, match="no epoch"):
        _ = timer.mean
    model.fit(np.ones((8, 3)), np.ones(8), epochs=3, verbose=0, callbacks=[timer])
    assert len(timer.seconds) == 3 and all(s > 0 for s in timer.seconds)
    assert timer.mean == pytest.approx(sum(timer.seconds) / 3)


def test_the_recorder_prints_one_line_per_epoch_in_the_pages_language(capsys) -> None:
    import keras

    from helpers.results import Results
    from helpers.training import set_seed

    set_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae"])
    x, y = np.ones((8, 3)), np.ones(8)
    for lang, first in [("en", "epoch 2/2: "), ("ko", "에포크 2/2: ")]:
        results = Results("99", lang, "synthetic", {}, {"m": "m"}, progress=True)
        history = model.fit(
            x,
            y,
            epochs=2,
            batch_size=4,
            validation_data=(x, y),
            verbose=0,
            callbacks=[results.recorder("m")],
        )
        lines = capsys.readouterr().out.strip().splitlines()
        assert len(lines) == 3 and lines[1].startswith(first)
        words = "validation MAE" if lang == "en" else "검증 MAE"  # Keras's val_mae, in words
        assert words in lines[0] and "val_" not in lines[0]
        assert len(history.history["val_mae"]) == 2


def test_plot_speed_vs_error_places_every_model() -> None:
    from helpers.plots import plot_speed_vs_error, setup_plots

    setup_plots("ko")  # the Korean label drawn in a Korean font, as in a Korean chapter
    points = {"GRU": (12.0, 0.27), "dense": (2.0, 0.31)}
    ax = plot_speed_vs_error(points, baseline=0.29, lang="ko")
    offsets = np.concatenate([c.get_offsets() for c in ax.collections])
    np.testing.assert_allclose(offsets, [[12.0, 0.27], [2.0, 0.31]])
    assert sorted(t.get_text() for t in ax.texts) == sorted(["GRU", "dense", "기준 모델"])
    assert ax.get_lines()[0].get_ydata()[0] == 0.29
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "에포크당 초"
    with pytest.raises(ValueError, match="no points"):
        plot_speed_vs_error({})


def test_plot_speed_vs_error_labels_never_overlap() -> None:
    """Chapter 02's crowd: eight models within a factor of 4 in time and 15 % in error."""
    from helpers.plots import plot_speed_vs_error

    points = {
        "densely connected": (2.1, 0.318), "GRU": (7.9, 0.290), "GRU, dropout": (8.3, 0.289),
        "stacked GRUs": (15.2, 0.287), "GRU, reversed time": (7.7, 0.371),
        "bidirectional GRU": (14.8, 0.291), "GRU, 2× data": (8.1, 0.286),
        "Conv1D→GRU hybrid": (3.9, 0.301),
    }  # fmt: skip
    ax = plot_speed_vs_error(points, baseline=0.29)
    figure = ax.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    boxes = {t.get_text(): t.get_window_extent(renderer) for t in ax.texts}
    axes_box = ax.get_window_extent(renderer)
    names = list(boxes)
    for i, a in enumerate(names):
        assert axes_box.contains(boxes[a].x0, boxes[a].y0), f"{a} outside the axes"
        for b in names[i + 1 :]:
            assert not boxes[a].overlaps(boxes[b]), f"labels {a!r} and {b!r} overlap"
    plt.close(figure)


@pytest.mark.parametrize("epochs", [3, 20, 60])
def test_history_epoch_ticks_are_whole_and_apart(epochs: int) -> None:
    """Chapter 04's figure: two 20-epoch panels side by side."""
    history = {"loss": list(np.linspace(1, 0.1, epochs)), "val_loss": [0.5] * epochs}
    _, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    for ax in axes:
        plot_history(history, ax=ax)
    figure = axes[0].figure
    figure.canvas.draw()
    for ax in axes:
        low, high = ax.get_xlim()
        ticks = [
            t for t in ax.get_xticklabels() if t.get_text() and low <= t.get_position()[0] <= high
        ]
        assert len(ticks) >= 3 and all(float(t.get_position()[0]).is_integer() for t in ticks)
        boxes = [t.get_window_extent() for t in ticks]
        assert not any(a.overlaps(b) or a.x1 + 4 > b.x0 for a, b in itertools.pairwise(boxes))
    plt.close(figure)


def test_speed_vs_error_labels_only_2_and_5_between_decades() -> None:
    from helpers.plots import _label_2_and_5

    assert [_label_2_and_5(v, 0) for v in (0.2, 0.5, 0.8, 0.9, 3, 20, 50, 70)] == [
        "0.2", "0.5", "", "", "", "20", "50", "",
    ]  # fmt: skip


def test_plot_speed_vs_error_labels_stay_apart_after_the_figure_is_laid_out() -> None:
    """Chapter 06's Jena figure: close points, and a title and tight_layout() added after the
    labels were placed (the axes shrink, which brought two labels over each other)."""
    import io

    from helpers.plots import plot_speed_vs_error

    points = {  # read off the committed figure, whose "GRU, 30-min steps" and
        # "bidirectional GRU" were printed over each other at the foot of the axes
        "densely connected": (2.0, 0.318), "convnet, hourly steps": (3.4, 0.494),
        "GRU, reversed time": (26.0, 0.489), "Conv1D → GRU, 20 days, hourly steps": (19.5, 0.302),
        "Conv1D → GRU, 30-min steps": (19.0, 0.294), "GRU with dropout": (30.0, 0.287),
        "GRU": (32.0, 0.283), "GRU, 30-min steps": (38.0, 0.280),
        "bidirectional GRU": (45.0, 0.281), "stacked GRUs": (70.0, 0.287),
    }  # fmt: skip
    ax = plot_speed_vs_error(points, baseline=0.293)
    figure = ax.figure
    ax.set_title("Jena, 24 h ahead (stand-in): validation MAE against seconds per epoch")
    figure.tight_layout()
    figure.savefig(io.BytesIO(), format="png", dpi=100, bbox_inches="tight")  # as the page
    renderer = figure.canvas.get_renderer()
    names = set(points)
    boxes = {t.get_text(): t.get_window_extent(renderer) for t in ax.texts if t.get_text() in names}
    assert set(boxes) == names
    for a, b in itertools.combinations(sorted(boxes), 2):
        assert not boxes[a].overlaps(boxes[b]), f"labels {a!r} and {b!r} overlap"
    plt.close(figure)
