"""Benchmark: batches per second of three ways to window the Jena data (DLwP 1st ed. §6.3).

Shape of a batch: (128, 240, 14) -- lookback 1440, step 6, delay 144, train rows 0..200000,
shuffled. Paths, all measured in one run on the same array:

(a) ``classic_generator`` (shuffle=True): the book's per-row Python loop;
(b) ``keras.utils.timeseries_dataset_from_array(..., shuffle=True)`` iterated with a for loop
    (windows and targets aligned with the generator's convention; dataset construction is
    not timed, iteration is);
(c) ``WindowSampler`` (shuffle=True): one fancy-indexing gather per batch.

The paths are timed in the order (a), (c), (b): tf.data's background prefetch threads would
otherwise keep competing for the CPU. Each path is warmed up for a few batches, then N batches
(``--batches``) are timed with ``time.perf_counter``. Usage::

    python scripts/bench_windows.py                      # the generated Jena stand-in
    python scripts/bench_windows.py --data data/jena_climate_2009_2016.csv.zip --json out.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
from collections.abc import Iterable
from pathlib import Path

import numpy as np

LOOKBACK, STEP, DELAY, BATCH = 1440, 6, 144, 128
MIN_INDEX, MAX_INDEX = 0, 200000
TARGET_COL = 1
N_FEATURES = 14
PATHS = ("classic_generator", "timeseries_dataset_from_array", "WindowSampler")


def load_data(path: str | None, seed: int) -> tuple[np.ndarray, str]:
    """Normalised float32 ``(time, 14)`` array and a description of where it came from."""
    from helpers.jena import make_jena_standin, read_jena_csv

    if path:
        df = read_jena_csv(path)
        source = f"{path} {df.shape}"
    else:
        df = make_jena_standin(seed=seed)
        source = f"the generated Jena STAND-IN {df.shape} (helpers.jena.make_jena_standin)"
    values = np.asarray(df, dtype="float32")
    mean = values[:MAX_INDEX].mean(axis=0)
    std = values[:MAX_INDEX].std(axis=0)
    return ((values - mean) / std).astype("float32"), source


def time_batches(batches: Iterable, n: int, warmup: int) -> float:
    """Batches per second over ``n`` batches after ``warmup``; checks the batch shape."""
    from helpers.windows import batches_per_second

    def checked():
        for batch in batches:
            assert tuple(batch[0].shape) == (BATCH, LOOKBACK // STEP, N_FEATURES), batch[0].shape
            yield batch

    return batches_per_second(checked(), n, warmup)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=200, help="batches timed per path")
    parser.add_argument("--warmup", type=int, default=5, help="untimed batches per path")
    parser.add_argument("--data", help="Jena .csv or .csv.zip (default: the stand-in)")
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument("--json", help="also write the results as JSON to this path")
    args = parser.parse_args(argv)

    import helpers

    helpers.quiet_tensorflow()
    import keras

    from helpers.windows import WindowSampler, classic_generator

    data, source = load_data(args.data, args.seed)
    total = args.batches + args.warmup
    results: dict[str, float] = {}

    # (a) the book's generator
    gen = classic_generator(
        data, LOOKBACK, DELAY, MIN_INDEX, MAX_INDEX, shuffle=True, batch_size=BATCH, step=STEP,
        target_col=TARGET_COL, rng=np.random.default_rng(args.seed),
    )  # fmt: skip
    results["classic_generator"] = time_batches(gen, args.batches, args.warmup)

    # (c) the vectorised sampler
    sampler = WindowSampler(
        data, LOOKBACK, STEP, DELAY, MIN_INDEX, MAX_INDEX, batch_size=BATCH, shuffle=True,
        seed=args.seed, target_col=TARGET_COL,
    )  # fmt: skip

    def sampler_batches():
        for epoch in itertools.count():
            if epoch:
                sampler.on_epoch_end()
            for i in range(len(sampler)):
                yield sampler[i]

    results["WindowSampler"] = time_batches(sampler_batches(), args.batches, args.warmup)

    # (b) timeseries_dataset_from_array, timed last: its tf.data prefetch threads keep running
    # in the background and would slow the other paths down. Alignment: the window starting
    # at t is the generator's row t + lookback, with target data[t + lookback + delay, col];
    # the last window starts at MAX_INDEX - lookback - 1 (its last input is MAX_INDEX - step - 1).
    ds = keras.utils.timeseries_dataset_from_array(
        data,
        targets=data[LOOKBACK + DELAY :, TARGET_COL],
        sequence_length=LOOKBACK // STEP,
        sampling_rate=STEP,
        batch_size=BATCH,
        shuffle=True,
        seed=args.seed,
        start_index=MIN_INDEX,
        end_index=MAX_INDEX - STEP,
    )
    n_ds = int(ds.cardinality())
    if n_ds < total:  # one epoch is ~1,551 batches; repeat only if asked for more
        ds = ds.repeat()
    results["timeseries_dataset_from_array"] = time_batches(ds, args.batches, args.warmup)

    results = {k: results[k] for k in PATHS}
    base = results["classic_generator"]
    print(f"data: {source}")
    print(
        f"batch ({BATCH}, {LOOKBACK // STEP}, {N_FEATURES}), lookback {LOOKBACK}, step {STEP}, "
        f"delay {DELAY}, rows {MIN_INDEX + LOOKBACK}..{MAX_INDEX - 1}, shuffled; "
        f"{args.batches} batches timed after {args.warmup} warm-up"
    )
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"numpy {np.__version__}, keras {keras.__version__}")  # fmt: skip
    print()
    print(f"{'path':<32}{'batches/s':>12}{'vs classic':>12}")
    for name, rate in results.items():
        print(f"{name:<32}{rate:>12,.0f}{rate / base:>11.2f}x")

    report = {
        "data": source,
        "batch_shape": [BATCH, LOOKBACK // STEP, N_FEATURES],
        "lookback": LOOKBACK,
        "step": STEP,
        "delay": DELAY,
        "range": [MIN_INDEX, MAX_INDEX],
        "batches": args.batches,
        "warmup": args.warmup,
        "cpus": os.cpu_count(),
        "numpy": np.__version__,
        "keras": keras.__version__,
        "batches_per_second": results,
        "ratio_to_classic": {k: v / base for k, v in results.items()},
    }
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    return report


if __name__ == "__main__":
    main()
