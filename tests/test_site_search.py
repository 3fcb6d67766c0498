"""The site's search, in both languages: it finds chapter 01, and its page speaks the language
it was asked in."""

from __future__ import annotations

import re

import pytest
from site_support import loaded

pytestmark = pytest.mark.site


# a word of chapter 01 in each language, and the page the search must find
SEARCHES = {
    "en": ("convnet", "chapters/en/01_conv1d_imdb.html"),
    "ko": ("컨브넷", "chapters/ko/01_conv1d_imdb.html"),
}


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


def test_the_search_page_speaks_the_language_it_was_asked_in(browser, site: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    loaded(browser, site + "chapters/ko/01_conv1d_imdb.html")
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
