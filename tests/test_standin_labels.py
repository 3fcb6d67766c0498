"""Every output made from the Jena stand-in says so where a reader sees it.

The Jena chapters' committed outputs come from the generated stand-in (the real file cannot be
had where they were made). In chapters 02, 03 and 06, every code cell with text output must
name it ("stand-in"; Korean: "대체 데이터") at least once in that output, and every cell that
draws a figure must put the data's label (``DATA_LABEL``) in a title it sets. A cell whose
output does not come from the data at all (a model summary, a parameter count, the IMDB or
generated-series rows of chapter 06) carries the tag ``data-free``, in both languages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LABEL = {"en": "stand-in", "ko": "대체 데이터"}
FREE = "data-free"
TITLE = re.compile(r"(set_title|suptitle|title\s*=|\.title\()[^\n]*DATA_LABEL")
# chapter → made from the stand-in in its committed run (03: to be re-run with its labels)
CHAPTERS = ["02_jena_rnn", "03_jena_conv_hybrid", "06_results"]


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


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", CHAPTERS)
def test_every_output_from_the_stand_in_says_so(stem: str, lang: str) -> None:
    nb = notebook(lang, stem)
    if stem != "06_results":  # 06 reads the records of 02 and 03
        assert "stand-in" in json.dumps(nb), f"{stem} was not run on the stand-in"
    assert not unlabelled(nb, lang), "\n".join(unlabelled(nb, lang))


@pytest.mark.parametrize("stem", CHAPTERS)
def test_data_free_cells_are_the_same_in_both_languages(stem: str) -> None:
    def free(lang: str) -> list[int]:
        cells = notebook(lang, stem)["cells"]
        return [i for i, c in enumerate(cells) if FREE in c.get("metadata", {}).get("tags", [])]

    assert free("en") == free("ko")


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
