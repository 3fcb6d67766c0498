"""What the tests of the built site share: headless Chromium (a desktop window or a phone's
screen), the site's pages, and the checks a page load gets. The fixtures that use these
(``browser``, ``phone``, ``site``, ``printed``) are in ``tests/conftest.py``.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them). Without them
the browser tests are skipped locally and fail in CI.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
# Chromium, its driver and a local HTTP server: the same as the printable book's
from print_book import CHROMEDRIVER, CHROMIUM, Server, book_pages, print_book  # noqa: E402

__all__ = [
    "PHONE_WIDTH", "ROOT", "SCREENSHOTS", "Server", "book_pages", "chrome", "loaded",
    "page_problems", "pages", "print_book", "require_chromium", "selenium",
]  # fmt: skip

SCREENSHOTS = ROOT / "_build" / "screenshots"
PHONE_WIDTH = 390  # CSS pixels: the phone the site is read on (390 × 844)


def require_chromium() -> None:
    """Skip (locally) or fail (in CI) when Chromium or its driver is missing."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    message = (
        "needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@functools.cache
def selenium():
    return pytest.importorskip("selenium.webdriver")


def chrome(phone: bool = False) -> object:
    """Headless Chromium: a 1280 × 900 desktop window, or a phone's screen (390 × 844 CSS
    pixels, pixel ratio 3, by Chromium's mobile emulation)."""
    require_chromium()
    webdriver = selenium()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    if phone:
        metrics = {"width": PHONE_WIDTH, "height": 844, "pixelRatio": 3.0}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    else:
        options.add_argument("--window-size=1280,900")
        options.add_argument("--lang=en")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    return driver


def pages(html: Path) -> list[str]:
    """Every HTML page of the site, relative to its root."""
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not p.relative_to(html).parts[0].startswith("_")
    )


def loaded(driver, url: str) -> None:
    """Open ``url`` and wait until the page (and its body) has loaded."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState === 'complete' && !!document.body")
    )


def page_problems(driver, url: str) -> list[str]:
    """Open ``url``; return what is wrong: images not loaded, errors in the console."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # forget the messages of earlier pages
    driver.get(url)
    # a page that redirects (index.html) is still loading its target: wait for that one
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState === 'complete' && !!document.body")
    )
    # scroll through the page, so that lazily loaded images load too, then wait for them
    driver.execute_script(
        "const h = document.body ? document.body.scrollHeight : 0;"
        "window.scrollTo(0, h); window.scrollTo(0, 0);"
    )
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.all(Array.from(document.images).map("
        "  i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })"
        ")).then(() => done());"
    )
    problems = [
        f"image not loaded: {src}"
        for src in driver.execute_script(
            "return Array.from(document.images)"
            ".filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src);"
        )
    ]
    problems += [
        f"console: {entry['message']}"
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE"
    ]
    return problems
