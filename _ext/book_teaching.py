"""Sphinx extension for the landing and teachers' pages: ``chapter-guide`` and ``chapter-data``.

```{chapter-guide} en
```

renders one table row per chapter of that language: its title (linked), its run time at the
full settings, at CI's reduced settings and at its class preset (with the settings that preset
gives, from ``helpers.presets``), read from ``chapters/run_times.json`` (written by
``scripts/run_chapter.py``), the best model per figure of the committed run, read from the
chapter's results record (``helpers.results.load``), and the titles of its exercises, read from
the notebook. Nothing in the table is typed by hand; a chapter without recorded times fails the
build and says which command records them.

```{chapter-data} en
```

lists the chapters of that language with the data their committed outputs were measured on
(real data, the generated Jena stand-in, or generated series), read from the results records.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from helpers.text import LANGS, texts

LABELS = {lang: texts(lang, "book", "teaching") for lang in LANGS}  # the catalogues
EXERCISE = re.compile(r"^\*\*[^*\d]+ (\d+)\. (.+?)\*\*", re.S)  # "**Exercise 1. Title.**"


def format_duration(seconds: float, lang: str) -> str:
    """'14.2 min' from a minute on, '24 s' below (in the page's language)."""
    labels = LABELS[lang]
    if seconds >= 60:
        return labels["minutes"].format(seconds / 60)
    return labels["seconds"].format(seconds)


def preset_text(stem: str) -> str:
    """The settings the class preset gives a chapter, as the parameters cell would read them
    ('EPOCHS=3, TRAIN_SAMPLES=10000'); '–' when it keeps the full settings."""
    from helpers.presets import preset_settings

    settings = preset_settings(stem, "class")
    return ", ".join(f"{name}={value!r}" for name, value in settings.items()) or "–"


def chapter_title(notebook: dict[str, Any]) -> str:
    """The text of the notebook's first level-1 heading."""
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("# "):
            return source.splitlines()[0][2:].strip()
    raise ValueError("the notebook has no level-1 heading")


def exercise_titles(notebook: dict[str, Any]) -> list[str]:
    """'1. Title' for every exercise of the notebook: the markdown cells tagged ``exercise``,
    led by ``**Exercise 1. Title.**`` (``**연습 문제 1. 제목.**``)."""
    titles = []
    for cell in notebook["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        exercise = cell["cell_type"] == "markdown" and "exercise" in tags
        match = EXERCISE.match("".join(cell["source"])) if exercise else None
        if match:
            titles.append(f"{match.group(1)}. {' '.join(match.group(2).split())}")
    return titles


def best_per_figure(stem: str, lang: str, chapters: Path) -> list[str]:
    """One line per figure of the chapter's committed results record: its best trained model.

    Empty for a chapter without a record (the results overview trains nothing).
    """
    from helpers.results import METRIC_LABELS, load

    labels = LABELS[lang]
    try:
        record = load(stem, lang, chapters=chapters)
    except LookupError:
        return []
    best: dict[str, dict[str, Any]] = {}
    for model in record.values():
        if model["epochs"] is None:  # baselines are not models that learned
            continue
        kept = best.get(model["metric"])
        pick = min if model["better"] == "lower" else max
        if kept is None or pick(kept["value"], model["value"]) != kept["value"]:
            best[model["metric"]] = model
    return [
        labels["best"].format(
            metric=METRIC_LABELS[lang].get(metric, metric),
            name=model["name"],
            value=f"{model['value']:.3f}" if "accuracy" in metric else f"{model['value']:.4f}",
            data=labels["data"][model["data"]],
        )
        for metric, model in best.items()
    ]


def _chapter_link(notebook: dict[str, Any], lang: str, stem: str) -> addnodes.pending_xref:
    """A link to the chapter's page, titled with its first heading."""
    return addnodes.pending_xref(
        "",
        nodes.inline(text=chapter_title(notebook)),
        refdomain="std",
        reftype="doc",
        reftarget=f"/chapters/{lang}/{stem}",
        refexplicit=True,
        refwarn=True,
    )


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
    """One row per chapter of a language: title, run times, best results, exercises."""

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
        group = nodes.tgroup(cols=6)
        table += group
        for width in (20, 8, 8, 16, 22, 26):
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
                class_run = times[path.stem][lang]["class"]["seconds"]
            except KeyError:
                raise self.error(
                    f"chapters/run_times.json lacks the full, reduced or class run time of "
                    f"{path.stem} ({lang}): run `python scripts/run_chapter.py {path.stem} "
                    f"--lang {lang}`, the same with `--ci` and with `--preset class`"
                ) from None
            title = nodes.paragraph()
            title += _chapter_link(notebook, lang, path.stem)
            exercises = exercise_titles(notebook) or [labels["none"]]
            best = best_per_figure(path.stem, lang, root / "chapters") or [labels["none"]]
            body += _row(
                [
                    title,
                    nodes.paragraph(text=format_duration(full, lang)),
                    nodes.paragraph(text=format_duration(reduced, lang)),
                    _paragraphs([format_duration(class_run, lang), preset_text(path.stem)]),
                    _paragraphs(best),
                    _paragraphs(exercises),
                ]
            )
        return [table]


DATA_LABELS = {lang: texts(lang, "book", "chapter_data") for lang in LANGS}


def chapter_data(stem: str, lang: str, chapters: Path) -> list[str]:
    """What the committed outputs of a chapter were measured on, from its results record:
    the record's ``data`` of every model ('real', 'stand-in', 'synthetic'), once each, in
    ``lang``; empty for a chapter without a record."""
    from helpers.results import load

    try:
        record = load(stem, lang, chapters=chapters)
    except LookupError:
        return []
    kinds = dict.fromkeys(model["data"] for model in record.values())
    return [DATA_LABELS[lang][kind] for kind in kinds]


class ChapterData(SphinxDirective):
    """A list of the chapters of a language and the data their committed outputs come from."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        lang = self.arguments[0]
        if lang not in DATA_LABELS:
            raise self.error(
                f"chapter-data: language {lang!r}, expected one of {list(DATA_LABELS)}"
            )
        root = Path(self.env.srcdir)
        items = nodes.bullet_list(classes=["chapter-data"])
        for path in sorted((root / "chapters" / lang).glob("*.ipynb")):
            self.env.note_dependency(str(path))
            kinds = chapter_data(path.stem, lang, root / "chapters")
            if not kinds:
                continue
            notebook = json.loads(path.read_text(encoding="utf-8"))
            line = nodes.paragraph()
            line += _chapter_link(notebook, lang, path.stem)
            line += nodes.Text(": " + "; ".join(kinds))
            item = nodes.list_item()
            item += line
            items += item
        return [items]


def setup(app) -> dict[str, Any]:
    app.add_directive("chapter-guide", ChapterGuide)
    app.add_directive("chapter-data", ChapterData)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
