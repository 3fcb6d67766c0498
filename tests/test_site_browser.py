"""The built site, opened in a real browser (headless Chromium), as a reader meets it.

Every page loads with all its images and no error in the browser's console (which is where
a file that fails to load, a script error or a resource fetched from the internet shows up:
the site must work offline); the search page finds chapter 01 in each language; and one
screenshot of a Korean chapter page with a plot is kept in ``_build/screenshots/``.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them). Without them
the tests are skipped locally and fail in CI.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


sys.path.insert(0, str(ROOT / "scripts"))
# Chromium, its driver and a local HTTP server: the same as the printable book's
from print_book import CHROMEDRIVER, CHROMIUM, Server, book_pages, print_book  # noqa: E402

SCREENSHOTS = ROOT / "_build" / "screenshots"
# a word of chapter 01 in each language, and the page the search must find
SEARCHES = {
    "en": ("convnet", "chapters/en/01_conv1d_imdb.html"),
    "ko": ("컨브넷", "chapters/ko/01_conv1d_imdb.html"),
}


def _require_chromium() -> None:
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    message = (
        "needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@functools.cache
def _selenium():
    return pytest.importorskip("selenium.webdriver")


def _chrome(phone: bool = False) -> object:
    """Headless Chromium: a 1280 × 900 desktop window, or a phone's screen (390 × 844 CSS
    pixels, pixel ratio 3, by Chromium's mobile emulation)."""
    _require_chromium()
    webdriver = _selenium()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    if phone:
        metrics = {"width": 390, "height": 844, "pixelRatio": 3.0}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    else:
        options.add_argument("--window-size=1280,900")
        options.add_argument("--lang=en")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    return driver


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    driver = _chrome()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(built: Path) -> Iterator[str]:
    server = Server(built)
    yield server.url
    server.close()


def pages(html: Path) -> list[str]:
    """Every HTML page of the site, relative to its root."""
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not p.relative_to(html).parts[0].startswith("_")
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


def test_the_site_has_the_pages_of_both_languages(built: Path) -> None:
    found = pages(built)
    for lang in ("en", "ko"):
        assert any(p.startswith(f"chapters/{lang}/") for p in found), found


def test_every_page_loads_its_images_without_console_errors(browser, site: str, built: Path):
    problems = {page: page_problems(browser, site + page) for page in pages(built)}
    problems = {page: found for page, found in problems.items() if found}
    assert not problems, "\n".join(
        f"{page}: {p}" for page, found in problems.items() for p in found
    )


def test_a_removed_image_is_caught(browser, built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "html"
    shutil.copytree(built, copy)
    page = copy / "chapters" / "ko" / "01_conv1d_imdb.html"
    text = page.read_text(encoding="utf-8")
    image = (page.parent / re.search(r'<img[^>]+src="([^"]+)"', text).group(1)).resolve()
    image.unlink()
    server = Server(copy)
    try:
        problems = page_problems(browser, server.url + "chapters/ko/01_conv1d_imdb.html")
    finally:
        server.close()
    assert any(p.startswith("image not loaded") and image.name in p for p in problems), problems


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_search_finds_chapter_01(browser, site: str, lang: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    word, expected = SEARCHES[lang]
    browser.get(f"{site}search.html?q={word}")
    WebDriverWait(browser, 30).until(
        lambda d: d.execute_script(
            "const s = document.querySelector('#search-results p.search-summary');"
            "return s !== null && s.textContent.length > 0;"
        )
    )
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('#search-results ul.search li a'))"
        ".map(a => a.getAttribute('href'));"
    )
    assert any(link.split("?")[0].endswith(expected) for link in links), (word, links)


