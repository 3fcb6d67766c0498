"""The results overview (06_results) is built from the chapters' results records only.

CI re-runs the overview (nbval) from the committed records and compares every table with the
committed one, so the page cannot drift from the chapters. These tests hold what nbval cannot
see: that the overview reads numbers only through ``helpers.results.load`` (no table scraped,
no column position, no figure typed in), and that every trained model of every chapter is on it.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from helpers.results import load

pytestmark = pytest.mark.content

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ["01_conv1d_imdb", "02_jena_rnn", "03_jena_conv_hybrid", "04_rnn_forecasting",
            "05_conv_wavenet"]  # fmt: skip


def code(lang: str) -> str:
    notebook = json.loads((ROOT / "chapters" / lang / "06_results.ipynb").read_text("utf-8"))
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")


def shown(lang: str) -> str:
    """Everything the committed overview shows as text: its styled tables' HTML without the
    tags (their plain-text form is only the Styler's name), other outputs' plain text."""
    notebook = json.loads((ROOT / "chapters" / lang / "06_results.ipynb").read_text("utf-8"))
    texts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                texts.append(html.unescape(re.sub(r"<[^>]+>", " ", "".join(data["text/html"]))))
            else:
                texts.append("".join(data.get("text/plain", "")))
    return "\n".join(texts)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_overview_reads_the_records_only(lang: str) -> None:
    source = code(lang)
    assert "from helpers.results import load" in source
    for stem in CHAPTERS:
        assert f'"{stem}"' in source, f"{stem} is not read"
    assert not re.search(r"\.iloc\[\d|chapter_table|read_html|COLUMNS", source)
    assert not re.search(r"\b0\.\d{3,}", source), "a figure typed into the overview"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_recorded_model_is_on_the_overview(lang: str) -> None:
    text = shown(lang)
    for stem in CHAPTERS:
        for key, model in load(stem, lang).items():
            assert model["name"] in text, f"{stem}: {key} ({model['name']}) not shown"
