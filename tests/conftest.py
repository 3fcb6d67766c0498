"""Fixtures shared by the tests: the built site (the build step's), the browsers, the PDFs."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import site_support

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import build_site  # noqa: E402

HTML = build_site.HTML
BUILD_TIMEOUT = 1800  # seconds the site's tests wait for the build step


@pytest.fixture(scope="session")
def built() -> Path:
    """The book's site as the build step made it (``scripts/build_site.py``): its HTML folder.

    Under the test command (``scripts/test.py``) the step runs beside the other tests and names
    the file it reports to in ``SEQBOOK_SITE_BUILD``: the site's tests wait for that report.
    Run alone, pytest takes the site already built, unless a source is newer than the build.
    """
    report = os.environ.get("SEQBOOK_SITE_BUILD")
    if report:
        waited = 0.0
        while not Path(report).exists():
            if waited > BUILD_TIMEOUT:
                pytest.fail(f"the site's build step did not report in {BUILD_TIMEOUT} s")
            time.sleep(1.0)
            waited += 1.0
        status = json.loads(Path(report).read_text(encoding="utf-8"))
        if status["returncode"] != 0:
            pytest.fail(f"the site's build step failed (see {status['log']}):\n{status['tail']}")
    stale = build_site.stale_sources()
    if not build_site.STAMP.exists():
        pytest.fail("the site is not built: run python scripts/build_site.py first")
    if stale:
        shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        pytest.fail(f"the site is older than {shown}: run python scripts/build_site.py again")
    return HTML


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium in a 1280 × 900 desktop window."""
    driver = site_support.chrome()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def phone() -> Iterator[object]:
    """Headless Chromium on a phone's screen (390 × 844 CSS pixels)."""
    driver = site_support.chrome(phone=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(built: Path) -> Iterator[str]:
    """The built site served over HTTP on localhost: its base URL."""
    server = site_support.Server(built)
    yield server.url
    server.close()


@pytest.fixture(scope="module")
def printed(built: Path) -> dict[str, Path]:
    """scripts/print_book.py run on the built site: the PDF of each language."""
    site_support.require_chromium()
    return site_support.print_book(built)


@pytest.fixture(autouse=True)
def unmarked_figures():
    """Every test starts and ends without the stand-in's figure mark: a test that loads the
    stand-in (``load_jena``) must not mark the figures of the tests after it."""
    yield
    plots = sys.modules.get("helpers.plots")
    if plots is not None:
        plots.mark_figures(None)
