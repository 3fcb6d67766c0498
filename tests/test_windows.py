"""Tests of helpers.windows: WindowSampler, classic_generator, jena_samplers (synthetic data)."""

import itertools

import matplotlib

matplotlib.use("Agg")

import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.windows import (  # noqa: E402
    JENA_SPLITS,
    WindowSampler,
    batches_per_second,
    classic_generator,
    jena_samplers,
    normalize,
)

pytestmark = pytest.mark.unit

LOOKBACK, STEP, DELAY, COL = 60, 6, 12, 1


@pytest.fixture(scope="module")
def data() -> np.ndarray:
    return np.random.default_rng(0).standard_normal((3000, 5)).astype("float32")


def _all_batches(sampler: WindowSampler) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = zip(*(sampler[i] for i in range(len(sampler))), strict=True)
    return np.concatenate(xs), np.concatenate(ys)


@pytest.mark.parametrize("min_index,max_index", [(0, None), (500, 2000)])
def test_matches_timeseries_dataset_from_array(data, min_index, max_index):
    s = WindowSampler(
        data, LOOKBACK, STEP, DELAY, min_index, max_index, batch_size=64, target_col=COL
    )
    x, y = _all_batches(s)
    hi = s.max_index
    # Window starting at t has target data[t + lookback + delay, col]; windows start at
    # t in [min_index, hi - lookback), i.e. data points up to hi - step - 1 are used.
    ds = keras.utils.timeseries_dataset_from_array(
        data,
        targets=data[LOOKBACK + DELAY :, COL],
        sequence_length=LOOKBACK // STEP,
        sampling_rate=STEP,
        batch_size=64,
        shuffle=False,
        start_index=min_index,
        end_index=hi - STEP,
    )
    tx, ty = zip(*((np.asarray(a), np.asarray(b)) for a, b in ds), strict=True)
    tx, ty = np.concatenate(tx), np.concatenate(ty)
    assert x.shape == tx.shape == (s.n_rows, LOOKBACK // STEP, data.shape[1])
    assert y.shape == ty.shape == (s.n_rows,)
    np.testing.assert_array_equal(x, tx)
    np.testing.assert_array_equal(y, ty)
    assert x.dtype == np.float32 and y.dtype == np.float32


def test_matches_classic_generator(data):
    s = WindowSampler(data, LOOKBACK, STEP, DELAY, 100, 2500, batch_size=32)
    gen = classic_generator(data, LOOKBACK, DELAY, 100, 2500, batch_size=32, step=STEP)
    for i, (gx, gy) in enumerate(itertools.islice(gen, 5)):
        x, y = s[i]
        assert x.shape == gx.shape == (32, LOOKBACK // STEP, 5)
        np.testing.assert_array_equal(x, gx)
        np.testing.assert_array_equal(y, gy)


def test_classic_generator_shuffle_is_seeded(data):
    a = next(classic_generator(data, LOOKBACK, DELAY, 0, None, shuffle=True, step=STEP))
    b = next(classic_generator(data, LOOKBACK, DELAY, 0, None, shuffle=True, step=STEP))
    np.testing.assert_array_equal(a[0], b[0])
    assert a[0].dtype == np.float32 and a[0].shape == (128, LOOKBACK // STEP, 5)


def test_geometry_helpers(data):
    s = WindowSampler(data, LOOKBACK, STEP, DELAY, 0, 1000, batch_size=100)
    row = 500
    np.testing.assert_array_equal(s.window_indices(row), np.arange(row - LOOKBACK, row, STEP))
    assert s.target_index(row) == row + DELAY
    assert s.input_shape == (LOOKBACK // STEP, 5)
    assert s.n_rows == 1000 - LOOKBACK
    assert len(s) == -(-(1000 - LOOKBACK) // 100)
    x, y = s[len(s) - 1]
    assert len(x) == len(y) == (1000 - LOOKBACK) % 100
    np.testing.assert_array_equal(s.rows, np.arange(LOOKBACK, 1000))
    assert "rows 60..999 (940 windows)" in repr(s)
    assert "x (100, 10, 5), y (100,)" in repr(s)
    with pytest.raises(IndexError):
        s[len(s)]


def test_shuffle_permutation_reproducible_and_fresh(data):
    s1 = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=50, shuffle=True, seed=7)
    s2 = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=50, shuffle=True, seed=7)
    all_rows = np.arange(LOOKBACK, len(data) - DELAY - 1)
    # batches together cover every row exactly once
    seen = np.concatenate([s1.rows[i * 50 : (i + 1) * 50] for i in range(len(s1))])
    assert len(seen) == len(all_rows)
    np.testing.assert_array_equal(np.sort(seen), all_rows)
    assert not np.array_equal(s1.rows, all_rows)
    # the batch content follows the epoch order
    x, y = s1[3]
    rows = s1.rows[150:200]
    np.testing.assert_array_equal(y, data[rows + DELAY, COL])
    np.testing.assert_array_equal(x[:, -1], data[rows - STEP])
    # same seed, same epochs
    np.testing.assert_array_equal(s1.rows, s2.rows)
    first = s1.rows.copy()
    s1.on_epoch_end()
    s2.on_epoch_end()
    assert not np.array_equal(first, s1.rows)
    np.testing.assert_array_equal(np.sort(s1.rows), all_rows)
    np.testing.assert_array_equal(s1.rows, s2.rows)
    s3 = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=50, shuffle=True, seed=8)
    assert not np.array_equal(s3.rows, first)


def test_steps_per_epoch_caps_len(data):
    s = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=50, steps_per_epoch=3)
    assert len(s) == 3
    big = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=50, steps_per_epoch=10_000)
    assert len(big) == -(-big.n_rows // 50)


def test_reverse(data):
    fwd = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=40)
    rev = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=40, reverse=True)
    (fx, fy), (rx, ry) = fwd[2], rev[2]
    np.testing.assert_array_equal(rx, fx[:, ::-1])
    np.testing.assert_array_equal(ry, fy)
    assert not np.array_equal(rx, fx)


