"""Windowing of multivariate time series for forecasting (Jena climate, DLwP 1st ed. §6.3).

Conventions (same as the book's generator): for a "current row" ``r`` the input window is
``data[r - lookback : r : step]`` -- shape ``(lookback // step, features)`` -- and the target is
``data[r + delay, target_col]`` (column 1 of the Jena table is the temperature). Rows run over
``min_index + lookback <= r < max_index``; ``max_index=None`` means ``len(data) - delay - 1``.

- :func:`classic_generator` -- the book's per-row Python generator, kept for teaching.
- :class:`WindowSampler` -- a vectorised ``keras.utils.PyDataset`` that gathers a whole batch
  with one fancy-indexing operation; ``model.fit`` accepts it directly.
- :data:`JENA_SPLITS` / :func:`jena_samplers` -- the book's train / validation / test ranges.
"""

from __future__ import annotations

import inspect
import itertools
import math
import time
from collections.abc import Iterable, Iterator
from typing import Any

import keras
import numpy as np

from helpers.text import LANGS, check_lang, say, texts

__all__ = [
    "JENA_SPLITS",
    "WindowSampler",
    "batches_per_second",
    "classic_generator",
    "classic_generator_source",
    "jena_samplers",
    "normalize",
]

#: The book's index ranges ``(min_index, max_index)``; ``None`` = ``len(data) - delay - 1``.
JENA_SPLITS: dict[str, tuple[int, int | None]] = {
    "train": (0, 200000),
    "val": (200001, 300000),
    "test": (300001, None),
}

#: Label texts of :meth:`WindowSampler.plot`, per language (the catalogues' "windows", "plot").
PLOT_LABELS: dict[str, dict[str, str]] = {lang: texts(lang, "windows", "plot") for lang in LANGS}