def test_screenshot_of_a_korean_chapter_page_with_a_plot(browser, site: str) -> None:
    browser.get(site + "chapters/ko/01_conv1d_imdb.html")
    figure = browser.find_element("css selector", "div.cell_output img")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", figure)
    assert browser.execute_script("return arguments[0].naturalWidth;", figure) > 0
    # the page's Korean text is drawn with the site's own font, not as boxes
    assert browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const font = '16px \"NanumGothic Book\"';"
        "document.fonts.load(font, '한국어')"
        ".then(faces => done(faces.length > 0 && document.fonts.check(font, '한국어')));"
    ), "the Korean web font (_static/fonts/NanumGothic-book.woff) did not load"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "ko_01_conv1d_imdb.png"
    assert browser.save_screenshot(str(target))
    assert target.stat().st_size > 10_000


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_screenshot_of_the_scatter_plots(browser, site: str, lang: str) -> None:
    """Chapter 06's speed-against-error plots, labels placed by adjustText (none overlaps)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{site}chapters/{lang}/06_results.html")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = "div.cell_output img"  # the page may still be loading on a busy machine
    try:
        WebDriverWait(browser, 30).until(lambda b: len(b.find_elements("css selector", found)) >= 2)
    except TimeoutException:
        pass  # the assertion below says what is missing
    figures = browser.find_elements("css selector", found)
    assert len(figures) == 2, f"{lang}/06_results: {len(figures)} figures"
    for number, figure in enumerate(figures, 1):
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", figure)
        target = SCREENSHOTS / f"{lang}_06_results_scatter_{number}.png"
        assert figure.screenshot(str(target)) and target.stat().st_size > 10_000


def test_exercise_solutions_stay_folded_until_opened(browser, site: str) -> None:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(site + "chapters/en/05_conv_wavenet.html")
    found = "div.admonition.dropdown"  # the page may still be loading on a busy machine
    try:
        WebDriverWait(browser, 30).until(lambda b: len(b.find_elements("css selector", found)) >= 3)
    except TimeoutException:
        pass  # the assertion below says what is missing
    dropdowns = browser.find_elements("css selector", found)
    assert len(dropdowns) >= 3, "the chapter's solutions as dropdowns"
    first = dropdowns[0]
    text = first.find_elements("css selector", "p")[-1]  # the solution's last paragraph
    assert not text.is_displayed(), "a solution shows before the reader opens it"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", first)
    first.find_element("css selector", ".admonition-title").click()
    WebDriverWait(browser, 10).until(lambda _: text.is_displayed())


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_PAGES = [
    f"chapters/{lang}/{page}.html"
    for lang in ("en", "ko")
    for page in ("01_conv1d_imdb", "04_rnn_forecasting", "index", "teaching")
]
# Serious violations that come from the theme's and myst-nb's own chrome, not from the book's
# content: their visible label differs from their accessible name (axe's
# label-content-name-mismatch): the search button ("Search this book… Ctrl+K", named "Search"),
# the light/dark switch and the header's navigation links. Listed here so that anything else
# fails. (myst-nb's folds were one too: _ext/book_site.py lets them go by what they show.)
THEMES_OWN = {
    "label-content-name-mismatch": (
        ".search-button",
        ".theme-switch-button",
        ".nav-link",
    ),
}


def axe_violations(driver, url: str) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on a page, one line each,
    leaving out the theme's own listed in THEMES_OWN."""
    if not AXE.exists():
        message = "needs axe-core: npm ci (in the book's folder)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    driver.get(url)
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    found = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, "
        "targets: v.nodes.map(n => n.target.join(' '))}))));"
    )
    lines = []
    for violation in found:
        if violation["impact"] not in ("serious", "critical"):
            continue
        own = THEMES_OWN.get(violation["id"], ())
        lines += [
            f"{violation['impact']} {violation['id']}: {target}"
            for target in violation["targets"]
            if not any(part in target for part in own)
        ]
    return lines


def test_pages_pass_axe_core(browser, site: str) -> None:
    problems = {page: axe_violations(browser, site + page) for page in AXE_PAGES}
    problems = {page: found for page, found in problems.items() if found}
    assert not problems, "\n".join(
        f"{page}: {p}" for page, found in problems.items() for p in found
    )


def test_axe_catches_a_low_contrast_text(browser, site: str) -> None:
    browser.get(site + "chapters/en/index.html")
    browser.execute_script(
        "const p = document.createElement('p'); p.textContent = 'pale text';"
        "p.style.color = '#cccccc'; document.querySelector('main').prepend(p);"
    )
    browser.execute_script(AXE.read_text(encoding="utf-8")) if AXE.exists() else None
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "if (typeof axe === 'undefined') { done(null); return; }"
        "axe.run(document, {runOnly: ['color-contrast']})"
        ".then(r => done(r.violations.map(v => v.id)));"
    )
    if found is None:
        pytest.skip("needs axe-core: npm ci")
    assert found == ["color-contrast"]


