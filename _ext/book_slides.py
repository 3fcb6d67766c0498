"""Slides for teaching, made from the chapter notebooks themselves (reveal.js, no CDN).

The cells of a chapter tagged ``slide`` become its slides, so slides and chapter never drift:
a Markdown cell gives its heading and its first paragraph (the section's one idea), a code cell
its figures, else its table, else its code (with a short printed output). The first slide is the
chapter's title. Written at the end of the site's build to ``slides/<lang>/<stem>.html``, with
the chapter's committed outputs, in the chapter's language; reveal.js 5 comes from
``_static/reveal/`` (a vendored copy of the npm package's ``dist/`` files). The teachers' pages
link them (``chapter-slides`` directive); the browser test opens every one.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

SLIDE_TAG = "slide"
FOLDER = "slides"  # under the site's root: slides/<lang>/<stem>.html
MAX_OUTPUT_LINES = 12
LABELS = {
    "en": "Slides: {title}",
    "ko": "슬라이드: {title}",
}
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


def write_slides(chapters: Path, out: Path) -> list[Path]:
    """Write ``out/<lang>/<stem>.html`` for every chapter with cells tagged ``slide``."""
    written = []
    for path in sorted(chapters.glob("*/*.ipynb")):
        lang = path.parent.name
        title, sections = chapter_slides(json.loads(path.read_text(encoding="utf-8")), lang)
        if not sections:
            continue
        target = out / lang / f"{path.stem}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        page = PAGE.format(lang=lang, title=html.escape(title), slides="\n".join(sections))
        target.write_text(page, encoding="utf-8")
        written.append(target)
    return written


class ChapterSlides(SphinxDirective):
    """A list of links to the slides of a language's chapters."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        lang = self.arguments[0]
        if lang not in LABELS:
            raise self.error(f"chapter-slides: language {lang!r}, expected one of {list(LABELS)}")
        root = Path(self.env.srcdir)
        items = nodes.bullet_list(classes=["chapter-slides"])
        depth = self.env.docname.count("/")
        for path in sorted((root / "chapters" / lang).glob("*.ipynb")):
            self.env.note_dependency(str(path))
            title, sections = chapter_slides(json.loads(path.read_text(encoding="utf-8")), lang)
            if not sections:
                continue
            url = "../" * depth + f"{FOLDER}/{lang}/{path.stem}.html"
            text = LABELS[lang].format(title=title)
            line = nodes.paragraph()
            line += nodes.reference(text, text, refuri=url, classes=["chapter-slides"])
            item = nodes.list_item()
            item += line
            items += item
        return [items]


def write_for_site(app, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        write_slides(Path(app.srcdir) / "chapters", Path(app.outdir) / FOLDER)


def setup(app) -> dict[str, Any]:
    app.add_directive("chapter-slides", ChapterSlides)
    # before the site's Korean web font is cut to the characters of the built pages
    app.connect("build-finished", write_for_site, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