def test_explicit_targets(data):
    targets = np.arange(len(data), dtype="float32")
    s = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=16, targets=targets)
    _, y = s[0]
    np.testing.assert_array_equal(y, np.arange(LOOKBACK, LOOKBACK + 16) + DELAY)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"data": np.zeros(100)}, r"2-D.*reshape"),
        ({"lookback": 61}, r"multiple of step=6.*lookback=60"),
        ({"lookback": 3}, r"multiple of step=6"),
        ({"lookback": 0}, r"multiple of step=6"),
        (
            {"lookback": 1440, "delay": 144, "max_index": None, "data": np.zeros((1000, 3))},
            r"lookback 1440 \+ delay 144 does not fit in rows 0\.\.855 of data with 1000 rows"
            r".*shorter lookback",
        ),
        ({"min_index": 500, "max_index": 560}, r"does not fit in rows 500\.\.560"),
        ({"max_index": 2995}, r"max_index 2995 \+ delay 12 is past the end"),
        ({"targets": np.zeros(10)}, r"targets must be 1-D with one value per time step"),
        ({"batch_size": 0}, r"batch_size must be a positive integer"),
        ({"steps_per_epoch": 0}, r"steps_per_epoch must be a positive integer"),
        ({"target_col": 5}, r"target_col 5 out of range"),
        ({"stride": 0}, r"stride must be a positive integer"),
    ],
)
def test_errors(data, kwargs, match):
    args = {"data": data, "lookback": LOOKBACK, "step": STEP, "delay": DELAY} | kwargs
    with pytest.raises(ValueError, match=match):
        WindowSampler(**args)