@pytest.mark.parametrize("stem", [f"0{n}" for n in range(1, 6)])
def test_language_switch_keeps_the_section(browser, site: str, built: Path, stem: str) -> None:
    """From section 4 of a Korean chapter the header's switch opens the English chapter at
    section 4, and from there back."""
    from selenium.webdriver.support.ui import WebDriverWait

    page = next((built / "chapters" / "ko").glob(f"{stem}_*.html")).name
    start = f"{site}chapters/ko/{page}"
    for here, there in (("ko", "en"), ("en", "ko")):
        if here == "en":
            start = browser.current_url.split("#")[0]
        browser.get(start)
        WebDriverWait(browser, 30).until(
            lambda d: d.execute_script("return document.readyState === 'complete';")
        )
        heading = "document.getElementById('sec-4').querySelector('h2')"
        browser.execute_script(
            f"{heading}.scrollIntoView({{block: 'start', behavior: 'instant'}});"
        )
        WebDriverWait(browser, 10).until(
            lambda d, h=heading: d.execute_script(f"return {h}.getBoundingClientRect().top <= 120;")
        )
        switch = browser.find_element("css selector", "a.btn-language-switch")
        browser.execute_script("arguments[0].click();", switch)
        target = f"/chapters/{there}/"
        WebDriverWait(browser, 20).until(lambda d, t=target: t in d.current_url)
        assert browser.current_url.endswith(f"/chapters/{there}/{page}#sec-4"), browser.current_url
        assert browser.execute_script("return document.documentElement.lang;") == there


@pytest.fixture(scope="module")
def phone() -> Iterator[object]:
    driver = _chrome(phone=True)
    yield driver
    driver.quit()


@pytest.mark.parametrize("kind", ["primary", "secondary"])
def test_phone_sidebars_open_and_close(phone, site: str, kind: str) -> None:
    """On a phone the header's ☰ opens the table of contents (primary) and its other button
    the page's contents (secondary); Escape closes them."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    phone.get(site + "chapters/ko/02_jena_rnn.html")
    WebDriverWait(phone, 30).until(
        lambda d: d.execute_script("return document.readyState === 'complete';")
    )
    dialog = f"document.getElementById('pst-{kind}-sidebar-modal')"
    visible = [
        b for b in phone.find_elements("css selector", f"button.{kind}-toggle") if b.is_displayed()
    ]
    assert visible, f"no visible {kind} toggle on a phone"
    assert not phone.execute_script(f"return {dialog}.open;")
    visible[0].click()
    WebDriverWait(phone, 10).until(lambda d: d.execute_script(f"return {dialog}.open;"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert phone.save_screenshot(str(SCREENSHOTS / f"ko_02_jena_rnn_phone_{kind}.png"))
    phone.switch_to.active_element.send_keys(Keys.ESCAPE)
    WebDriverWait(phone, 10).until(lambda d: not d.execute_script(f"return {dialog}.open;"))


def test_phone_shows_that_a_wide_table_scrolls(phone, site: str) -> None:
    """The overview's tables are wider than a phone: they scroll in their box, with a cue in
    the page's language; on a desktop-wide window the same page shows no cue."""
    from selenium.webdriver.support.ui import WebDriverWait

    for lang, cue in (("ko", "옆으로 밀어"), ("en", "scroll sideways")):
        phone.get(f"{site}chapters/{lang}/06_results.html")
        WebDriverWait(phone, 30).until(
            lambda d: d.execute_script("return document.readyState === 'complete';")
        )
        boxes = phone.execute_script(
            "return Array.from(document.querySelectorAll('.output.text_html.seqbook-wide'))"
            ".map(b => [b.scrollWidth > b.clientWidth, getComputedStyle(b).overflowX,"
            " b.previousElementSibling.textContent]);"
        )
        assert boxes, f"{lang}: no wide table marked on a phone"
        for scrolls, overflow, text in boxes:
            assert scrolls and overflow == "auto" and cue in text, (lang, scrolls, overflow, text)


