"""The chapters alone on each Keras backend: the measured runs (chapters/backend_runs.json,
written by scripts/backends.py) and the teachers' pages' table made from them
(_ext/book_backends.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNS = ROOT / "chapters" / "backend_runs.json"
STEMS = sorted(p.stem for p in (ROOT / "chapters" / "en").glob("*.ipynb"))

sys.path.insert(0, str(ROOT / "_ext"))
_spec = importlib.util.spec_from_file_location("book_backends", ROOT / "_ext" / "book_backends.py")
book_backends = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(book_backends)


def run(stem: str, lang: str, backend: str, passed: bool, seconds: float) -> dict:
    machine = {"cpus": 2, "processor": "x86_64", "date": "2026-12-04", "command": "c"}
    versions = {"keras": "3.15.1", "backend": backend, backend: "1.0"}
    return {
        "chapter": stem,
        "lang": lang,
        "backend": backend,
        "passed": passed,
        "seconds": seconds,
        "failures": [] if passed else ["gru = 0.5 outside [0.2, 0.3]"],
        "versions": versions,
        "machine": machine,
    }


@pytest.mark.unit
def test_the_table_shows_each_run_and_the_full_time() -> None:
    runs = {"runs": [run("03_x", "ko", "jax", True, 61.6), run("03_x", "ko", "torch", False, 336)]}
    times = {"03_x": {"ko": {"full": {"seconds": 1551}}}}
    rows = book_backends.backend_table("ko", runs, times)
    assert rows[0] == ["장", "전체 설정, 텐서플로", "CI 설정, jax", "CI 설정, torch"]
    assert rows[1] == ["03_x", "26분", "통과, 62초", "실패, 336초"]
    heading = ["chapter", "full settings, TensorFlow", "CI settings, jax", "CI settings, torch"]
    assert book_backends.backend_table("en", runs, times) == [heading]  # no English runs
    line = book_backends.machine_line("en", runs)
    assert "2026-12-04" in line and "jax 1.0" in line and "torch 1.0" in line


@pytest.mark.content
def test_every_chapter_ran_alone_in_both_languages() -> None:
    """Each chapter of each language has run alone, and passed, on at least one backend; and
    each chapter has run on every backend in at least one language."""
    runs = json.loads(RUNS.read_text(encoding="utf-8"))["runs"]
    for stem in STEMS:
        for lang in ("en", "ko"):
            found = [r for r in runs if (r["chapter"], r["lang"]) == (stem, lang)]
            assert any(r["passed"] for r in found), f"{stem} ({lang}): no passing run alone"
        backends = {r["backend"] for r in runs if r["chapter"] == stem}
        assert backends == {"tensorflow", "jax", "torch"}, f"{stem}: ran on {backends}"
    for r in runs:  # a run names the backend it ran on, measured by the script
        assert r["versions"] is None or r["versions"]["backend"] == r["backend"]


RECURRENT = [
    "01_conv1d_imdb",
    "02_jena_rnn",
    "03_jena_conv_hybrid",
    "04_rnn_forecasting",
    "05_conv_wavenet",
]  # fmt: skip  (each trains an LSTM or a GRU)


@pytest.mark.content
def test_the_teachers_pages_sentences_hold_on_the_runs() -> None:
    """What the teachers' pages say of the table (chapters/{en,ko}/teaching.md, "How to read
    it"): every chapter ran to its end on every backend; the runs that failed are PyTorch's
    learning checks in chapters 01 to 04 only; PyTorch took the longest in every chapter
    with recurrent layers. A re-measurement that changes any of these fails here, naming it."""
    runs = json.loads(RUNS.read_text(encoding="utf-8"))["runs"]
    stopped = [r for r in runs if any(f.startswith("stopped") for f in r["failures"])]
    assert not stopped, f"runs that did not end: {stopped}"
    failed = sorted({(r["chapter"], r["backend"]) for r in runs if not r["passed"]})
    expected = [("01_conv1d_imdb", "torch"), ("02_jena_rnn", "torch"),
                ("03_jena_conv_hybrid", "torch"), ("04_rnn_forecasting", "torch")]  # fmt: skip
    assert failed == expected, f"failed runs {failed}: the pages name {expected}"
    for stem in RECURRENT:
        seconds = {r["backend"]: r["seconds"] for r in runs if (r["chapter"], r["lang"]) == (
            stem, "en")}  # fmt: skip
        assert max(seconds, key=seconds.get) == "torch", f"{stem}: {seconds}"
