"""Shared helpers for the book *Deep learning for sequences with Keras*.

Modules:

- :mod:`helpers.data` -- dataset loaders with caching (IMDB, Jena climate).
- :mod:`helpers.jena` -- the Jena climate file format: reader, generated stand-in, writer.
- :mod:`helpers.windows` -- windowing of time series (Jena window sampler, classic generator).
- :mod:`helpers.series` -- synthetic time series (Géron ch. 15), last-step MSE, forecast plots.
- :mod:`helpers.diagrams` -- schematic figures of recurrent networks.
- :mod:`helpers.plots` -- training curves and Korean font set-up.
- :mod:`helpers.training` -- seeds, a fresh start per model, and per-epoch timing.
- :mod:`helpers.results` -- each chapter run's results record: training path, table, read-back.
- :mod:`helpers.presets` -- named settings of the chapters: CI's reduced run, a class run.

Importing :mod:`helpers` has no side effects; each chapter calls what it needs.
"""

__version__ = "0.1.0"


def quiet_tensorflow() -> None:
    """Import TensorFlow, where it is installed, with its C++ start-up notices hidden.

    At import and when it first looks for a GPU, TensorFlow's C++ core writes notices such as
    "Could not find cuda drivers" straight to the process's stderr, where Jupyter shows them
    as warnings. Call this before ``import keras``; later warnings and errors show as usual.
    Keras imports TensorFlow wherever it is installed, whatever the backend
    (``keras.utils.set_random_seed`` seeds it too), so this hides the notices on JAX and
    PyTorch as well; where TensorFlow is not installed it does nothing, and the chapters run
    without it.
    """
    import importlib.util
    import os
    import sys

    if importlib.util.find_spec("tensorflow") is None:
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # C++ notices and errors
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        import tensorflow as tf

        tf.config.list_physical_devices()  # probes for GPUs now, while stderr is hidden
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
