"""A chapter runs alone, as on Colab: the helpers installed by pip (not editable), the notebook
copied into an empty folder, no repository around it (scripts/backends.py does each run).

Chapters 05 and 06 read other chapters' results, the part a repository layout used to give;
here chapter 05 runs so in English on JAX (when installed), chapter 06 in both languages, at
CI's settings, and each must end with its learning checks inside their bands and no warning in
its outputs. ``python scripts/backends.py`` runs every chapter so, in both languages and on
every backend (``chapters/backend_runs.json`` keeps the last measurement).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import backends  # noqa: E402

pytestmark = pytest.mark.notebook
JAX = "jax" if importlib.util.find_spec("jax") else "tensorflow"
RUNS = [
    ("05_conv_wavenet", "en", JAX),
    ("06_results", "en", "tensorflow"),
    ("06_results", "ko", JAX),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The helpers, pip-installed from the repository into a folder of their own."""
    return backends.install_helpers(tmp_path_factory.mktemp("site"))


def test_installed_helpers_are_a_copy(site):
    """What the runs import is the installed copy, with the results records in it."""
    assert (site / "helpers" / "results.py").exists()
    records = sorted(p.name for p in (site / "helpers" / "records").glob("*.json"))
    assert "04_rnn_forecasting.ko.json" in records and len(records) >= 10


@pytest.mark.parametrize(("stem", "lang", "backend"), RUNS, ids=lambda v: str(v))
def test_chapter_runs_alone(stem, lang, backend, site, tmp_path):
    run = backends.run_alone(stem, lang, backend, site, tmp_path)
    assert run["passed"], f"{stem} ({lang}) alone on {backend}: " + "; ".join(run["failures"])
