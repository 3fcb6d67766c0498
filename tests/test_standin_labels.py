"""The Jena chapters' committed outputs come from the stand-in, and the page says so.

The real file cannot be had where the outputs were made. Whether a chapter ran on the stand-in
is read from its results record: the record's ``data`` field and every model's
(``helpers.results``: "stand-in" when ``load_jena`` gave the stand-in, a fact of the run, not a
word of the chapter's code). The stand-in is named once where it is loaded (``load_jena``'s
notice), and carried from there by the data's metadata: into the record, into the results
table's heading (``Results.table``), into every training line (``Results.recorder``), and into
every figure, marked in a corner (``helpers.plots.mark_figures``, tested in test_data.py).
No printed line has to carry the word.

Chapter 06 keeps no record of its own: it shows the records of 02 and 03, and says which data
they came from.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.results import RECORD_MIME, ChapterResults, record_of

ROOT = Path(__file__).resolve().parents[1]
LABEL = {"en": "stand-in", "ko": "대체 데이터"}
TABLE = "results-table"  # the tag of the cell that shows a chapter's results table
JENA = ["02_jena_rnn", "03_jena_conv_hybrid"]
CHAPTERS = [*JENA, "06_results"]


def text_of(output: dict) -> str:
    """What a reader sees of one output as text ('' for an image or a record)."""
    if output["output_type"] == "stream":
        return "".join(output["text"])
    data = output.get("data", {})
    if "image/png" in data:  # a figure: its text/plain is only "<Figure size …>"
        return ""
    for mime in ("text/html", "text/markdown", "text/plain"):
        if mime in data:
            return "".join(data[mime])
    return ""


def notebook(lang: str, stem: str) -> dict:
    return json.loads((ROOT / "chapters" / lang / f"{stem}.ipynb").read_text(encoding="utf-8"))


def ran_on_standin(nb: dict) -> tuple[bool, str]:
    """Whether the run that made ``nb``'s outputs used the stand-in, from its results record
    (the run's ``data`` and every model's), and what the record says otherwise."""
    record = record_of(nb)
    if record is None:
        return False, "no results record"
    results = ChapterResults(record)
    data = {record["data"], *(model["data"] for model in results.values())}
    return data == {"stand-in"}, f"the record says data={sorted(data)}"


def unnamed_tables(nb: dict, lang: str) -> list[str]:
    """The results-table cells of ``nb`` whose output does not name the stand-in."""
    problems = []
    tables = [(i, c) for i, c in enumerate(nb["cells"]) if TABLE in c["metadata"].get("tags", [])]
    if not tables:
        problems.append(f"no cell tagged {TABLE!r}")
    for i, cell in tables:
        text = "\n".join(text_of(o) for o in cell.get("outputs", []))
        if LABEL[lang] not in text:
            problems.append(f"cell {i}: the results table does not name the {LABEL[lang]!r}")
    return problems


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", JENA)
@pytest.mark.content
def test_the_jena_chapters_ran_on_the_stand_in_and_their_tables_say_so(stem, lang) -> None:
    nb = notebook(lang, stem)
    standin, why = ran_on_standin(nb)
    # committed from the stand-in (README): a record that says otherwise is another run
    assert standin, f"{stem} ({lang}) was not run on the stand-in: {why}"
    assert not unnamed_tables(nb, lang), "\n".join(unnamed_tables(nb, lang))


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.content
def test_the_overview_names_the_data_of_the_jena_figures(lang: str) -> None:
    """Chapter 06 shows the Jena records: where they come from the stand-in, it says so."""
    assert all(ran_on_standin(notebook(lang, stem))[0] for stem in JENA)
    shown = "\n".join(
        text_of(o) for c in notebook(lang, "06_results")["cells"] for o in c.get("outputs", [])
    )
    assert LABEL[lang] in shown


@pytest.mark.unit
def test_the_check_catches_a_table_without_the_stand_in() -> None:
    def table(text: str) -> dict:
        output = {"output_type": "display_data", "data": {"text/html": text}, "metadata": {}}
        return {
            "cell_type": "code",
            "metadata": {"tags": [TABLE]},
            "source": "",
            "outputs": [output],
        }

    assert unnamed_tables({"cells": [table("<th>this run (stand-in data)</th>")]}, "en") == []
    assert unnamed_tables({"cells": [table("<th>this run</th>")]}, "en") == [
        "cell 0: the results table does not name the 'stand-in'"
    ]
    assert unnamed_tables({"cells": []}, "ko") == ["no cell tagged 'results-table'"]


def chapter_with_record(data: str, models: dict[str, str], text: str) -> dict:
    """A one-cell chapter whose record says ``data`` (the run's) and ``models`` (id → data)."""
    record = {
        "chapter": "02_jena_rnn", "lang": "en", "data": data, "settings": {}, "versions": {},
        "date": "2026-12-04",
        "models": [{"id": key, "data": value} for key, value in models.items()],
    }  # fmt: skip
    outputs = [
        {"output_type": "stream", "name": "stdout", "text": text},
        {"output_type": "display_data", "data": {RECORD_MIME: record}, "metadata": {}},
    ]
    return {"cells": [{"cell_type": "code", "metadata": {}, "source": "", "outputs": outputs}]}


@pytest.mark.unit
def test_the_run_is_told_by_its_record_not_by_its_text() -> None:
    """A chapter whose text says "stand-in" everywhere but whose record says it ran on the real
    file (or whose one model did, or that keeps no record) is not a stand-in run."""
    said = "MAE 0.29 (stand-in)"
    assert ran_on_standin(chapter_with_record("stand-in", {"gru": "stand-in"}, said))[0]
    real = ran_on_standin(chapter_with_record("real", {"gru": "real"}, said))
    assert real == (False, "the record says data=['real']")
    assert not ran_on_standin(chapter_with_record("stand-in", {"gru": "real"}, said))[0]
    nb = chapter_with_record("stand-in", {"gru": "stand-in"}, said)
    nb["cells"][0]["outputs"].pop()  # no record
    assert ran_on_standin(nb) == (False, "no results record")


@pytest.mark.content
def test_the_committed_check_fails_on_a_chapter_whose_record_says_real(monkeypatch) -> None:
    """The committed chapter 02 with its record's ``data`` set to "real" (a copy, in memory):
    the check fails, although its outputs still say "stand-in"."""
    committed = notebook("en", "02_jena_rnn")
    changed = json.loads(json.dumps(committed))
    record = record_of(changed)
    record["data"] = "real"
    for model in record["models"]:
        model["data"] = "real"
    monkeypatch.setitem(globals(), "notebook", lambda lang, stem: changed)
    assert "stand-in" in json.dumps(changed)  # a check of the words alone passed this
    with pytest.raises(AssertionError, match="02_jena_rnn .en. was not run on the stand-in"):
        test_the_jena_chapters_ran_on_the_stand_in_and_their_tables_say_so("02_jena_rnn", "en")
