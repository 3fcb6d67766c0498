"""The build step (scripts/build_site.py) and its stamp: the site's tests take a built site only
when no source of the site is newer than the build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import build_site  # noqa: E402

pytestmark = pytest.mark.unit


def test_without_a_stamp_every_source_is_stale(tmp_path: Path) -> None:
    stale = build_site.stale_sources(tmp_path / "no-stamp")
    assert {"_toc.yml", "_config.yml", "chapters/en/02_jena_rnn.ipynb"} <= set(stale)
    assert "README.md" not in stale  # the repository's page, not the book's


def test_a_source_newer_than_the_stamp_is_named(tmp_path: Path) -> None:
    stamp = tmp_path / "stamp"
    stamp.write_text("built")
    newest = max((ROOT / name).stat().st_mtime for name in ("_toc.yml", "_config.yml"))
    os.utime(stamp, (newest + 10, newest + 10))
    assert "_toc.yml" not in build_site.stale_sources(stamp)
    toc = (ROOT / "_toc.yml").stat().st_mtime
    os.utime(stamp, (toc - 10, toc - 10))  # the stamp older than _toc.yml
    assert "_toc.yml" in build_site.stale_sources(stamp)
