"""The Korean text follows the book's glossary (``glossary.md``): one term per concept."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.content

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "glossary.md"
KOREAN = sorted((ROOT / "chapters" / "ko").glob("*.ipynb")) + sorted(
    (ROOT / "chapters" / "ko").glob("*.md")
)


def glossary_rows() -> list[dict[str, str]]:
    """The rows of the glossary's tables: English, Korean, avoided forms, note."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and not set(cells[0]) <= {"-"}:
            if cells[0] != "English":
                rows.append(dict(zip(("en", "ko", "avoid", "note"), cells, strict=True)))
    return rows


def avoided() -> dict[str, str]:
    """Each avoided form → the glossary's term for it."""
    return {
        form.strip(): row["ko"]
        for row in glossary_rows()
        for form in row["avoid"].split(",")
        if form.strip()
    }


def korean_text(path: Path) -> str:
    """The text a reader reads: a notebook's Markdown cells, or a Markdown page."""
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    notebook = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def test_glossary_has_terms_and_avoided_forms() -> None:
    rows = glossary_rows()
    assert len(rows) >= 50, len(rows)
    assert {"타임스텝", "기준선", "보통 GRU", "윈도우"} <= set(avoided())


@pytest.mark.parametrize("path", KOREAN, ids=lambda p: p.name)
def test_korean_text_uses_the_glossarys_terms(path: Path) -> None:
    text = korean_text(path)
    found = {form: term for form, term in avoided().items() if form in text}
    assert not found, f"ko/{path.name}: write {found} (avoided form → glossary's term)"


def test_both_landing_pages_link_the_glossary() -> None:
    for lang in ("en", "ko"):
        index = (ROOT / "chapters" / lang / "index.md").read_text(encoding="utf-8")
        assert "../../glossary.md" in index, lang
