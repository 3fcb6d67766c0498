"""Write the book's repository address from ``_config.yml`` wherever a copy has to exist.

    python scripts/repository.py          # rewrite the copies from _config.yml
    python scripts/repository.py --check  # list the copies that disagree (exit code 1)

``repository.url`` in ``_config.yml`` (``https://github.com/OWNER/NAME``) is the one place the
address is typed: Jupyter Book reads it for the launch and repository buttons. Copies exist only
where nothing can read ``_config.yml``:

- the set-up cell of every chapter (tagged ``setup``): a notebook opened on its own in Colab
  installs the book's ``helpers`` from ``git+<url>``;
- the README's badges and links, between ``<!-- repository -->`` and ``<!-- /repository -->``.

A fork changes ``repository.url``, runs this script and commits; ``tests/test_repository.py``
fails while a copy disagrees.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
SETUP_TAG = "setup"
INSTALL = re.compile(r'"git\+https://github\.com/[^"]*"')
README_BLOCK = re.compile(r"<!-- repository -->\n.*?<!-- /repository -->", re.S)


def address(root: Path = ROOT) -> str:
    """``repository.url`` of ``_config.yml``, checked to be a GitHub repository's address."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    url = str((config.get("repository") or {}).get("url", "")).rstrip("/")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url):
        raise SystemExit(
            f"_config.yml: repository.url must be https://github.com/OWNER/NAME, got {url!r}"
        )
    return url


def readme_block(url: str) -> str:
    """The README's lines that name the repository: workflow badges and the site's address."""
    owner, name = url.removeprefix("https://github.com/").split("/")
    site = f"https://{owner.lower()}.github.io/{name}/"
    return (
        "<!-- repository -->\n"
        f"[![tests]({url}/actions/workflows/tests.yml/badge.svg)]"
        f"({url}/actions/workflows/tests.yml)\n"
        f"[![site]({url}/actions/workflows/site.yml/badge.svg)]({site})\n"
        f"Read online · 온라인으로 읽기: <{site}> · source: <{url}>\n"
        "<!-- /repository -->"
    )


def _setup_cell(notebook: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    cells = [c for c in notebook.cells if SETUP_TAG in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1 or not INSTALL.search(cells[0].source):
        raise SystemExit(f"{path}: expected one cell tagged {SETUP_TAG!r} installing git+<url>")
    return cells[0]


def disagreements(root: Path = ROOT) -> list[str]:
    """The copies of the address that differ from ``_config.yml``'s, one line each."""
    url = address(root)
    found = []
    for path in sorted((root / "chapters").glob("*/*.ipynb")):
        cell = _setup_cell(nbformat.read(path, as_version=4), path)
        named = INSTALL.search(cell.source).group()
        if named != f'"git+{url}"':
            found.append(f"{path.relative_to(root)}: set-up cell installs {named}, not git+{url}")
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = README_BLOCK.search(readme)
    if block is None:
        found.append("README.md: no <!-- repository --> … <!-- /repository --> block")
    elif block.group() != readme_block(url):
        found.append(f"README.md: the badges and links do not name {url}")
    return found


def write(root: Path = ROOT) -> list[Path]:
    """Rewrite every copy from ``_config.yml``; returns the files changed."""
    url = address(root)
    changed = []
    for path in sorted((root / "chapters").glob("*/*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        cell = _setup_cell(notebook, path)
        source = INSTALL.sub(f'"git+{url}"', cell.source)
        if source != cell.source:
            cell.source = source
            nbformat.write(notebook, path)
            changed.append(path)
    readme_path = root / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    if README_BLOCK.search(readme) is None:
        raise SystemExit("README.md: add a <!-- repository --> … <!-- /repository --> block")
    updated = README_BLOCK.sub(lambda _: readme_block(url), readme)
    if updated != readme:
        readme_path.write_text(updated, encoding="utf-8")
        changed.append(readme_path)
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list the disagreements")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check:
        found = disagreements(args.root)
        print("\n".join(found) or f"every copy names {address(args.root)}")
        return 1 if found else 0
    changed = write(args.root)
    for path in changed:
        print(f"rewrote {path.relative_to(args.root)}")
    print(f"every copy names {address(args.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
