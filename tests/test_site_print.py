"""The printed book (``scripts/print_book.py`` on the built site): one PDF per language with a
cover, contents, page numbers, every page of the book and its Korean glyphs, every Keras model
summary whole; and the header's ".pdf" button offering it."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from site_support import book_pages

pytestmark = pytest.mark.site


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
