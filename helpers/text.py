"""The words of the book in each language: one catalogue each, ``helpers/locale/<lang>.json``.

Everything the book's own code shows a reader — what the loaders print, the training lines, the
results tables' headings, the labels of the helpers' plots and diagrams, the site's buttons and
the printed book's cover — is read from the catalogue of the page's language. Each catalogue
nests its texts by the module that shows them (``"data"``, ``"results"``, ``"plots"``, …,
``"book"`` for the site and the printed book); a text with ``{fields}`` is a format string, and
every language names the same fields.

To translate the book into another language, copy ``en.json`` to ``<lang>.json`` and translate
its values; ``tests/test_text.py`` checks that the catalogues hold the same keys and fields.

    >>> from helpers.text import say, texts
    >>> say("ko", "results", "seconds")
    '에포크당 초'
    >>> texts("en", "plots")["epoch"]
    'epoch'
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LOCALE = Path(__file__).resolve().with_name("locale")
LANGS: tuple[str, ...] = ("en", "ko")

__all__ = ["LANGS", "LOCALE", "catalogue", "check_lang", "say", "texts"]


def check_lang(lang: str) -> str:
    """``lang`` itself, or a ``ValueError`` that names the languages the book has."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {list(LANGS)}, got {lang!r}")
    return lang


@cache
def catalogue(lang: str) -> dict[str, Any]:
    """The whole catalogue of ``lang`` (read once; do not change the returned dict)."""
    path = LOCALE / f"{check_lang(lang)}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def texts(lang: str, *section: str) -> dict[str, Any]:
    """A copy of one section of ``lang``'s catalogue, e.g. ``texts("ko", "diagrams", "io")``."""
    found: Any = catalogue(lang)
    for key in section:
        found = found[key]
    if not isinstance(found, dict):
        raise TypeError(f"{'.'.join(section)} is a text, not a section: use say()")
    return json.loads(json.dumps(found))  # a deep copy: callers may change it


def say(lang: str, *key: str, **values: Any) -> Any:
    """The text at ``key`` in ``lang``'s catalogue, formatted with ``values`` when given."""
    found: Any = catalogue(lang)
    for part in key:
        found = found[part]
    return found.format(**values) if values else found
