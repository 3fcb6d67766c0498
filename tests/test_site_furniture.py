"""The site's furniture, on a desktop and a phone: one search box, the title once, the page's
language first in the sidebar and the phone menu, footer and Next in the page's language, no
1.5 MB icon script, and a cue on code that runs past the column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_support import SCREENSHOTS, loaded

pytestmark = pytest.mark.site


# The site's furniture as readers meet it (issue 24): one search box, the title once, the
# page's language first, Korean words whole on English pages, each language's own search
# page, footer and Next, no 1.5 MB icon script, and a cue on code that runs past the column.
TITLE = "Deep learning for sequences with Keras · 케라스로 배우는 시퀀스 딥러닝"


VISIBLE = "const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&"


VISIBLE += " getComputedStyle(e).visibility !== 'hidden';"


def count_visible(driver, selector: str) -> int:
    return driver.execute_script(
        f"return Array.from(document.querySelectorAll({selector!r}))"
        f".filter(e => {{ {VISIBLE} }}).length;"
    )


def test_one_search_box_and_the_title_once(browser, phone, site: str) -> None:
    problems = []
    for name, driver in (("desktop", browser), ("phone", phone)):
        for page in ("intro.html", "chapters/en/01_conv1d_imdb.html"):
            loaded(driver, site + page)
            boxes = count_visible(driver, ".search-button-field, .search-button")
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
            loaded(driver, site + page)
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


def test_footer_author_and_landing_next_in_the_page_language(built: Path) -> None:
    for path in sorted((built / "chapters" / "ko").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert "The seqbook authors" not in text, f"ko/{path.name}: the author in English"
    landing = (built / "intro.html").read_text(encoding="utf-8")
    nxt = re.search(r'<a class="right-next"\s+href="([^"]+)"', landing)
    assert nxt and nxt.group(1) == "chapters/en/index.html", nxt and nxt.group(1)


def test_a_page_does_not_load_every_icon(browser, site: str) -> None:
    """The theme's icon script held all of Font Awesome (1.5 MB); every icon still shows."""
    loaded(browser, site + "chapters/en/01_conv1d_imdb.html")
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
        loaded(browser, f"{site}chapters/{lang}/01_conv1d_imdb.html")
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
