"""Class materials made from the chapter notebooks, written next to the site's pages.

**Student notebooks** (``students/<lang>/<stem>.ipynb``): each chapter without its exercise
solutions, to hand out in class. A solution is a cell tagged ``solution`` (the folded prose
answer, and the code that prints the answer); a student notebook is its chapter with those
cells removed, and the chapter's word that each solution is folded below its exercise (true of
the chapter, not of a notebook without them) replaced by :data:`NO_SOLUTIONS`; nothing else
changes: the same cells, ids, sources and committed outputs, in the same order.
``python scripts/student_notebooks.py OUT`` writes them anywhere.

**Slides** (``slides/<lang>/<stem>.html``, reveal.js 5 from ``_static/reveal/``, a vendored
copy of the npm package's ``dist/`` files: no CDN): the cells of a chapter tagged ``slide``,
so slides and chapter never drift. A Markdown cell gives its heading and its first paragraph
(the section's one idea), a code cell its figures, else its table, else its code (with a short
printed output); the first slide is the chapter's title. In the chapter's language, with its
committed outputs.

```{class-materials} en
```

lists, per chapter of a language, links to both (the teachers' pages). ``tests/test_students.py``
checks that no student notebook keeps a solution and runs one at CI's settings; the browser test
opens every deck.
"""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from book_teaching import _chapter_link
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from helpers.text import LANGS, say, texts

SOLUTION_TAG = "solution"
STUDENTS = "students"  # under the site's root: students/<lang>/<stem>.ipynb
# A solution that lost its tag would still show one of these: the fold of a prose answer
SOLUTION_MARKERS = ("{admonition} Solution", "{admonition} 풀이")


# What a chapter's exercises section says of its solutions (folded below each exercise), and
# what a student notebook, which has none, says in its place
FOLDED = re.compile(
    r"Each solution is folded away below its exercise:.*?\(and in the book's CI\)\."
    r"|풀이는 (?:각 )?문제 아래에 접혀 있으니.*?실행됩니다\.",
    re.DOTALL,
)
NO_SOLUTIONS = {lang: say(lang, "book", "no_solutions") for lang in LANGS}
# words that say a solution is folded on the page: a student notebook's prose keeps none
FOLD_WORDS = ("folded", "접혀")


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
        if cell["cell_type"] != "markdown":
            continue
        said = FOLDED.sub(
            lambda m: NO_SOLUTIONS["ko" if "풀이" in m.group(0) else "en"], source
        )  # fmt: skip
        if any(word in said for word in FOLD_WORDS):
            raise SolutionLeft(
                f"cell {cell.get('id')} says the solutions are folded, which a student notebook "
                f"has not: give its wording to book_materials.FOLDED"
            )
        if said != source:
            lines = said.splitlines(keepends=True)
            cell["source"] = lines if isinstance(cell["source"], list) else said
    return student


SLIDE_TAG = "slide"
SLIDES = "slides"  # under the site's root: slides/<lang>/<stem>.html
MAX_OUTPUT_LINES = 12
PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="../../_static/favicon.svg">
<link rel="stylesheet" href="../../_static/reveal/reveal.css">
<link rel="stylesheet" href="../../_static/book_slides.css">
</head>
<body>
<div class="reveal"><div class="slides">
{slides}
</div></div>
<script src="../../_static/reveal/reveal.js"></script>
<script>Reveal.initialize({{hash: true, width: 1280, height: 760, margin: 0.04}});</script>
</body>
</html>
"""


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else source


def _markdown(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(text)


def _first_idea(source: str) -> tuple[str, str]:
    """A Markdown cell's heading (without its #s) and its first paragraph."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", source.strip()) if b.strip()]
    heading = ""
    if blocks and blocks[0].startswith("#"):
        heading = blocks.pop(0).lstrip("#").strip()
    # the chapter's twin link ("*Chapter 01 · [...]*") is not an idea
    prose = [b for b in blocks if not b.startswith(("*", "```", ":::", "|"))]
    return heading, prose[0] if prose else ""


def _outputs(cell: dict[str, Any]) -> str:
    """A code cell's figures, else its HTML table, else its code and a short printed output."""
    alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt", "")
    images, tables, printed = [], [], []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            images.append(
                f'<img src="data:image/png;base64,{_text(data["image/png"]).strip()}" '
                f'alt="{html.escape(alt)}">'
            )
        elif "text/html" in data:
            tables.append(_text(data["text/html"]))
        elif output.get("output_type") == "stream":
            printed.append(_text(output.get("text", "")))
    if images:
        return "\n".join(images)
    if tables:
        return "\n".join(f'<div class="table">{t}</div>' for t in tables)
    code = f"<pre><code>{html.escape(_text(cell['source']))}</code></pre>"
    lines = "".join(printed).splitlines()[:MAX_OUTPUT_LINES]
    return code + (f'<pre class="output">{html.escape(chr(10).join(lines))}</pre>' if lines else "")


