"""Accessibility of the built site: axe-core's WCAG 2.1 A/AA checks on chapter, landing and
teachers' pages of both languages (and a check that axe catches a fault), and Korean text on
English pages marked Korean, so that it is read and wrapped as Korean."""

from __future__ import annotations

import os

import pytest
from site_support import ROOT, loaded

pytestmark = pytest.mark.site


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
        loaded(browser, site + page)
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
