"""The book's test command: the site built beside the tests, then tested, in one pytest run.

    python scripts/test.py                 # what CI runs
    python scripts/test.py -v --durations=15

Starts the build step (``scripts/build_site.py``; its output in ``_build/build_site.log``) in
the background, then runs ``python -m pytest`` with the arguments given. The tests that need
the built site (marker ``site``) wait for the step's report (``SEQBOOK_SITE_BUILD``, read by
``tests/conftest.py``) and fail with the build's last lines when it failed; the other tests do
not wait for it. Exits with pytest's status; stops the build when no test waited for it
(``-m unit``, say).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_in_background(report: Path, log: Path) -> tuple[subprocess.Popen, threading.Thread]:
    """Start the build step; a thread writes its status, and its log's tail, to ``report``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    out = log.open("w", encoding="utf-8")
    step = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "build_site.py")],
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped with the build it started
    )

    def wait() -> None:
        returncode = step.wait()
        out.close()
        tail = log.read_text(encoding="utf-8")[-3000:]
        partial = report.with_suffix(".part")
        partial.write_text(
            json.dumps({"returncode": returncode, "log": str(log), "tail": tail}), encoding="utf-8"
        )
        partial.replace(report)  # whole, or not there

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    return step, thread


def main(arguments: list[str]) -> int:
    report = Path(tempfile.mkdtemp(prefix="seqbook_site_")) / "build.json"
    log = ROOT / "_build" / "build_site.log"
    step, thread = build_in_background(report, log)
    env = {**os.environ, "SEQBOOK_SITE_BUILD": str(report)}
    status = subprocess.run([sys.executable, "-m", "pytest", *arguments], cwd=ROOT, env=env)
    if step.poll() is None:  # no test selected waited for the site (or pytest stopped early)
        os.killpg(step.pid, signal.SIGTERM)
        print("test: no test needed the site; its build step was stopped")
    thread.join()
    last = log.read_text(encoding="utf-8").strip().splitlines()
    if step.returncode == 0 and last:
        print(f"test: {last[-1]}")  # build_site: ... built in N s
    return status.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
