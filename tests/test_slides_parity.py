"""The slide decks of a chapter say the same in both languages: as many slides, each of the
same kind (title, heading, figure, table or code) in the same order, and the last one is the
exercises. The decks are made from the cells tagged ``slide`` (``_ext/book_materials.py``), so
a tag missing in one language drops a slide from its deck alone."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
from book_materials import chapter_slides  # noqa: E402

pytestmark = pytest.mark.content  # reads the committed notebooks: no build, no browser

STEMS = sorted(p.stem for p in (ROOT / "chapters" / "en").glob("0[1-5]_*.ipynb"))
EXERCISES = {"en": "Exercises", "ko": "연습 문제"}


def deck_structure(section_html: list[str]) -> list[str]:
    """Each slide's kind: h1, h2, img, table or code."""
    kinds = []
    for section in section_html:
        for kind, pattern in (("h1", "<h1>"), ("h2", "<h2>"), ("img", "<img "),
                              ("table", '<div class="table">'), ("code", "<pre>")):  # fmt: skip
            if pattern in section:
                kinds.append(kind)
                break
        else:
            kinds.append("?")
    return kinds


def deck(chapters: Path, lang: str, stem: str) -> list[str]:
    notebook = json.loads((chapters / lang / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return chapter_slides(notebook, lang)[1]


@pytest.mark.parametrize("stem", STEMS)
def test_decks_match_across_languages(stem: str, chapters: Path = ROOT / "chapters") -> None:
    en, ko = deck(chapters, "en", stem), deck(chapters, "ko", stem)
    assert deck_structure(en) == deck_structure(ko), (
        f"{stem}: {len(en)} English slides, {len(ko)} Korean: "
        f"{deck_structure(en)} != {deck_structure(ko)}"
    )
    for lang, sections in (("en", en), ("ko", ko)):
        last = re.sub(r"<[^>]+>", "", sections[-1])
        assert EXERCISES[lang] in last, f"{stem} ({lang}): the last slide is not the exercises"
