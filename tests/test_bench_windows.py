"""The window benchmark script runs and reports all three paths (a smoke test; the figures
themselves are measured on a quiet machine, see the README)."""

import importlib.util
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "bench_windows.py"


def test_bench_windows_reports_three_paths(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_windows", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "bench.json"
    report = module.main(["--batches", "3", "--warmup", "1", "--json", str(out)])
    assert json.loads(out.read_text()) == report
    assert report["batch_shape"] == [128, 240, 14]
    rates = report["batches_per_second"]
    assert set(rates) == {"classic_generator", "timeseries_dataset_from_array", "WindowSampler"}
    assert all(rate > 0 for rate in rates.values())
