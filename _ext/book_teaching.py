"""Sphinx extension for the teachers' pages: the ``chapter-guide`` directive.

```{chapter-guide} en
```

renders one table row per chapter of that language: its title (linked), its run time at the
full settings and at CI's reduced settings, both read from ``chapters/run_times.json`` (written
by ``scripts/run_chapter.py``), and the titles of its exercises, read from the notebook. Nothing
in the table is typed by hand; a chapter without recorded times fails the build and says which
command records them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

LABELS = {
    "en": {
        "head": ("chapter", "full settings", "CI's reduced settings", "exercises"),
        "minutes": "{:.1f} min",
        "seconds": "{:.0f} s",
        "none": "–",
    },
    "ko": {
        "head": ("장", "전체 설정", "CI의 줄인 설정", "연습 문제"),
        "minutes": "{:.1f}분",
        "seconds": "{:.0f}초",
        "none": "–",
    },
}
EXERCISE = re.compile(r"^\*\*(?:Exercise|연습 문제) (\d+)\. (.+?)\*\*", re.S)


def format_duration(seconds: float, lang: str) -> str:
    """'14.2 min' from a minute on, '24 s' below (in the page's language)."""
    labels = LABELS[lang]
    if seconds >= 60:
        return labels["minutes"].format(seconds / 60)
    return labels["seconds"].format(seconds)


def chapter_title(notebook: dict[str, Any]) -> str:
    """The text of the notebook's first level-1 heading."""
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("# "):
            return source.splitlines()[0][2:].strip()
    raise ValueError("the notebook has no level-1 heading")


def exercise_titles(notebook: dict[str, Any]) -> list[str]:
    """'1. Title' for every exercise cell (``**Exercise 1. Title.**``) of the notebook."""
    titles = []
    for cell in notebook["cells"]:
        match = EXERCISE.match("".join(cell["source"])) if cell["cell_type"] == "markdown" else None
        if match:
            titles.append(f"{match.group(1)}. {' '.join(match.group(2).split())}")
    return titles


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        entry += content
        row += entry
    return row


def _paragraphs(lines: list[str]) -> list[nodes.paragraph]:
    return [nodes.paragraph(text=line) for line in lines]


class ChapterGuide(SphinxDirective):
    """One row per chapter of a language: title, run times (full, reduced), exercises."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        lang = self.arguments[0]
        if lang not in LABELS:
            raise self.error(f"chapter-guide: language {lang!r}, expected one of {list(LABELS)}")
        labels = LABELS[lang]
        root = Path(self.env.srcdir)
        times_file = root / "chapters" / "run_times.json"
        self.env.note_dependency(str(times_file))
        times = json.loads(times_file.read_text(encoding="utf-8"))

        table = nodes.table(classes=["chapter-guide"])
        group = nodes.tgroup(cols=4)
        table += group
        for width in (32, 11, 13, 44):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += _row([nodes.paragraph(text=text) for text in labels["head"]])
        group += head
        body = nodes.tbody()
        group += body
        for path in sorted((root / "chapters" / lang).glob("*.ipynb")):
            self.env.note_dependency(str(path))
            notebook = json.loads(path.read_text(encoding="utf-8"))
            try:
                full = times[path.stem][lang]["full"]["seconds"]
                reduced = times[path.stem][lang]["reduced"]["seconds"]
            except KeyError:
                raise self.error(
                    f"chapters/run_times.json lacks the full or reduced run time of "
                    f"{path.stem} ({lang}): run `python scripts/run_chapter.py {path.stem} "
                    f"--lang {lang}` and `python scripts/run_chapter.py {path.stem} --lang "
                    f"{lang} --ci`"
                ) from None
            link = addnodes.pending_xref(
                "",
                nodes.inline(text=chapter_title(notebook)),
                refdomain="std",
                reftype="doc",
                reftarget=f"/chapters/{lang}/{path.stem}",
                refexplicit=True,
                refwarn=True,
            )
            title = nodes.paragraph()
            title += link
            exercises = exercise_titles(notebook) or [labels["none"]]
            body += _row(
                [
                    title,
                    nodes.paragraph(text=format_duration(full, lang)),
                    nodes.paragraph(text=format_duration(reduced, lang)),
                    *[_paragraphs(exercises)],
                ]
            )
        return [table]


def setup(app) -> dict[str, Any]:
    app.add_directive("chapter-guide", ChapterGuide)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
