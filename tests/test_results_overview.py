"""The results overview (06_results) shows exactly the figures the chapters printed.

The overview notebook picks columns by position; these tests find them by their headings
instead (this run / reference / seconds per epoch, in either language), so a table laid out
differently, a chapter re-run without the overview, or a mistyped figure fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from helpers.results import RESULTS_TAG, chapter_table, html_table, number

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
HEADINGS = {  # what a chapter's column heading starts with, per language
    "this": ("this run", "이번 실행"),
    "reference": ("reference", "참고 자료"),
    "seconds": ("s per epoch", "에포크당 초", "seconds per epoch"),
}
SERIES_AND_JENA = ["02_jena_rnn", "03_jena_conv_hybrid", "04_rnn_forecasting", "05_conv_wavenet"]


def overview_tables(lang: str) -> list[pd.DataFrame]:
    """The tables of the committed overview notebook, in order (IMDB, Jena, series)."""
    notebook = json.loads((CHAPTERS / lang / "06_results.ipynb").read_text(encoding="utf-8"))
    tables = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html and "<table" in "".join(html):
                tables.append(html_table("".join(html)))
    return tables


def column(table: pd.DataFrame, kind: str) -> str:
    found = [c for c in table.columns if c.startswith(HEADINGS[kind])]
    assert len(found) == 1, f"one column for {kind!r} expected in {list(table.columns)}"
    return found[0]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_overview_rows_equal_the_chapters_tables(lang: str) -> None:
    imdb, jena, series = overview_tables(lang)
    overview = pd.concat([jena, series], ignore_index=True)
    heads = list(overview.columns)  # chapter, task, model, this book, reference, s per epoch
    for stem in SERIES_AND_JENA:
        table = chapter_table(stem, lang)
        rows = overview[overview[heads[0]] == stem[:2]]
        listed = set(rows[heads[2]])
        missing = [model for model in table.index if model not in set(overview[heads[2]])]
        assert not missing, f"{stem}: models of the chapter missing from the overview: {missing}"
        for _, row in rows.iterrows():
            chapter_row = table.loc[row[heads[2]]]
            assert row[heads[3]] == chapter_row[column(table, "this")], (stem, row.tolist())
            assert row[heads[4]] == chapter_row[column(table, "reference")], (stem, row.tolist())
            assert row[heads[5]] == chapter_row[column(table, "seconds")], (stem, row.tolist())
        assert listed, f"{stem}: no rows in the overview"
    ch01 = chapter_table("01_conv1d_imdb", lang)
    assert imdb.iloc[0, 3] == ch01.iloc[0][column(ch01, "this")]
    assert imdb.iloc[0, 4] == ch01.iloc[0][column(ch01, "reference")]
    seconds = [label for label in ch01.index if label.startswith(HEADINGS["seconds"])]
    assert imdb.iloc[0, 5] == ch01.loc[seconds[0]][column(ch01, "this")]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_overview_figures_are_numbers_in_range(lang: str) -> None:
    imdb, jena, series = overview_tables(lang)
    assert 0.8 < number(imdb.iloc[0, 3]) < 1.0, "IMDB validation accuracy"
    for table, low, high in [(jena, 0.1, 1.0), (series, 0.001, 0.5)]:
        figures = [number(value) for value in table.iloc[:, 3]]
        assert all(f is not None and low < f < high for f in figures), figures


def test_html_table_reads_back_a_dataframe() -> None:
    frame = pd.DataFrame({"this run": ["0.2615", "–"], "s per epoch": ["3.5", "12.0"]})
    frame.index = ["GRU", "baseline (last value)"]
    back = html_table(frame.to_html())
    assert back.equals(frame)
    with pytest.raises(ValueError, match="no table"):
        html_table("<p>no table here</p>")


def test_chapter_table_names_a_missing_tag(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": ""}]}
    (tmp_path / "en" / "99_x.ipynb").write_text(json.dumps(notebook))
    with pytest.raises(LookupError, match=RESULTS_TAG):
        chapter_table("99_x", "en", chapters=tmp_path)


def test_number_reads_table_cells() -> None:
    assert number("≥ 0.45") == 0.45
    assert number("0.0038") == 0.0038
    assert number("–") is None
