"""Measure how a chapter's headline figures vary with the seed, at the full settings.

    python scripts/seed_spread.py 05_conv_wavenet --models conv_gru wavenet
    python scripts/seed_spread.py 04_rnn_forecasting --models deep seq2seq --seeds 42 0 1

Runs the English notebook of the chapter with its own (full) settings once per seed other than
42, and takes seed 42's figures from the committed notebook (its record must be a run at the
same settings). Stores, per model, the figure of every seed (best epoch, and last epoch) in
``helpers/seed_spreads.json``
with the settings, library versions, CPU count, date and command. The chapters'
results tables (``helpers.results``) show the range beside this run's value, so a reader can
tell whether a number of their own is normal. Full runs are long: chapter 04 takes about 13
minutes per seed on 2 cores, chapter 05 about 3.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from learning_bands import run  # noqa: E402

from helpers.results import SPREADS, ChapterResults, load  # noqa: E402

DEFAULT_SEEDS = [42, 0, 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stem", help="chapter file name without .ipynb, e.g. 04_rnn_forecasting")
    parser.add_argument("--models", nargs="+", required=True, help="model ids of the record")
    parser.add_argument("--seeds", nargs="+", type=int, default=DEFAULT_SEEDS)
    parser.add_argument(
        "--keep",
        help="folder for the seeds' runs; a seed whose record is there already is not run "
        "again (after a full re-run of the chapter, only seed 42's figures are read anew)",
    )
    parser.add_argument(
        "--reread",
        action="store_true",
        help="after a full re-run of the chapter: read seed 42's figures anew from the committed "
        "run and keep the other seeds' figures stored in helpers/seed_spreads.json (measured at "
        "the same settings); nothing is run",
    )
    args = parser.parse_args()
    if len(set(args.seeds)) < 3 or 42 not in args.seeds:
        parser.error("at least 3 seeds, 42 (the committed run's) among them")
    committed = load(args.stem, "en")
    settings = {k: v for k, v in committed.settings.items() if k != "SEED"}
    if committed.settings.get("SEED") != 42:
        parser.error(f"the committed {args.stem} was run with seed {committed.settings['SEED']}")
    missing = [key for key in args.models if key not in committed]
    if missing:
        parser.error(f"{args.stem} records no model {missing}; it has {list(committed)}")
    if args.reread:
        return reread(args.stem, committed, settings)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="seqbook_spread_"))
    runs = {42: committed}
    for seed in args.seeds:
        if seed != 42:
            kept = folder / f"seed{seed}" / f"{args.stem}.en.json"
            if kept.exists():
                print(f"{args.stem} seed {seed}: the run kept in {kept.parent}")
                runs[seed] = ChapterResults(json.loads(kept.read_text(encoding="utf-8")))
            else:
                runs[seed] = ChapterResults(run(args.stem, seed, folder / f"seed{seed}", {}))
            ran = {k: v for k, v in runs[seed].settings.items() if k != "SEED"}
            if ran != settings:
                raise SystemExit(f"seed {seed} ran with {ran}, the committed run with {settings}")
    spreads = json.loads(SPREADS.read_text(encoding="utf-8")) if SPREADS.exists() else {}
    spreads[args.stem] = {
        "measured": {
            "seeds": args.seeds,
            "settings": settings,
            "versions": runs[args.seeds[-1]].versions,
            "cpus": os.cpu_count(),
            "date": time.strftime("%Y-%m-%d"),
            "command": f"python scripts/seed_spread.py {args.stem} --models "
            + " ".join(args.models)
            + " --seeds "
            + " ".join(map(str, args.seeds)),
        },
        "models": {
            key: {
                "metric": committed[key]["metric"],
                "values": [runs[seed][key]["value"] for seed in args.seeds],
                # at the last epoch trained (a reference that reports its last epoch)
                "last": [runs[seed][key].get("last") for seed in args.seeds],
            }
            for key in args.models
        },
    }
    SPREADS.write_text(
        json.dumps(dict(sorted(spreads.items())), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    for key, model in spreads[args.stem]["models"].items():
        print(f"{args.stem} {key}: {dict(zip(args.seeds, model['values'], strict=True))}")
    return 0


def reread(stem: str, committed: ChapterResults, settings: dict) -> int:
    """Replace seed 42's figures of ``stem``'s stored spread with the committed run's."""
    spreads = json.loads(SPREADS.read_text(encoding="utf-8"))
    if stem not in spreads:
        raise SystemExit(f"{stem} has no stored spread: measure it first (without --reread)")
    stored = spreads[stem]
    measured = stored["measured"]["settings"]  # settings added since do not change its models
    if {key: settings.get(key) for key in measured} != measured:
        raise SystemExit(
            f"the stored spread of {stem} was measured at {stored['measured']['settings']}, "
            f"the committed run at {settings}: measure it anew (without --reread)"
        )
    at = stored["measured"]["seeds"].index(42)
    for key, model in stored["models"].items():
        model["values"][at] = committed[key]["value"]
        model["last"][at] = committed[key].get("last")
    stored["measured"]["seed 42"] = (
        f"read anew from the committed run of {committed.date} "
        f"(python scripts/seed_spread.py {stem} --models {' '.join(stored['models'])} --reread)"
    )
    SPREADS.write_text(
        json.dumps(dict(sorted(spreads.items())), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    seeds = stored["measured"]["seeds"]
    for key, model in stored["models"].items():
        print(f"{stem} {key}: {dict(zip(seeds, model['values'], strict=True))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