@pytest.fixture(scope="module")
def printed(built: Path) -> dict[str, Path]:
    """scripts/print_book.py run on the built site: the PDF of each language."""
    _require_chromium()
    return print_book(built)


def test_the_printable_book_has_every_page_and_korean_glyphs(built: Path, printed) -> None:
    """scripts/print_book.py: one PDF per language, linked from its landing page, one
    bookmark for its contents and one per page of the book, A4 pages, and the font of the
    Korean text embedded (the English book has Korean too: the bilingual title)."""
    from pypdf import PdfReader

    for lang, path in printed.items():
        reader = PdfReader(path)
        assert len(reader.outline) == len(book_pages(lang)) + 1 and len(reader.pages) > 50, lang
        assert all(abs(float(page.mediabox.width) - 595) < 2 for page in reader.pages)
        fonts = {
            str(font["/BaseFont"])
            for page in reader.pages[:5]
            for font in (page["/Resources"].get("/Font") or {}).values()
            if "/BaseFont" in font.get_object()
        }
        assert any("NanumGothic" in name for name in fonts), (lang, fonts)  # the web font
        landing = (built / "chapters" / lang / "index.html").read_text(encoding="utf-8")
        assert f'href="../../seqbook-{lang}.pdf"' in landing


DECK_STEMS = sorted(p.stem for p in (ROOT / "chapters" / "en").glob("0[1-5]_*.ipynb"))
SLIDE_DECKS = [(lang, stem) for lang in ("en", "ko") for stem in DECK_STEMS]


def test_every_slide_deck_renders_in_its_language(browser, site: str, built: Path) -> None:
    """The teachers' pages link a reveal.js deck per chapter; each opens with no console
    error, every slide shows something, and the Korean decks are in Korean."""
    from selenium.webdriver.support.ui import WebDriverWait

    problems, counts = [], {}
    for lang, stem in SLIDE_DECKS:
        page = f"slides/{lang}/{stem}.html"
        teaching = (built / "chapters" / lang / "teaching.html").read_text(encoding="utf-8")
        assert f'href="../../{page}"' in teaching, f"teaching ({lang}) does not link {page}"
        problems += [f"{page}: {p}" for p in page_problems(browser, site + page)]
        WebDriverWait(browser, 10).until(lambda d: d.execute_script("return Reveal.isReady()"))
        count = browser.execute_script("return Reveal.getTotalSlides()")
        assert count >= 5, f"{page}: {count} slides"
        counts[lang, stem] = count
        empty = browser.execute_script(
            "return Reveal.getSlides().filter(s => !s.innerText.trim() && "
            "!s.querySelector('img')).length"
        )
        assert empty == 0, f"{page}: {empty} empty slides"
        assert browser.execute_script("return document.documentElement.lang") == lang
        if lang == "ko":
            text = browser.execute_script("return Reveal.getSlides()[0].innerText")
            assert re.search(r"[\uac00-\ud7a3]", text), f"{page}: title slide not in Korean"
    assert not problems, "\n".join(problems)
    unequal = {s: (counts["en", s], counts["ko", s]) for s in DECK_STEMS
               if counts["en", s] != counts["ko", s]}  # fmt: skip
    assert not unequal, f"slides (en, ko) differ: {unequal}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for lang, stem, slide in (("ko", "01_conv1d_imdb", 0), ("en", "05_conv_wavenet", 9)):
        browser.get(f"{site}slides/{lang}/{stem}.html#/{slide}")
        WebDriverWait(browser, 10).until(lambda d: d.execute_script("return Reveal.isReady()"))
        browser.save_screenshot(str(SCREENSHOTS / f"slides_{lang}_{stem}_{slide}.png"))


# The site as a reader meets it on a phone (390 × 844), and the printed book (issue 24).
PHONE_WIDTH = 390
MIN_FIGURE_HEIGHT = 110  # CSS pixels: a figure drawn shorter on a phone cannot be read