def test_fit_on_sampler(data):
    keras.utils.set_random_seed(0)
    s = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=32, shuffle=True, steps_per_epoch=3)
    v = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=32, steps_per_epoch=2)
    model = keras.Sequential(
        [keras.Input(s.input_shape), keras.layers.Flatten(), keras.layers.Dense(1)]
    )
    model.compile(optimizer="rmsprop", loss="mae")
    history = model.fit(s, validation_data=v, epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1
    assert np.isfinite(history.history["loss"][0])
    assert len(history.history["val_loss"]) == 1


def test_jena_samplers_ranges():
    data = np.zeros((420551, 14), dtype="float32")
    s = jena_samplers(data, steps_per_epoch=5, val_steps=2)
    assert set(s) == set(JENA_SPLITS) == {"train", "val", "test"}
    train, val, test = s["train"], s["val"], s["test"]
    assert train.shuffle and not val.shuffle and not test.shuffle
    assert train.rows.min() == 1440 and train.rows.max() == 199999
    assert val.rows[0] == 201441 and val.rows[-1] == 299999
    assert test.rows[0] == 301441 and test.rows[-1] == 420551 - 144 - 2
    assert (len(train), len(val), len(test)) == (5, 2, 2)
    assert train.input_shape == (240, 14)
    x, y = val[0]
    assert x.shape == (128, 240, 14) and y.shape == (128,)
    full = jena_samplers(data)
    assert len(full["train"]) == -(-(200000 - 1440) // 128)


def test_plot_labels(data):
    s = WindowSampler(data, LOOKBACK, STEP, DELAY)
    labels = {"inputs": "입력 스텝", "target": "타깃", "xlabel": "시간 스텝"}
    fig, ax0 = plt.subplots()
    ax = s.plot(ax=ax0, row=300, labels=labels)
    assert ax is ax0
    assert ax.get_xlabel() == "시간 스텝"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["입력 스텝 (10)", "타깃"]
    default = s.plot()  # the page's language, English by default: the catalogue's texts
    assert default.get_xlabel() == "row"
    assert [t.get_text() for t in default.get_legend().get_texts()][1] == "target"
    korean = s.plot(lang="ko")
    assert korean.get_xlabel() == "행" and korean.get_legend().get_texts()[1].get_text() == "타깃"
    with pytest.raises(ValueError, match="unknown label keys"):
        s.plot(labels={"xlable": "oops"})
    plt.close("all")


def test_stride_keeps_every_nth_window(data):
    full = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=64)
    hourly = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=64, stride=6)
    assert hourly.n_rows == -(-full.n_rows // 6)
    np.testing.assert_array_equal(hourly.rows, full.rows[::6])
    x_full, y_full = _all_batches(full)
    x, y = _all_batches(hourly)
    np.testing.assert_array_equal(x, x_full[::6])
    np.testing.assert_array_equal(y, y_full[::6])
    assert "every 6th row" in repr(hourly)


def test_jena_samplers_val_stride():
    data = np.zeros((420551, 14), dtype="float32")
    s = jena_samplers(data, val_stride=6)
    assert s["train"].stride == 1 and s["val"].stride == 6 and s["test"].stride == 6
    assert s["val"].n_rows == len(range(201440, 300000, 6))


def test_normalize_uses_training_rows_only():
    rng = np.random.default_rng(1)
    values = rng.normal(5.0, 2.0, size=(1000, 3))
    values[800:] += 100.0  # a shift after the training rows must not change the statistics
    normed, mean, std = normalize(values, train_end=800)
    assert normed.dtype == np.float32 and normed.shape == (1000, 3)
    np.testing.assert_allclose(mean, values[:800].mean(axis=0))
    np.testing.assert_allclose(std, values[:800].std(axis=0))
    np.testing.assert_allclose(normed[:800].mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(normed[:800].std(axis=0), 1, atol=1e-5)
    assert normed[800:].mean() > 40  # the shifted rows stand far out, as they should
    with pytest.raises(ValueError, match="2-D"):
        normalize(values[:, 0])
    with pytest.raises(ValueError, match="train_end 5000"):
        normalize(values, train_end=5000)
    with pytest.raises(ValueError, match=r"columns \[1\] are constant"):
        normalize(np.c_[values[:, 0], np.ones(1000)], train_end=800)


def test_batches_per_second_counts_batches(data):
    sampler = WindowSampler(data, LOOKBACK, STEP, DELAY, batch_size=16)
    rate = batches_per_second(sampler, n=10, warmup=2)
    assert rate > 0
    with pytest.raises(ValueError, match=r"only 5 batches came, 12 were asked for"):
        batches_per_second(itertools.islice(iter(sampler), 5), n=10, warmup=2)


def test_sampler_describes_itself_in_the_chapters_language() -> None:
    data = np.zeros((2000, 3), dtype="float32")
    sampler = WindowSampler(data, lookback=240, step=6, delay=144, max_index=1000, shuffle=True)
    assert repr(sampler) == sampler.describe("en") and "windows" in repr(sampler)
    korean = sampler.describe("ko")
    assert "윈도" in korean and "섞음(시드 0)" in korean and "windows" not in korean
    with pytest.raises(ValueError, match="lang must be"):
        sampler.describe("fr")
