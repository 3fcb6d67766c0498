"""Train the Jena models at the reference's budget, to tell the stand-in from the budget.

    KERAS_BACKEND=jax python scripts/reference_budget.py --seed 42
    KERAS_BACKEND=jax python scripts/reference_budget.py --seed 0 --models gru hybrid

Chapters 02 and 03 train 10–20 short epochs (100–250 batches of 128) at their full settings;
the reference (DLwP §6.3.6–6.4.4) trains 20 epochs of 500 batches (40 for the GRU with
dropout). When a chapter's figure misses the reference's, the gap may come from the data
(the stand-in) or from the budget. This script trains the reference's models at the
reference's budget on the book's data (the stand-in here) and keeps every epoch:

- ``gru``: ``GRU(32)``, hourly steps, 20 epochs (DLwP §6.3.6);
- ``gru_dropout``: ``GRU(32, dropout=0.2, recurrent_dropout=0.2)``, 40 epochs (§6.3.7);
- ``hybrid``: ``Conv1D → MaxPooling1D → Conv1D → GRU`` on 30-minute steps, 20 epochs (§6.4.4).

Each model is built and trained as in the chapters (same windows, sampler seed, optimizer and
loss, ``reset(seed)`` before building); validation uses the chapters' hourly validation windows
(every 6th row). The record keeps, per model and seed: the validation and training MAE of every
epoch, the best epoch, the test MAE of the best epoch's weights, the last-value baseline on the
same validation and test windows, and seconds per epoch; with the command, backend, library
versions, CPU count and date. ``--json`` (default ``helpers/reference_budget.json``)
is merged by (model, seed), so seeds can run in separate processes and be merged one by one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import helpers  # noqa: E402

helpers.quiet_tensorflow()

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from helpers.data import load_jena  # noqa: E402
from helpers.results import versions  # noqa: E402
from helpers.training import reset  # noqa: E402
from helpers.windows import WindowSampler, jena_samplers, normalize  # noqa: E402

RECORD = ROOT / "helpers" / "reference_budget.json"
STEPS_PER_EPOCH = 500  # the reference's steps_per_epoch
VAL_STRIDE = 6  # the chapters' hourly validation windows
MODELS: dict[str, dict[str, Any]] = {
    "gru": {"epochs": 20, "step": 6, "source": "DLwP §6.3.6"},
    "gru_dropout": {"epochs": 40, "step": 6, "source": "DLwP §6.3.7"},
    "hybrid": {"epochs": 20, "step": 3, "source": "DLwP §6.4.4"},
}


def build(key: str, input_shape: tuple[int, int]) -> keras.Model:
    """The reference's model ``key`` for windows of ``input_shape`` (built as in 02 and 03)."""
    if key == "gru":
        body = [layers.GRU(32)]
    elif key == "gru_dropout":
        body = [layers.GRU(32, dropout=0.2, recurrent_dropout=0.2)]
    elif key == "hybrid":
        body = [
            layers.Conv1D(32, 5, activation="relu"),
            layers.MaxPooling1D(3),
            layers.Conv1D(32, 5, activation="relu"),
            layers.GRU(32, dropout=0.1, recurrent_dropout=0.5),
        ]
    else:
        raise ValueError(f"unknown model {key!r}: choose from {sorted(MODELS)}")
    return keras.Sequential([keras.Input(shape=input_shape), *body, layers.Dense(1)], name=key)


def baseline_mae(sampler: WindowSampler) -> float:
    """The last-value baseline's MAE on the windows of ``sampler`` (temperature is column 1)."""
    errors = [np.abs(x[:, -1, 1] - y) for x, y in (sampler[i] for i in range(len(sampler)))]
    return float(np.concatenate(errors).mean())


