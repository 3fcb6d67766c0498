"""Fixtures shared by the tests of the built book."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def built() -> Path:
    """Build the book once per test run (warnings are errors) and return its HTML folder.

    Under pytest-xdist every worker asks for it: the first builds, the others wait on a lock
    and find the build of this run already made.
    """
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    (ROOT / "_build").mkdir(exist_ok=True)
    stamp = ROOT / "_build" / f".built-{run}" if run else None
    with open(ROOT / "_build" / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if stamp is None or not stamp.exists():
                for old in (ROOT / "_build").glob(".built-*"):
                    old.unlink()
                jb = Path(sys.executable).with_name("jupyter-book")
                result = subprocess.run(
                    [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going"],
                    capture_output=True,
                    text=True,
                    timeout=900,
                )
                assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
                if stamp is not None:
                    stamp.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return HTML


@pytest.fixture(autouse=True)
def unmarked_figures():
    """Every test starts and ends without the stand-in's figure mark: a test that loads the
    stand-in (``load_jena``) must not mark the figures of the tests after it."""
    yield
    plots = sys.modules.get("helpers.plots")
    if plots is not None:
        plots.mark_figures(None)
