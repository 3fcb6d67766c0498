"""Student notebooks: every chapter without its solutions, nothing else removed, and no word
left that says the solutions are folded below the exercises."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

from helpers.presets import preset_settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
from book_materials import (  # noqa: E402
    FOLD_WORDS,
    NO_SOLUTIONS,
    SolutionLeft,
    is_solution,
    student_notebook,
    write_student_notebooks,
)

CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*/*.ipynb") if p.stem != "06_results")
RUN = ("ko", "05_conv_wavenet")  # the one CI executes end to end: the shortest with exercises


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: f"{p.parent.name}-{p.stem}")
@pytest.mark.content
def test_student_notebook_is_the_chapter_without_its_solutions(path: Path) -> None:
    chapter = json.loads(path.read_text(encoding="utf-8"))
    student = student_notebook(chapter)
    kept = [cell for cell in chapter["cells"] if not is_solution(cell)]
    assert student["metadata"] == chapter["metadata"]
    assert [c.get("id") for c in student["cells"]] == [c.get("id") for c in kept]
    # the same cells, but for the one that told the reader where the solutions are folded:
    # a student notebook has none, and says so in the chapter's language
    changed = [(a, b) for a, b in zip(kept, student["cells"], strict=True) if a != b]
    assert len(changed) == 1, f"{path.name}: {len(changed)} cells changed, expected 1"
    (before, after), lang = changed[0], path.parent.name
    assert {k: v for k, v in before.items() if k != "source"} == {
        k: v for k, v in after.items() if k != "source"
    }
    assert NO_SOLUTIONS[lang] in "".join(after["source"])
    prose = ["".join(c["source"]) for c in student["cells"] if c["cell_type"] == "markdown"]
    assert not [t for t in prose if any(w in t for w in FOLD_WORDS)], f"{path.name}: folded"
    removed = len(chapter["cells"]) - len(student["cells"])
    exercises = sum("exercise" in c["metadata"].get("tags", []) for c in chapter["cells"])
    tagged = [c for c in chapter["cells"] if "solution" in c["metadata"].get("tags", [])]
    prose_solutions = sum(c["cell_type"] == "markdown" for c in tagged)
    # every exercise has a prose solution, and a code one where it has code (test_exercises.py)
    assert exercises >= 3 and prose_solutions == exercises and removed == len(tagged), (
        f"{path.name}: {removed} cells removed, {len(tagged)} solution cells "
        f"({prose_solutions} in prose) for {exercises} exercises"
    )
    assert not any("solution" in c["metadata"].get("tags", []) for c in student["cells"])
    assert json.loads(path.read_text(encoding="utf-8")) == chapter  # the chapter is untouched


@pytest.mark.unit
def test_a_solution_without_its_tag_is_refused() -> None:
    chapter = json.loads((ROOT / "chapters/en/01_conv1d_imdb.ipynb").read_text(encoding="utf-8"))
    for cell in chapter["cells"]:
        if cell["cell_type"] == "markdown" and is_solution(cell):
            cell["metadata"]["tags"].remove("solution")
            break
    with pytest.raises(SolutionLeft, match="without the tag"):
        student_notebook(chapter)


@pytest.mark.unit
def test_a_student_notebook_that_still_promises_folded_solutions_is_refused() -> None:
    chapter = json.loads((ROOT / "chapters/en/01_conv1d_imdb.ipynb").read_text(encoding="utf-8"))
    for cell in chapter["cells"]:
        if cell["cell_type"] == "markdown" and "folded away" in "".join(cell["source"]):
            cell["source"] = ["The solutions are folded below the exercises, in other words."]
            break
    with pytest.raises(SolutionLeft, match="folded"):
        student_notebook(chapter)


@pytest.mark.site
def test_the_site_offers_them_on_the_teachers_pages(built: Path) -> None:
    for lang in ("en", "ko"):
        page = (built / "chapters" / lang / "teaching.html").read_text(encoding="utf-8")
        for path in sorted((ROOT / "chapters" / lang).glob("0[1-5]_*.ipynb")):
            assert f'href="../../students/{lang}/{path.name}"' in page, (lang, path.name)
            offered = json.loads((built / "students" / lang / path.name).read_text("utf-8"))
            assert not any(is_solution(cell) for cell in offered["cells"])


@pytest.mark.unit
def test_the_script_writes_them(tmp_path: Path) -> None:
    written = write_student_notebooks(ROOT / "chapters", tmp_path)
    assert len(written) == len(CHAPTERS) and all(p.exists() for p in written)


@pytest.mark.notebook
def test_a_student_notebook_runs_at_ci_settings(tmp_path: Path, monkeypatch) -> None:
    lang, stem = RUN
    chapter = ROOT / "chapters" / lang / f"{stem}.ipynb"
    student = tmp_path / f"{stem}.ipynb"
    nbformat.write(nbformat.from_dict(student_notebook(json.loads(chapter.read_text("utf-8")))),
                   student)  # fmt: skip
    monkeypatch.setenv("SEQBOOK_RESULTS_DIR", str(tmp_path / "results"))  # not the chapters'
    out = tmp_path / "ran.ipynb"
    papermill.execute_notebook(
        str(student), str(out), parameters={"PRESET": "ci"}, cwd=str(chapter.parent),
        kernel_name="python3", progress_bar=False,
    )  # fmt: skip
    ran = nbformat.read(out, as_version=4)
    errors = [o for c in ran.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert not errors and (tmp_path / "results" / f"{stem}.{lang}.json").exists()
    # PRESET = "ci" in the parameters cell gave the run CI's settings (helpers.presets)
    settings = json.loads((tmp_path / "results" / f"{stem}.{lang}.json").read_text())["settings"]
    ci = preset_settings(stem, "ci")
    assert ci and {name: settings[name] for name in ci} == ci
