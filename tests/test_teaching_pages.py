"""The per-language landing and teachers' pages, and the run times that the latter quote.

The teachers' pages render ``chapters/run_times.json`` (written by ``scripts/run_chapter.py``)
and the chapters' exercise titles through the ``chapter-guide`` directive
(``_ext/book_teaching.py``); these tests check the built table against both sources.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml

from helpers.presets import preset_settings

ROOT = Path(__file__).resolve().parents[1]
STEMS = sorted(p.stem for p in (ROOT / "chapters" / "en").glob("*.ipynb"))
TIMES = json.loads((ROOT / "chapters" / "run_times.json").read_text(encoding="utf-8"))

sys.path.insert(0, str(ROOT / "_ext"))
from book_teaching import (  # noqa: E402
    DATA_LABELS,
    best_per_figure,
    chapter_data,
    chapter_title,
    exercise_titles,
    format_duration,
    preset_text,
)


@pytest.mark.content
def test_both_languages_have_the_same_pages_in_the_same_order() -> None:
    parts = yaml.safe_load((ROOT / "_toc.yml").read_text())["parts"]
    files = {p["caption"]: [c["file"] for c in p["chapters"]] for p in parts}
    ko, en = files["한국어"], files["English"]
    assert [f.removeprefix("chapters/ko/") for f in ko] == [
        f.removeprefix("chapters/en/") for f in en
    ]
    assert ko[0] == "chapters/ko/index" and ko[-1] == "chapters/ko/teaching"
    assert [f"chapters/ko/{stem}" for stem in STEMS] == ko[1:-1]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", ["index", "teaching"])
@pytest.mark.site
def test_page_exists_and_links_to_its_twin(built: Path, page: str, lang: str) -> None:
    html = (built / "chapters" / lang / f"{page}.html").read_text(encoding="utf-8")
    other = "ko" if lang == "en" else "en"
    assert f'href="../{other}/{page}.html' in html


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.content
def test_run_times_are_recorded_for_both_settings(stem: str, lang: str) -> None:
    """Both times recorded, with the cores each run could use; on the same cores, CI's reduced
    run is no longer than the full one. Nothing here is about the measuring machine: the run
    script warns when it differs from the book's 2 cores or breaks the promised minutes
    (``scripts/run_chapter.py``, :func:`promise_warnings`)."""
    entry = TIMES[stem][lang]
    full, reduced = entry["full"], entry["reduced"]
    assert full["seconds"] > 0 and reduced["seconds"] > 0, (stem, lang, entry)
    assert full["cpus"] >= 1 and reduced["cpus"] >= 1, "the cores of each run are recorded"
    if full["cpus"] == reduced["cpus"] and stem != "06_results":
        assert reduced["seconds"] <= full["seconds"], (stem, lang, full, reduced)


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.content
def test_class_preset_time_was_measured_at_the_current_preset(stem: str, lang: str) -> None:
    """The class preset was measured (scripts/run_chapter.py --preset class) at the presets as
    they are now (its cores recorded; the script warns when a time breaks the five minutes
    promised on 2 cores)."""
    entry = TIMES[stem][lang]["class"]
    assert entry["seconds"] > 0 and entry["cpus"] >= 1, (stem, lang, entry)
    assert entry["settings"] == preset_settings(stem, "class"), (
        f"{stem} ({lang}): the class preset changed since its time was measured: run "
        f"`python scripts/run_chapter.py {stem} --lang {lang} --preset class`"
    )


class GuideRows(HTMLParser):
    """The text of each body row of the table with class ``chapter-guide``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[str] = []
        self.found = False
        self._in_table = self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and "chapter-guide" in (dict(attrs).get("class") or ""):
            self._in_table = self.found = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append("")
        elif self._in_body and self.rows:
            self.rows[-1] += " "  # cells and line breaks separate words

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = self._in_body = False

    def handle_data(self, data: str) -> None:
        if self._in_body and self.rows:
            self.rows[-1] += data


def guide_rows(built: Path, lang: str) -> list[str]:
    parser = GuideRows()
    parser.feed((built / "chapters" / lang / "teaching.html").read_text(encoding="utf-8"))
    assert parser.found, "the teachers' page shows the chapter guide"
    # Sphinx's smart quotes turn the apostrophes of titles into ’
    return [f" {row} ".replace("’", "'") for row in parser.rows]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.site
def test_teachers_page_quotes_the_recorded_times_and_the_exercises(built: Path, lang: str):
    rows = guide_rows(built, lang)
    assert len(rows) == len(STEMS), "one row per chapter"
    for stem, row in zip(STEMS, rows, strict=True):
        text = " ".join(row.split())
        notebook = nbformat.read(ROOT / "chapters" / lang / f"{stem}.ipynb", as_version=4)
        assert " ".join(chapter_title(notebook).split()) in text
        times = TIMES[stem][lang]
        full, reduced = times["full"]["seconds"], times["reduced"]["seconds"]
        class_run = format_duration(times["class"]["seconds"], lang)
        shown = f" {format_duration(full, lang)} {format_duration(reduced, lang)} {class_run} "
        assert shown in text, text
        assert preset_text(stem) in text, (stem, preset_text(stem))
        best = best_per_figure(stem, lang, ROOT / "chapters")
        assert best or stem == "06_results", f"{stem}: no results record"
        for line in best:
            assert " ".join(line.split()) in text, (stem, line)
        titles = exercise_titles(notebook)
        assert len(titles) >= 3 or stem == "06_results"
        for title in titles:
            assert title in text, (stem, title)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.site
