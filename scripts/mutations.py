"""Check that the book's tests catch a chapter that breaks: put a known bug into a clean clone.

    python scripts/mutations.py sigmoid --lang en    # chapter 01's last layer without sigmoid
    python scripts/mutations.py deep_lr0 --lang ko   # chapter 04's deep RNN, learning rate 0
    python scripts/mutations.py gru_lr0              # chapter 02's GRU, learning rate 0 (en, ko)

Clones the repository's committed HEAD into a temporary folder (nothing of the working tree
is touched), replaces one line of the chapter's notebook in each language given, and runs the
book's tests on that notebook (``python -m pytest chapters/<lang>/<stem>.ipynb``: its nbval
cells and its learning check). A mutation is caught when the tests fail and the failure names
the model; the script prints the failure lines and exits with 0 when every mutation was
caught, 1 otherwise. Set ``SEQBOOK_DATA_DIR`` as for the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# name -> (chapter, model id the failure must name, line as committed, line with the bug)
MUTATIONS = {
    "sigmoid": (
        "01_conv1d_imdb",
        "conv1d",
        'layers.Dense(1, activation="sigmoid"),',
        "layers.Dense(1),",
    ),
    "deep_lr0": (
        "04_rnn_forecasting",
        "deep",
        'deep_model.compile(loss="mse", optimizer="adam")',
        'deep_model.compile(loss="mse", optimizer=keras.optimizers.Adam(learning_rate=0.0))',
    ),
    "gru_lr0": (
        "02_jena_rnn",
        "gru",
        'model.compile(optimizer=keras.optimizers.RMSprop(), loss="mae")',
        "model.compile(optimizer=keras.optimizers.RMSprop(0.0 if key == 'gru' else 0.001),"
        ' loss="mae")',
    ),
}


def mutate(notebook: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the one code cell that holds it."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and old in "".join(c["source"])]
    if len(cells) != 1:
        raise SystemExit(f"{notebook}: {len(cells)} code cells hold {old!r}, expected 1")
    cells[0]["source"] = "".join(cells[0]["source"]).replace(old, new).splitlines(keepends=True)
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+", choices=sorted(MUTATIONS))
    parser.add_argument("--lang", nargs="+", default=["en", "ko"], choices=["en", "ko"])
    args = parser.parse_args()
    env = dict(os.environ)
    if env.get("SEQBOOK_DATA_DIR"):
        env["SEQBOOK_DATA_DIR"] = str(Path(env["SEQBOOK_DATA_DIR"]).resolve())
    caught = True
    for name in args.names:
        stem, model, old, new = MUTATIONS[name]
        for lang in args.lang:
            with tempfile.TemporaryDirectory(prefix=f"seqbook_mutation_{name}_") as tmp:
                clone = Path(tmp) / "book"
                subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
                target = Path("chapters") / lang / f"{stem}.ipynb"
                mutate(clone / target, old, new)
                print(f"{name} ({lang}): {old!r} -> {new!r}", flush=True)
                run = subprocess.run(
                    [sys.executable, "-m", "pytest", "-q", str(target)],
                    cwd=clone,
                    env=env,
                    capture_output=True,
                    text=True,
                )
                lines = [
                    line
                    for line in run.stdout.splitlines()
                    if "outside the band" in line
                    or "learning check" in line
                    or line.startswith(("FAILED", "ERROR"))
                    or " passed" in line
                    or " failed" in line
                ]
                print("\n".join(f"  {line}" for line in lines))
                named = any(f"model {model!r}" in line for line in lines)
                ok = run.returncode != 0 and named
                print(f"  -> {'caught' if ok else 'NOT CAUGHT'} (exit code {run.returncode})")
                caught &= ok
    return 0 if caught else 1


if __name__ == "__main__":
    sys.exit(main())
