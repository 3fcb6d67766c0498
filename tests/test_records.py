"""The package's copies of the committed results records (helpers/records, scripts/records.py).

A chapter opened alone reads other chapters' results from these copies (helpers.results.load),
so they must be the records the committed notebooks hold, and travel with the package.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.results import RECORDS, load

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "records.py"


@pytest.mark.content
def test_copies_equal_the_committed_notebooks():
    found = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert found.returncode == 0, found.stdout + found.stderr


@pytest.mark.unit
def test_check_names_a_stale_copy(tmp_path, monkeypatch):
    """The check can fail: a copy with one figure changed is named."""
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import records
    finally:
        sys.path.remove(str(SCRIPT.parent))
    copy = tmp_path / "records"
    copy.mkdir()
    for path in RECORDS.glob("*.json"):
        (copy / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    target = copy / "05_conv_wavenet.en.json"
    record = json.loads(target.read_text(encoding="utf-8"))
    record["models"][0]["value"] += 0.001
    target.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setattr(records, "RECORDS", copy)
    monkeypatch.setattr(records, "record_path", lambda stem, lang: copy / f"{stem}.{lang}.json")
    assert records.stale() == ["05_conv_wavenet.en.json"]


@pytest.mark.unit
def test_load_reads_the_package_copy_and_names_what_is_missing():
    assert load("04_rnn_forecasting", "ko").lang == "ko"
    with pytest.raises(FileNotFoundError, match="records there: 01_conv1d_imdb.en"):
        load("99_nowhere", "en")
