"""Copy each committed chapter's results record into the package (``helpers/records/``).

    python scripts/records.py          # write helpers/records/<chapter>.<lang>.json
    python scripts/records.py --check  # exit 1, naming them, when a copy differs

``helpers.results.load`` reads these copies, so that a chapter opened alone (Colab, or a folder
holding only the notebook, with the helpers installed by pip) reads another chapter's results.
``scripts/run_chapter.py`` runs this after a full run; ``tests/test_records.py`` holds the
copies equal to the notebooks' records.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.results import RECORDS, record_of, record_path  # noqa: E402

CHAPTERS = ROOT / "chapters"


def expected() -> dict[Path, str]:
    """Each record file's content, from the committed notebooks that hold a record."""
    found = {}
    for notebook in sorted(CHAPTERS.glob("*/*.ipynb")):
        record = record_of(json.loads(notebook.read_text(encoding="utf-8")))
        if record is not None:
            path = record_path(notebook.stem, notebook.parent.name)
            found[path] = json.dumps(record, indent=1, ensure_ascii=False) + "\n"
    return found


def stale() -> list[str]:
    """The record files that differ from the notebooks, are missing, or have no notebook."""
    want = expected()
    problems = [
        path.name
        for path, text in want.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    problems += [path.name for path in RECORDS.glob("*.json") if path not in want]
    return sorted(problems)


def write() -> list[str]:
    """Write every record file; remove those whose chapter holds no record. Returns the names
    of the files changed."""
    changed = stale()
    want = expected()
    RECORDS.mkdir(exist_ok=True)
    for path, text in want.items():
        path.write_text(text, encoding="utf-8")
    for path in RECORDS.glob("*.json"):
        if path not in want:
            path.unlink()
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale copies")
    args = parser.parse_args()
    if args.check:
        problems = stale()
        for name in problems:
            print(f"stale: helpers/records/{name} (run python scripts/records.py)")
        return 1 if problems else 0
    changed = write()
    print(
        f"helpers/records: {len(changed)} file(s) written"
        + (f": {', '.join(changed)}" if changed else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
