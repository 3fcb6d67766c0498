"""Execute a chapter notebook and store its outputs in place (the committed outputs).

    python scripts/run_chapter.py 01_conv1d_imdb            # both languages, full settings
    python scripts/run_chapter.py 01_conv1d_imdb --lang ko  # one language
    python scripts/run_chapter.py 01_conv1d_imdb -p EPOCHS 2 --output /tmp/out  # a quick try
    python scripts/run_chapter.py 01_conv1d_imdb --ci  # CI's reduced settings, into a temp dir
    python scripts/run_chapter.py 01_conv1d_imdb --preset class  # the class preset, timed

Runs through papermill (progress bar, the cell that fails is named), with the notebook's own
defaults unless ``-p NAME VALUE`` overrides them; then drops papermill's per-cell timing
metadata so that a rerun changes only the outputs. Prints the wall time of each notebook, and
records it in ``chapters/run_times.json`` for full runs (in place), ``--ci`` runs (the ``"ci"``
preset of tests/chapter_parameters.json) and ``--preset NAME`` runs (the notebook's ``PRESET``
set to NAME, as a teacher would in the parameters cell): the teachers' pages quote these
times, with the cores the run could use. A run executes into a copy, so a failed run leaves the
chapter as it was. Full, ``--ci`` and ``--preset`` runs pin the Jena chapters to the generated
stand-in their committed outputs come from (``SEQBOOK_JENA_SOURCE=standin``, unless set
otherwise), as the tests do.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill

from helpers.data import JENA_SOURCE_ENV
from helpers.presets import preset_settings, presets

ROOT = Path(__file__).resolve().parents[1]
RUN_TIMES = ROOT / "chapters" / "run_times.json"
CI_PARAMETERS = ROOT / "tests" / "chapter_parameters.json"
# What the README and the teachers' pages promise, on the book's 2-core machine: a chapter at
# CI's settings in under four minutes, the class preset in at most five. A time measured on
# another machine is recorded as measured (with its cores); the run says how it differs.
PROMISED_CPUS = 2
PROMISED_SECONDS = {"reduced": 240, "class": 300}


def promise_warnings(stem: str, lang: str, kind: str, seconds: float, cpus: int) -> list[str]:
    """How a recorded run time differs from what the book promises (none when it keeps it)."""
    found = []
    limit = PROMISED_SECONDS.get(kind)
    if kind in PROMISED_SECONDS and cpus != PROMISED_CPUS:
        found.append(
            f"warning: {stem} ({lang}) {kind} time measured with {cpus} cores; the teachers' "
            f"pages promise it on {PROMISED_CPUS} (rerun under `taskset -c 0,1` to compare)"
        )
    if limit is not None and seconds > limit:
        found.append(
            f"warning: {stem} ({lang}) {kind} run took {seconds:.0f} s, over the {limit} s "
            f"the book promises on {PROMISED_CPUS} cores"
        )
    return found


def record_time(
    stem: str, lang: str, kind: str, seconds: float, settings: dict | None = None
) -> None:
    """Store the wall time of a full, reduced or preset run in chapters/run_times.json (with
    the preset's ``settings`` for a named preset, so that a changed preset shows)."""
    times = json.loads(RUN_TIMES.read_text()) if RUN_TIMES.exists() else {}
    entry = times.setdefault(stem, {}).setdefault(lang, {})
    cpus = len(os.sched_getaffinity(0))  # the cores this run could use (taskset)
    for line in promise_warnings(stem, lang, kind, seconds, cpus):
        print(line, file=sys.stderr)
    entry[kind] = {
        "seconds": round(seconds),
        "cpus": cpus,
        "date": time.strftime("%Y-%m-%d"),
        **({"settings": settings} if settings is not None else {}),
    }
    RUN_TIMES.write_text(
        json.dumps(dict(sorted(times.items())), indent=2, ensure_ascii=False) + "\n"
    )


def clean(path: Path) -> None:
    """Remove papermill's bookkeeping (timings, status) from a notebook written by papermill."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stem", help="chapter file name without .ipynb, e.g. 01_conv1d_imdb")
    parser.add_argument("--lang", nargs="+", default=["en", "ko"], choices=["en", "ko"])
    parser.add_argument("-p", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    parser.add_argument("--output", type=Path, help="folder for the executed copies")
    parser.add_argument(
        "--ci", action="store_true", help="CI's reduced settings, executed copies in a temp dir"
    )
    parser.add_argument(
        "--preset",
        choices=sorted(n for n in presets() if n != "full"),
        help="run with the notebook's PRESET set to this (helpers.presets), into a temp dir",
    )
    args = parser.parse_args()
    if args.ci and args.preset:
        parser.error("give --ci or --preset, not both")
    if args.ci:
        if args.p:
            parser.error("--ci takes its settings from tests/chapter_parameters.json, not -p")
        ci = json.loads(CI_PARAMETERS.read_text())["ci"][args.stem]
        args.p = [(name, repr(value)) for name, value in ci.items()]
        args.output = args.output or Path(tempfile.mkdtemp(prefix="seqbook_ci_"))
    if args.preset:
        if args.p:
            parser.error("--preset takes its settings from tests/chapter_parameters.json, not -p")
        args.p = [("PRESET", repr(args.preset))]
        args.output = args.output or Path(tempfile.mkdtemp(prefix=f"seqbook_{args.preset}_"))
    # papermill writes a tuple as a string: pass tuples as lists, as JSON (and CI) would
    parameters = {name: ast.literal_eval(value) for name, value in args.p}
    parameters = {k: list(v) if isinstance(v, tuple) else v for k, v in parameters.items()}
    if args.output is None and parameters:
        parser.error("with -p overrides, give --output: committed notebooks hold full runs")
    if os.environ.get("SEQBOOK_DATA_DIR"):
        os.environ["SEQBOOK_DATA_DIR"] = str(Path(os.environ["SEQBOOK_DATA_DIR"]).resolve())
    if (args.output is None or args.ci or args.preset) and JENA_SOURCE_ENV not in os.environ:
        # The committed Jena outputs, like the tests, come from the generated stand-in.
        os.environ[JENA_SOURCE_ENV] = "standin"
        print(f"{JENA_SOURCE_ENV}=standin: the Jena chapters run on the stand-in, as committed")
    for lang in args.lang:
        source = ROOT / "chapters" / lang / f"{args.stem}.ipynb"
        if not source.exists():
            parser.error(f"no chapter {source}")
        target = (args.output / lang / source.name) if args.output else source
        target.parent.mkdir(parents=True, exist_ok=True)
        # Executed into a copy first: a run that fails leaves the chapter as it was.
        running = Path(tempfile.mkdtemp(prefix="seqbook_run_")) / source.name
        start = time.perf_counter()
        try:
            papermill.execute_notebook(
                str(source),
                str(running),
                parameters=parameters,
                cwd=str(source.parent),
                kernel_name="python3",
                progress_bar=True,
            )
        except papermill.PapermillExecutionError as err:
            print(
                f"{source.name} ({lang}) failed in cell {err.exec_count}: {err.ename}: "
                f"{err.evalue}\n{target} is unchanged; the failed run is in {running}",
                file=sys.stderr,
            )
            return 1
        seconds = time.perf_counter() - start
        clean(running)
        shutil.move(running, target)
        print(
            f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
            f"{seconds:.0f} s",
            flush=True,
        )
        if args.ci:
            record_time(args.stem, lang, "reduced", seconds)
        elif args.preset == "ci":
            record_time(args.stem, lang, "reduced", seconds)
        elif args.preset:
            settings = preset_settings(args.stem, args.preset)
            record_time(args.stem, lang, args.preset, seconds, settings)
        elif not args.p and target == source:
            record_time(args.stem, lang, "full", seconds)
            # the package's copy of the record, which other chapters read (helpers.results.load)
            subprocess.run([sys.executable, str(ROOT / "scripts" / "records.py")], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
