"""The book builds with Jupyter Book, with warnings as errors, and its pages link up."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STEMS = sorted(p.stem for p in (ROOT / "chapters" / "en").glob("*.ipynb"))


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.site
def test_chapter_page_is_built_with_figures_and_twin_link(built: Path, stem: str, lang: str):
    page = built / "chapters" / lang / f"{stem}.html"
    assert page.exists()
    html = page.read_text(encoding="utf-8")
    other = "ko" if lang == "en" else "en"
    assert f'href="../{other}/{stem}.html' in html, "link to the other language's page"
    images = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert images, "the chapter shows its figures"
    for src in images:
        assert (page.parent / src).resolve().exists(), f"missing image {src}"


@pytest.mark.site
def test_landing_page_lists_every_chapter(built: Path) -> None:
    html = (built / "intro.html").read_text(encoding="utf-8")
    for stem in STEMS:
        for lang in ("en", "ko"):
            assert f"chapters/{lang}/{stem}.html" in html


HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.content
def test_every_figure_has_alt_text_in_the_pages_language(stem: str, lang: str) -> None:
    """A figure's alt text (cell metadata ``mystnb.image.alt``, which myst-nb writes into the
    page) says what it shows, in the page's language."""
    notebook = json.loads((ROOT / "chapters" / lang / f"{stem}.ipynb").read_text("utf-8"))
    for index, cell in enumerate(notebook["cells"]):
        if not any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            continue
        alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
        where = f"{stem} ({lang}) cell {index}"
        assert 20 <= len(alt) <= 200, f"{where}: alt text {alt!r}"
        assert bool(HANGUL.search(alt)) == (lang == "ko"), f"{where}: not in the page's language"


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.site
def test_every_image_of_a_chapter_page_has_alt_text(built: Path, stem: str, lang: str) -> None:
    html = (built / "chapters" / lang / f"{stem}.html").read_text(encoding="utf-8")
    for tag in re.findall(r"<img[^>]*>", html):
        alt = re.search(r'alt="([^"]*)"', tag)
        src = re.search(r'src="([^"]*)"', tag).group(1)
        assert alt and alt.group(1).strip(), f"no alt text: {tag}"
        assert not re.search(r"\.(png|jpe?g|svg|gif)$", alt.group(1)), f"a file name: {tag}"
        assert Path(src).name not in alt.group(1), tag


def prev_next(html: str) -> list[str]:
    """The targets of a page's Previous and Next links."""
    return re.findall(r'<a class="(?:left-prev|right-next)"\s+href="([^"]+)"', html)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.site
def test_pages_have_their_language_and_stay_in_it(built: Path, lang: str) -> None:
    other = "ko" if lang == "en" else "en"
    for page in sorted((built / "chapters" / lang).glob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert re.search(rf'<html lang="{lang}"', html), f"{page.name}: not lang={lang}"
        for target in prev_next(html):
            assert f"../{other}/" not in target, f"{lang}/{page.name}: Previous/Next to {target}"
        switch = re.search(r'<a href="([^"]+)"[^>]*class="btn btn-sm btn-language-switch"', html)
        assert switch and switch.group(1) == f"../{other}/{page.name}", f"{page.name}: switch"


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.site
def test_sections_have_the_same_ids_in_both_languages(built: Path, stem: str) -> None:
    ids = {
        lang: re.findall(
            r'<section id="(sec-[\d-]+)"',
            (built / "chapters" / lang / f"{stem}.html").read_text(encoding="utf-8"),
        )
        for lang in ("en", "ko")
    }
    assert ids["en"] == ids["ko"] and "sec-1" in ids["en"], ids


# The English chrome of Sphinx, pydata-sphinx-theme, sphinx-book-theme, myst-nb and
# sphinx-togglebutton that a Korean page must not show (text, tooltips, labels, placeholders).
ENGLISH_CHROME = [
    "Search this book", "Search the docs", ">Search<", 'title="Search"', 'aria-label="Search"',
    ">Contents<", "Previous", "previous page", "Next", "next page", "On this page",
    "Skip to main content", "Back to top", "Show code cell", "Hide code cell", "Click to show",
    "Click to hide", "Toggle hidden content", "Toggle primary sidebar", "Toggle secondary sidebar",
    "Download this page", "Download source file", "Fullscreen mode", "Print to PDF",
    "Launch interactive content", "Launch on", "Source repository", "Link to this",
    "By The seqbook authors", "Copyright", "Color mode", ">Light<", ">Dark<", "System Settings",
    "Site navigation", "Section Navigation", 'aria-label="Main"', 'aria-label="Page"',
    ">Note<", ">Warning<", ">Tip<", ">See also<", ">Important<", "Binder logo", "Colab logo",
]  # fmt: skip


def chrome(html: str) -> str:
    """A page without the book's own text that may quote English: code, outputs, and the
    language switch (which names the English page in English)."""
    html = re.sub(r"<pre\b.*?</pre>", "", html, flags=re.S)
    return re.sub(r'<a href="[^"]*"[^>]*btn-language-switch.*?</a>', "", html, flags=re.S)


@pytest.mark.site
def test_korean_pages_have_no_english_chrome(built: Path) -> None:
    for page in sorted((built / "chapters" / "ko").glob("*.html")):
        text = chrome(page.read_text(encoding="utf-8"))
        found = [s for s in ENGLISH_CHROME if s in text]
        assert not found, f"ko/{page.name} shows English chrome: {found}"


@pytest.mark.site
def test_english_pages_keep_english_chrome(built: Path) -> None:
    for page in sorted((built / "chapters" / "en").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "Search this book" in text and "Skip to main content" in text, page.name
        for korean in ("본문으로 건너뛰기", "이 책에서 검색", "코드 셀 내용 보기", "맨 위로"):
            assert korean not in text, f"en/{page.name} shows Korean chrome: {korean}"
