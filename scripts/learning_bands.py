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

Each chapter is also run once more, seed 42, with every model left **untrained** (a first cell
sets the optimizer's learning rate to 0 at every ``fit``): the figure each model then shows is
stored beside its band as ``untrained``. A model's own band stops, on the worse side, halfway
between its worst seed and that figure; ``tests/test_learning_bands.py`` fails when a band
still holds it, that is, when the check could not tell a model that learned from one that did
not (CI's settings are then too short for that model: lengthen them), when a seed is no better
than the untrained run, when a stored band is not what :func:`band` gives for the stored
values, and when the committed full run's figure lies past a band's worse edge.
``--untrained-only`` measures just that run, keeping the bands.

``--backend jax`` (or ``torch``) measures the same on another Keras backend, which draws other
initial weights from the same seed, so that CI's short runs land elsewhere: its bands and its
untrained figures are stored under the chapter's ``"backends"`` (at least 3 seeds: a run on
PyTorch's CPU is several times slower), where ``scripts/backends.py`` reads them. CI's own
learning checks use the TensorFlow bands.
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
# Put first in the notebook for the untrained run: every fit trains with a learning rate of 0.
UNTRAINED_CELL = """\
import helpers

helpers.quiet_tensorflow()
import keras

_fit = keras.Model.fit


def _fit_untrained(self, *args, **kwargs):
    self.optimizer.learning_rate = 0.0  # the weights stay as initialised
    return _fit(self, *args, **kwargs)


keras.Model.fit = _fit_untrained
"""


def run(
    stem: str,
    seed: int,
    out: Path,
    settings: dict | None = None,
    untrained: bool = False,
    backend: str = "tensorflow",
) -> dict:
    """The results record of the English chapter run with ``seed``, at CI's settings (or with
    ``settings`` as the parameters: ``{}`` for the notebook's own, the full ones); with
    ``untrained``, every model trained with a learning rate of 0 (:data:`UNTRAINED_CELL`).

    Runs in a process of its own (the kernel inherits its environment), so that several seeds
    can run side by side.
    """
    if settings is None:
        settings = json.loads(CI_PARAMETERS.read_text())["ci"][stem]
    parameters = {**settings, "SEED": seed}
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SEQBOOK_RESULTS_DIR": str(out), "SEQBOOK_JENA_SOURCE": "standin"}
    env["KERAS_BACKEND"] = backend
    if env.get("SEQBOOK_DATA_DIR"):  # the kernel runs in the chapter's folder
        env["SEQBOOK_DATA_DIR"] = str(Path(env["SEQBOOK_DATA_DIR"]).resolve())
    source = ROOT / "chapters" / "en" / f"{stem}.ipynb"
    if untrained:
        notebook = json.loads(source.read_text(encoding="utf-8"))
        cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": []}
        cell["id"] = "untrained-fit"
        notebook["cells"].insert(0, {**cell, "source": UNTRAINED_CELL})
        source = out / f"untrained_{source.name}"
        source.write_text(json.dumps(notebook), encoding="utf-8")
    start = time.perf_counter()
    code = (
        "import papermill, json, sys; "
        "papermill.execute_notebook(sys.argv[1], sys.argv[2], parameters=json.loads(sys.argv[3]),"
        " cwd=sys.argv[4], kernel_name='python3', progress_bar=False)"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(source), str(out / f"run_{source.name}"),
         json.dumps(parameters), str(ROOT / "chapters" / "en")],
        env=env,
        check=True,
    )  # fmt: skip
    record = json.loads((out / f"{stem}.en.json").read_text(encoding="utf-8"))
    print(f"{stem} seed {seed}: {time.perf_counter() - start:.0f} s", flush=True)
    return record


def band(values: list[float], better: str = "lower", untrained: float | None = None) -> list[float]:
    """The seeds' range, widened by its width or RELATIVE_MARGIN × |median|, the larger; on the
    worse side never past the midpoint between the worst seed and the ``untrained`` figure, so
    that a band always tells a model that learned from one that did not."""
    low, high = min(values), max(values)
    margin = max(high - low, RELATIVE_MARGIN * abs(statistics.median(values)))
    low, high = low - margin, high + margin
    if untrained is not None and better == "lower" and untrained > max(values):
        high = min(high, (max(values) + untrained) / 2)
    if untrained is not None and better == "higher" and untrained < min(values):
        low = max(low, (min(values) + untrained) / 2)
    return [round(max(low, 0.0), 6), round(high, 6)]  # every banded figure is ≥ 0


def figures(record: ChapterResults) -> dict[str, tuple[str, str, float]]:
    """Band key → (metric, better, value) of every trained model's figures in a record: the
    model's own (key = model id) and its other validation figures (key = ``id:metric``)."""
    found = {}
    for key, model in record.items():
        if model["epochs"] is None:
            continue  # a baseline: nothing learned, nothing to check
        found[key] = (model["metric"], model["better"], model["value"])
        for metric, value in (model.get("also") or {}).items():  # the validation loss, ...
            better = "higher" if "accuracy" in metric else "lower"
            found[f"{key}:{metric}"] = (metric, better, value)
    return found


def measure_bands(
    stem: str, seeds: list[int], jobs: int, folder: Path, backend: str = "tensorflow"
) -> dict:
    """The chapter's bands over ``seeds``: values seen, band, and what they were measured with;
    the untrained run (:func:`measure_untrained`) goes side by side with the seeds' runs."""
    with ThreadPoolExecutor(jobs) as pool:
        untrained = pool.submit(
            run, stem, 42, folder / backend / stem / "untrained", untrained=True, backend=backend
        )
        runs = [(stem, seed, folder / backend / stem / f"seed{seed}") for seed in seeds]
        records = [
            ChapterResults(r)
            for r in pool.map(lambda job: run(*job, backend=backend), runs)  # type: ignore[misc]
        ]
        untrained_record = ChapterResults(untrained.result())
    seen = [figures(record) for record in records]
    models = {}
    for band_key, (metric, better, _) in seen[0].items():
        values = [one[band_key][2] for one in seen]
        models[band_key] = {
            "metric": metric,
            "better": better,
            "values": [round(v, 6) for v in values],
            "band": band(values, better),
        }
    settings = {k: v for k, v in records[0].settings.items() if k != "SEED"}
    chapter = {
        "measured": {
            "seeds": seeds,
            "settings": settings,
            "versions": records[0].versions,
            "cpus": os.cpu_count(),
            "date": time.strftime("%Y-%m-%d"),
            "command": f"python scripts/learning_bands.py {stem} --seeds "
            + " ".join(map(str, seeds))
            + ("" if backend == "tensorflow" else f" --backend {backend}"),
        },
        "models": models,
    }
    keep_untrained(stem, chapter, untrained_record, backend)
    return chapter


def measure_untrained(stem: str, chapter: dict, folder: Path, backend: str = "tensorflow") -> None:
    """Run the chapter once (seed 42) untrained and keep each figure beside its band."""
    out = folder / backend / stem / "untrained"
    record = ChapterResults(run(stem, 42, out, untrained=True, backend=backend))
    keep_untrained(stem, chapter, record, backend)


def keep_untrained(stem: str, chapter: dict, record: ChapterResults, backend: str) -> None:
    """Keep each figure of the ``record`` of the untrained run beside its band in ``chapter``."""
    seen = figures(record)
    for band_key, model in chapter["models"].items():
        model["untrained"] = round(seen[band_key][2], 6) if band_key in seen else None
        if ":" not in band_key:  # a model's own figure; its other figures keep their bands
            model["band"] = band(model["values"], model["better"], model["untrained"])
    chapter["measured"]["untrained"] = {
        "seed": 42,
        "how": "every fit with the optimizer's learning rate set to 0",
        "date": time.strftime("%Y-%m-%d"),
        "command": f"python scripts/learning_bands.py {stem} --untrained-only"
        + ("" if backend == "tensorflow" else f" --backend {backend}"),
    }


def set_aside_unlearned(chapter: dict) -> None:
    """Move the models that not every seed trained past their untrained figure (with their
    other figures) from ``models`` to ``unlearned``, values kept: on another backend CI's short
    settings can be too short for a model that learns within them on TensorFlow, and the band
    of such a model holds the untrained figure, so it could not fail. Those set aside before
    stay set aside."""
    unlearned = dict(chapter.get("unlearned", {}))
    for key, model in chapter["models"].items():
        untrained = model.get("untrained")
        if ":" in key or untrained is None:
            continue
        if model["better"] == "lower":
            learned = all(v < untrained for v in model["values"])
        else:
            learned = all(v > untrained for v in model["values"])
        if not learned:
            unlearned[key] = {"values": model["values"], "untrained": untrained}
    for key in list(chapter["models"]):
        if key.split(":")[0] in unlearned:
            del chapter["models"][key]
    if unlearned:
        chapter["unlearned"] = unlearned


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stems", nargs="+", help="chapters, e.g. 01_conv1d_imdb")
    parser.add_argument("--seeds", nargs="+", type=int, default=DEFAULT_SEEDS)
    parser.add_argument("--jobs", type=int, default=1, help="runs side by side")
    parser.add_argument(
        "--untrained-only", action="store_true", help="keep the bands, measure the untrained run"
    )
    parser.add_argument(
        "--backend", default="tensorflow", choices=["tensorflow", "jax", "torch"],
        help="the Keras backend (bands of another backend go under the chapter's 'backends')",
    )  # fmt: skip
    args = parser.parse_args()
    fewest = 5 if args.backend == "tensorflow" else 3
    if len(args.seeds) < fewest or 42 not in args.seeds:
        parser.error(f"at least {fewest} seeds, 42 (CI's) among them")
    folder = Path(tempfile.mkdtemp(prefix="seqbook_bands_"))
    for stem in args.stems:
        bands = json.loads(BANDS.read_text(encoding="utf-8")) if BANDS.exists() else {}
        other = args.backend != "tensorflow"
        if other and stem not in bands:
            parser.error(f"{stem} has no TensorFlow bands yet: measure those first")
        if args.untrained_only:
            found = bands.get(stem, {})
            chapter = found.get("backends", {}).get(args.backend) if other else found or None
            if chapter is None:
                parser.error(f"{stem} has no bands yet: run without --untrained-only first")
            measure_untrained(stem, chapter, folder, args.backend)
        else:
            chapter = measure_bands(stem, args.seeds, args.jobs, folder, args.backend)
        if other:
            set_aside_unlearned(chapter)
        # read again just before writing: another run of this script may have written the file
        bands = json.loads(BANDS.read_text(encoding="utf-8")) if BANDS.exists() else {}
        if other:
            bands[stem].setdefault("backends", {})[args.backend] = chapter
        else:
            chapter["backends"] = bands.get(stem, {}).get("backends", {})
            if not chapter["backends"]:
                del chapter["backends"]
            bands[stem] = chapter
        BANDS.write_text(
            json.dumps(dict(sorted(bands.items())), indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        for key, model in chapter["models"].items():
            low, high = model["band"]
            held = model["untrained"] is not None and low <= model["untrained"] <= high
            print(
                f"{stem} {key}: {model['values']} -> band {model['band']}, untrained "
                f"{model['untrained']}{' (INSIDE the band)' if held else ''}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
