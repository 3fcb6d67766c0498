"""Sphinx extension of the book's site: every page works offline and its console stays clean.

- Writes the web font for Korean text: NanumGothic (from ``koreanize-matplotlib``, the font
  of the book's Korean plots) cut down to the Hangul that the built pages use, so that Korean
  pages read well on a system without a Korean font and the site needs no font service.
- Makes each language's pages its own: ``<html lang="ko">`` on the Korean pages (screen
  readers pick a Korean voice, browsers break lines between Korean words), Previous/Next that
  never cross into the other language, and a language switch in the page header that opens the
  twin page at the same section (``_static/book_site.js`` adds the section to the link).
- Speaks each page's language in its chrome too. The site is one Sphinx build whose pages are
  in two languages (``chapters/en`` and ``chapters/ko``, cross-linked section by section, one
  table of contents, one search index, one set of static files); each Korean page is written
  with the Korean catalogues switched in: ``_ext/locale/ko.po`` (the book's, first), then
  Sphinx's own and sphinx-book-theme's. That covers the theme's templates, the header buttons,
  the admonition titles, myst-nb's "Show code cell" folds and sphinx-togglebutton's hints.
  (Two Sphinx builds with ``language: ko`` and ``en`` would translate the same strings but
  double the build and split the table of contents, search and Previous/Next in two sites.)
- Gives the sections of a chapter ids by position (``sec-4``, ``sec-4-2``) ahead of the ids
  Sphinx makes from their titles (Korean titles give ``id1``, ``id2``…), so that a section has
  the same address in both languages.
- Removes scripts that a page would load twice. ``sphinx-thebe`` and ``sphinx-togglebutton``
  add their scripts after the HTML builder has started, so Sphinx 7 registers them twice;
  the second ``const THEBE_JS_URL`` is a ``SyntaxError`` in every reader's browser console.
  (The two copies differ only in ``filename``: ``None`` for one, ``""`` for the other.)
"""

from __future__ import annotations

import gettext
import importlib.util
import io
import re
from html import escape as html_escape
from pathlib import Path
from typing import Any

from sphinx.writers.html5 import HTML5Translator

from helpers.text import LANGS, say

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


LANGUAGES = LANGS
#: the header's language switch: (text, tooltip), in the language it leads to
SWITCH = {lang: tuple(say(lang, "book", "switch")) for lang in LANGS}


def page_language(pagename: str) -> str | None:
    """'en' or 'ko' for a chapter page (``chapters/<lang>/…``), None for the bilingual root."""
    parts = pagename.split("/")
    return parts[1] if len(parts) == 3 and parts[0] == "chapters" else None


KO_CATALOGUE = Path(__file__).parent / "locale" / "ko.po"
_CATALOGUES = ("sphinx", "booktheme")  # the message catalogues of Sphinx and the book theme
_ORIGINAL: dict[str, Any] = {}  # the build's own (English) translators, per catalogue
_KOREAN: dict[str, gettext.NullTranslations] = {}


