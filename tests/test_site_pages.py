"""Every page of the built site in a desktop browser (headless Chromium), as a reader meets
it: every page loads with all its images and a clean console (offline: a resource fetched from
the internet shows there), a removed image is caught, the Korean web font draws a chapter,
chapter 06's plots, the solutions folded until opened, and the language switch keeping the
section. Screenshots go to ``_build/screenshots/``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from site_support import SCREENSHOTS, Server, page_problems, pages

pytestmark = pytest.mark.site


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
