"""Print the built site to one PDF per language, with headless Chromium.

    jupyter-book build . && python scripts/print_book.py    # _build/html/seqbook-{en,ko}.pdf

Each language's pages, in the order of ``_toc.yml`` (then the glossary), are opened from a
local HTTP server (so the site's own Korean web font loads and is embedded), printed by
Chromium's ``Page.printToPDF`` on A4 with the site's print style (no sidebars, code wrapped
at the margin, figures and tables kept whole), and joined with ``pypdf`` behind a cover and a
contents page (each page's sections, with their page numbers); every page but the cover has
its number at its foot, and the PDF has one bookmark per page. Before a page is printed it is
laid out at the printed column's width and every printed output (a Keras model summary, a
wide table) that would not fit gets a smaller font until it does, so that no box drawing
wraps (``fit_outputs``); a model summary's parts ("Model:", the table, the totals) are kept on
one page. The landing pages and the header's ".pdf" button link to the two files. Needs
Chromium and its driver: Debian's ``chromium`` and ``chromium-driver``, or Google Chrome
(``SEQBOOK_CHROME`` and ``SEQBOOK_CHROMEDRIVER`` name others).
"""

from __future__ import annotations

import argparse
import base64
import functools
import html as html_escape
import http.server
import io
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

import yaml

from helpers.text import LANGS, say

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
TITLES = {lang: say(lang, "book", "title") for lang in LANGS}
A4 = {"paperWidth": 8.27, "paperHeight": 11.69}  # inches
MARGIN = 0.5  # inches
COLUMN = round((A4["paperWidth"] - 2 * MARGIN) * 96)  # the printed column, in CSS pixels
AUTHORS = {lang: say(lang, "book", "authors") for lang in LANGS}
CONTENTS = {lang: say(lang, "book", "contents") for lang in LANGS}
COVER_NOTE = {lang: say(lang, "book", "cover_note") for lang in LANGS}
SITE = "https://seqbook.github.io/seqbook/"


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


# Run in the page laid out as printed (print media, the column's width): every printed output
# wider than its box gets a smaller font until it fits (not below MIN_PX; then it wraps), and
# the parts of a Keras model summary are kept together. Returns what it did, for the record.
FIT_OUTPUTS = """
const minPx = arguments[0];
const fitted = [];
const blocks = document.querySelectorAll(
  ".cell_output pre, .cell_output .output.text_html table");
for (const block of blocks) {
  const box = block.tagName === "PRE" ? block : block.closest(".output");
  if (block.tagName === "PRE") block.style.setProperty("white-space", "pre", "important");
  let size = parseFloat(getComputedStyle(block).fontSize);
  for (let i = 0; i < 12 && box.scrollWidth > box.clientWidth + 1 && size > minPx; i++) {
    size = Math.max(minPx, Math.floor(size * (box.clientWidth / box.scrollWidth) * 20) / 20);
    block.style.setProperty("font-size", size + "px", "important");
  }
  if (box.scrollWidth > box.clientWidth + 1 && block.tagName === "PRE") {
    block.style.setProperty("white-space", "pre-wrap", "important");  // still too wide: wrap
    fitted.push(["wrapped", block.textContent.slice(0, 40)]);
  } else if (block.style.fontSize) {
    fitted.push([size, block.textContent.slice(0, 40)]);
  }
}
// a model summary: "Model: ..." and the outputs after it down to "Non-trainable params"
for (const output of document.querySelectorAll(".cell_output .output")) {
  if (!/^\\s*Model: /.test(output.textContent) || output.parentElement.matches(".seqbook-keep"))
    continue;
  const group = [output];
  let next = output.nextElementSibling;
  while (next && next.matches(".output") && group.length < 6) {
    group.push(next);
    if (/Non-trainable params/.test(next.textContent)) break;
    next = next.nextElementSibling;
  }
  const keep = document.createElement("div");
  keep.className = "seqbook-keep";
  keep.style.breakInside = "avoid";
  output.before(keep);
  for (const part of group) keep.append(part);
}
return fitted;
"""