def test_landing_pages_say_which_data_each_chapter_shows(built: Path, lang: str) -> None:
    """The landing page of each language and the root page list, per chapter, the data its
    committed outputs come from, as the chapter's record says; nothing claims more."""
    html = (built / "chapters" / lang / "index.html").read_text(encoding="utf-8")
    root = (built / "intro.html").read_text(encoding="utf-8")
    # as a reader sees it: the text without tags (Korean on an English page sits in a span of
    # its language); Sphinx turns apostrophes into ’ (smart quotes)
    text, root_text = (
        " ".join(re.sub(r"<[^>]+>", "", page).replace("’", "'").split()) for page in (html, root)
    )
    for stem in STEMS:
        kinds = chapter_data(stem, lang, ROOT / "chapters")
        if stem == "06_results":
            assert kinds == []
            continue
        notebook = nbformat.read(ROOT / "chapters" / lang / f"{stem}.ipynb", as_version=4)
        line = f"{chapter_title(notebook)}: {'; '.join(kinds)}"
        assert line in text and line in root_text, (stem, line)
    assert "stand-in" in " ".join(chapter_data("02_jena_rnn", "en", ROOT / "chapters"))
    assert chapter_data("01_conv1d_imdb", lang, ROOT / "chapters") == [DATA_LABELS[lang]["real"]]
    assert "on real data" not in root_text and "실제 데이터로 만든" not in root_text


@pytest.mark.unit
def test_best_per_figure_reads_the_record(tmp_path: Path) -> None:
    from helpers.results import RECORD_MIME

    def model(key: str, metric: str, value: float, better: str, epochs: int | None) -> dict:
        return {"id": key, "name": key.upper(), "metric": metric, "value": value,
                "better": better, "data": "stand-in", "epochs": epochs}  # fmt: skip

    record = {
        "chapter": "99_x", "lang": "en", "data": "stand-in", "settings": {}, "versions": {},
        "date": "2026-11-28",
        "models": [
            model("baseline", "val_mae", 0.1, "lower", None),  # not trained: never the best
            model("a", "val_mae", 0.3, "lower", 2),
            model("b", "val_mae", 0.2, "lower", 2),
            model("c", "test_accuracy", 0.8, "higher", 2),
            model("d", "test_accuracy", 0.9, "higher", 2),
        ],
    }  # fmt: skip
    output = {"output_type": "display_data", "metadata": {}, "data": {RECORD_MIME: record}}
    notebook = {"cells": [{"cell_type": "code", "source": "", "outputs": [output]}]}
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "99_x.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    assert best_per_figure("99_x", "en", tmp_path) == [
        "validation MAE: B 0.2000 (stand-in)",
        "test accuracy: D 0.900 (stand-in)",
    ]
    (tmp_path / "en" / "98_y.ipynb").write_text(json.dumps({"cells": []}), encoding="utf-8")
    assert best_per_figure("98_y", "en", tmp_path) == []


@pytest.mark.unit
def test_the_run_script_warns_when_the_machine_differs_from_the_promise() -> None:
    spec = importlib.util.spec_from_file_location(
        "run_chapter", ROOT / "scripts" / "run_chapter.py"
    )
    run_chapter = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_chapter)
    warn = run_chapter.promise_warnings
    assert warn("05_conv_wavenet", "en", "class", 73, 2) == []
    assert warn("05_conv_wavenet", "en", "full", 900, 4) == []  # no promise for a full run
    (cores,) = warn("05_conv_wavenet", "en", "class", 73, 4)
    assert "4 cores" in cores and "promise it on 2" in cores
    assert len(warn("05_conv_wavenet", "ko", "class", 301, 2)) == 1
    assert "240 s" in warn("03_jena_conv_hybrid", "en", "reduced", 250, 2)[0]
    assert len(warn("03_jena_conv_hybrid", "en", "reduced", 250, 1)) == 2


@pytest.mark.unit
def test_durations_read_as_minutes_from_a_minute_on() -> None:
    assert format_duration(852, "en") == "14.2 min" and format_duration(852, "ko") == "14.2분"
    assert format_duration(24.4, "en") == "24 s" and format_duration(24.4, "ko") == "24초"


@pytest.mark.unit
def test_exercise_titles_are_read_from_the_bold_lead() -> None:
    tag = {"metadata": {"tags": ["exercise"]}}
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# A chapter\n", "text"]},
            {"cell_type": "markdown", "source": ["**Exercise 1. Two\nlines.** Body."], **tag},
            {"cell_type": "markdown", "source": ["**연습 문제 2. 제목.** 본문"], **tag},
            {"cell_type": "code", "source": ["**Exercise 3. not markdown.**"], **tag},
            {"cell_type": "markdown", "source": ["**Exercise 4. not tagged.**"]},
        ]
    }
    assert chapter_title(notebook) == "A chapter"
    assert exercise_titles(notebook) == ["1. Two lines.", "2. 제목."]
