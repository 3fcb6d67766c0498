"""The prose beside the runs: every marked figure is the run's, no figure of the run is typed
unmarked, and every claim about the run holds on the committed records (``scripts/prose.py``,
``scripts/claims.py``)."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import claims  # noqa: E402
import prose  # noqa: E402

from helpers.results import record_of, seed_spread  # noqa: E402

pytestmark = pytest.mark.content


@pytest.fixture(scope="module")
def checked() -> dict:
    return prose.check()


def problems(result: dict, kind: str) -> list[str]:
    return [str(p) for p in result["problems"] if p.kind == kind]


def test_every_marked_figure_is_the_runs(checked: dict) -> None:
    found = problems(checked, "mark")
    assert not found, "\n".join(found)


def test_no_figure_of_the_run_is_typed_unmarked(checked: dict) -> None:
    found = problems(checked, "unmarked")
    assert not found, (
        "mark these figures (scripts/prose.py) or allow them with a reason "
        "(scripts/claims.py ALLOWED):\n" + "\n".join(found)
    )


def test_every_claim_holds_on_the_committed_records(checked: dict) -> None:
    found = problems(checked, "claim")
    assert not found, "\n".join(found)


def test_both_languages_mark_and_claim_alike(checked: dict) -> None:
    counts = checked["counts"]
    for stem in prose.STEMS:
        en, ko = counts[(stem, "en")], counts[(stem, "ko")]
        assert (en["marks"], en["claims"]) == (ko["marks"], ko["claims"]), (stem, en, ko)


def test_the_marked_chapters_have_marks(checked: dict) -> None:
    for stem in prose.STEMS[:-1]:
        assert checked["counts"][(stem, "en")]["marks"] >= 10, stem


def test_marks_are_invisible_html_comments() -> None:
    """An HTML comment: Jupyter, Colab and myst-parser's HTML (raw, passed through) show
    nothing of it."""
    from docutils.core import publish_string
    from myst_parser.parsers.docutils_ import Parser

    text = "the GRU reaches 0.2837<!-- seq:gru.value -->, less.<!-- claim:02.x -->\n"
    html = publish_string(text, parser=Parser(), writer_name="html5").decode()
    body = html[html.index("<main>") :]
    assert "0.2837<!-- seq:gru.value -->, less.<!-- claim:02.x -->" in body


def changed_record(stem: str, lang: str, model: str, field: str, value: float) -> dict:
    record = copy.deepcopy(record_of(prose.read(stem, lang)))
    for entry in record["models"]:
        if entry["id"] == model:
            entry[field] = value
    return {(stem, lang): record}


def test_a_claim_fails_when_its_figure_changes() -> None:
    # the dense model of chapter 02 at 0.28, under the baseline: the sentence no longer holds
    records = changed_record("02_jena_rnn", "ko", "dense", "value", 0.28)
    result = prose.check(records=records)
    found = problems(result, "claim")
    assert any(
        "02_jena_rnn (ko" in p and "02.dense_above_baseline" in p and "dense.value=0.28" in p
        for p in found
    ), found
    marks = problems(result, "mark")
    assert any("typed 0.3190, the run says 0.2800" in p for p in marks), marks


def test_write_rewrites_marked_figures_from_the_run() -> None:
    records = changed_record("01_conv1d_imdb", "en", "lstm", "value", 0.9)
    ch = prose.chapter("01_conv1d_imdb", "en", records=records)
    assert prose.write_marks(ch) >= 1
    text = json.dumps(ch.notebook, ensure_ascii=False)
    assert "0.900<!-- seq:lstm.value -->" in text


def test_claims_are_named_by_chapter() -> None:
    for name in claims.CLAIMS:
        assert any(stem.startswith(name[:3].rstrip(".")) for stem in prose.STEMS), name


def test_chapter_01s_table_shows_the_current_seed_range() -> None:
    for lang in prose.LANGS:
        notebook = prose.read("01_conv1d_imdb", lang)
        record = record_of(notebook)
        tables = "\n".join(
            prose.output_text(c) for c in notebook["cells"] if c["cell_type"] == "code"
        )
        for key, spread in seed_spread("01_conv1d_imdb", record["settings"]).items():
            shown = f"{min(spread['values']):.3f}–{max(spread['values']):.3f}"
            assert shown in tables, (lang, key, shown)