def fit_outputs(driver, min_px: float = 5.5) -> list:
    """Lay the page out as printed and shrink what would overflow the column (FIT_OUTPUTS)."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": COLUMN, "height": 1100, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        return driver.execute_script(FIT_OUTPUTS, min_px)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def _pdf(driver, **extra: object) -> bytes:
    options = {**A4, "printBackground": True, "preferCSSPageSize": False,
               "marginTop": MARGIN, "marginBottom": MARGIN, "marginLeft": MARGIN,
               "marginRight": MARGIN, **extra}  # fmt: skip
    return base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", options)["data"])


def print_page(driver, url: str) -> bytes:
    """One page as PDF, once its fonts and images have loaded, its outputs fitted to the
    column, with an outline of its headings (read back for the contents page)."""
    driver.get(url)
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.all([document.fonts.ready, ...Array.from(document.images, i => i.decode()"
        ".catch(() => null))]).then(() => done(true));"
    )
    fit_outputs(driver)
    return _pdf(driver, generateDocumentOutline=True)


HEADINGS = """
return Array.from(document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6"))
  .filter(h => !h.closest("#jb-print-docs-body") && h.offsetParent !== null)
  .map(h => [Number(h.tagName[1]), h.textContent.replace(/#$/, "").trim()]);
"""


def _sections(reader, headings: list) -> list[tuple[str, int, int]]:
    """(title, level, page index) of a printed page's title (level 0, its first page) and
    sections (level 1): the page's own headings (``headings``: [h-level, text] in order) on
    the pages where Chromium's outline puts them, when the outline has one entry per heading
    below the title (its titles run a wrapped heading's lines together); else nothing."""
    pages: list[int] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages.append(reader.get_destination_page_number(item))

    walk(reader.outline)
    sections = [(level, text) for level, text in headings if level > 1]  # the outline has no h1
    if len(pages) != len(sections):
        return []
    title = [(text, 0, 0) for level, text in headings[:1] if level == 1]
    found = zip(sections, pages, strict=True)
    return title + [(text, 1, page) for (level, text), page in found if level == 2]


PRINT_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="../_static/book_print.css"></head>
<body class="seqbook-print-{kind}">{body}</body></html>
"""


def _cover(lang: str) -> str:
    other = TITLES["ko" if lang == "en" else "en"]
    note = COVER_NOTE[lang].format(url=SITE)
    return (
        f'<div class="cover"><h1>{TITLES[lang]}</h1><p class="other">{other}</p>'
        f'<p class="authors">{AUTHORS[lang]}</p><p class="note">{note}</p>'
        f'<p class="year">2026</p></div>'
    )


def _contents(lang: str, entries: list[tuple[str, int, int]]) -> str:
    rows = "".join(
        f'<li class="level-{level}"><span class="title">{html_escape.escape(title)}</span>'
        f'<span class="page">{page}</span></li>'
        for title, level, page in entries
    )
    return f'<h1>{CONTENTS[lang]}</h1><ol class="contents">{rows}</ol>'


def _numbers(count: int, first: int) -> str:
    """One A4 page per book page, its number at the foot (pages before ``first`` blank)."""
    return "".join(
        f'<div class="number">{n if n >= first else ""}</div>' for n in range(1, count + 1)
    )


def print_extra(driver, server: Server, html: Path, lang: str, kind: str, body: str,
                margins: bool = True) -> bytes:  # fmt: skip
    """A page the book makes itself (cover, contents, page numbers), printed like the rest."""
    folder = html / "_print"
    folder.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".html", dir=folder, delete=False,
                                     encoding="utf-8") as page:  # fmt: skip
        page.write(PRINT_PAGE.format(lang=lang, title=TITLES[lang], kind=kind, body=body))
    try:
        driver.get(f"{server.url}_print/{Path(page.name).name}")
        driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; document.fonts.ready.then(done);"
        )
        if margins:
            return _pdf(driver)
        # transparent, laid over the book's pages
        return _pdf(driver, marginTop=0, marginBottom=0, marginLeft=0, marginRight=0,
                    printBackground=False)  # fmt: skip
    finally:
        Path(page.name).unlink()


def print_language(driver, server: Server, html: Path, lang: str) -> Path:
    """``<html>/seqbook-<lang>.pdf``: cover, contents, the pages, numbered."""
    from pypdf import PdfReader, PdfWriter

    parts = []  # (title, reader) per page of the book
    for page in book_pages(lang):
        if not (html / page).exists():
            raise FileNotFoundError(f"{html / page}: build the site first")
        reader = PdfReader(io.BytesIO(print_page(driver, server.url + page)))
        parts.append((driver.title.split(" — ")[0], reader, driver.execute_script(HEADINGS)))
    cover = PdfReader(io.BytesIO(print_extra(driver, server, html, lang, "cover", _cover(lang))))
    front = len(cover.pages) + 1  # the contents' own length is measured below
    for _ in range(3):
        entries, start = [], front + 1
        for title, reader, headings in parts:
            sections = _sections(reader, headings) or [(title, 0, 0)]
            entries += [(t if level else title, level, start + index)
                        for t, level, index in sections]  # fmt: skip
            start += len(reader.pages)
        contents = PdfReader(io.BytesIO(
            print_extra(driver, server, html, lang, "contents", _contents(lang, entries))
        ))  # fmt: skip
        if len(cover.pages) + len(contents.pages) == front:
            break
        front = len(cover.pages) + len(contents.pages)
    writer = PdfWriter()
    writer.append(cover)
    writer.append(contents)
    writer.add_outline_item(title=CONTENTS[lang], page_number=len(cover.pages))
    for title, reader, _headings in parts:
        start = len(writer.pages)
        writer.append(reader, import_outline=False)
        writer.add_outline_item(title=title, page_number=start)
    numbers = PdfReader(io.BytesIO(print_extra(
        driver, server, html, lang, "numbers", _numbers(len(writer.pages), len(cover.pages) + 1),
        margins=False,
    )))  # fmt: skip
    for page, number in zip(writer.pages, numbers.pages, strict=True):
        page.merge_page(number)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    writer.add_metadata({"/Title": TITLES[lang], "/Author": AUTHORS[lang]})
    target = html / f"seqbook-{lang}.pdf"
    with target.open("wb") as out:
        writer.write(out)
    return target


def print_book(html: Path = HTML, langs: tuple[str, ...] = LANGS) -> dict[str, Path]:
    """Write ``<html>/seqbook-<lang>.pdf`` for each language; return the paths."""
    server = Server(html)
    driver = chrome()
    written = {}
    try:
        for lang in langs:
            written[lang] = print_language(driver, server, html, lang)
    finally:
        driver.quit()
        server.close()
        shutil.rmtree(html / "_print", ignore_errors=True)
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