def book_korean() -> gettext.GNUTranslations:
    """The book's Korean chrome catalogue (``_ext/locale/ko.po``), compiled in memory."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with KO_CATALOGUE.open(encoding="utf-8") as po:
        catalogue = read_po(po, locale="ko")
    mo = io.BytesIO()
    write_mo(mo, catalogue)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


def _korean_translations() -> dict[str, gettext.NullTranslations]:
    """Per catalogue: the book's Korean first, then the package's own Korean catalogue."""
    if not _KOREAN:
        import sphinx
        import sphinx_book_theme

        packages = {
            "sphinx": Path(sphinx.__file__).parent / "locale",
            "booktheme": Path(sphinx_book_theme.__file__).parent
            / "theme/sphinx_book_theme/static/locales",
        }
        for catalogue, folder in packages.items():
            translations = book_korean()
            translations.add_fallback(gettext.translation(catalogue, folder, ["ko"], fallback=True))
            _KOREAN[catalogue] = translations
    return _KOREAN


def use_language(app, lang: str | None) -> None:
    """Switch Sphinx's and the theme's translators (and the templates') to ``lang``'s."""
    from sphinx import locale

    if not _ORIGINAL:
        _ORIGINAL.update({c: locale.translators.get(("general", c)) for c in _CATALOGUES})
    chosen = _korean_translations() if lang == "ko" else _ORIGINAL
    for catalogue in _CATALOGUES:
        if chosen.get(catalogue) is not None:
            locale.translators["general", catalogue] = chosen[catalogue]
    templates = getattr(getattr(app.builder, "templates", None), "environment", None)
    if templates is not None and chosen.get("sphinx") is not None:
        templates.install_gettext_translations(chosen["sphinx"])


def restore_language(app, exception: Exception | None) -> None:
    use_language(app, None)


class PageLanguageTranslator(HTML5Translator):
    """The HTML translator, writing each page with its language's translators in place (the
    admonition titles are translated as the page is written; pydata-sphinx-theme mixes its own
    translator into this one)."""

    def visit_document(self, node) -> None:
        use_language(self.builder.app, page_language(self.builder.current_docname))
        super().visit_document(node)


def page_language_context(app, pagename, templatename, context, doctree) -> None:
    """The page's translators in place before the theme makes its strings; for Korean pages,
    the strings the theme and extensions type out in English, in Korean."""
    lang = page_language(pagename)
    use_language(app, lang)
    if "body" in context:
        # myst-nb names its folds "Toggle hidden content" for screen readers, in English and
        # unlike what they show ("Show code cell content"): let them go by what they show
        context["body"] = context["body"].replace(
            '<summary aria-label="Toggle hidden content">', "<summary>"
        )
    if lang != "ko":
        return
    korean = book_korean().gettext
    context["theme_search_bar_text"] = korean("Search this book...")
    scripts = context.get("script_files") or []
    for i, script in enumerate(scripts):  # sphinx-togglebutton's hints, as inline scripts
        body = (getattr(script, "attributes", None) or {}).get("body", "")
        for variable, english in (("toggleHintShow", "Click to show"),
                                  ("toggleHintHide", "Click to hide")):  # fmt: skip
            if body.startswith(f"let {variable} = "):
                scripts[i] = type(script)(
                    None, priority=script.priority, body=f"let {variable} = '{korean(english)}';"
                )


def korean_folds(app, doctree, docname) -> None:
    """myst-nb's "Show code cell content" folds of a Korean page, in Korean."""
    if page_language(docname) != "ko":
        return
    korean = book_korean().gettext
    for node in doctree.findall(lambda n: "prompt_show" in getattr(n, "attributes", {})):
        node["prompt_show"] = korean(node["prompt_show"])
        node["prompt_hide"] = korean(node["prompt_hide"])


def number_sections(app, doctree) -> None:
    """Prepend position-based ids to the sections of a chapter page: the k-th section under
    the title gets ``sec-k``, its m-th subsection ``sec-k-m``."""
    if page_language(app.env.docname) is None:
        return
    from docutils import nodes

    def visit(section: nodes.section, prefix: str) -> None:
        children = [c for c in section.children if isinstance(c, nodes.section)]
        for number, child in enumerate(children, 1):
            ident = f"{prefix}-{number}"
            if ident not in child["ids"]:
                child["ids"].insert(0, ident)
                doctree.ids[ident] = child
            visit(child, ident)

    for title_section in (c for c in doctree.children if isinstance(c, nodes.section)):
        visit(title_section, "sec")


#: the header's ".pdf": the printed book (scripts/print_book.py), not this page
BOOK_PDF = {lang: tuple(say(lang, "book", "pdf")) for lang in LANGS}


def book_pdf_buttons(context: dict[str, Any], lang: str | None) -> None:
    """Replace the theme's ".pdf" (``window.print()`` of the page on screen) with links to the
    printed book of the page's language (both books on the bilingual pages)."""

    def replace(buttons: list[dict]) -> None:
        for i, button in enumerate(buttons):
            if button.get("label") == "download-pdf-button":
                links = []
                for book in [lang] if lang else ["en", "ko"]:
                    file, text, tooltip = BOOK_PDF[book]
                    if lang is None:
                        text = f"{text} ({SWITCH[book][0]})"
                    links.append({
                        "type": "link",
                        "url": context["pathto"](file, 1),
                        "text": text,
                        "tooltip": tooltip,
                        "icon": "fas fa-file-pdf",
                        "label": "download-book-pdf-button",
                    })  # fmt: skip
                buttons[i : i + 1] = links
                return
            replace(button.get("buttons") or [])

    replace(context.get("header_buttons") or [])


