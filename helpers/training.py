"""Training utilities: reproducible seeds, a fresh start per model, and per-epoch timing.

The chapters train through :meth:`helpers.results.Results.fit`, which times every epoch
with :class:`EpochTimer` and records the result.
"""

from __future__ import annotations

import time
from typing import Any

import keras

__all__ = ["EpochTimer", "reset", "set_seed"]


def set_seed(seed: int = 42) -> None:
    """Seed Python, NumPy and the Keras backend, and ask TensorFlow for deterministic ops."""
    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()


def reset(seed: int) -> None:
    """Before building a model: fresh layer names (``keras.utils.clear_session``) and the same
    seed for its initial weights, so every model starts as it would in a fresh kernel."""
    keras.utils.clear_session()
    set_seed(seed)


class EpochTimer(keras.callbacks.Callback):
    """Records the wall-clock seconds of every epoch in ``seconds`` (one float per epoch).

    ``mean`` gives the average over the epochs run; with ``verbose=True`` each epoch's time
    and its logged metrics (loss, val_loss, ...) are printed as it ends: a one-line progress
    report per epoch for long training.
    """

    def __init__(self, verbose: bool = False, lang: str = "en") -> None:
        super().__init__()
        self.verbose = verbose
        self.lang = lang
        self.seconds: list[float] = []
        self.batches_per_epoch = 0  # training batches of the last epoch
        self._start = 0.0

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._start = time.perf_counter()
        self.batches_per_epoch = 0

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self.batches_per_epoch += 1

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self.seconds.append(time.perf_counter() - self._start)
        if self.verbose:
            total = self.params.get("epochs") if self.params else None
            count = f"{epoch + 1}/{total}" if total else f"{epoch + 1}"
            metrics = "".join(f", {k} {v:.4f}" for k, v in (logs or {}).items())
            seconds = self.seconds[-1]
            line = (
                f"에포크 {count}: {seconds:.1f}초{metrics}"
                if self.lang == "ko"
                else f"epoch {count}: {seconds:.1f} s{metrics}"
            )
            print(line, flush=True)

    @property
    def mean(self) -> float:
        """Mean seconds per epoch."""
        if not self.seconds:
            raise ValueError("no epoch has been timed yet")
        return sum(self.seconds) / len(self.seconds)