def _loaded(driver, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState === 'complete' && !!document.body")
    )


def test_no_page_is_wider_than_a_phone(phone, site: str, built: Path) -> None:
    """Every page fits a 390 px screen in both languages: it does not scroll sideways (wide
    tables and outputs scroll inside their own box)."""
    wide = {}
    for page in pages(built):
        if page.startswith(("slides/", "students/")):
            continue
        _loaded(phone, site + page)
        width = phone.execute_script("return document.documentElement.scrollWidth;")
        if width > PHONE_WIDTH:
            wide[page] = width
    assert not wide, f"pages wider than a {PHONE_WIDTH} px phone: {wide}"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_figures_are_legible_on_a_phone_and_open_at_full_size(phone, site, built, lang):
    """On a phone every chapter figure is drawn at least MIN_FIGURE_HEIGHT px tall (a row of
    panels scrolls sideways in its box instead of shrinking) and is a link to its image."""
    problems = []
    for path in sorted((built / "chapters" / lang).glob("0*.html")):
        _loaded(phone, f"{site}chapters/{lang}/{path.name}")
        phone.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "Promise.all(Array.from(document.images, i => i.decode().catch(() => null)))"
            ".then(() => { window.dispatchEvent(new Event('resize')); done(); });"
        )
        found = phone.execute_script(
            "return Array.from(document.querySelectorAll('.cell_output img')).map(i => ["
            " i.getAttribute('src'), i.getBoundingClientRect().height,"
            " i.closest('a') ? i.closest('a').getAttribute('href') : null]);"
        )
        if path.stem in ("04_rnn_forecasting", "05_conv_wavenet"):  # their multi-panel figures
            tall = phone.execute_script(
                "return Array.from(document.querySelectorAll('.cell_output img'))"
                ".filter(i => i.naturalHeight > 0.75 * i.naturalWidth);"
            )
            if tall:
                phone.execute_script("arguments[0].scrollIntoView({block: 'start'});", tall[0])
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                phone.save_screenshot(str(SCREENSHOTS / f"{lang}_{path.stem}_phone_figure.png"))
        for src, height, link in found:
            if height < MIN_FIGURE_HEIGHT:
                problems.append(f"{path.name}: {src} {height:.0f} px tall")
            if not link or not link.endswith(src.split("/")[-1]):
                problems.append(f"{path.name}: {src} is not a link to its image ({link})")
    assert not problems, "\n".join(problems)


def test_the_header_pdf_button_offers_the_book(built: Path) -> None:
    """The header's ".pdf" is the printed book of the page's language, not window.print()."""
    for lang in ("en", "ko"):
        for path in sorted((built / "chapters" / lang).glob("*.html")):
            text = path.read_text(encoding="utf-8")
            assert "window.print()" not in text, f"{lang}/{path.name} prints the web page"
            assert f'href="../../seqbook-{lang}.pdf"' in text, f"{lang}/{path.name}"
            other = "ko" if lang == "en" else "en"
            assert f'href="../../seqbook-{other}.pdf" target' not in text, (lang, path.name)


BOX_PAIRS = {"┏": "┓", "┡": "┩", "├": "┤", "└": "┘", "┃": "┃", "│": "│"}


def summary_problems(pdf: Path) -> tuple[int, list[str]]:
    """The Keras model summaries in a PDF's text (``pdftotext -layout``): how many there are
    (header lines with "Param #"), and every line of theirs that is not whole: a header whose
    three column names are not on one line, a box line that does not end with its box."""
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in text.splitlines()]
    headers = [line for line in lines if "Param #" in line]
    problems = [f"header: {line}" for line in headers
                if not ("Layer (type)" in line and "Output Shape" in line)]  # fmt: skip
    problems += [
        f"box: {line}" for line in lines if line[:1] in BOX_PAIRS and line[-1] != BOX_PAIRS[line[0]]
    ]
    return len(headers), problems