def language_context(app, pagename, templatename, context, doctree) -> None:
    """The page's ``lang``, Previous/Next within its language, the language switch, and the
    header's ".pdf" leading to the printed book."""
    lang = page_language(pagename)
    book_pdf_buttons(context, lang)
    trim_page_assets(context)
    context["seqbook_sidebar"] = lambda html: sidebar_in_language(html, lang or "en")
    if pagename == app.config.root_doc:  # the landing page is in English: Next to English
        _link_to(app, context, "next", "chapters/en/index")
    if pagename == "chapters/en/index":  # and back
        _link_to(app, context, "prev", app.config.root_doc)
    if lang is None:
        return
    context["language"] = lang
    if lang == "ko" and context.get("author"):  # the theme sets it after the early handler
        context["author"] = book_korean().gettext(context["author"])
    _parent, prev, next_ = app.env.collect_relations().get(pagename, (None, None, None))
    for key, docname in (("prev", prev), ("next", next_)):
        if docname and page_language(docname) not in (None, lang):
            context[key] = None
    other = "ko" if lang == "en" else "en"
    twin = f"chapters/{other}/{pagename.split('/')[-1]}"
    if lang == "ko":
        _korean_launch_buttons(context.get("header_buttons") or [])
    if twin in app.env.all_docs and "header_buttons" in context:
        text, tooltip = SWITCH[other]
        context["header_buttons"].insert(
            0,
            {
                "type": "link",
                "url": context["pathto"](twin),
                "text": text,
                "tooltip": tooltip,
                "icon": "fas fa-language",
                "label": "language-switch",
            },
        )


def _link_to(app, context: dict[str, Any], key: str, docname: str) -> None:
    """Point the page's Previous or Next (``key``) at ``docname``."""
    if docname in app.env.titles:
        title = html_escape(app.env.titles[docname].astext())
        context[key] = {"link": context["pathto"](docname), "title": title}


# Files under _static that Jupyter Book loads on every page but only the slide decks use
SLIDES_ONLY = ("reveal/", "book_slides.css")


def trim_page_assets(context: dict[str, Any]) -> None:
    """Leave out of a page the slide decks' reveal.js and styles (Jupyter Book adds every file
    of ``_static`` to every page; the decks link them themselves)."""
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if files:
            files[:] = [f for f in files
                        if not any(part in str(getattr(f, "filename", f) or "")
                                   for part in SLIDES_ONLY)]  # fmt: skip


CAPTION = '<p aria-level="2" class="caption" role="heading">'
CAPTION_LANGUAGE = {"한국어": "ko", "English": "en"}  # the parts of _toc.yml


def sidebar_in_language(html: str, lang: str) -> str:
    """The sidebar's table of contents with the part of the page's language first, the other
    language's part marked with its ``lang`` (so that a browser breaks its lines as it should);
    other parts (the glossary) stay last."""
    from markupsafe import Markup

    html = str(html)  # a plain string (the theme gives BeautifulSoup; Markup escapes additions)
    head, *parts = html.split(CAPTION)
    if not parts:
        return Markup(html)
    ordered, rest = [], []
    for part in parts:
        caption = re.search(r'<span class="caption-text">([^<]*)</span>', part)
        part_lang = CAPTION_LANGUAGE.get(caption.group(1).strip()) if caption else None
        if part_lang is None:
            rest.append(CAPTION + part)
            continue
        text = CAPTION + part
        if part_lang != lang:
            text = text.replace(CAPTION, CAPTION[:-1] + f' lang="{part_lang}">', 1)
            text = text.replace(
                '<ul class="nav bd-sidenav">', f'<ul class="nav bd-sidenav" lang="{part_lang}">', 1
            )
        ordered.append((part_lang != lang, text))
    ordered.sort(key=lambda item: item[0])  # stable: the page's language first
    return Markup(head + "".join(text for _, text in ordered) + "".join(rest))


def _korean_launch_buttons(buttons: list[dict]) -> None:
    """sphinx-book-theme builds "Launch on Binder" from two strings; Korean puts the place first."""
    for button in buttons:
        tooltip = button.get("tooltip", "")
        if tooltip.startswith("Launch on "):
            button["tooltip"] = f"{tooltip.removeprefix('Launch on ')}에서 실행"
        _korean_launch_buttons(button.get("buttons") or [])


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


HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
KOREAN_RUN = re.compile(f"[{HANGUL}](?:[^<]*[{HANGUL}])?")  # first to last Hangul of a text
UNTOUCHED = re.compile(r"(<(script|style|textarea)\b.*?</\2>|<[^>]*>)", re.DOTALL)


def mark_korean(html: str) -> str:
    """Korean text of a page in another language wrapped in ``<span lang="ko">``, so that the
    browser breaks its lines between words (``:lang(ko)`` in ``_static/book_site.css``) and a
    screen reader reads it in Korean. Only text between tags, never in scripts or styles."""
    start = html.find("<body")
    if start < 0:
        return html
    pieces = UNTOUCHED.split(html[start:])
    out = []
    # re.split with two groups gives: text, tag-or-block, group 2, text, ...
    for i, piece in enumerate(pieces):
        if piece is None or i % 3 == 2:
            continue
        if i % 3 == 1:
            out.append(piece)
        else:
            out.append(KOREAN_RUN.sub(lambda m: f'<span lang="ko">{m.group(0)}</span>', piece))
    return html[:start] + "".join(out)


def mark_korean_on_other_pages(app, exception: Exception | None) -> None:
    """:func:`mark_korean` on every built page whose language is not Korean."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for name in sorted(app.env.found_docs) + ["search", "genindex"]:
        page = out / f"{name}.html"
        if not page.exists():
            continue
        text = page.read_text(encoding="utf-8")
        lang = re.search(r'<html[^>]*\blang="([^"]+)"', text)
        if lang and lang.group(1).startswith("ko"):
            continue
        page.write_text(mark_korean(text), encoding="utf-8")


FONTAWESOME = "scripts/fontawesome.js"  # under _static: pydata-sphinx-theme's icons, all 2,000
FA_ENTRY = re.compile(
    r'(?:"([a-z0-9-]+)"|([a-z0-9_$]+)):\[\d+,\d+,\[([^\]]*)\],"[0-9a-f]*",'
    r'(?:"[^"]*"|\[(?:"[^"]*",?)*\])\]'
)


def used_icons(out: Path) -> set[str]:
    """The Font Awesome names (``fa-bars`` → ``bars``) that the built pages and scripts use."""
    names: set[str] = set()
    files = [p for p in out.rglob("*.html")] + [p for p in (out / "_static").rglob("*.js")]
    for path in files:
        if path.name == "fontawesome.js":
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        names.update(re.findall(r"\bfa-([a-z0-9-]+)", text))
    return names


def subset_fontawesome(app, exception: Exception | None) -> None:
    """Keep in the theme's ``fontawesome.js`` (1.5 MB, loaded by every page) only the icons
    that the site uses: the script and its SVG-drawing code stay as they are."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    script = out / "_static" / FONTAWESOME
    if not script.exists():
        return
    used = used_icons(out)
    text = script.read_text(encoding="utf-8")

    def keep(match: re.Match) -> bool:
        name = match.group(1) or match.group(2)
        aliases = set(re.findall(r'"([a-z0-9-]+)"', match.group(3)))
        return name in used or bool(aliases & used)

    pieces, position = [], 0
    for match in FA_ENTRY.finditer(text):
        if keep(match):
            continue
        start, end = match.span()
        if text[end : end + 1] == ",":
            end += 1
        elif text[start - 1 : start] == ",":
            start -= 1
        if start < position:  # two neighbours removed: the comma is already gone
            start = position
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    smaller = "".join(pieces)
    smaller = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", smaller)
    script.write_text(smaller, encoding="utf-8")
    (script.parent / "fontawesome.js.map").unlink(missing_ok=True)


def setup(app) -> dict[str, Any]:
    app.set_translator("html", PageLanguageTranslator, override=True)
    app.connect("html-page-context", page_language_context, priority=1)
    app.connect("doctree-resolved", korean_folds)
    app.connect("build-finished", restore_language)
    app.connect("build-finished", mark_korean_on_other_pages, priority=400)
    app.connect("build-finished", subset_fontawesome, priority=450)
    app.connect("build-finished", write_korean_font)
    # early: a later handler may return a template name, which ends the event for the rest
    app.connect("html-page-context", drop_duplicate_scripts, priority=100)
    # after the book theme has made its header buttons (priority 501)
    app.connect("html-page-context", language_context, priority=600)
    # before Sphinx collects the page's table of contents, which takes each section's first id
    app.connect("doctree-read", number_sections, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
