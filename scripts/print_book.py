"""Print the built site to one PDF per language, with headless Chromium.

    jupyter-book build . && python scripts/print_book.py    # _build/html/seqbook-{en,ko}.pdf

Each language's pages, in the order of ``_toc.yml`` (then the glossary), are opened from a
local HTTP server (so the site's own Korean web font loads and is embedded), printed by
Chromium's ``Page.printToPDF`` on A4 with the site's print style (no sidebars, code wrapped
at the margin, figures and tables kept whole), and joined with ``pypdf``, one bookmark per
page. The landing pages link to the two files. Needs Chromium and its driver: Debian's
``chromium`` and ``chromium-driver``, or Google Chrome (``SEQBOOK_CHROME`` and
``SEQBOOK_CHROMEDRIVER`` name others).
"""

from __future__ import annotations

import argparse
import base64
import functools
import http.server
import io
import os
import shutil
import sys
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
LANGS = ("en", "ko")
TITLES = {
    "en": "Deep learning for sequences with Keras",
    "ko": "케라스로 배우는 시퀀스 딥러닝",
}
A4 = {"paperWidth": 8.27, "paperHeight": 11.69}  # inches
MARGIN = 0.5  # inches


def _first(*candidates: str | None) -> Path:
    """The first candidate that names an existing file (the last one otherwise)."""
    paths = [Path(c) for c in candidates if c]
    return next((p for p in paths if p.exists()), paths[-1])


# Debian's chromium and chromium-driver (.ci/run); elsewhere, such as GitHub's Ubuntu runners,
# Google Chrome and the chromedriver the runner names (SEQBOOK_CHROME, SEQBOOK_CHROMEDRIVER
# choose others).
CHROMIUM = _first(
    os.environ.get("SEQBOOK_CHROME"),
    shutil.which("google-chrome"),
    "/usr/bin/chromium",
)
CHROMEDRIVER = _first(
    os.environ.get("SEQBOOK_CHROMEDRIVER"),
    os.environ.get("CHROMEWEBDRIVER") and f"{os.environ['CHROMEWEBDRIVER']}/chromedriver",
    "/usr/bin/chromedriver",
)
if CHROMIUM.name == "chromium":  # Debian's pair: its own driver, whatever else is installed
    CHROMEDRIVER = _first(os.environ.get("SEQBOOK_CHROMEDRIVER"), "/usr/bin/chromedriver")


class Server:
    """A static HTTP server for one folder, on a free local port, in a thread."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def chrome(window: str = "1280,900"):
    """Headless Chromium driven by Selenium (raises RuntimeError, saying what to install)."""
    from selenium import webdriver

    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        raise RuntimeError(
            f"needs Chromium and its driver ({CHROMIUM}, {CHROMEDRIVER}): apt-get install "
            "chromium chromium-driver, or name them with SEQBOOK_CHROME and SEQBOOK_CHROMEDRIVER"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={window}"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(service=webdriver.ChromeService(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    return driver


def book_pages(lang: str, toc: Path = ROOT / "_toc.yml") -> list[str]:
    """The pages of a language's part, in the table of contents' order, then the glossary."""
    parts = yaml.safe_load(toc.read_text(encoding="utf-8"))["parts"]
    files = [c["file"] for part in parts for c in part["chapters"]]
    ours = [f for f in files if f.startswith(f"chapters/{lang}/")]
    return [f"{f}.html" for f in ours + [f for f in files if not f.startswith("chapters/")]]


def print_page(driver, url: str) -> bytes:
    """One page as PDF, once its fonts and images have loaded."""
    driver.get(url)
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.all([document.fonts.ready, ...Array.from(document.images, i => i.decode()"
        ".catch(() => null))]).then(() => done(true));"
    )
    options = {**A4, "printBackground": True, "preferCSSPageSize": False,
               "marginTop": MARGIN, "marginBottom": MARGIN, "marginLeft": MARGIN,
               "marginRight": MARGIN}  # fmt: skip
    return base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", options)["data"])


def print_book(html: Path = HTML, langs: tuple[str, ...] = LANGS) -> dict[str, Path]:
    """Write ``<html>/seqbook-<lang>.pdf`` for each language; return the paths."""
    from pypdf import PdfReader, PdfWriter

    server = Server(html)
    driver = chrome()
    written = {}
    try:
        for lang in langs:
            writer = PdfWriter()
            for page in book_pages(lang):
                if not (html / page).exists():
                    raise FileNotFoundError(f"{html / page}: build the site first")
                start = len(writer.pages)
                reader = PdfReader(io.BytesIO(print_page(driver, server.url + page)))
                writer.append(reader)
                writer.add_outline_item(title=driver.title.split(" — ")[0], page_number=start)
            writer.add_metadata({"/Title": TITLES[lang], "/Author": "The seqbook authors"})
            target = html / f"seqbook-{lang}.pdf"
            with target.open("wb") as out:
                writer.write(out)
            written[lang] = target
    finally:
        driver.quit()
        server.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=HTML, help="the built site")
    args = parser.parse_args()
    from pypdf import PdfReader

    for lang, path in print_book(args.html).items():
        pages = len(PdfReader(path).pages)
        print(f"{path}: {pages} pages, {path.stat().st_size / 1e6:.1f} MB ({lang})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