def test_the_printed_books_keep_every_model_summary_whole(printed) -> None:
    """Each language's PDF: a cover, a contents page with the chapters and their page numbers,
    a number at the foot of every page after the cover, and all of the book's Keras model
    summaries whole (no "Param #" on a line of its own, no box line cut), read from the PDF's
    text with pdftotext."""
    if shutil.which("pdftotext") is None:
        message = "needs pdftotext: apt-get install poppler-utils"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    from pypdf import PdfReader

    contents = {"en": "Contents", "ko": "차례"}
    for lang, path in printed.items():
        count, problems = summary_problems(path)
        assert count >= 20 and not problems, (lang, count, problems[:10])
        reader = PdfReader(path)
        cover, toc = (re.sub(r"\s+", " ", reader.pages[i].extract_text()) for i in (0, 1))
        assert "Deep learning" in cover and "케라스" in cover, (lang, cover[:200])
        assert toc.lstrip().startswith(contents[lang]), (lang, toc[:200])
        assert re.search(r"(Results at a glance|한눈에 보는 결과) \d+", toc), (lang, toc)
        for number, page in enumerate(reader.pages[1:], 2):
            last = page.extract_text().strip().splitlines()[-1].strip()
            assert last == str(number), (lang, number, last)


# The site's furniture as readers meet it (issue 24): one search box, the title once, the
# page's language first, Korean words whole on English pages, each language's own search
# page, footer and Next, no 1.5 MB icon script, and a cue on code that runs past the column.
TITLE = "Deep learning for sequences with Keras · 케라스로 배우는 시퀀스 딥러닝"
VISIBLE = "const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&"
VISIBLE += " getComputedStyle(e).visibility !== 'hidden';"


def _count_visible(driver, selector: str) -> int:
    return driver.execute_script(
        f"return Array.from(document.querySelectorAll({selector!r}))"
        f".filter(e => {{ {VISIBLE} }}).length;"
    )


def test_one_search_box_and_the_title_once(browser, phone, site: str) -> None:
    problems = []
    for name, driver in (("desktop", browser), ("phone", phone)):
        for page in ("intro.html", "chapters/en/01_conv1d_imdb.html"):
            _loaded(driver, site + page)
            boxes = _count_visible(driver, ".search-button-field, .search-button")
            if boxes != 1:
                problems.append(f"{name} {page}: {boxes} search boxes")
            titles = driver.execute_script(
                "return Array.from(document.querySelectorAll('#pst-primary-sidebar a'))"
                ".filter(e => e.textContent.trim() === arguments[0]).length;",
                TITLE,
            )
            if titles != 1:
                problems.append(f"{name} {page}: the title {titles} times in the sidebar")
    assert not problems, problems


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_sidebar_and_phone_menu_list_the_page_language_first(browser, phone, site, lang):
    first = {"en": "English", "ko": "한국어"}[lang]
    for driver in (browser, phone):
        for page in (f"chapters/{lang}/02_jena_rnn.html", f"chapters/{lang}/index.html"):
            _loaded(driver, site + page)
            if driver is phone:
                for button in driver.find_elements("css selector", "button.primary-toggle"):
                    if button.is_displayed():
                        button.click()
                        break
            captions = driver.execute_script(
                "return Array.from(document.querySelectorAll('.bd-docs-nav p.caption'))"
                ".filter(e => e.getBoundingClientRect().height > 0)"
                ".map(e => e.textContent.trim());"
            )
            assert captions and captions[0] == first, (page, captions)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.save_screenshot(str(SCREENSHOTS / f"{lang}_index_phone_menu.png"))


KOREAN_OUTSIDE_KO = (
    "const hangul = /[\\u1100-\\u11ff\\u3130-\\u318f\\uac00-\\ud7af]/;"
    "const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);"
    "const bad = [];"
    "for (let n = walker.nextNode(); n; n = walker.nextNode()) {"
    "  const e = n.parentElement;"
    "  if (!hangul.test(n.data) || !e || e.closest('script, style')) continue;"
    "  const owner = e.closest('[lang]');"
    "  if (!(owner && owner.lang.startsWith('ko')) ||"
    "      getComputedStyle(e).wordBreak !== 'keep-all') bad.push(n.data.trim().slice(0, 30));"
    "}"
    "return bad;"
)


