"""A Markdown summary of a test run from pytest's JUnit XML: per chapter and language, and the rest.

    python -m pytest --junitxml=test-report.xml
    python scripts/ci_summary.py test-report.xml >> "$GITHUB_STEP_SUMMARY"

One row per chapter notebook (its nbval cells and learning check) and per test file: how many
tests passed, failed or were skipped, and the seconds they took; then the failures by name.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path


def group(case: ET.Element) -> str:
    """The file a test case comes from, as pytest's JUnit XML names it in ``classname``:
    'chapters.en.01_conv1d_imdb.ipynb' (a chapter's cells and learning check) becomes
    'chapters/en/01_conv1d_imdb.ipynb', 'tests.test_data' becomes 'tests/test_data.py'."""
    classname = case.get("classname", "")
    if classname.endswith(".ipynb"):
        return classname.removesuffix(".ipynb").replace(".", "/") + ".ipynb"
    parts = classname.split(".")
    while parts and parts[-1][:1].isupper():  # a test class, not a module
        parts.pop()
    return "/".join(parts) + ".py" if parts else case.get("name", "")


def outcome(case: ET.Element) -> str:
    for tag, result in (("failure", "failed"), ("error", "failed"), ("skipped", "skipped")):
        if case.find(tag) is not None:
            return result
    return "passed"


def summary(report: Path) -> str:
    root = ET.parse(report).getroot()
    rows: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    failures = []
    for case in root.iter("testcase"):
        where, result = group(case), outcome(case)
        rows[where][result] += 1
        rows[where]["seconds"] += float(case.get("time") or 0)
        if result == "failed":
            failures.append(f"{case.get('classname', '')}::{case.get('name', '')}")
    chapters = sorted(k for k in rows if k.startswith("chapters/"))
    others = sorted(k for k in rows if not k.startswith("chapters/"))
    total = sum(r["seconds"] for r in rows.values())
    lines = [
        "## The book's tests",
        "",
        f"{sum(r['passed'] for r in rows.values()):.0f} passed, "
        f"{sum(r['failed'] for r in rows.values()):.0f} failed, "
        f"{sum(r['skipped'] for r in rows.values()):.0f} skipped; "
        f"{total / 60:.1f} minutes of test time (two workers share it).",
        "",
        "| chapter or test file | passed | failed | skipped | seconds |",
        "|---|---:|---:|---:|---:|",
    ]
    for key in [*chapters, *others]:
        r = rows[key]
        lines.append(
            f"| `{key}` | {r['passed']:.0f} | {r['failed']:.0f} | {r['skipped']:.0f} "
            f"| {r['seconds']:.0f} |"
        )
    if failures:
        lines += ["", "### Failed", "", *(f"- `{name}`" for name in failures)]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="pytest's --junitxml file")
    args = parser.parse_args()
    if not args.report.exists():
        print(f"## The book's tests\n\nNo report at `{args.report}`: the tests did not run.")
        return 0
    print(summary(args.report), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
