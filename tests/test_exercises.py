"""Chapter exercises: at least three per chapter and language, solutions hidden until opened.

An exercise is a markdown cell tagged ``exercise`` ("**Exercise 1. Title.** …"), right after it
its solution, a markdown cell tagged ``solution`` holding a dropdown admonition (hidden on the
page until the reader opens it), and where it has code, a code cell tagged ``hide-cell`` and
``solution`` that ran with the chapter (so CI runs it too, like every other cell). The tags, not
the words of either language, say which cell is which.
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
NUMBER = re.compile(r"^\*\*[^*\d]+ (\d+)\. ")  # the bold lead: "**Exercise 3. " in any language
DROPDOWN = re.compile(r"^```\{admonition\} [^\n]+\n:class: dropdown\n", re.M)


def tagged(cell: nbformat.NotebookNode, tag: str) -> bool:
    return tag in cell.metadata.get("tags", [])


def load(lang: str, stem: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "chapters" / lang / f"{stem}.ipynb", as_version=4)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", WITH_EXERCISES)
@pytest.mark.content
def test_exercises_have_hidden_solutions(stem: str, lang: str) -> None:
    cells = load(lang, stem).cells
    starts = [i for i, c in enumerate(cells) if tagged(c, "exercise")]
    assert len(starts) >= 3, f"{stem} ({lang}): {len(starts)} exercises, at least 3 wanted"
    for number, start in enumerate(starts, 1):
        exercise, solution = cells[start], cells[start + 1]
        lead = NUMBER.match(exercise.source)
        assert exercise.cell_type == "markdown" and lead and lead.group(1) == str(number), (
            f"{stem} ({lang}) exercise {number}: a markdown cell led by its bold number"
        )
        assert (
            solution.cell_type == "markdown"
            and tagged(solution, "solution")
            and DROPDOWN.search(solution.source)
        ), f"{stem} ({lang}) exercise {number}: no dropdown solution right after it"


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", WITH_EXERCISES)
@pytest.mark.content
def test_code_solutions_are_hidden_and_ran(stem: str, lang: str) -> None:
    solutions = [
        c for c in load(lang, stem).cells if c.cell_type == "code" and tagged(c, "solution")
    ]
    assert solutions, f"{stem} ({lang}): no code solutions"
    for cell in solutions:
        assert "hide-cell" in cell.metadata["tags"], "a code solution is hidden on the page"
        assert cell.execution_count is not None and cell.outputs, "a code solution ran"


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", WITH_EXERCISES)
@pytest.mark.site
def test_solutions_are_folded_on_the_page(built: Path, stem: str, lang: str) -> None:
    html = (built / "chapters" / lang / f"{stem}.html").read_text(encoding="utf-8")
    dropdowns = re.findall(r'class="(?:dropdown admonition|admonition dropdown)"', html)
    assert len(dropdowns) >= 3, "solutions as dropdowns"
    assert html.count("tag_hide-cell") >= 3, "code solutions behind a toggle"
