"""Measure the learning bands of CI's learning checks: each chapter at CI's settings, over seeds.

    python scripts/learning_bands.py 01_conv1d_imdb 04_rnn_forecasting   # default seeds
    python scripts/learning_bands.py 05_conv_wavenet --seeds 42 0 1 2 3 --jobs 2

Runs the English notebook of each chapter with the reduced settings of
``tests/chapter_parameters.json`` and ``SEED`` set to each seed (CI's own run uses the
notebook's default seed, 42, which is always among them), reads the results record each run
writes (``helpers.results``), and stores in ``tests/learning_bands.json`` per trained model:
the values seen and the band a model that learned lies in. The band is the seeds' range
widened on both sides by its own width or by ``RELATIVE_MARGIN`` of the median, whichever is
larger, so that an unchanged chapter passes on any machine (another CPU, 1 core or 2) while a
model that stops learning falls outside. The seeds, the settings, the library versions, the
machine's CPU count and the date are stored with the bands.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from helpers.results import ChapterResults

ROOT = Path(__file__).resolve().parents[1]
BANDS = ROOT / "tests" / "learning_bands.json"
CI_PARAMETERS = ROOT / "tests" / "chapter_parameters.json"
DEFAULT_SEEDS = [42, 0, 1, 2, 3]  # 42: the notebooks' default, CI's own run
RELATIVE_MARGIN = 0.1


def run(stem: str, seed: int, out: Path, settings: dict | None = None) -> dict:
    """The results record of the English chapter run with ``seed``, at CI's settings (or with
    ``settings`` as the parameters: ``{}`` for the notebook's own, the full ones).

    Runs in a process of its own (the kernel inherits its environment), so that several seeds
    can run side by side.
    """
    if settings is None:
        settings = json.loads(CI_PARAMETERS.read_text())[stem]
    parameters = {**settings, "SEED": seed}
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SEQBOOK_RESULTS_DIR": str(out), "SEQBOOK_JENA_SOURCE": "standin"}
    if env.get("SEQBOOK_DATA_DIR"):  # the kernel runs in the chapter's folder
        env["SEQBOOK_DATA_DIR"] = str(Path(env["SEQBOOK_DATA_DIR"]).resolve())
    source = ROOT / "chapters" / "en" / f"{stem}.ipynb"
    start = time.perf_counter()
    code = (
        "import papermill, json, sys; "
        "papermill.execute_notebook(sys.argv[1], sys.argv[2], parameters=json.loads(sys.argv[3]),"
        " cwd=sys.argv[4], kernel_name='python3', progress_bar=False)"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(source), str(out / source.name),
         json.dumps(parameters), str(source.parent)],
        env=env,
        check=True,
    )  # fmt: skip
    record = json.loads((out / f"{stem}.en.json").read_text(encoding="utf-8"))
    print(f"{stem} seed {seed}: {time.perf_counter() - start:.0f} s", flush=True)
    return record


def band(values: list[float]) -> list[float]:
    """The seeds' range, widened by its width or RELATIVE_MARGIN × |median|, the larger."""
    low, high = min(values), max(values)
    margin = max(high - low, RELATIVE_MARGIN * abs(statistics.median(values)))
    return [round(low - margin, 6), round(high + margin, 6)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stems", nargs="+", help="chapters, e.g. 01_conv1d_imdb")
    parser.add_argument("--seeds", nargs="+", type=int, default=DEFAULT_SEEDS)
    parser.add_argument("--jobs", type=int, default=1, help="runs side by side")
    args = parser.parse_args()
    if len(args.seeds) < 5 or 42 not in args.seeds:
        parser.error("at least 5 seeds, 42 (CI's) among them")
    folder = Path(tempfile.mkdtemp(prefix="seqbook_bands_"))
    for stem in args.stems:
        with ThreadPoolExecutor(args.jobs) as pool:
            jobs = [(stem, seed, folder / stem / f"seed{seed}") for seed in args.seeds]
            runs = [ChapterResults(r) for r in pool.map(lambda job: run(*job), jobs)]
        models = {}
        for key, first in runs[0].items():
            if first["epochs"] is None:
                continue  # a baseline: nothing learned, nothing to check
            figures = {key: (first["metric"], first["better"], lambda r, k=key: r[k]["value"])}
            for metric in first.get("also") or {}:  # the validation loss, ...
                better = "higher" if "accuracy" in metric else "lower"
                figures[f"{key}:{metric}"] = (
                    metric, better, lambda r, k=key, m=metric: r[k]["also"][m]
                )  # fmt: skip
            for band_key, (metric, better, value_of) in figures.items():
                values = [value_of(one) for one in runs]
                models[band_key] = {
                    "metric": metric,
                    "better": better,
                    "values": [round(v, 6) for v in values],
                    "band": band(values),
                }
        settings = {k: v for k, v in runs[0].settings.items() if k != "SEED"}
        bands = json.loads(BANDS.read_text(encoding="utf-8")) if BANDS.exists() else {}
        bands[stem] = {
            "measured": {
                "seeds": args.seeds,
                "settings": settings,
                "versions": runs[0].versions,
                "cpus": os.cpu_count(),
                "date": time.strftime("%Y-%m-%d"),
                "command": f"python scripts/learning_bands.py {stem} --seeds "
                + " ".join(map(str, args.seeds)),
            },
            "models": models,
        }
        BANDS.write_text(
            json.dumps(dict(sorted(bands.items())), indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        for key, model in models.items():
            print(f"{stem} {key}: {model['values']} -> band {model['band']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
