"""Run chapters alone, on each Keras backend, at CI's settings, and check what they learned.

    python scripts/backends.py                           # every chapter, en, on each backend here
    python scripts/backends.py 03 05 --backend jax       # chapters 03 and 05 on JAX
    python scripts/backends.py 05 06 --lang en ko --json out.json

Each run is what a reader on Colab gets: the book's ``helpers`` installed from the repository
by pip (not editable, into a folder of their own), the chapter copied **alone** into an empty
folder, ``KERAS_BACKEND`` set, and the notebook run by papermill with ``PRESET = "ci"`` (the
settings at which the learning bands of ``tests/learning_bands.json`` were measured). A run
passes when it ends, writes nothing to stderr, its results record names the backend it ran on,
and every trained model's figure lies in its band: the backend's own bands where
``scripts/learning_bands.py --backend`` measured them (each backend draws other initial weights
from the same seed), TensorFlow's otherwise. Prints one line per run and a table at the end;
``--json`` keeps the runs (seconds, failures, versions) as data. The backends a machine lacks
are skipped, saying so. Exits 1 when a run failed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import papermill

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
BANDS = ROOT / "tests" / "learning_bands.json"
BACKENDS = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}  # backend → module


def stems(prefixes: list[str]) -> list[str]:
    """The chapters' file stems, all of them or those starting with ``prefixes``."""
    every = sorted(p.stem for p in (CHAPTERS / "en").glob("*.ipynb"))
    if not prefixes:
        return every
    chosen = [s for p in prefixes for s in every if s.startswith(p)]  # in the order given
    unknown = [p for p in prefixes if not any(s.startswith(p) for s in every)]
    if unknown:
        raise SystemExit(f"no chapter starts with {unknown}; chapters: {', '.join(every)}")
    return chosen


def install_helpers(folder: Path) -> Path:
    """``pip install`` the repository's helpers, not editable, into ``folder`` (no
    dependencies: the environment has them); returns the folder for ``PYTHONPATH``."""
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    command += ["--no-build-isolation", "--target", str(folder), str(ROOT)]
    subprocess.run(command, check=True, capture_output=True)
    return folder


def band_failures(record: dict, bands: dict) -> list[str]:
    """What in ``record`` lies outside the chapter's learning ``bands`` (empty: it learned)."""
    measured = bands["measured"]
    if record["settings"] != {**measured["settings"], "SEED": record["settings"]["SEED"]}:
        return [f"settings {record['settings']} are not those of the bands {measured['settings']}"]
    failures, checked = [], set()
    for model in record["models"]:
        figures = {model["id"]: model["value"]}
        figures |= {f"{model['id']}:{m}": v for m, v in (model.get("also") or {}).items()}
        for key, value in figures.items():
            band = bands["models"].get(key)
            if band is None:
                continue
            checked.add(key)
            low, high = band["band"]
            if not low <= value <= high:
                failures.append(f"{key} = {value:.4f} outside [{low:.4f}, {high:.4f}]")
    failures += [f"{key} missing" for key in sorted(set(bands["models"]) - checked)]
    return failures


def run_alone(stem: str, lang: str, backend: str, site: Path, work: Path) -> dict:
    """Run chapter ``stem`` in ``lang`` alone in an empty folder on ``backend``; the run's
    seconds, record and failures."""
    folder = work / f"{stem}.{lang}.{backend}"
    records = folder / "records"
    records.mkdir(parents=True)
    notebook = folder / f"{stem}.ipynb"
    shutil.copy(CHAPTERS / lang / notebook.name, notebook)  # the chapter, and nothing beside it
    env = {
        "KERAS_BACKEND": backend,
        "PYTHONPATH": str(site),  # the installed helpers, before the editable ones
        "SEQBOOK_RESULTS_DIR": str(records),
        "SEQBOOK_JENA_SOURCE": os.environ.get("SEQBOOK_JENA_SOURCE", "standin"),
        "XLA_PYTHON_CLIENT_PREALLOCATE": "false",
    }
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    start = time.perf_counter()
    failures: list[str] = []
    try:
        papermill.execute_notebook(
            str(notebook),
            str(folder / f"{stem}.out.ipynb"),
            parameters={"PRESET": "ci"},
            cwd=str(folder),
            kernel_name="python3",
            progress_bar=False,
        )
    except papermill.PapermillExecutionError as err:
        failures.append(f"stopped in cell {err.exec_count}: {err.ename}: {err.evalue}"[:400])
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    seconds = time.perf_counter() - start
    executed = folder / f"{stem}.out.ipynb"
    if executed.exists():  # a warning or notice in a reader's outputs is a failure too
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
        for i, cell in enumerate(cells):
            for output in cell.get("outputs", []):
                if output.get("name") == "stderr":
                    failures.append(f"cell {i} wrote to stderr: {''.join(output['text'])[:200]}")
    found = list(records.glob("*.json"))
    record = json.loads(found[0].read_text(encoding="utf-8")) if found else None
    bands = json.loads(BANDS.read_text(encoding="utf-8")).get(stem)
    if bands is not None:  # another backend's own bands, where measured (learning_bands.py)
        bands = bands.get("backends", {}).get(backend, bands)
    if record is not None:
        ran_on = record["versions"].get("backend")
        if ran_on != backend:
            failures.append(f"the record names backend {ran_on!r}, not {backend!r}")
        if bands is not None:
            failures += band_failures(record, bands)
    elif bands is not None and not failures:
        failures.append("no results record written")
    return {
        "chapter": stem,
        "lang": lang,
        "backend": backend,
        "passed": not failures,
        "seconds": round(seconds, 1),
        "failures": failures,
        "checked": 0 if bands is None else len(bands["models"]),
        "versions": None if record is None else backend_versions(record["versions"], backend),
    }


