"""Named settings for the chapters: the full run, CI's reduced run and a class run.

Every chapter's cell tagged ``parameters`` holds its full settings (those whose outputs the
book shows) and ``PRESET = "full"``. The cell after it calls :func:`use_preset`, which replaces
the parameters a named preset sets:

- ``"ci"``: the book's CI runs each chapter so (the learning checks are measured at them);
- ``"class"``: a run a teacher can start in class and see finish in at most five minutes on a
  2-core CPU (measured: ``scripts/run_chapter.py NN --preset class``, teachers' pages).

The settings live in one file, ``tests/chapter_parameters.json`` (``{preset: {chapter:
{parameter: value}}}``), full, ci and class side by side, installed with the package as
``helpers/presets.json`` (a link to it), so that a chapter opened on Colab finds them too. Its
``"full"`` block is what a committed run's record must show (:func:`full_settings`); a test
holds each parameters cell's defaults to it, so the two cannot drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers.text import LANGS, texts

PRESETS_FILE = Path(__file__).resolve().with_name("presets.json")
FULL = "full"  # the notebook's own defaults: no preset applied

_TEXT = {lang: texts(lang, "presets") for lang in LANGS}  # the catalogues' "presets"


def presets() -> dict[str, dict[str, dict[str, Any]]]:
    """Every preset: name → chapter stem → parameter → value."""
    return json.loads(PRESETS_FILE.read_text(encoding="utf-8"))


def full_settings(stem: str) -> dict[str, Any]:
    """Chapter ``stem``'s full settings (its parameters cell's defaults, ``PRESET`` and ``LANG``
    aside): the settings a committed run records."""
    return dict(presets()[FULL][stem])


def _named(found: dict[str, Any]) -> str:
    return ", ".join(repr(n) for n in [FULL, *(n for n in found if n != FULL)])


def preset_settings(stem: str, name: str) -> dict[str, Any]:
    """The parameters preset ``name`` sets for chapter ``stem`` (``{}`` for ``"full"``).

    Raises ``KeyError`` naming the known presets when ``name`` is not one of them.
    """
    if name == FULL:
        return {}
    found = presets()
    if name not in found:
        raise KeyError(
            _TEXT["en"]["unknown"].format(name=name, known=_named(found), file=PRESETS_FILE)
        )
    return dict(found[name].get(stem, {}))


def use_preset(stem: str, name: str, namespace: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """Set the parameters preset ``name`` gives chapter ``stem`` in ``namespace`` (a notebook's
    ``globals()``), and print them; ``"full"`` changes and prints nothing.

    Returns the run's settings: the value in ``namespace`` of every parameter the chapter's full
    settings name (:func:`full_settings`), read after the preset is applied, so that a record
    stores the settings the run used without the notebook typing them again.

    A preset that sets a parameter the notebook does not define is an error (a typo in the
    presets file would otherwise go unnoticed).
    """
    text = _TEXT.get(lang, _TEXT["en"])
    if name == FULL:
        return _run_settings(stem, namespace)
    try:
        settings = preset_settings(stem, name)
    except KeyError:
        known = _named(presets())
        raise KeyError(text["unknown"].format(name=name, known=known, file=PRESETS_FILE)) from None
    for parameter in settings:
        if parameter not in namespace:
            raise KeyError(text["missing"].format(name=name, parameter=parameter))
    namespace.update(settings)
    shown = ", ".join(f"{k}={v!r}" for k, v in settings.items()) or "-"
    print(text["applied"].format(name=name, settings=shown))
    return _run_settings(stem, namespace)


def _run_settings(stem: str, namespace: dict[str, Any]) -> dict[str, Any]:
    missing = [parameter for parameter in full_settings(stem) if parameter not in namespace]
    if missing:
        raise KeyError(
            f"{stem}: the parameters cell does not define {missing}, which the full settings "
            f"of {PRESETS_FILE} name: define them there, or remove them from that file"
        )
    settings = {parameter: namespace[parameter] for parameter in full_settings(stem)}
    return json.loads(json.dumps(settings))  # as a record keeps them: tuples become lists
