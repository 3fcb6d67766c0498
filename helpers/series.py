"""Synthetic time series for forecasting (Géron, *Hands-On ML* 2nd ed., ch. 15) and their plots.

- :func:`generate_time_series` -- the reference's generator: two sine waves plus noise.
- :func:`split_series` -- the reference's 7,000 / 2,000 / 1,000 split along the first axis.
- :func:`seq2seq_targets` -- targets for sequence-to-sequence forecasting (every step).
- :func:`last_time_step_mse` -- a Keras metric: the MSE of the last time step only.
- :func:`plot_series`, :func:`plot_multiple_forecasts` -- one series with its forecast.

Shapes follow Keras's recurrent layers: ``(series, time steps, features)``; every series
here is univariate, so the last axis has size 1. Nothing happens at import time.
"""

from __future__ import annotations

from collections.abc import Mapping

import keras
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from helpers.text import LANGS, check_lang, texts

__all__ = [
    "PLOT_LABELS",
    "generate_time_series",
    "last_time_step_mse",
    "plot_multiple_forecasts",
    "plot_series",
    "seq2seq_targets",
    "split_series",
]

#: Texts of the plots, per language (the catalogues' "series"); ``labels`` overrides any.
PLOT_LABELS: dict[str, dict[str, str]] = {lang: texts(lang, "series") for lang in LANGS}


def generate_time_series(batch_size: int, n_steps: int, seed: int | None = None) -> np.ndarray:
    """``batch_size`` series of ``n_steps`` values: two sine waves plus uniform noise.

    Each series is ``0.5 sin((t - o1)(10 f1 + 10)) + 0.2 sin((t - o2)(20 f2 + 20))`` on
    ``t = linspace(0, 1, n_steps)``, with frequencies ``f1, f2`` and offsets ``o1, o2`` drawn
    uniformly in [0, 1) per series, plus noise uniform in [-0.05, 0.05).

    Args:
        batch_size: number of series.
        n_steps: time steps per series.
        seed: seeds a private ``np.random.RandomState``; ``None`` draws from NumPy's global
            generator, as the reference does (``np.random.seed(42)`` first reproduces its
            numbers exactly).

    Returns:
        float32 array of shape ``(batch_size, n_steps, 1)``.
    """
    rng = np.random if seed is None else np.random.RandomState(seed)
    freq1, freq2, offsets1, offsets2 = rng.rand(4, batch_size, 1)
    time = np.linspace(0, 1, n_steps)
    series = 0.5 * np.sin((time - offsets1) * (freq1 * 10 + 10))  # wave 1
    series += 0.2 * np.sin((time - offsets2) * (freq2 * 20 + 20))  # + wave 2
    series += 0.1 * (rng.rand(batch_size, n_steps) - 0.5)  # + noise
    return series[..., np.newaxis].astype(np.float32)


