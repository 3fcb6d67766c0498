"""Sphinx extension for the teachers' pages: ``backend-runs``.

```{backend-runs} en
```

renders, per chapter of that language, its run at CI's reduced settings on each Keras backend
(passed or not, seconds), as ``scripts/backends.py --json chapters/backend_runs.json`` measured
it (each chapter alone in an empty folder, the helpers installed by pip, the learning checks
applied), then the machine, the versions and the date of those runs, and the full-settings time
of each chapter from ``chapters/run_times.json``, and which learning bands each backend was
checked against (``tests/learning_bands.json``). Nothing is typed by hand: a re-measurement
rewrites the JSON and the table follows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from book_teaching import _row  # the teachers' pages' other table's row
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from helpers.text import LANGS, texts

ROOT = Path(__file__).resolve().parents[1]
RUNS = ROOT / "chapters" / "backend_runs.json"
TIMES = ROOT / "chapters" / "run_times.json"
BANDS = ROOT / "tests" / "learning_bands.json"
ORDER = ("tensorflow", "jax", "torch")

LABELS = {lang: texts(lang, "book", "backends") for lang in LANGS}  # the catalogues


def backend_table(lang: str, runs: dict[str, Any], times: dict[str, Any]) -> list[list[str]]:
    """The table's rows as text: a heading row, then one row per chapter measured."""
    text = LABELS[lang]
    backends = [b for b in ORDER if any(r["backend"] == b for r in runs["runs"])]
    rows = [[text["chapter"], text["full"], *(text["backend"].format(backend=b) for b in backends)]]
    stems = sorted({r["chapter"] for r in runs["runs"] if r["lang"] == lang})
    for stem in stems:
        full = times.get(stem, {}).get(lang, {}).get("full")
        row = [stem, text["minutes"].format(full["seconds"] / 60) if full else text["none"]]
        for backend in backends:
            found = [
                r
                for r in runs["runs"]
                if (r["chapter"], r["lang"], r["backend"]) == (stem, lang, backend)
            ]
            if not found:
                row.append(text["none"])
                continue
            run = found[0]
            verdict = text["passed"] if run["passed"] else text["failed"]
            row.append(text["cell"].format(verdict=verdict, seconds=run["seconds"]))
        rows.append(row)
    return rows


def machine_line(lang: str, runs: dict[str, Any]) -> str:
    """Where and when the runs were measured, with the versions of each backend."""
    versions: dict[str, str] = {}
    keras = "?"
    for run in runs["runs"]:
        found = run.get("versions") or {}
        keras = found.get("keras", keras)
        backend = found.get("backend")
        if backend and backend in found:
            versions[backend] = found[backend]
    shown = ", ".join(f"{b} {v}" for b, v in sorted(versions.items())) or "–"
    machines = [run["machine"] for run in runs["runs"]]
    dates = sorted({m["date"] for m in machines})
    first = machines[0]
    return LABELS[lang]["machine"].format(
        date=" – ".join([dates[0], dates[-1]] if len(dates) > 1 else dates),
        cpus=first["cpus"],
        processor=first["processor"],
        keras=keras,
        versions=shown,
        command="; ".join(sorted({m["command"] for m in machines})),
    )


def bands_lines(lang: str, bands: dict[str, Any]) -> list[str]:
    """Which bands the runs were checked against (each backend's own, where measured), and
    the models set aside on a backend as not separable from untrained at CI's settings."""
    text = LABELS[lang]
    names = text["backend_names"]
    own, aside = [], []
    for backend in ORDER[1:]:
        stems = [stem for stem in sorted(bands) if backend in bands[stem].get("backends", {})]
        if stems:
            own.append(f"{names[backend]}: {', '.join(stems)}")
        for stem in stems:
            for model in sorted(bands[stem]["backends"][backend].get("unlearned", {})):
                aside.append(f"{names[backend]}, {stem} {model}")
    lines = [text["bands"].format(own="; ".join(own) or text["none"])]
    if aside:
        lines.append(text["aside"].format(aside="; ".join(aside)))
    return lines


class BackendRuns(SphinxDirective):
    """The chapters on each Keras backend, as measured by scripts/backends.py."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        lang = self.arguments[0]
        if lang not in LABELS:
            raise self.error(f"backend-runs: language must be one of {sorted(LABELS)}")
        if not RUNS.exists():
            raise self.error(
                f"{RUNS} is missing: python scripts/backends.py --lang en ko --json {RUNS}"
            )
        self.env.note_dependency(str(RUNS))
        self.env.note_dependency(str(TIMES))
        self.env.note_dependency(str(BANDS))
        runs = json.loads(RUNS.read_text(encoding="utf-8"))
        times = json.loads(TIMES.read_text(encoding="utf-8")) if TIMES.exists() else {}
        bands = json.loads(BANDS.read_text(encoding="utf-8"))
        rows = backend_table(lang, runs, times)
        table = nodes.table(classes=["backend-runs"])
        group = nodes.tgroup(cols=len(rows[0]))
        table += group
        for _ in rows[0]:
            group += nodes.colspec(colwidth=1)
        head, body = nodes.thead(), nodes.tbody()
        head += _row([nodes.paragraph(text=text) for text in rows[0]])
        for cells in rows[1:]:
            body += _row([nodes.paragraph(text=text) for text in cells])
        group += head
        group += body
        machine = nodes.paragraph()
        line = machine_line(lang, runs)
        commands = line.rsplit(": ", 1)[1]  # in code, so that "--" stays two hyphens
        machine += nodes.Text(line[: -len(commands)])
        machine += nodes.literal(text=commands)
        return [table, machine, *(nodes.paragraph(text=line) for line in bands_lines(lang, bands))]


def setup(app) -> dict[str, Any]:
    app.add_directive("backend-runs", BackendRuns)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
