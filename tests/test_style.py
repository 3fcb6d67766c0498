"""The code is ruff-clean: helpers, tests, scripts and the chapters' code cells."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.content

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean() -> None:
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