def backend_versions(versions: dict[str, str], backend: str) -> dict[str, str]:
    """A record's versions with the backend's library among them (records written before
    helpers.results kept it for JAX and PyTorch lack it; this environment's is the run's)."""
    if backend not in versions:
        versions = {**versions, backend: importlib.metadata.version(BACKENDS[backend])}
    return versions


def keep(path: Path, runs: list[dict]) -> None:
    """Write ``runs`` to ``path``, replacing the runs of the same chapter, language and backend
    that it holds and keeping the others (a re-measurement of a few chapters keeps the rest);
    each run carries its machine, date and command."""
    machine = {
        "cpus": len(os.sched_getaffinity(0)),
        "processor": platform.processor() or platform.machine(),
        "date": time.strftime("%Y-%m-%d"),
        "command": " ".join(["python", "scripts/backends.py", *sys.argv[1:]]),
    }
    old = json.loads(path.read_text(encoding="utf-8"))["runs"] if path.exists() else []
    new = {(r["chapter"], r["lang"], r["backend"]): {**r, "machine": machine} for r in runs}
    kept = [r for r in old if (r["chapter"], r["lang"], r["backend"]) not in new]
    merged = sorted([*kept, *new.values()], key=lambda r: (r["chapter"], r["lang"], r["backend"]))
    path.write_text(json.dumps({"runs": merged}, indent=1, ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="chapter numbers or stems (default: all)")
    parser.add_argument("--backend", nargs="+", default=list(BACKENDS), choices=list(BACKENDS))
    parser.add_argument("--lang", nargs="+", default=["en"], choices=["en", "ko"])
    parser.add_argument("--json", type=Path, help="write the runs to this JSON file")
    args = parser.parse_args()
    missing = [b for b in args.backend if importlib.util.find_spec(BACKENDS[b]) is None]
    for backend in missing:
        print(f"skipped: {backend} is not installed here (pip install {BACKENDS[backend]})")
    backends = [b for b in args.backend if b not in missing]
    work = Path(tempfile.mkdtemp(prefix="seqbook_backends_"))
    site = install_helpers(work / "site")
    runs = []
    for stem in stems(args.chapters):
        for lang in args.lang:
            for backend in backends:
                run = run_alone(stem, lang, backend, site, work)
                runs.append(run)
                verdict = "passed" if run["passed"] else "FAILED: " + "; ".join(run["failures"])
                print(
                    f"{stem} ({lang}) on {backend}: {run['seconds']:.0f} s, {verdict}", flush=True
                )
    print(f"\n{'chapter':<22}{'lang':<6}" + "".join(f"{b:>14}" for b in backends))
    for stem in stems(args.chapters):
        for lang in args.lang:
            cells = []
            for backend in backends:
                run = next(
                    r
                    for r in runs
                    if (r["chapter"], r["lang"], r["backend"]) == (stem, lang, backend)
                )
                cells.append(f"{'ok' if run['passed'] else 'FAIL'} {run['seconds']:>5.0f} s")
            print(f"{stem:<22}{lang:<6}" + "".join(f"{c:>14}" for c in cells))
    if args.json:
        keep(args.json, runs)
    shutil.rmtree(work, ignore_errors=True)
    return 0 if all(r["passed"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