def split_series(
    array: np.ndarray, n_train: int = 7000, n_valid: int = 2000
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training, validation and test parts of ``array`` along its first axis (the series).

    With the defaults and 10,000 series: ``[:7000]``, ``[7000:9000]``, ``[9000:]``.
    """
    if n_train + n_valid > len(array):
        raise ValueError(f"{n_train} + {n_valid} series asked for, the array has {len(array)}")
    return array[:n_train], array[n_train : n_train + n_valid], array[n_train + n_valid :]


def seq2seq_targets(series: np.ndarray, n_steps: int, n_ahead: int) -> np.ndarray:
    """Targets for forecasting ``n_ahead`` steps at every one of the first ``n_steps`` steps.

    ``Y[i, t, k - 1] = series[i, t + k, 0]`` for ``k = 1 … n_ahead``: at step ``t`` the
    model is asked for the next ``n_ahead`` values.

    Args:
        series: ``(batch, n_steps + n_ahead, 1)`` array (or longer along the time axis).
        n_steps, n_ahead: input length and forecast horizon.

    Returns:
        float32 array of shape ``(batch, n_steps, n_ahead)``.
    """
    if series.shape[1] < n_steps + n_ahead:
        raise ValueError(
            f"series of {series.shape[1]} steps cannot give {n_steps} inputs + {n_ahead} ahead"
        )
    Y = np.empty((len(series), n_steps, n_ahead), dtype=np.float32)
    for step_ahead in range(1, n_ahead + 1):
        Y[..., step_ahead - 1] = series[:, step_ahead : step_ahead + n_steps, 0]
    return Y


def last_time_step_mse(y_true, y_pred):
    """Mean squared error of the last time step only, per series (a Keras metric function).

    ``y_true`` and ``y_pred``: ``(batch, time steps, outputs)``; returns ``(batch,)``: the
    mean over the outputs of ``(y_true[:, -1] - y_pred[:, -1]) ** 2``. Keras averages it
    over the batch, so ``metrics=[last_time_step_mse]`` reports it as ``last_time_step_mse``.
    """
    y_true = keras.ops.convert_to_tensor(y_true)
    y_pred = keras.ops.convert_to_tensor(y_pred)
    y_true = keras.ops.cast(y_true, y_pred.dtype)
    return keras.ops.mean(keras.ops.square(y_true[:, -1] - y_pred[:, -1]), axis=-1)


def _one_series(values, name: str) -> np.ndarray:
    """A 1-D view of one series: drops a trailing axis of size 1, rejects anything else."""
    array = np.asarray(values, dtype=float)
    if array.ndim == 2 and array.shape[-1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be one series, shape (steps,) or (steps, 1); got {array.shape}"
        )
    return array


def plot_series(
    series,
    y: float | None = None,
    y_pred: float | None = None,
    ax: Axes | None = None,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> Axes:
    """One series, with the true next value ``y`` and a forecast ``y_pred`` one step after it.

    Args:
        series: one series, shape ``(n_steps,)`` or ``(n_steps, 1)``.
        y, y_pred: the target and the prediction at step ``n_steps`` (scalars; optional).
        ax: where to draw (a new figure when None).
        labels: texts, overriding those of ``lang`` in :data:`PLOT_LABELS` (keys ``xlabel``,
            ``ylabel``, ``series``, ``target``, ``prediction``).
        lang: the page's language ("en" or "ko").

    Returns:
        The Axes.
    """
    text = {**PLOT_LABELS[check_lang(lang)], **(labels or {})}
    values = _one_series(series, "series")
    n_steps = len(values)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3))
    ax.plot(np.arange(n_steps), values, ".-", color="C0", label=text["series"])
    if y is not None:
        ax.plot(n_steps, float(np.ravel(y)[0]), "o", color="C2", markersize=8, label=text["target"])
    if y_pred is not None:
        ax.plot(
            n_steps,
            float(np.ravel(y_pred)[0]),
            "x",
            color="C3",
            markersize=10,
            markeredgewidth=2,
            label=text["prediction"],
        )
    ax.set_xlim(0, n_steps + 1)
    ax.set_ylim(-1, 1)
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.set_xlabel(text["xlabel"])
    ax.set_ylabel(text["ylabel"])
    ax.legend(loc="lower left", fontsize="small")
    return ax


def plot_multiple_forecasts(
    X,
    Y,
    Y_pred,
    ax: Axes | None = None,
    labels: Mapping[str, str] | None = None,
    y_std=None,
    lang: str = "en",
) -> Axes:
    """The history of one series, its next values and a forecast of them (optionally ± 2σ).

    Args:
        X: the history, shape ``(n_steps,)`` or ``(n_steps, 1)``.
        Y: the true next values, shape ``(n_ahead,)`` or ``(n_ahead, 1)``.
        Y_pred: the forecast, same shape as ``Y``.
        ax: where to draw (a new figure when None).
        labels: texts, overriding those of ``lang`` in :data:`PLOT_LABELS` (keys ``xlabel``,
            ``ylabel``, ``history``, ``truth``, ``forecast``, ``band``).
        y_std: standard deviation of the forecast, same shape as ``Y``; when given, the band
            ``Y_pred ± 2 y_std`` is shaded.
        lang: the page's language ("en" or "ko").

    Returns:
        The Axes.
    """
    text = {**PLOT_LABELS[check_lang(lang)], **(labels or {})}
    history = _one_series(X, "X")
    truth = _one_series(Y, "Y")
    forecast = _one_series(Y_pred, "Y_pred")
    if forecast.shape != truth.shape:
        raise ValueError(f"Y_pred has shape {forecast.shape}, Y has {truth.shape}")
    n_steps, n_ahead = len(history), len(truth)
    ahead = np.arange(n_steps, n_steps + n_ahead)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3))
    ax.plot(np.arange(n_steps), history, ".-", color="C0", label=text["history"])
    ax.plot(ahead, truth, "o-", color="C2", markersize=5, label=text["truth"])
    ax.plot(
        ahead, forecast, "x-", color="C3", markersize=7, markeredgewidth=2, label=text["forecast"]
    )
    if y_std is not None:
        std = _one_series(y_std, "y_std")
        if std.shape != truth.shape:
            raise ValueError(f"y_std has shape {std.shape}, Y has {truth.shape}")
        ax.fill_between(
            ahead, forecast - 2 * std, forecast + 2 * std, color="C3", alpha=0.2, label=text["band"]
        )
    ax.set_xlim(0, n_steps + n_ahead)
    ax.set_ylim(-1, 1)
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.set_xlabel(text["xlabel"])
    ax.set_ylabel(text["ylabel"])
    ax.legend(loc="lower left", fontsize="small")
    return ax
