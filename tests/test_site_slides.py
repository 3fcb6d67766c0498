"""The slide decks of the teachers' pages (reveal.js), opened in the browser: each renders in its
language with no empty slide, and the two languages' decks have the same slides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_support import ROOT, SCREENSHOTS, page_problems

pytestmark = pytest.mark.site


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