def test_korean_on_english_pages_is_marked_korean_and_wraps_whole_words(browser, site):
    """Every text with Hangul on an English page (landing, glossary, a chapter's sidebar,
    search results) is inside lang="ko" and breaks only between words."""
    from selenium.webdriver.support.ui import WebDriverWait

    problems = {}
    for page in ("intro.html", "glossary.html", "chapters/en/01_conv1d_imdb.html",
                 "search.html?q=컨브넷"):  # fmt: skip
        _loaded(browser, site + page)
        if page.startswith("search"):
            WebDriverWait(browser, 30).until(
                lambda d: d.execute_script(
                    "return document.querySelectorAll('#search-results ul.search li').length > 0;"
                )
            )
        assert browser.execute_script("return document.documentElement.lang;") == "en", page
        bad = browser.execute_script(KOREAN_OUTSIDE_KO)
        if bad:
            problems[page] = bad[:5]
    assert not problems, problems


def test_the_search_page_speaks_the_language_it_was_asked_in(browser, site: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    _loaded(browser, site + "chapters/ko/01_conv1d_imdb.html")
    browser.execute_script(
        "const form = document.querySelector('form.bd-search');"
        "form.querySelector('input[name=q]').value = '컨브넷'; form.submit();"
    )
    WebDriverWait(browser, 30).until(
        lambda d: d.execute_script(
            "const s = document.querySelector('#search-results p.search-summary');"
            "return s !== null && s.textContent.length > 0;"
        )
    )
    assert browser.execute_script("return document.documentElement.lang;") == "ko"
    heading = browser.execute_script("return document.querySelector('main h1').textContent;")
    summary = browser.execute_script(
        "return document.querySelector('#search-results p.search-summary').textContent;"
    )
    assert heading.strip() == "검색" and re.search(r"[\uac00-\ud7a3]", summary), (heading, summary)


def test_footer_author_and_landing_next_in_the_page_language(built: Path) -> None:
    for path in sorted((built / "chapters" / "ko").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert "The seqbook authors" not in text, f"ko/{path.name}: the author in English"
    landing = (built / "intro.html").read_text(encoding="utf-8")
    nxt = re.search(r'<a class="right-next"\s+href="([^"]+)"', landing)
    assert nxt and nxt.group(1) == "chapters/en/index.html", nxt and nxt.group(1)


def test_a_page_does_not_load_every_icon(browser, site: str) -> None:
    """The theme's icon script held all of Font Awesome (1.5 MB); every icon still shows."""
    _loaded(browser, site + "chapters/en/01_conv1d_imdb.html")
    sizes = browser.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(r => r.initiatorType === 'script' || r.name.endsWith('.js') ||"
        " r.name.includes('.js?')).map(r => [r.name, r.decodedBodySize]);"
    )
    total = sum(size for _, size in sizes)
    assert total < 600_000, f"{total} bytes of scripts: {sorted(sizes, key=lambda s: -s[1])[:3]}"
    undrawn = browser.execute_script(
        'return Array.from(document.querySelectorAll(\'i[class*="fa-"], span[class*="fa-"]\'))'
        ".filter(e => !e.querySelector('svg')).map(e => e.className);"
    )
    drawn = browser.execute_script("return document.querySelectorAll('svg.svg-inline--fa').length;")
    assert drawn > 5 and not undrawn, (drawn, undrawn)


def test_code_wider_than_the_column_shows_a_scroll_cue(browser, site: str) -> None:
    problems = []
    for lang in ("en", "ko"):
        _loaded(browser, f"{site}chapters/{lang}/01_conv1d_imdb.html")
        found = browser.execute_script(
            "return Array.from(document.querySelectorAll('div.highlight > pre, .cell_output pre'))"
            ".filter(p => p.scrollWidth > p.clientWidth + 1).map(p => [p.classList.contains("
            "'seqbook-wide'), !!(p.previousElementSibling && p.previousElementSibling.classList"
            ".contains('seqbook-scroll-cue'))]);"
        )
        assert found, f"{lang}: no block wider than the column (the test would prove nothing)"
        problems += [f"{lang}: {n} of {len(found)} wide blocks without a cue"
                     for n in [sum(1 for w, c in found if not (w and c))] if n]  # fmt: skip
    assert not problems, problems
