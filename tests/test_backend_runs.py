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


@pytest.mark.unit
def test_the_bands_lines_name_each_backends_own_bands_and_what_was_set_aside() -> None:
    bands = {
        "02_x": {"backends": {"torch": {"unlearned": {"dense": {}}}, "jax": {}}},
        "03_x": {"backends": {"torch": {}}},
        "05_x": {},
    }
    own, aside = book_backends.bands_lines("en", bands)
    assert "(JAX: 02_x; PyTorch: 02_x, 03_x)" in own
    assert aside.endswith(": PyTorch, 02_x dense.")
    assert book_backends.bands_lines("ko", {"05_x": {}}) == [
        book_backends.LABELS["ko"]["bands"].format(own="–")
    ]  # nothing set aside: no second line


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


@pytest.mark.content
def test_the_teachers_pages_sentences_hold_on_the_runs() -> None:
    """What the teachers' pages say of the table (chapters/{en,ko}/teaching.md, "How to read
    it"): every chapter ran to its end on every backend; the one run that failed is chapter 01
    on PyTorch, by its LSTM's test accuracy; PyTorch took the longest in chapters 01 to 04, 1.5
    to 4.9 times TensorFlow's time, and was not the slowest in chapter 05. A re-measurement that
    changes any of these fails here, naming it."""
    runs = json.loads(RUNS.read_text(encoding="utf-8"))["runs"]
    stopped = [r for r in runs if any(f.startswith("stopped") for f in r["failures"])]
    assert not stopped, f"runs that did not end: {stopped}"
    failed = sorted({(r["chapter"], r["backend"]) for r in runs if not r["passed"]})
    assert failed == [("01_conv1d_imdb", "torch")], f"failed runs {failed}: the pages name one"
    (lstm,) = [r for r in runs if (r["chapter"], r["backend"]) == failed[0] and r["failures"]]
    assert all(f.startswith("lstm_test ") for f in lstm["failures"]), lstm["failures"]
    ratios = {}
    for stem in STEMS[:5]:
        seconds = {r["backend"]: r["seconds"] for r in runs if (r["chapter"], r["lang"]) == (
            stem, "en")}  # fmt: skip
        slowest = max(seconds, key=seconds.get)
        assert (slowest == "torch") == (stem != "05_conv_wavenet"), f"{stem}: {seconds}"
        ratios[stem] = round(seconds["torch"] / seconds["tensorflow"], 1)
    ratios.pop("05_conv_wavenet")
    assert (min(ratios.values()), max(ratios.values())) == (1.5, 4.9), ratios
