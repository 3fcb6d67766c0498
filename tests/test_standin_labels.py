"""Every output made from the Jena stand-in says so where a reader sees it.

The Jena chapters' committed outputs come from the generated stand-in (the real file cannot be
had where they were made). In chapters 02, 03 and 06, every code cell with text output must
name it ("stand-in"; Korean: "대체 데이터") at least once in that output, and every cell that
draws a figure must put the data's label (``DATA_LABEL``) in a title it sets. A cell whose
output does not come from the data at all (a model summary, a parameter count, the IMDB or
generated-series rows of chapter 06) carries the tag ``data-free``, in both languages.

Whether a chapter ran on the stand-in is read from its results record: the record's ``data``
field and every model's (``helpers.results``: "stand-in" when ``load_jena`` gave the stand-in,
a fact of the run, not a word of the chapter's code). Chapter 06 keeps no record of its own: it
shows the records of 02 and 03, so it must label them when one of those says "stand-in".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers.results import RECORD_MIME, ChapterResults, record_of

ROOT = Path(__file__).resolve().parents[1]
LABEL = {"en": "stand-in", "ko": "대체 데이터"}
FREE = "data-free"
TITLE = re.compile(r"(set_title|suptitle|title\s*=|\.title\()[^\n]*DATA_LABEL")
# the Jena chapters, and the overview that shows their records
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


def unlabelled(notebook: dict, lang: str) -> list[str]:
    """The cells of ``notebook`` whose text output or figure does not name the stand-in."""
    problems = []
    for i, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code" or FREE in cell.get("metadata", {}).get("tags", []):
            continue
        outputs = cell.get("outputs", [])
        text = "\n".join(text_of(o) for o in outputs).strip()
        if text and LABEL[lang] not in text:
            problems.append(f"cell {i}: text output without {LABEL[lang]!r}: {text[:80]!r}")
        figures = any("image/png" in o.get("data", {}) for o in outputs)
        if figures and not TITLE.search("".join(cell["source"])):
            problems.append(f"cell {i}: a figure whose code sets no title with DATA_LABEL")
    return problems


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


def shown_on_standin(stem: str, lang: str) -> tuple[bool, str]:
    """Whether chapter ``stem`` shows figures made from the stand-in: its own record's, or for
    the overview (which keeps none), the records of the Jena chapters it reads."""
    if stem != "06_results":
        return ran_on_standin(notebook(lang, stem))
    sources = {jena: ran_on_standin(notebook(lang, jena)) for jena in JENA}
    return any(on for on, _ in sources.values()), "; ".join(
        f"{jena}: {why}" for jena, (_, why) in sources.items()
    )


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", CHAPTERS)
@pytest.mark.content
def test_every_output_from_the_stand_in_says_so(stem: str, lang: str) -> None:
    nb = notebook(lang, stem)
    standin, why = shown_on_standin(stem, lang)
    # committed from the stand-in (README): a record that says otherwise is another run
    assert standin, f"{stem} ({lang}) was not run on the stand-in: {why}"
    assert not unlabelled(nb, lang), "\n".join(unlabelled(nb, lang))


@pytest.mark.parametrize("stem", CHAPTERS)
@pytest.mark.content
def test_data_free_cells_are_the_same_in_both_languages(stem: str) -> None:
    def free(lang: str) -> list[int]:
        cells = notebook(lang, stem)["cells"]
        return [i for i, c in enumerate(cells) if FREE in c.get("metadata", {}).get("tags", [])]

    assert free("en") == free("ko")


@pytest.mark.unit
def test_the_check_catches_an_unlabelled_output_and_figure() -> None:
    cell = {"cell_type": "code", "metadata": {}, "source": "print(mae)"}
    printed = {**cell, "outputs": [{"output_type": "stream", "name": "stdout", "text": "MAE 0.29"}]}
    drawn = {
        **cell,
        "source": "ax.set_title('temperature')",
        "outputs": [{"output_type": "display_data", "data": {"image/png": "…"}}],
    }
    labelled = {**printed, "outputs": [{**printed["outputs"][0], "text": "MAE (stand-in)"}]}
    assert len(unlabelled({"cells": [printed, drawn, labelled]}, "en")) == 2
    free = {**printed, "metadata": {"tags": [FREE]}}
    assert unlabelled({"cells": [free]}, "en") == []


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
    the check fails, although every output still says "stand-in"; so does chapter 06's."""
    committed = {lang: notebook(lang, "02_jena_rnn") for lang in ("en", "ko")}
    read = notebook

    def changed(lang: str, stem: str) -> dict:
        if stem != "02_jena_rnn":
            return read(lang, stem)
        nb = json.loads(json.dumps(committed[lang]))
        record = record_of(nb)
        record["data"] = "real"
        for model in record["models"]:
            model["data"] = "real"
        return nb

    monkeypatch.setitem(globals(), "notebook", changed)
    assert "stand-in" in json.dumps(changed("en", "02_jena_rnn"))  # the old check passed this
    with pytest.raises(AssertionError, match="02_jena_rnn .en. was not run on the stand-in"):
        test_every_output_from_the_stand_in_says_so("02_jena_rnn", "en")
    # 06 still shows 03's stand-in figures: it must still be labelled, and is
    test_every_output_from_the_stand_in_says_so("06_results", "en")
