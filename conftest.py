"""Pytest set-up for the book.

Chapter notebooks (``chapters/{en,ko}/*.ipynb``) are collected as nbval notebooks with one
twist: before running, papermill's parameter injection puts the reduced CI settings from
``tests/chapter_parameters.json`` after the cell tagged ``parameters`` (the same thing that
``papermill --prepare-only`` does). The stored outputs stay, so nbval executes the notebook
once and compares every cell not tagged ``nbval-ignore-output`` with the committed notebook.

``SEQBOOK_NBVAL_FULL=1`` skips the injection: the chapter runs at its full settings.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

from nbval.kernel import CURRENT_ENV_KERNEL_NAME, RunningKernel
from nbval.plugin import IPyNbCell, IPyNbFile, find_comment_markers, find_metadata_tags
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

ROOT = Path(__file__).resolve().parent
CHAPTER_PARAMETERS = ROOT / "tests" / "chapter_parameters.json"
NBVAL_SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


def pytest_configure(config) -> None:
    # Kernels run inside chapters/<lang>/: make a relative data folder absolute first.
    data_dir = os.environ.get("SEQBOOK_DATA_DIR")
    if data_dir:
        os.environ["SEQBOOK_DATA_DIR"] = str(Path(data_dir).resolve())


def pytest_collect_file(parent, file_path: Path):
    if (
        file_path.suffix == ".ipynb"
        and file_path.parent.parent == ROOT / "chapters"
        and ".ipynb_checkpoints" not in file_path.parts
    ):
        return ChapterNotebook.from_parent(parent, path=file_path)
    return None


class ChapterNotebook(IPyNbFile):
    """A chapter notebook run with reduced parameters and checked by nbval, cell by cell."""

    def collect(self):
        nb = load_notebook_node(str(self.path))  # as papermill reads it: every cell has tags
        parameters = json.loads(CHAPTER_PARAMETERS.read_text())[self.path.stem]
        if os.environ.get("SEQBOOK_NBVAL_FULL") != "1":
            nb = parameterize_notebook(nb, parameters, kernel_name="python3", language="python")
        self.nb = nb
        cell_num = 0
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            options = defaultdict(bool, find_metadata_tags(cell.metadata))
            options.update(dict(find_comment_markers(cell.source)))
            options.setdefault("check", True)
            injected = "injected-parameters" in cell.metadata.get("tags", [])
            # numbered as in the committed notebook, so a failure names the cell a reader sees
            name = "injected CI parameters" if injected else f"Cell {cell_num}"
            yield IPyNbCell.from_parent(
                self, name=name, cell_num=cell_num, cell=cell, options=options
            )
            cell_num += 0 if injected else 1

    def get_sanitize_files(self) -> list[str]:
        """The book's own sanitising rules (``tests/nbval_sanitize.cfg``), then the user's."""
        return [str(NBVAL_SANITIZE), *super().get_sanitize_files()]

    def setup(self) -> None:
        # The kernel of the Python running pytest (the book's environment), in the chapter's folder.
        self.kernel = RunningKernel(
            CURRENT_ENV_KERNEL_NAME,
            cwd=str(self.path.parent),
            startup_timeout=self.config.option.nbval_kernel_startup_timeout,
        )
        self.setup_sanitize_files()
