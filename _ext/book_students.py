"""Student notebooks: each chapter without its exercise solutions, to hand out in class.

A solution is a cell tagged ``solution`` (the folded prose answer, and the code that prints the
answer). A student notebook is its chapter with those cells removed and nothing else changed:
the same cells, ids, sources and committed outputs, in the same order. The site offers them for
download (``students/<lang>/<stem>.ipynb`` beside the pages, listed on the teachers' pages by
the ``student-notebooks`` directive); ``python scripts/student_notebooks.py OUT`` writes them
anywhere. ``tests/test_students.py`` checks that none keeps a solution and runs one at CI's
settings.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

SOLUTION_TAG = "solution"
FOLDER = "students"  # under the site's root: students/<lang>/<stem>.ipynb
# A solution that lost its tag would still show one of these: the fold of a prose answer
SOLUTION_MARKERS = ("{admonition} Solution", "{admonition} 풀이")
LABELS = {
    "en": "Download: {title} (without the solutions)",
    "ko": "내려받기: {title} (풀이를 뺀 노트북)",
}


class SolutionLeft(ValueError):
    """A cell still holds a solution that is not tagged as one."""


def is_solution(cell: dict[str, Any]) -> bool:
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def student_notebook(notebook: dict[str, Any]) -> dict[str, Any]:
    """The notebook without its solution cells (a copy; the chapter is left as it is).

    Raises :class:`SolutionLeft` when a remaining cell still opens a solution fold: a solution
    whose cell lost its ``solution`` tag.
    """
    student = copy.deepcopy(notebook)
    student["cells"] = [cell for cell in student["cells"] if not is_solution(cell)]
    for cell in student["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if any(marker in source for marker in SOLUTION_MARKERS):
            raise SolutionLeft(
                f"cell {cell.get('id')} holds a solution without the tag {SOLUTION_TAG!r}: "
                f"tag it in the chapter"
            )
    return student


def write_student_notebooks(chapters: Path, out: Path) -> list[Path]:
    """Write ``out/<lang>/<stem>.ipynb`` for every chapter with exercises; return the paths."""
    written = []
    for path in sorted(chapters.glob("*/*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        if not any(is_solution(cell) for cell in notebook["cells"]):
            continue  # nothing to remove (chapter 06)
        target = out / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(student_notebook(notebook), indent=1, ensure_ascii=False) + "\n"
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def _title(notebook: dict[str, Any]) -> str:
    for cell in notebook["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown" and source.startswith("# "):
            return source.splitlines()[0][2:].strip()
    return ""


class StudentNotebooks(SphinxDirective):
    """A list of download links to the student notebooks of a language."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        lang = self.arguments[0]
        if lang not in LABELS:
            raise self.error(
                f"student-notebooks: language {lang!r}, expected one of {list(LABELS)}"
            )
        root = Path(self.env.srcdir)
        items = nodes.bullet_list(classes=["student-notebooks"])
        depth = self.env.docname.count("/")
        for path in sorted((root / "chapters" / lang).glob("*.ipynb")):
            self.env.note_dependency(str(path))
            notebook = json.loads(path.read_text(encoding="utf-8"))
            if not any(is_solution(cell) for cell in notebook["cells"]):
                continue
            url = "../" * depth + f"{FOLDER}/{lang}/{path.name}"
            line = nodes.paragraph()
            text = LABELS[lang].format(title=_title(notebook))
            line += nodes.reference(text, text, refuri=url, classes=["student-notebook"])
            item = nodes.list_item()
            item += line
            items += item
        return [items]


def write_for_site(app, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        write_student_notebooks(Path(app.srcdir) / "chapters", Path(app.outdir) / FOLDER)


def setup(app) -> dict[str, Any]:
    app.add_directive("student-notebooks", StudentNotebooks)
    app.connect("build-finished", write_for_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
