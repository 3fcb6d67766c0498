"""Chapter exercises: at least three per chapter and language, solutions hidden until opened.

A solution is a dropdown admonition (hidden on the page until the reader opens it), and where
it has code, a cell tagged ``hide-cell`` and ``solution`` that ran with the chapter (so CI
runs it too, like every other cell).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
# every teaching chapter (06 is the results overview, which reads the others' outputs)
WITH_EXERCISES = [
    "01_conv1d_imdb",
    "02_jena_rnn",
    "03_jena_conv_hybrid",
    "04_rnn_forecasting",
    "05_conv_wavenet",
]
EXERCISE = re.compile(r"^\*\*(Exercise|연습 문제) \d+\.")
DROPDOWN = re.compile(r"^```\{admonition\} (Solution|풀이)\n:class: dropdown\n", re.M)


def load(lang: str, stem: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "chapters" / lang / f"{stem}.ipynb", as_version=4)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_exercises_have_hidden_solutions(stem: str, lang: str) -> None:
    cells = load(lang, stem).cells
    starts = [
        i for i, c in enumerate(cells) if c.cell_type == "markdown" and EXERCISE.match(c.source)
    ]
    assert len(starts) >= 3, f"{stem} ({lang}): {len(starts)} exercises, at least 3 wanted"
    for number, start in enumerate(starts, 1):
        solution = cells[start + 1]
        assert solution.cell_type == "markdown" and DROPDOWN.search(solution.source), (
            f"{stem} ({lang}) exercise {number}: no dropdown solution right after it"
        )


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_code_solutions_are_hidden_and_ran(stem: str, lang: str) -> None:
    solutions = [c for c in load(lang, stem).cells if "solution" in c.metadata.get("tags", [])]
    assert solutions, f"{stem} ({lang}): no code solutions"
    for cell in solutions:
        assert "hide-cell" in cell.metadata["tags"], "a code solution is hidden on the page"
        assert cell.execution_count is not None and cell.outputs, "a code solution ran"


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_solutions_are_folded_on_the_page(built: Path, stem: str, lang: str) -> None:
    html = (built / "chapters" / lang / f"{stem}.html").read_text(encoding="utf-8")
    dropdowns = re.findall(r'class="(?:dropdown admonition|admonition dropdown)"', html)
    assert len(dropdowns) >= 3, "solutions as dropdowns"
    assert html.count("tag_hide-cell") >= 3, "code solutions behind a toggle"
