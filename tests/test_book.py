"""The book builds with Jupyter Book, with warnings as errors, and its pages link up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STEMS = sorted(p.stem for p in (ROOT / "chapters" / "en").glob("*.ipynb"))


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", STEMS)
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


def test_landing_page_lists_every_chapter(built: Path) -> None:
    html = (built / "intro.html").read_text(encoding="utf-8")
    for stem in STEMS:
        for lang in ("en", "ko"):
            assert f"chapters/{lang}/{stem}.html" in html
