"""Build the book's site: the step before the site's tests.

    python scripts/build_site.py

Runs ``jupyter-book build . -W -n --keep-going --all`` (warnings are errors; every page, so
that a change Sphinx does not track, such as an extension's code, is built too: a few seconds
here, the pages are not executed) and, when it passes,
writes the stamp ``_build/html/.seqbook-built``. The tests of the built site (marker ``site``;
the ``built`` fixture of ``tests/conftest.py``) take the site only when the stamp is there and
no source of the site is newer than it, and otherwise fail, saying to run this script.
``python scripts/test.py``, the book's test command, runs it beside the other tests. Prints the
build's last lines when it fails, and exits with its status.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
STAMP = HTML / ".seqbook-built"
# What the site is built from: a change to any of these makes a built site stale.
SOURCES = (
    "_config.yml", "_toc.yml", "*.md", "chapters/**/*", "_ext/**/*", "_static/**/*",
    "_templates/**/*", "helpers/**/*.json", "helpers/*.py", "scripts/print_book.py",
    "tests/learning_bands.json",
)  # fmt: skip


def stale_sources(stamp: Path = STAMP) -> list[str]:
    """The sources of the site newer than the build's ``stamp`` (all of them, when there is no
    stamp), relative to the repository."""
    built = stamp.stat().st_mtime if stamp.exists() else -1.0
    newer = {
        path.relative_to(ROOT).as_posix()
        for pattern in SOURCES
        for path in ROOT.glob(pattern)
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.name != "README.md"  # the repository's page, not the book's
        and path.stat().st_mtime > built
    }
    return sorted(newer)


def build() -> int:
    """Build the site; write the stamp when the build passed. Returns the build's status."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    start = time.perf_counter()
    STAMP.unlink(missing_ok=True)
    result = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going", "--all"],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-4000:] + result.stderr[-4000:])
        print(f"build_site: the build FAILED after {seconds:.0f} s (status {result.returncode})")
        return result.returncode
    STAMP.write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"), encoding="utf-8")
    print(f"build_site: {HTML.relative_to(ROOT)} built in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(build())
