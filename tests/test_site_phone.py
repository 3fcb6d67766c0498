"""The site on a phone's screen (390 × 844 CSS pixels): the sidebars open and close, no page is
wider than the screen, wide tables scroll in their box with a cue, and every chapter figure is
legible and opens at full size."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_support import PHONE_WIDTH, SCREENSHOTS, loaded, pages

pytestmark = pytest.mark.site


MIN_FIGURE_HEIGHT = 110  # CSS pixels: a figure drawn shorter on a phone cannot be read


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


def test_no_page_is_wider_than_a_phone(phone, site: str, built: Path) -> None:
    """Every page fits a 390 px screen in both languages: it does not scroll sideways (wide
    tables and outputs scroll inside their own box)."""
    wide = {}
    for page in pages(built):
        if page.startswith(("slides/", "students/")):
            continue
        loaded(phone, site + page)
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
        loaded(phone, f"{site}chapters/{lang}/{path.name}")
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
