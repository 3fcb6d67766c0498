"""The chapters' results, read back from their committed outputs (for the overview page).

Each chapter ends with one results table, a pandas DataFrame shown by the cell tagged
``results-table``. :func:`chapter_table` finds that cell in a chapter notebook and turns its
HTML output back into a DataFrame of strings, exactly as the reader sees it, so that the
overview never types a figure in by hand: it shows what the chapters printed.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

RESULTS_TAG = "results-table"
CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"


class _TableParser(HTMLParser):
    """Rows of cells (``th`` and ``td`` alike) of the first ``<table>`` in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._tables = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._tables += 1
        elif self._tables == 1 and tag == "tr":
            self.rows.append([])
        elif self._tables == 1 and tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_table(html: str) -> pd.DataFrame:
    """A table written by ``DataFrame.to_html`` as a DataFrame of strings (index: first column).

    Raises ``ValueError`` when ``html`` holds no table with a header row and a body.
    """
    parser = _TableParser()
    parser.feed(html)
    rows = [row for row in parser.rows if row]
    if len(rows) < 2:
        raise ValueError("no table with a header row and at least one row found in the HTML")
    header, body = rows[0], rows[1:]
    width = max(len(row) for row in body)
    columns = header[-(width - 1) :]  # the header's first cell heads the index (often empty)
    body = [row for row in body if len(row) == width]  # drops the index-name row, if any
    return pd.DataFrame([row[1:] for row in body], index=[row[0] for row in body], columns=columns)


def chapter_table(stem: str, lang: str, chapters: Path = CHAPTERS) -> pd.DataFrame:
    """The results table of chapter ``stem`` in ``lang``, as its committed notebook shows it.

    Raises ``LookupError`` when the notebook has no executed cell tagged ``results-table``.
    """
    path = chapters / lang / f"{stem}.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if RESULTS_TAG not in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html:
                return html_table("".join(html))
        raise LookupError(f"{path}: the cell tagged {RESULTS_TAG!r} has no table in its output")
    raise LookupError(f"{path}: no cell tagged {RESULTS_TAG!r}; tag the chapter's results table")


def number(text: str) -> float | None:
    """The number in a table cell ("0.2615", "≥ 0.45", "39.3"), or None for "–" and blanks."""
    match = re.search(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)
    return float(match.group()) if match else None