def chapter_slides(notebook: dict[str, Any], lang: str) -> tuple[str, list[str]]:
    """The chapter's title and one ``<section>`` per cell tagged ``slide``."""
    title, sections = "", []
    for cell in notebook["cells"]:
        if SLIDE_TAG not in cell.get("metadata", {}).get("tags", []):
            continue
        if cell["cell_type"] == "markdown":
            heading, idea = _first_idea(_text(cell["source"]))
            title = title or heading
            tag = "h1" if len(sections) == 0 else "h2"
            sections.append(
                f"<section><{tag}>{html.escape(heading)}</{tag}>{_markdown(idea)}</section>"
            )
        else:
            sections.append(f'<section class="cell">{_outputs(cell)}</section>')
    return title, sections


def write_each(chapters: Path, out: Path, render: Callable[[dict, str], str | None],
               suffix: str) -> list[Path]:  # fmt: skip
    """``out/<lang>/<stem><suffix>`` for every chapter that ``render(notebook, lang)`` makes
    something of (None: nothing to write for that chapter); returns the paths written."""
    written = []
    for path in sorted(chapters.glob("*/*.ipynb")):
        text = render(json.loads(path.read_text(encoding="utf-8")), path.parent.name)
        if text is None:
            continue
        target = out / path.parent.name / f"{path.stem}{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def write_student_notebooks(chapters: Path, out: Path) -> list[Path]:
    """The student notebooks of every chapter with exercises (not chapter 06)."""

    def render(notebook: dict[str, Any], lang: str) -> str | None:
        if not any(is_solution(cell) for cell in notebook["cells"]):
            return None
        return json.dumps(student_notebook(notebook), indent=1, ensure_ascii=False) + "\n"

    return write_each(chapters, out, render, ".ipynb")


def write_slides(chapters: Path, out: Path) -> list[Path]:
    """The slides of every chapter with cells tagged ``slide``."""

    def render(notebook: dict[str, Any], lang: str) -> str | None:
        title, sections = chapter_slides(notebook, lang)
        if not sections:
            return None
        return PAGE.format(lang=lang, title=html.escape(title), slides="\n".join(sections))

    return write_each(chapters, out, render, ".html")


MATERIALS = {lang: texts(lang, "book", "materials") for lang in LANGS}


class ClassMaterials(SphinxDirective):
    """Per chapter of a language: links to its slides and its student notebook."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        lang = self.arguments[0]
        if lang not in MATERIALS:
            raise self.error(
                f"class-materials: language {lang!r}, expected one of {list(MATERIALS)}"
            )
        root = Path(self.env.srcdir)
        up = "../" * self.env.docname.count("/")
        items = nodes.bullet_list(classes=["class-materials"])
        for path in sorted((root / "chapters" / lang).glob("*.ipynb")):
            self.env.note_dependency(str(path))
            notebook = json.loads(path.read_text(encoding="utf-8"))
            links = []
            if chapter_slides(notebook, lang)[1]:
                links.append(("slides", f"{up}{SLIDES}/{lang}/{path.stem}.html"))
            if any(is_solution(cell) for cell in notebook["cells"]):
                links.append(("students", f"{up}{STUDENTS}/{lang}/{path.name}"))
            if not links:
                continue
            line = nodes.paragraph()
            line += _chapter_link(notebook, lang, path.stem)
            for i, (kind, url) in enumerate(links):
                line += nodes.Text(": " if i == 0 else " · ")
                text = MATERIALS[lang][kind]
                line += nodes.reference(text, text, refuri=url, classes=[f"class-{kind}"])
            item = nodes.list_item()
            item += line
            items += item
        return [items]


def write_for_site(app, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        root = Path(app.srcdir) / "chapters"
        write_student_notebooks(root, Path(app.outdir) / STUDENTS)
        write_slides(root, Path(app.outdir) / SLIDES)


def setup(app) -> dict[str, Any]:
    app.add_directive("class-materials", ClassMaterials)
    # before the site's Korean web font is cut to the characters of the built pages
    app.connect("build-finished", write_for_site, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
