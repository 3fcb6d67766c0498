"""Tests of helpers.series (synthetic series, metric, plots) and helpers.diagrams."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from helpers.diagrams import (  # noqa: E402
    draw_gated_cells,
    draw_io_patterns,
    draw_memory_cells,
    draw_unrolled_rnn,
)
from helpers.series import (  # noqa: E402
    PLOT_LABELS,
    generate_time_series,
    last_time_step_mse,
    plot_multiple_forecasts,
    plot_series,
    seq2seq_targets,
    split_series,
)

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def one_step() -> np.ndarray:
    """The reference's one-step data set: seed 42, 10,000 series of 51 steps."""
    np.random.seed(42)
    return generate_time_series(10000, 51)


@pytest.fixture(scope="module")
def ten_steps() -> np.ndarray:
    """The reference's ten-step data set: seed 42, 10,000 series of 60 steps."""
    np.random.seed(42)
    return generate_time_series(10000, 60)


def test_shape_dtype_and_range() -> None:
    series = generate_time_series(8, 30, seed=0)
    assert series.shape == (8, 30, 1) and series.dtype == np.float32
    assert np.abs(series).max() <= 0.5 + 0.2 + 0.05  # two waves plus the noise


def test_seeded_series_are_reproducible_and_leave_the_global_generator_alone() -> None:
    np.random.seed(1)
    a = generate_time_series(4, 20, seed=7)
    after_a = np.random.rand()
    np.random.seed(1)
    b = generate_time_series(4, 20, seed=7)
    after_b = np.random.rand()
    assert np.array_equal(a, b)
    assert after_a == after_b  # a private generator: the global state did not move
    assert not np.array_equal(a, generate_time_series(4, 20, seed=8))


def test_unseeded_series_follow_numpys_global_seed() -> None:
    np.random.seed(3)
    a = generate_time_series(4, 20)
    np.random.seed(3)
    b = generate_time_series(4, 20)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, generate_time_series(4, 20))  # the global state moved on


def test_seed_argument_equals_numpys_global_seed(one_step) -> None:
    """``seed=42`` (what the chapter uses) gives the reference's ``np.random.seed(42)`` data."""
    assert np.array_equal(generate_time_series(10000, 51, seed=42), one_step)


def test_naive_one_step_forecast_matches_the_reference(one_step) -> None:
    _, valid, _ = split_series(one_step)
    X_valid, y_valid = valid[:, :50], valid[:, -1]
    mse = float(np.mean((y_valid - X_valid[:, -1]) ** 2))
    assert round(mse, 4) == 0.0202
    assert mse == pytest.approx(0.020211367, abs=1e-8)  # the reference prints 0.020211367


def test_naive_ten_step_forecast_matches_the_reference(ten_steps) -> None:
    _, valid, _ = split_series(ten_steps)
    X_valid, Y_valid = valid[:, :50], valid[:, -10:, 0]
    Y_naive = np.tile(X_valid[:, -1], 10)
    assert Y_naive.shape == Y_valid.shape == (2000, 10)
    assert float(np.mean((Y_valid - Y_naive) ** 2)) == pytest.approx(0.257, abs=5e-4)


def test_split_series_sizes_and_errors(one_step) -> None:
    train, valid, test = split_series(one_step)
    assert (len(train), len(valid), len(test)) == (7000, 2000, 1000)
    assert np.array_equal(valid[0], one_step[7000]) and np.array_equal(test[0], one_step[9000])
    with pytest.raises(ValueError, match="series"):
        split_series(one_step[:100])


def test_seq2seq_targets_hold_the_next_values() -> None:
    series = np.arange(2 * 8, dtype=np.float32).reshape(2, 8, 1)
    Y = seq2seq_targets(series, n_steps=5, n_ahead=3)
    assert Y.shape == (2, 5, 3) and Y.dtype == np.float32
    assert list(Y[0, 0]) == [1, 2, 3]  # at step 0: the values of steps 1, 2, 3
    assert list(Y[1, 4]) == [13, 14, 15]  # last input step of the second series
    with pytest.raises(ValueError, match="cannot give"):
        seq2seq_targets(series, n_steps=6, n_ahead=3)


def test_last_time_step_mse_on_a_hand_example() -> None:
    y_true = np.zeros((2, 3, 2), dtype=np.float32)
    y_pred = np.zeros((2, 3, 2), dtype=np.float32)
    y_pred[:, :2] = 5.0  # errors before the last step must not count
    y_pred[0, -1] = [1.0, 3.0]  # (1 + 9) / 2 = 5
    y_pred[1, -1] = [2.0, 0.0]  # (4 + 0) / 2 = 2
    per_series = np.asarray(last_time_step_mse(y_true, y_pred))
    np.testing.assert_allclose(per_series, [5.0, 2.0])


