"""Write the student notebooks (each chapter without its exercise solutions) into a folder.

    python scripts/student_notebooks.py students/    # students/en/*.ipynb, students/ko/*.ipynb

The built site offers the same notebooks for download on the teachers' pages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
from book_materials import write_student_notebooks  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write <lang>/<chapter>.ipynb into")
    args = parser.parse_args()
    for path in write_student_notebooks(ROOT / "chapters", args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
