"""The repository's address is typed once (_config.yml); every copy agrees with it.

``scripts/repository.py`` writes the copies that cannot read ``_config.yml`` (the chapters'
set-up cells, the README's badges); a copy that names another address fails here.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import repository  # noqa: E402


@pytest.mark.content
def test_every_copy_names_the_configured_address() -> None:
    assert repository.disagreements(ROOT) == []


@pytest.mark.unit
def test_changing_the_config_alone_fails_until_the_script_rewrote_the_copies(tmp_path) -> None:
    for name in ("_config.yml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "chapters", tmp_path / "chapters")
    config = tmp_path / "_config.yml"
    old = repository.address(ROOT)
    owner = "a-fork" if "/a-fork/" not in old else "b-fork"  # another address, in a fork too
    config.write_text(config.read_text().replace(old, f"https://github.com/{owner}/seqbook"))
    found = repository.disagreements(tmp_path)
    notebooks = len(list((ROOT / "chapters").glob("*/*.ipynb")))
    assert len(found) == notebooks + 1, found  # every set-up cell and the README
    changed = repository.write(tmp_path)
    assert len(changed) == notebooks + 1
    assert repository.disagreements(tmp_path) == []
    setup = nbformat.read(tmp_path / "chapters" / "ko" / "01_conv1d_imdb.ipynb", as_version=4)
    assert f'"git+https://github.com/{owner}/seqbook"' in setup.cells[1].source
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert f"https://{owner}.github.io/seqbook/" in readme and old not in readme
    # only the set-up cells changed: every other cell as it was
    before = nbformat.read(ROOT / "chapters" / "ko" / "01_conv1d_imdb.ipynb", as_version=4)
    assert [c.source for c in before.cells[2:]] == [c.source for c in setup.cells[2:]]
