"""The hidden set-up cell: a chapter run on its own (Colab) installs ``helpers`` first.

Every chapter starts with the same code cell (comments aside), hidden on the page: when
``helpers`` cannot be imported, it pip-installs the book's repository, whose address is the one
in ``_config.yml`` (the source of the launch buttons too). ``SEQBOOK_HELPERS`` overrides the
source; the last test uses it to install a local copy of the package into a fresh environment
that lacks ``helpers``, runs the cell there, and imports the chapters' helpers from it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_notebooks import code_tokens  # noqa: E402

CHAPTERS = sorted((ROOT / "chapters").glob("*/*.ipynb"))


def setup_cell(path: Path) -> nbformat.NotebookNode:
    cells = nbformat.read(path, as_version=4).cells
    setup = [c for c in cells if "setup" in c.metadata.get("tags", [])]
    assert len(setup) == 1, f"{path.name}: {len(setup)} cells tagged 'setup', one wanted"
    first_code = next(c for c in cells if c.cell_type == "code")
    assert setup[0] is first_code, f"{path.name}: the set-up cell is the first code cell"
    return setup[0]


def without_comments(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: f"{p.parent.name}/{p.stem}")
@pytest.mark.content
def test_setup_cell_is_first_hidden_and_quiet(path: Path) -> None:
    cell = setup_cell(path)
    assert "hide-cell" in cell.metadata["tags"], "hidden on the page"
    assert cell.execution_count == 1, "it ran first, with the rest of the chapter"
    assert cell.outputs == [], "where helpers is installed it does nothing and prints nothing"


@pytest.mark.content
def test_setup_cells_are_one_and_install_from_the_books_repository() -> None:
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    for lang in ("en", "ko"):
        codes = {
            without_comments(setup_cell(path).source)
            for path in CHAPTERS
            if path.parent.name == lang
        }
        assert len(codes) == 1, f"every {lang} chapter has the same set-up code"
        code = codes.pop()
        assert f'"git+{url}"' in code, f"the cell installs from {url}, as in _config.yml"
        assert "raise RuntimeError(" in code, "a failed install says what to do"
    en, ko = (
        setup_cell(ROOT / "chapters" / lang / "01_conv1d_imdb.ipynb") for lang in ("en", "ko")
    )
    assert code_tokens(en.source) == code_tokens(ko.source), "the same code apart from strings"


@pytest.mark.integration
def test_setup_cell_installs_helpers_from_a_local_copy(tmp_path: Path) -> None:
    # A fresh environment that sees the book's packages (keras, numpy, pip…) but not helpers:
    # a directory named in a .pth file joins sys.path without its own .pth files, so the
    # editable install of helpers in the book's environment stays invisible.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(purelib, "book_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    copy = tmp_path / "seqbook"
    skip = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "helpers", copy / "helpers", ignore=skip)
    shutil.copy(ROOT / "pyproject.toml", copy)
    env = {
        **os.environ,
        "SEQBOOK_HELPERS": str(copy),
        "PIP_NO_INDEX": "1",  # offline: the dependencies are the book's, already there
        "PIP_NO_BUILD_ISOLATION": "0",  # build with the setuptools already there
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    work = tmp_path / "notebook_folder"  # not the repository: nothing to import from the cwd
    work.mkdir()

    def run(code: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [python, "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=300
        )

    before = run("import helpers")
    assert before.returncode != 0 and "No module named 'helpers'" in before.stderr
    source = setup_cell(ROOT / "chapters" / "en" / "01_conv1d_imdb.ipynb").source
    env["SEQBOOK_HELPERS"] = str(tmp_path / "no_such_folder")  # a failed install says what to do
    failed = run(source)
    assert failed.returncode != 0 and "RuntimeError: pip could not install" in failed.stderr
    assert "set SEQBOOK_HELPERS to its folder" in failed.stderr, failed.stderr
    env["SEQBOOK_HELPERS"] = str(copy)
    installed = run(source)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert f"installing the book's helpers from {copy}" in installed.stdout
    after = run("import helpers.windows, helpers.data; print(helpers.__file__)")
    assert after.returncode == 0, after.stderr
    assert after.stdout.strip().startswith(purelib), "helpers now comes from the new environment"
    again = run(source)
    assert again.returncode == 0 and again.stdout == "", "once installed, the cell does nothing"
