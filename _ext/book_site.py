"""Sphinx extension of the book's site: every page works offline and its console stays clean.

- Writes the web font for Korean text: NanumGothic (from ``koreanize-matplotlib``, the font
  of the book's Korean plots) cut down to the Hangul that the built pages use, so that Korean
  pages read well on a system without a Korean font and the site needs no font service.
- Removes scripts that a page would load twice. ``sphinx-thebe`` and ``sphinx-togglebutton``
  add their scripts after the HTML builder has started, so Sphinx 7 registers them twice;
  the second ``const THEBE_JS_URL`` is a ``SyntaxError`` in every reader's browser console.
  (The two copies differ only in ``filename``: ``None`` for one, ``""`` for the other.)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

# Hangul jamo, CJK punctuation, compatibility jamo, jamo extended A, syllables, extended B
KOREAN_RANGES = [
    (0x1100, 0x11FF),
    (0x3000, 0x303F),
    (0x3130, 0x318F),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7AF),
    (0xD7B0, 0xD7FF),
]
KOREAN_FONT = "fonts/NanumGothic-book.woff"  # under _static; _static/book_site.css loads it


def _script_key(script: Any) -> tuple[str, tuple[tuple[str, str], ...]]:
    attributes = getattr(script, "attributes", {}) or {}
    filename = getattr(script, "filename", script) or ""  # None and "" both mean inline
    return str(filename), tuple(sorted((str(k), str(v)) for k, v in attributes.items()))


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    """Keep the first of identical ``<script>`` entries of a page."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
    unique = []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique  # in place: later handlers add their scripts to this same list


def korean_characters(html: Path) -> set[str]:
    """The Korean characters of every built page (``*.html``) under ``html``."""
    found: set[str] = set()
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        found.update(ch for ch in set(text) if _is_korean(ch))
    return found


def _is_korean(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in KOREAN_RANGES)


def write_korean_font(app, exception: Exception | None) -> None:
    """Subset NanumGothic to the Korean characters of the site, as ``_static/{KOREAN_FONT}``."""
    if exception is not None or app.builder.format != "html":
        return
    from fontTools import subset

    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the Korean web font comes from koreanize-matplotlib: pip install it")
    source = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NanumGothic.ttf"
    out = Path(app.outdir)
    characters = korean_characters(out) or {"한"}
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in characters))
    subsetter.subset(font)
    target = out / "_static" / KOREAN_FONT
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)


def setup(app) -> dict[str, Any]:
    app.connect("build-finished", write_korean_font)
    # early: a later handler may return a template name, which ends the event for the rest
    app.connect("html-page-context", drop_duplicate_scripts, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
