"""Training utilities: reproducible seeds and per-epoch timing."""

from __future__ import annotations

import time
from typing import Any

import keras

__all__ = ["EpochTimer", "set_seed"]


def set_seed(seed: int = 42) -> None:
    """Seed Python, NumPy and the Keras backend, and ask TensorFlow for deterministic ops."""
    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()


class EpochTimer(keras.callbacks.Callback):
    """Records the wall-clock seconds of every epoch in ``seconds`` (one float per epoch).

    ``mean`` gives the average over the epochs run; with ``verbose=True`` each epoch's time
    is printed as it ends.
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
            print(f"epoch {epoch + 1}: {self.seconds[-1]:.1f} s")

    @property
    def mean(self) -> float:
        """Mean seconds per epoch."""
        if not self.seconds:
            raise ValueError("no epoch has been timed yet")
        return sum(self.seconds) / len(self.seconds)