def test_last_time_step_mse_as_a_keras_metric() -> None:
    import keras

    model = keras.Sequential([keras.Input((3, 1)), keras.layers.Dense(2)])
    model.compile(loss="mse", optimizer="sgd", metrics=[last_time_step_mse])
    x = np.ones((4, 3, 1), dtype=np.float32)
    y = np.asarray(model.predict(x, verbose=0))
    y[:, -1] += 2.0  # the last step is off by 2 everywhere
    result = model.evaluate(x, y, verbose=0, return_dict=True)
    assert result["last_time_step_mse"] == pytest.approx(4.0, rel=1e-5)
    assert result["loss"] == pytest.approx(4.0 / 3, rel=1e-5)


def _legend(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_plot_series_draws_the_forecast_with_the_given_labels() -> None:
    series = np.linspace(-0.5, 0.5, 50).reshape(50, 1)
    labels = {"series": "시계열", "target": "타깃", "prediction": "예측", "xlabel": "시간"}
    ax = plot_series(series, y=0.55, y_pred=0.4, labels=labels)
    assert isinstance(ax, Axes)
    assert _legend(ax) == ["시계열", "타깃", "예측"]
    assert ax.get_xlabel() == "시간" and ax.get_ylabel() == PLOT_LABELS["en"]["ylabel"]
    line, target, prediction = ax.get_lines()[:3]
    assert len(line.get_xdata()) == 50
    assert list(target.get_xdata()) == [50] and list(prediction.get_ydata()) == [0.4]


def test_plot_series_without_forecast_and_shape_errors() -> None:
    _, ax = plt.subplots()
    assert plot_series(np.zeros(10), ax=ax) is ax
    assert _legend(ax) == ["series"]
    with pytest.raises(ValueError, match="one series"):
        plot_series(np.zeros((2, 10, 1)))


def test_plot_multiple_forecasts_with_band() -> None:
    X, Y, Y_pred = np.zeros((50, 1)), np.full(10, 0.2), np.full(10, 0.1)
    std = np.linspace(0.01, 0.1, 10)
    labels = {"history": "과거", "truth": "실제", "forecast": "예측", "band": r"$\pm 2\sigma$ 구간"}
    ax = plot_multiple_forecasts(X, Y, Y_pred, labels=labels, y_std=std)
    assert isinstance(ax, Axes)
    assert _legend(ax) == ["과거", "실제", "예측", r"$\pm 2\sigma$ 구간"]
    assert list(ax.get_lines()[1].get_xdata()) == list(range(50, 60))
    band = ax.collections[0].get_paths()[0].vertices
    assert band[:, 1].max() == pytest.approx(0.1 + 2 * 0.1)  # widest at the last step
    with pytest.raises(ValueError, match="Y_pred"):
        plot_multiple_forecasts(X, Y, np.zeros(9))
    with pytest.raises(ValueError, match="y_std"):
        plot_multiple_forecasts(X, Y, Y_pred, y_std=np.zeros(9))


def test_plot_multiple_forecasts_without_band_has_no_shading() -> None:
    ax = plot_multiple_forecasts(np.zeros(50), np.zeros(10), np.zeros(10))
    assert not ax.collections
    assert _legend(ax) == ["history", "truth", "forecast"]


def test_diagrams_draw_with_the_given_labels() -> None:
    folded, unrolled = draw_unrolled_rnn(n_steps=3, labels={"folded": "순환 층"})
    assert folded.get_title() == "순환 층"
    assert sum("x_{(t" in t.get_text() for t in unrolled.texts) == 3
    simple, lstm = draw_memory_cells()
    assert sum("c_{(t" in t.get_text() for t in lstm.texts) == 2
    assert not any("c_{(t" in t.get_text() for t in simple.texts)
    panels = draw_io_patterns(labels={"encdec": "인코더–디코더"})
    assert [a.get_title() for a in panels][3] == "인코더–디코더"
    with pytest.raises(ValueError, match="2 Axes"):
        _, ax = plt.subplots()
        draw_unrolled_rnn(ax=[ax])


def test_gated_cells_draw_each_cells_gates_and_states() -> None:
    lstm, gru = draw_gated_cells(labels={"gru": "GRU 셀"})
    assert lstm.get_title() == "LSTM cell" and gru.get_title() == "GRU 셀"
    lstm_names = {t.get_text() for t in lstm.texts}
    gru_names = {t.get_text() for t in gru.texts}
    assert {"f", "i", "o", "g", "$c_{(t-1)}$", "$c_{(t)}$"} <= lstm_names
    assert {"r", "z", "g", "$h_{(t-1)}$"} <= gru_names and "$c_{(t)}$" not in gru_names
    with pytest.raises(ValueError, match="2 Axes"):
        _, ax = plt.subplots()
        draw_gated_cells(ax=[ax])
