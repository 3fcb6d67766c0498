"""The Jena chapters use a real-format file when one is there, and then print no stand-in note.

Runs each Jena chapter's cells up to and including its data cell (the one calling
``load_jena``) in a kernel whose ``SEQBOOK_DATA_DIR`` holds a generated
``jena_climate_2009_2016.csv.zip`` in the real file's exact format, with the stand-in
forbidden (and not pinned, as it is for the rest of the tests). Each test is named after
its chapter, so ``pytest -k 02_jena_rnn`` selects it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.data import (
    ALLOW_STANDIN_ENV,
    CACHE_DIR_ENV,
    DATA_DIR_ENV,
    JENA_SOURCE_ENV,
    JENA_ZIP_NAME,
    MESSAGES,
)
from helpers.jena import write_jena_standin

ROOT = Path(__file__).resolve().parents[1]
STEMS = sorted(
    p.stem for p in (ROOT / "chapters" / "en").glob("*.ipynb") if "jena" in p.stem.lower()
)


@pytest.fixture(scope="module")
def real_format_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("jena_data")
    write_jena_standin(folder / JENA_ZIP_NAME)
    return folder


def run_to_data_cell(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    last = next(i for i, c in enumerate(code) if "load_jena(" in c.source)
    nb.cells = code[: last + 1]
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={
        "metadata": {"path": str(path.parent)}
    }).execute()  # fmt: skip
    return "\n".join(o.get("text", "") for c in nb.cells for o in c.outputs)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.notebook
def test_real_format_file_is_used_without_note(
    stem, lang, real_format_dir, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(real_format_dir))
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))  # no cached download may interfere
    monkeypatch.delenv(ALLOW_STANDIN_ENV, raising=False)
    monkeypatch.setenv(JENA_SOURCE_ENV, "auto")  # the rest of the tests pin the stand-in
    text = run_to_data_cell(ROOT / "chapters" / lang / f"{stem}.ipynb")
    said = re.escape(MESSAGES[lang]["jena"])  # the loader's line, in the page's language
    said = said.replace(re.escape("{rows:,}"), r"[\d,]+").replace(
        re.escape("{name}"), re.escape(JENA_ZIP_NAME)
    )
    assert re.search(said, text), text
    assert "STAND-IN" not in text and "stand-in" not in text and "대체 데이터" not in text, text


@pytest.mark.content
def test_jena_chapters_found() -> None:
    assert "02_jena_rnn" in STEMS