def classic_generator(
    data: np.ndarray,
    lookback: int,
    delay: int,
    min_index: int,
    max_index: int | None,
    shuffle: bool = False,
    batch_size: int = 128,
    step: int = 6,
    target_col: int = 1,
    rng: np.random.Generator | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The book's classic generator (DLwP 1st ed. §6.3), kept for teaching.

    This is the slow version: it fills every batch with a per-row Python loop, and it is the
    baseline the book's benchmark (``scripts/bench_windows.py``) measures the vectorised
    :class:`WindowSampler` against. It yields forever.

    Args:
        data: ``(time, features)`` array, already normalised.
        lookback, delay, step: window geometry in time steps (see the module docstring).
        min_index, max_index: row range; ``max_index=None`` means ``len(data) - delay - 1``.
        shuffle: draw rows at random (with replacement) instead of walking in order.
        batch_size: rows per batch. In order, the walk restarts before a batch would reach
            ``max_index``, so every batch is full.
        target_col: the column whose value ``delay`` steps ahead is the target.
        rng: random generator for ``shuffle``; default ``np.random.default_rng(0)``.

    Yields:
        ``samples`` float32 ``(batch, lookback // step, features)`` and ``targets`` float32
        ``(batch,)``.
    """
    if rng is None:
        rng = np.random.default_rng(0)
    if max_index is None:
        max_index = len(data) - delay - 1
    i = min_index + lookback
    while True:
        if shuffle:
            rows = rng.integers(min_index + lookback, max_index, size=batch_size)
        else:
            if i + batch_size >= max_index:
                i = min_index + lookback
            rows = np.arange(i, min(i + batch_size, max_index))
            i += len(rows)
        samples = np.zeros((len(rows), lookback // step, data.shape[-1]), dtype="float32")
        targets = np.zeros((len(rows),), dtype="float32")
        for j, row in enumerate(rows):
            indices = range(rows[j] - lookback, rows[j], step)
            samples[j] = data[indices]
            targets[j] = data[row + delay][target_col]
        yield samples, targets


#: The docstring of :func:`classic_generator` in the languages of the book's other pages, for
#: the page that prints its source (the code itself is the same on every page): the
#: catalogues' "windows", "classic_generator_doc" (none in English: the code's own).
CLASSIC_GENERATOR_DOCS: dict[str, str] = {
    lang: say(lang, "windows", "classic_generator_doc")
    for lang in LANGS
    if say(lang, "windows", "classic_generator_doc")
}


def classic_generator_source(lang: str = "en") -> str:
    """The source of :func:`classic_generator`, its docstring in ``lang`` ("en" or "ko")."""
    source = inspect.getsource(classic_generator)
    if check_lang(lang) not in CLASSIC_GENERATOR_DOCS:
        return source
    start = source.index('"""')
    end = source.index('"""', start + 3) + 3
    return source[:start] + CLASSIC_GENERATOR_DOCS[lang] + source[end:]


def _check_positive_int(name: str, value: Any, hint: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}: {hint}")
    return int(value)


class WindowSampler(keras.utils.PyDataset):
    """Vectorised window sampler for forecasting; a ``keras.utils.PyDataset`` for ``fit``.

    It owns the window geometry (like the ``WindowGenerator`` of the TensorFlow time-series
    tutorial). Each batch is one gather,
    ``data[rows[:, None] - lookback + np.arange(0, lookback, step)]``, instead of the classic
    generator's per-row loop.

    Args:
        data: ``(time, features)`` array (cast once to float32).
        lookback: how many time steps back the window reaches; a positive multiple of ``step``.
        step: sampling period inside the window (6 = one observation per hour for Jena).
        delay: how far ahead the target is: the target of row ``r`` is
            ``data[r + delay, target_col]`` (the window's last input is ``r - step``).
        min_index, max_index: row range as in the book; ``max_index=None`` means
            ``len(data) - delay - 1``. Rows are ``min_index + lookback <= r < max_index``.
        batch_size: windows per batch (the last batch of an epoch may be shorter).
        shuffle: visit the rows in a fresh seeded permutation every epoch (each row once).
        seed: seed of the permutations (reproducible: same seed, same epochs).
        steps_per_epoch: optional cap on batches per epoch (reduced CI runs).
        target_col: column of ``data`` used as target (1 = temperature in Jena).
        targets: optional explicit ``(time,)`` target series, used instead of ``target_col``.
        reverse: return every window reversed in time (the "reversed sequences" experiment).
        stride: keep every ``stride``-th row of the range (e.g. 6 = one window per hour of
            Jena data): a validation set as representative, at a fraction of the time.
        **kwargs: ``workers``, ``use_multiprocessing``, ``max_queue_size`` of ``PyDataset``.

    ``sampler[i]`` returns ``x`` float32 ``(batch, lookback // step, features)`` and ``y``
    float32 ``(batch,)``.
    """

    def __init__(
        self,
        data: np.ndarray,
        lookback: int,
        step: int = 6,
        delay: int = 144,
        min_index: int = 0,
        max_index: int | None = None,
        batch_size: int = 128,
        shuffle: bool = False,
        seed: int = 0,
        steps_per_epoch: int | None = None,
        target_col: int = 1,
        targets: np.ndarray | None = None,
        reverse: bool = False,
        stride: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        data = np.asarray(data)
        if data.ndim != 2:
            raise ValueError(
                f"data must be 2-D (time, features), got shape {data.shape}: "
                "reshape a single series with data.reshape(-1, 1)"
            )
        n_time, n_features = data.shape
        step = _check_positive_int("step", step, "use e.g. step=6 for one sample per hour")
        if (
            isinstance(lookback, bool)
            or not isinstance(lookback, (int, np.integer))
            or lookback < step
            or lookback % step
        ):
            try:
                hint = f"use e.g. lookback={max(step, round(lookback / step) * step)}"
            except TypeError:
                hint = f"use an integer such as lookback={10 * step}"
            raise ValueError(
                f"lookback must be a positive multiple of step={step} (and >= step), "
                f"got {lookback!r}: {hint}"
            )
        if isinstance(delay, bool) or not isinstance(delay, (int, np.integer)) or delay < 0:
            raise ValueError(f"delay must be an integer >= 0, got {delay!r}")
        batch_size = _check_positive_int("batch_size", batch_size, "use e.g. batch_size=128")
        stride = _check_positive_int("stride", stride, "use 1 for every row")
        if steps_per_epoch is not None:
            steps_per_epoch = _check_positive_int(
                "steps_per_epoch", steps_per_epoch, "or None for all batches"
            )
        if min_index < 0:
            raise ValueError(f"min_index must be >= 0, got {min_index}")
        if max_index is None:
            max_index = n_time - delay - 1
        elif max_index + delay > n_time:
            raise ValueError(
                f"max_index {max_index} + delay {delay} is past the end of data with {n_time} "
                f"rows (targets of the last rows would not exist): use max_index <= "
                f"{n_time - delay} or max_index=None"
            )
        if max_index <= min_index + lookback:
            raise ValueError(
                f"lookback {lookback} + delay {delay} does not fit in rows "
                f"{min_index}..{max_index} of data with {n_time} rows: use a shorter lookback "
                "or a wider index range"
            )
        if targets is not None:
            targets = np.asarray(targets)
            if targets.ndim != 1 or len(targets) != n_time:
                raise ValueError(
                    f"targets must be 1-D with one value per time step ({n_time}), got shape "
                    f"{targets.shape}: pass e.g. data[:, col] or a series aligned with data"
                )
            self._targets = np.ascontiguousarray(targets, dtype="float32")
        else:
            if not -n_features <= target_col < n_features:
                raise ValueError(
                    f"target_col {target_col} out of range for data with {n_features} "
                    f"features: use a column index in 0..{n_features - 1}"
                )
            self._targets = np.ascontiguousarray(data[:, target_col], dtype="float32")
        self._data = np.ascontiguousarray(data, dtype="float32")
        self.lookback = int(lookback)
        self.step = step
        self.delay = int(delay)
        self.min_index = int(min_index)
        self.max_index = int(max_index)
        self.batch_size = batch_size
        self.shuffle = bool(shuffle)
        self.seed = seed
        self.steps_per_epoch = steps_per_epoch
        self.target_col = None if targets is not None else target_col
        self.reverse = bool(reverse)
        self.stride = stride
        offsets = np.arange(0, self.lookback, self.step) - self.lookback
        self._offsets = offsets[::-1].copy() if self.reverse else offsets
        self._all_rows = np.arange(self.min_index + self.lookback, self.max_index, stride)
        self._rng = np.random.default_rng(seed)
        self._order = self._epoch_order()

    # -- geometry -------------------------------------------------------------------------
    @property
    def n_rows(self) -> int:
        """Number of windows (rows) in the range."""
        return len(self._all_rows)

    @property
    def input_shape(self) -> tuple[int, int]:
        """Shape of one window: ``(lookback // step, features)``."""
        return (self.lookback // self.step, self._data.shape[1])

    @property
    def rows(self) -> np.ndarray:
        """All ``(n_rows,)`` row indices in this epoch's order (read-only view)."""
        view = self._order.view()
        view.flags.writeable = False
        return view

    def window_indices(self, row: int) -> np.ndarray:
        """Time indices ``(lookback // step,)`` of the inputs of ``row`` (reversed if set)."""
        return int(row) + self._offsets

    def target_index(self, row: int) -> int:
        """Time index of the target of ``row``: ``row + delay``."""
        return int(row) + self.delay

    # -- PyDataset ------------------------------------------------------------------------
    def _epoch_order(self) -> np.ndarray:
        if self.shuffle:
            return self._rng.permutation(self._all_rows)
        return self._all_rows

    def __len__(self) -> int:
        n = math.ceil(self.n_rows / self.batch_size)
        return n if self.steps_per_epoch is None else min(n, self.steps_per_epoch)

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """Batch ``index``: x float32 ``(batch, lookback // step, features)``, y ``(batch,)``."""
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError(f"batch index {index} out of range for {n} batches")
        rows = self._order[index * self.batch_size : (index + 1) * self.batch_size]
        # One gather for the whole batch; np.take is the same fancy indexing as
        # data[rows[:, None] + offsets] but several times faster on 2-D float arrays.
        x = np.take(self._data, rows[:, None] + self._offsets, axis=0)
        y = np.take(self._targets, rows + self.delay)
        return x, y

    def on_epoch_end(self) -> None:
        """Draw a fresh permutation of the rows (when ``shuffle``)."""
        self._order = self._epoch_order()

    def __repr__(self) -> str:
        return self.describe()

    def describe(self, lang: str = "en") -> str:
        """One line, in ``lang`` ("en" or "ko"): the window's geometry, rows and batches."""
        text = texts(check_lang(lang), "windows", "describe")
        t, f = self.input_shape
        flags = "".join(
            [
                text["shuffled"].format(seed=self.seed) if self.shuffle else "",
                text["reversed"] if self.reverse else "",
                text["stride"].format(stride=self.stride) if self.stride > 1 else "",
                text["steps"].format(steps=len(self)) if self.steps_per_epoch is not None else "",
            ]
        )
        rows = text["rows"].format(
            first=self._all_rows[0],
            last=self._all_rows[-1],
            windows=self.n_rows,
            batch=self.batch_size,
        )
        return text["sampler"].format(
            lookback=self.lookback,
            step=self.step,
            delay=self.delay,
            rows=rows,
            batch=self.batch_size,
            t=t,
            f=f,
            flags=flags,
        )

    # -- picture --------------------------------------------------------------------------
    def plot(
        self,
        ax: Any = None,
        row: int | None = None,
        labels: dict[str, str] | None = None,
        lang: str = "en",
    ):
        """Draw the window geometry of ``row`` (default: the first row) on a time axis.

        Shows the sampled input steps, the gap of ``delay`` steps and the target step.
        The texts are ``lang``'s (:data:`PLOT_LABELS`); ``labels`` overrides any of them (keys
        ``"inputs"``, ``"target"``, ``"gap"``, ``"xlabel"``). Returns the matplotlib Axes.
        """
        import matplotlib.pyplot as plt

        text = dict(PLOT_LABELS[check_lang(lang)])
        if labels:
            unknown = set(labels) - set(text)
            if unknown:
                raise ValueError(
                    f"unknown label keys {sorted(unknown)}: use some of {sorted(text)}"
                )
            text.update(labels)
        if row is None:
            row = int(self._all_rows[0])
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 1.8))
        inputs = np.sort(self.window_indices(row))
        target = self.target_index(row)
        ax.axvspan(row - self.lookback, row, color="tab:blue", alpha=0.08)
        ax.vlines(inputs, 0, 1, color="tab:blue", lw=1)
        ax.plot(
            inputs,
            np.ones_like(inputs),
            "o",
            color="tab:blue",
            ms=3,
            label=f"{text['inputs']} ({len(inputs)})",
        )
        ax.plot([target], [1], "*", color="tab:red", ms=14, label=text["target"])
        ax.vlines([target], 0, 1, color="tab:red", lw=1.5)
        gap_start = int(row)  # the window ends at ``row``; the target is ``delay`` later
        ax.annotate(
            "",
            xy=(target, 0.5),
            xytext=(gap_start, 0.5),
            arrowprops={"arrowstyle": "<->", "color": "0.4"},
        )
        ax.text(
            (gap_start + target) / 2,
            0.6,
            f"{text['gap']} = {target - gap_start}",
            ha="center",
            va="bottom",
            fontsize=9,
            color="0.3",
        )
        ax.set_xlabel(text["xlabel"])
        ax.set_yticks([])
        ax.set_ylim(0, 1.6)
        ax.set_xlim(
            row - self.lookback - 0.03 * (self.lookback + self.delay),
            target + 0.05 * (self.lookback + self.delay),
        )
        ax.set_title(f"lookback={self.lookback}, step={self.step}, delay={self.delay}", fontsize=10)
        ax.legend(loc="upper left", fontsize=8, ncol=2, frameon=False)
        return ax


def jena_samplers(
    data: np.ndarray,
    lookback: int = 1440,
    step: int = 6,
    delay: int = 144,
    batch_size: int = 128,
    seed: int = 0,
    steps_per_epoch: int | None = None,
    val_steps: int | None = None,
    val_stride: int = 1,
    target_col: int = 1,
    **kwargs: Any,
) -> dict[str, WindowSampler]:
    """Train (shuffled) / val / test (in order) samplers over the book's :data:`JENA_SPLITS`.

    ``data`` is the normalised ``(420551, 14)`` Jena table. ``steps_per_epoch`` caps the train
    sampler, ``val_steps`` the validation and test samplers, which keep every
    ``val_stride``-th row (e.g. 6: one window per hour); ``kwargs`` go to every
    :class:`WindowSampler` (e.g. ``workers``, ``reverse``).
    """
    common = dict(
        lookback=lookback,
        step=step,
        delay=delay,
        batch_size=batch_size,
        target_col=target_col,
        **kwargs,
    )
    out: dict[str, WindowSampler] = {}
    for name, (lo, hi) in JENA_SPLITS.items():
        train = name == "train"
        out[name] = WindowSampler(
            data,
            min_index=lo,
            max_index=hi,
            shuffle=train,
            seed=seed,
            steps_per_epoch=steps_per_epoch if train else val_steps,
            stride=1 if train else val_stride,
            **common,
        )
    return out


def normalize(
    data: Any, train_end: int = JENA_SPLITS["train"][1]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Standardise every column with the mean and std of the training rows only.

    ``data``: ``(time, features)`` array or DataFrame. Statistics come from rows
    ``0..train_end - 1`` (the book's first 200,000 steps), so nothing of the validation and
    test periods leaks into training. Returns float32 ``(time, features)`` normalised data, and
    the ``(features,)`` mean and std (multiply a normalised error by ``std[col]`` to get it
    back in the column's unit).
    """
    values = np.asarray(data, dtype="float64")
    if values.ndim != 2:
        raise ValueError(f"data must be 2-D (time, features), got shape {values.shape}")
    if not 1 < train_end <= len(values):
        raise ValueError(
            f"train_end {train_end} must be between 2 and the number of rows ({len(values)})"
        )
    mean = values[:train_end].mean(axis=0)
    std = values[:train_end].std(axis=0)
    if np.any(std == 0):
        cols = np.flatnonzero(std == 0).tolist()
        raise ValueError(f"columns {cols} are constant over the training rows: cannot scale")
    return ((values - mean) / std).astype("float32"), mean, std


def batches_per_second(batches: Iterable[Any], n: int = 100, warmup: int = 5) -> float:
    """Batches per second of an iterable of ``(x, y)`` batches: ``n`` timed after ``warmup``.

    Works on the classic generator, a ``tf.data.Dataset`` and a :class:`WindowSampler`
    (iterated as a sequence). Raises ``ValueError`` when fewer than ``warmup + n`` batches
    come.
    """
    it = iter(batches)
    skipped = sum(1 for _ in itertools.islice(it, warmup))
    start = time.perf_counter()
    count = sum(1 for _ in itertools.islice(it, n))
    elapsed = time.perf_counter() - start
    if skipped < warmup or count < n:
        raise ValueError(
            f"only {skipped + count} batches came, {warmup + n} were asked for: "
            "ask for fewer, or repeat the data"
        )
    return n / elapsed
