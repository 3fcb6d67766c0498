"""The notebook check is a real check: a changed kernel size fails, and names the cell.

A copy of chapter 01, cut after its model summary (so it runs in seconds), is checked with
nbval against its committed outputs: unchanged it passes; with ``Conv1D(32, 7`` changed to
``Conv1D(32, 5`` it fails at the summary cell.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
STEM = "01_conv1d_imdb"


def run_cut_copy(tmp_path: Path, lang: str, change: tuple[str, str] | None) -> tuple[int, str]:
    nb = nbformat.read(ROOT / "chapters" / lang / f"{STEM}.ipynb", as_version=4)
    summary = next(i for i, c in enumerate(nb.cells) if "model.summary()" in c.source)
    nb.cells = nb.cells[: summary + 1]
    if change:
        cell = next(c for c in nb.cells if change[0] in c.source)
        cell.source = cell.source.replace(*change)
    path = tmp_path / f"{STEM}_{lang}.ipynb"
    nbformat.write(nb, path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "--nbval-current-env",
            "--nbval-kernel-startup-timeout",  # the other test worker may be training a model
            "300",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            str(path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.notebook
@pytest.mark.needs_imdb
def test_01_conv1d_imdb_cut_copy_passes_unchanged(tmp_path: Path) -> None:
    code, out = run_cut_copy(tmp_path, "en", None)
    assert code == 0, out[-3000:]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.notebook
@pytest.mark.needs_imdb
def test_01_conv1d_imdb_changed_kernel_size_fails_and_names_the_cell(tmp_path, lang) -> None:
    code, out = run_cut_copy(tmp_path, lang, ("Conv1D(32, 7", "Conv1D(32, 5"))
    assert code != 0, "nbval did not notice a changed kernel size"
    nb = nbformat.read(ROOT / "chapters" / lang / f"{STEM}.ipynb", as_version=4)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    summary = next(i for i, c in enumerate(code_cells) if "model.summary()" in c.source)
    assert f"::Cell {summary} FAILED" in out or f"Cell {summary}" in out, out[-3000:]
    assert "496" in out, "the report shows the changed output shape (None, 496, 32)"
