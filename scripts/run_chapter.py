"""Execute a chapter notebook and store its outputs in place (the committed outputs).

    python scripts/run_chapter.py 01_conv1d_imdb            # both languages, full settings
    python scripts/run_chapter.py 01_conv1d_imdb --lang ko  # one language
    python scripts/run_chapter.py 01_conv1d_imdb -p EPOCHS 2 --output /tmp/out  # a quick try

Runs through papermill (progress bar, the cell that fails is named), with the notebook's own
defaults unless ``-p NAME VALUE`` overrides them; then drops papermill's per-cell timing
metadata so that a rerun changes only the outputs. Prints the wall time of each notebook.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import time
from pathlib import Path

import nbformat
import papermill

ROOT = Path(__file__).resolve().parents[1]


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
    args = parser.parse_args()
    # papermill writes a tuple as a string: pass tuples as lists, as JSON (and CI) would
    parameters = {name: ast.literal_eval(value) for name, value in args.p}
    parameters = {k: list(v) if isinstance(v, tuple) else v for k, v in parameters.items()}
    if args.output is None and parameters:
        parser.error("with -p overrides, give --output: committed notebooks hold full runs")
    if os.environ.get("SEQBOOK_DATA_DIR"):
        os.environ["SEQBOOK_DATA_DIR"] = str(Path(os.environ["SEQBOOK_DATA_DIR"]).resolve())
    for lang in args.lang:
        source = ROOT / "chapters" / lang / f"{args.stem}.ipynb"
        if not source.exists():
            parser.error(f"no chapter {source}")
        target = (args.output / lang / source.name) if args.output else source
        target.parent.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            cwd=str(source.parent),
            kernel_name="python3",
            progress_bar=True,
        )
        clean(target)
        print(
            f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
            f"{time.perf_counter() - start:.0f} s",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
