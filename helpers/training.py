"""Training utilities: reproducible seeds and per-epoch timing."""

from __future__ import annotations

import time
from typing import Any

import keras

__all__ = ["EpochTimer", "fit_timed", "set_seed"]


def set_seed(seed: int = 42) -> None:
    """Seed Python, NumPy and the Keras backend, and ask TensorFlow for deterministic ops."""
    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()


class EpochTimer(keras.callbacks.Callback):
    """Records the wall-clock seconds of every epoch in ``seconds`` (one float per epoch).

    ``mean`` gives the average over the epochs run; with ``verbose=True`` each epoch's time
    and its logged metrics (loss, val_loss, ...) are printed as it ends: a one-line progress
    report per epoch for long training.
    """

    def __init__(self, verbose: bool = False) -> None:
        super().__init__()
        self.verbose = verbose
        self.seconds: list[float] = []
        self._start = 0.0

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self.seconds.append(time.perf_counter() - self._start)
        if self.verbose:
            total = self.params.get("epochs") if self.params else None
            count = f"{epoch + 1}/{total}" if total else f"{epoch + 1}"
            metrics = "".join(f", {k} {v:.4f}" for k, v in (logs or {}).items())
            print(f"epoch {count}: {self.seconds[-1]:.1f} s{metrics}", flush=True)

    @property
    def mean(self) -> float:
        """Mean seconds per epoch."""
        if not self.seconds:
            raise ValueError("no epoch has been timed yet")
        return sum(self.seconds) / len(self.seconds)


def fit_timed(
    model: keras.Model,
    train: Any,
    validation_data: Any,
    epochs: int,
    verbose: bool = True,
    **kwargs: Any,
) -> tuple[keras.callbacks.History, EpochTimer]:
    """``model.fit`` with an :class:`EpochTimer`: one progress line per epoch when ``verbose``.

    ``train`` and ``validation_data`` are what ``fit`` takes (e.g. two
    :class:`helpers.windows.WindowSampler`); ``kwargs`` go to ``fit``. Returns the
    ``History`` and the timer (``timer.mean`` = seconds per epoch, validation included).
    """
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
    timer = EpochTimer(verbose=verbose)
    callbacks = [timer, *kwargs.pop("callbacks", [])]
    history = model.fit(
        train,
        validation_data=validation_data,
        epochs=epochs,
        callbacks=callbacks,
        verbose=0,
        **kwargs,
    )
    return history, timer