class Epochs(keras.callbacks.Callback):
    """Prints and keeps every epoch's figures and seconds, and the best epoch's weights."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.rows: list[dict[str, float]] = []
        self.best: tuple[float, list[np.ndarray]] | None = None

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        logs = logs or {}
        row = {
            "loss": float(logs["loss"]),
            "val_loss": float(logs["val_loss"]),
            "seconds": time.perf_counter() - self.start,
        }
        self.rows.append(row)
        if self.best is None or row["val_loss"] < self.best[0]:
            self.best = (row["val_loss"], self.model.get_weights())
        print(
            f"{self.label} epoch {epoch + 1}: train {row['loss']:.4f}, "
            f"val {row['val_loss']:.4f}, {row['seconds']:.0f} s",
            flush=True,
        )


def train(key: str, data: np.ndarray, seed: int, epochs: int | None) -> dict[str, Any]:
    """Train model ``key`` at the reference's budget; its entry of the record."""
    spec = MODELS[key]
    epochs = epochs or spec["epochs"]
    windows = jena_samplers(
        data,
        lookback=1440,
        step=spec["step"],
        delay=144,
        batch_size=128,
        seed=seed,
        steps_per_epoch=STEPS_PER_EPOCH,
        val_stride=VAL_STRIDE,
    )
    reset(seed)
    model = build(key, windows["train"].input_shape)
    model.compile(optimizer=keras.optimizers.RMSprop(), loss="mae")
    log = Epochs(f"{key} seed {seed}")
    model.fit(
        windows["train"], validation_data=windows["val"], epochs=epochs, callbacks=[log], verbose=0
    )
    assert log.best is not None
    model.set_weights(log.best[1])
    val = [row["val_loss"] for row in log.rows]
    best = int(np.argmin(val))
    return {
        "model": key,
        "seed": seed,
        "source": spec["source"],
        "step": spec["step"],
        "epochs": epochs,
        "batches_per_epoch": STEPS_PER_EPOCH,
        "batch_size": 128,
        "val_mae": val,
        "train_mae": [row["loss"] for row in log.rows],
        "seconds_per_epoch": float(np.mean([row["seconds"] for row in log.rows])),
        "best_epoch": best + 1,
        "best_val_mae": val[best],
        "test_mae": float(model.evaluate(windows["test"], verbose=0)),
        "baseline": {
            "val_mae": baseline_mae(windows["val"]),
            "test_mae": baseline_mae(windows["test"]),
        },
    }


def merge(path: Path, runs: list[dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    """Put ``runs`` into the record at ``path``, replacing runs of the same model and seed."""
    record = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"runs": []}
    new = {(run["model"], run["seed"]) for run in runs}
    kept = [run for run in record["runs"] if (run["model"], run["seed"]) not in new]
    for run in runs:
        run.update(meta)
    record["runs"] = sorted(
        kept + runs, key=lambda run: (list(MODELS).index(run["model"]), run["seed"])
    )
    record["about"] = (
        "The reference's models at its budget (500 batches of 128 per epoch) on the book's Jena "
        "data; written by scripts/reference_budget.py"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--models", nargs="+", default=["gru", "hybrid", "gru_dropout"], choices=list(MODELS)
    )
    parser.add_argument("--epochs", type=int, help="override the reference's epochs (a quick try)")
    parser.add_argument("--json", type=Path, default=RECORD, help="record to merge into")
    parser.add_argument(
        "--merge",
        nargs="+",
        type=Path,
        help="merge the runs of these records into --json; no training",
    )
    args = parser.parse_args(argv)
    if args.merge:
        for path in args.merge:
            runs = json.loads(path.read_text(encoding="utf-8"))["runs"]
            record = merge(args.json, runs, {})
        print(f"{args.json}: {len(record['runs'])} runs")
        return 0

    jena = load_jena()
    data = normalize(jena)[0]
    meta = {
        "data": "stand-in" if jena.attrs["source"] == "standin" else "real",
        "versions": {
            **versions(),
            **({"jax": __import__("jax").__version__} if keras.backend.backend() == "jax" else {}),
        },
        "machine": {
            "cpus": len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count(),
            "processor": platform.machine(),
        },
        "date": dt.date.today().isoformat(),
        "command": " ".join(
            [f"KERAS_BACKEND={keras.backend.backend()}", "python", "scripts/reference_budget.py"]
            + (argv if argv is not None else sys.argv[1:])
        ),
    }
    if args.epochs and args.json == RECORD:
        parser.error("--epochs changes the budget: write the try elsewhere with --json")
    for key in args.models:
        run = train(key, data, args.seed, args.epochs)
        merge(args.json, [run], meta)  # after each model, so a stopped run keeps what it measured
        print(
            f"{key} seed {args.seed}: best val {run['best_val_mae']:.4f}"
            f" at epoch {run['best_epoch']}"
            f" (baseline {run['baseline']['val_mae']:.4f}), test {run['test_mae']:.4f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
