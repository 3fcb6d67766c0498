"""Training utilities: reproducible seeds, a fresh start per model, per-epoch timing, and
gradients on any Keras backend.

The chapters train with ``model.fit``; the callback :meth:`helpers.results.Results.recorder`
they pass it times every epoch with :class:`EpochTimer` and records the result.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import keras
import numpy as np

from helpers.text import check_lang, say, texts

__all__ = ["EpochTimer", "reset", "set_seed", "value_and_gradient"]


def cpu_cores() -> int:
    """The CPU cores this process may run on (``taskset`` and container limits included)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


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


def value_and_gradient(f: Callable[[Any], Any], x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``f(x)`` and the gradient of its sum with respect to ``x``, as NumPy arrays.

    Keras 3 trains through each backend's own automatic differentiation and has no
    backend-neutral gradient call, so this is the one place that asks the backend: a
    ``GradientTape`` (TensorFlow), ``jax.grad`` (JAX) or ``backward()`` (PyTorch) computes the
    same thing. ``f`` may call Keras layers and ``keras.ops``.
    """
    backend = keras.backend.backend()
    x = np.asarray(x, dtype="float32")
    if backend == "tensorflow":
        import tensorflow as tf

        inputs = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            value = f(inputs)
            total = tf.reduce_sum(value)
        gradient = tape.gradient(total, inputs)
    elif backend == "jax":
        import jax
        import jax.numpy as jnp

        value = f(x)
        gradient = jax.grad(lambda inputs: jnp.sum(f(inputs)))(jnp.asarray(x))
    elif backend == "torch":
        inputs = keras.ops.convert_to_tensor(x).requires_grad_(True)  # on Keras's device
        value = f(inputs)
        value.sum().backward()
        gradient = inputs.grad
    else:
        raise NotImplementedError(
            f"value_and_gradient knows the tensorflow, jax and torch backends, not {backend!r}"
        )
    gradient = keras.ops.convert_to_numpy(gradient) + 0.0  # JAX's -0.0 prints as 0.0, as elsewhere
    return keras.ops.convert_to_numpy(value), gradient


class EpochTimer(keras.callbacks.Callback):
    """Records the wall-clock seconds of every epoch in ``seconds`` (one float per epoch).

    ``mean`` gives the average over the epochs run; with ``verbose=True`` each epoch's time
    and its logged metrics (loss, val_loss, ...) are printed as it ends: a one-line progress
    report per epoch for long training.
    """

    def __init__(self, verbose: bool = False, lang: str = "en") -> None:
        super().__init__()
        self.verbose = verbose
        self.lang = check_lang(lang)
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
            names = texts(self.lang, "metrics")  # Keras's log keys, in the page's words
            metrics = "".join(f", {names.get(k, k)} {v:.4f}" for k, v in (logs or {}).items())
            seconds = self.seconds[-1]
            line = say(
                self.lang, "training", "epoch", count=count, seconds=seconds, metrics=metrics
            )
            print(line, flush=True)

    @property
    def mean(self) -> float:
        """Mean seconds per epoch."""
        if not self.seconds:
            raise ValueError("no epoch has been timed yet")
        return sum(self.seconds) / len(self.seconds)
