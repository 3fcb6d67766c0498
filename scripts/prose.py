"""The chapters' prose against their runs: marked figures and named claims.

A figure that a run produced is typed in a markdown cell with an invisible mark right after it,
an HTML comment that Jupyter, Colab and the site (myst-nb passes it through as raw HTML) do not
show::

    the GRU reaches 0.2837<!-- seq:gru.value -->, …

The mark holds a Python expression over the chapter's results record (``helpers.results.load``
of the same language), optionally followed by ``|`` and a format (``|.1%``); without a format,
the typed figure's own (decimals; thousands separators). Names an expression can use:

- each model id of the chapter's record: ``gru.value``, ``gru.seconds`` (per epoch),
  ``gru.epoch`` (reported epoch), ``gru.epochs``, ``gru.reference``, ``gru.also["test_mae"]``
  (also as ``gru.test_mae``), ``gru.spread`` (``.lo``, ``.hi``: ``helpers/seed_spreads.json``
  at the record's settings);
- ``ch01`` … ``ch05``: another chapter's record (``ch02.gru.value``), for the overview;
- ``settings.NAME``: the settings the run was made with (its parameters cell's, after the
  preset), as its record keeps them: ``settings.EPOCHS``;
- ``other``: the same chapter's record in the other language (``other.gru.seconds``, and its
  outputs' ``other.out.NAME``), a second run of the same notebook at the same settings, for
  figures that vary from run to run;
- ``budget.MODEL``: the reference-budget record (``helpers/reference_budget.json``,
  ``scripts/reference_budget.py``), over its seeds: ``.best`` (best validation MAE),
  ``.epoch`` (its epoch), ``.last`` and ``.train_last`` (validation and training MAE at the
  last epoch), ``.test`` (test MAE of the best epoch's weights), each with ``.lo`` and ``.hi``;
  ``.within(n)`` (the best validation MAE over the first ``n`` epochs, ``.lo``/``.hi``),
  ``.at(n)`` (the validation MAE at epoch ``n``),
  ``.baseline`` and ``.baseline_test`` (the last-value baseline on the same windows),
  ``.epochs``, ``.seeds``, ``.seconds`` (per epoch, mean over the seeds);
- ``out.NAME``: a figure printed in the chapter's outputs, found by the pattern that
  ``scripts/claims.py`` names ``NAME`` (``OUTPUTS``);
- numbers and arithmetic (``7 * 128 * 32 + 32``): a constant of the code shown with its sum.

A comparative or causal sentence about the run ends with a claim mark, ``<!-- claim:NAME -->``;
``scripts/claims.py`` (``CLAIMS``) says what ``NAME`` asserts over the same names.

    python scripts/prose.py check    # every mark and claim, both languages; the unmarked figures
    python scripts/prose.py write    # after a re-run: rewrite every marked figure from the run
    python scripts/prose.py scan     # only the figures equal to an output that carry no mark
"""

from __future__ import annotations

import ast
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import claims as data  # noqa: E402  (scripts/claims.py: outputs, claims, allowed figures)

from helpers.results import ChapterResults, record_of, seed_spread  # noqa: E402

CHAPTERS = ROOT / "chapters"
BUDGET = ROOT / "helpers" / "reference_budget.json"
LANGS = ("en", "ko")
STEMS = [
    "01_conv1d_imdb",
    "02_jena_rnn",
    "03_jena_conv_hybrid",
    "04_rnn_forecasting",
    "05_conv_wavenet",
    "06_results",
]
NUMBER = r"[-−]?\d[\d,]*(?:\.\d+)?"
MARK = re.compile(rf"(?P<num>{NUMBER})<!-- seq:(?P<expr>.+?) -->")
CLAIM = re.compile(r"<!-- claim:(?P<name>[\w.-]+) -->")
COMMENT = re.compile(r"<!--.*?-->", re.S)


# ------------------------------------------------------------------------------------ records
class Figures:
    """Attribute access to one model's figures in a record."""

    def __init__(self, model: dict[str, Any], spread: dict[str, Any] | None) -> None:
        self._model = model
        self.value = model["value"]
        self.seconds = model.get("seconds_per_epoch")
        self.epoch = model.get("epoch")
        self.epochs = model.get("epochs")
        self.batches = model.get("batches")
        self.reference = model.get("reference")
        self.last = model.get("last")
        self.also = model.get("also") or {}
        self.spread = None
        if spread:
            values = spread["values"]
            last = [v for v in spread.get("last") or [] if v is not None]
            self.spread = Namespace(
                lo=min(values),
                hi=max(values),
                values=values,
                last_lo=min(last) if last else None,
                last_hi=max(last) if last else None,
            )

    def __getattr__(self, name: str) -> Any:
        also = self.__dict__.get("also", {})
        if name in also:
            return also[name]
        raise AttributeError(f"model {self._model['id']!r} has no figure {name!r}")


class Namespace:
    def __init__(self, **items: Any) -> None:
        self.__dict__.update(items)

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"no figure {name!r} (has {sorted(self.__dict__)})")


def _range(values: list[float]) -> Namespace:
    return Namespace(lo=min(values), hi=max(values), values=values)


class BudgetRuns:
    """One model's runs at the reference's budget, over their seeds."""

    def __init__(self, runs: list[dict[str, Any]]) -> None:
        self._runs = runs
        self.seeds = len(runs)
        self.epochs = runs[0]["epochs"]
        self.best = _range([r["best_val_mae"] for r in runs])
        self.epoch = _range([r["best_epoch"] for r in runs])
        self.last = _range([r["val_mae"][-1] for r in runs])
        self.train_last = _range([r["train_mae"][-1] for r in runs])
        self.test = _range([r["test_mae"] for r in runs])
        self.baseline = runs[0]["baseline"]["val_mae"]
        self.baseline_test = runs[0]["baseline"]["test_mae"]
        self.seconds = sum(r["seconds_per_epoch"] for r in runs) / len(runs)

    def within(self, n: int) -> Namespace:
        """The best validation MAE over the first ``n`` epochs of each seed."""
        return _range([min(r["val_mae"][:n]) for r in self._runs])

    def at(self, n: int) -> Namespace:
        """The validation MAE at epoch ``n`` of each seed."""
        return _range([r["val_mae"][n - 1] for r in self._runs])


def budget_figures(path: Path = BUDGET) -> Namespace:
    """``budget.MODEL`` of the marks: the reference-budget record, model by model."""
    if not path.exists():
        return Namespace()
    runs = json.loads(path.read_text(encoding="utf-8"))["runs"]
    models = dict.fromkeys(r["model"] for r in runs)
    return Namespace(**{m: BudgetRuns([r for r in runs if r["model"] == m]) for m in models})


def read(stem: str, lang: str, chapters: Path = CHAPTERS) -> dict[str, Any]:
    return json.loads((chapters / lang / f"{stem}.ipynb").read_text(encoding="utf-8"))


def record_figures(record: dict[str, Any] | None) -> Namespace:
    if record is None:
        return Namespace()
    results = ChapterResults(record)
    spreads = seed_spread(results.chapter, results.settings)
    return Namespace(**{k: Figures(m, spreads.get(k)) for k, m in results.items()})


def output_text(cell: dict[str, Any]) -> str:
    """What a code cell printed or displayed as text (streams, text/plain)."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append("".join(output.get("text", "")))
        elif "data" in output and "text/plain" in output["data"]:
            parts.append("".join(output["data"]["text/plain"]))
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(parts))


def outputs_of(stem: str, lang: str, notebook: dict[str, Any]) -> Namespace:
    """The named figures of ``claims.OUTPUTS[stem]`` found in the notebook's outputs."""
    text = "\n".join(output_text(c) for c in notebook["cells"] if c["cell_type"] == "code")
    found = {}
    for name, pattern in data.OUTPUTS.get(stem, {}).items():
        if isinstance(pattern, dict):
            pattern = pattern[lang]
        match = re.search(pattern, text)
        if match:
            found[name] = float(match.group(1).replace(",", ""))
        else:
            found[name] = Missing(f"{stem} ({lang}): no output matches out.{name}: {pattern!r}")
    return Namespace(**found)


class Missing:
    """An output figure whose pattern found nothing: any use of it raises."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __getattr__(self, name: str) -> Any:
        raise LookupError(self.__dict__["message"])

    def __float__(self) -> float:
        raise LookupError(self.message)

    def __format__(self, spec: str) -> str:
        raise LookupError(self.message)


@dataclass
class Chapter:
    stem: str
    lang: str
    notebook: dict[str, Any]
    names: dict[str, Any]


def chapter(
    stem: str, lang: str, chapters: Path = CHAPTERS, records: dict | None = None
) -> Chapter:
    """A chapter's notebook and the names its marks and claims may use. ``records`` maps
    (stem, lang) → a record to use instead of the committed one (the tests change one)."""
    records = records or {}
    notebook = read(stem, lang, chapters)

    def rec(s: str) -> dict[str, Any] | None:
        if (s, lang) in records:
            return records[(s, lang)]
        if s == stem:
            return record_of(notebook)
        return record_of(read(s, lang, chapters))

    names: dict[str, Any] = {f"ch{s[:2]}": record_figures(rec(s)) for s in STEMS[:-1]}
    own = record_figures(rec(stem)) if stem != "06_results" else Namespace()
    names.update(own.__dict__)
    if stem != "06_results":
        names["settings"] = Namespace(**(rec(stem) or {}).get("settings", {}))
        other = next(lg for lg in LANGS if lg != lang)
        other_notebook = read(stem, other, chapters)
        names["other"] = record_figures(records.get((stem, other)) or record_of(other_notebook))
        names["other"].out = outputs_of(stem, other, other_notebook)
    names["models"] = list(own.__dict__.values())
    names["out"] = outputs_of(stem, lang, notebook)
    names["budget"] = records.get("budget") or budget_figures()
    names.update({"abs": abs, "all": all, "min": min, "max": max, "round": round, "zip": zip})
    return Chapter(stem, lang, notebook, names)


def evaluate(expr: str, names: dict[str, Any]) -> Any:
    scope = {"__builtins__": {}, **names}
    value = eval(compile(expr, "<mark>", "eval"), scope)  # noqa: S307
    if isinstance(value, Missing):
        float(value)
    return value


# ------------------------------------------------------------------------------------ marks
def typed_format(typed: str) -> str:
    """The format that writes a figure as it was typed: decimals, thousands separators."""
    decimals = len(typed.split(".")[1]) if "." in typed else 0
    return f"{',' if ',' in typed else ''}.{decimals}f"


def render(value: Any, spec: str | None, typed: str) -> str:
    text = format(value, spec or typed_format(typed))
    if typed.startswith("−"):
        text = text.replace("-", "−")
    return text


def split_mark(expr: str) -> tuple[str, str | None]:
    if "|" in expr:
        left, spec = expr.rsplit("|", 1)
        return left.strip(), spec.strip()
    return expr.strip(), None


@dataclass
class Problem:
    stem: str
    lang: str
    cell: int
    kind: str  # "mark", "claim", "unmarked"
    message: str

    def __str__(self) -> str:
        return f"{self.stem} ({self.lang}, cell {self.cell}) {self.kind}: {self.message}"


def sentence_at(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end] (a claim mark: the sentence it ends), marks
    removed, on one line."""
    boundary = re.compile(r"[.!?](?:\*\*)?(?:<!--.*?-->)*\s+|\n\s*\n|^\s*- ", re.M)
    left = 0
    for match in boundary.finditer(text, 0, max(0, start - 2)):
        left = match.end()
    found = boundary.search(text, end)
    right = found.start() + 1 if found else len(text)
    if re.search(r"[.!?](?:\*\*)?(?:<!--.*?-->)*$", text[:start]):
        right = start  # a mark right after the sentence's full stop: the sentence ends there
    return " ".join(COMMENT.sub("", text[left:right]).split())


def markdown_cells(notebook: dict[str, Any]):
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "markdown":
            yield index, "".join(cell["source"])


def check_marks(ch: Chapter) -> tuple[list[Problem], int]:
    problems, count = [], 0
    for index, text in markdown_cells(ch.notebook):
        for match in MARK.finditer(text):
            count += 1
            expr, spec = split_mark(match["expr"])
            try:
                want = render(evaluate(expr, ch.names), spec, match["num"])
            except Exception as error:  # noqa: BLE001  (reported with its mark)
                problems.append(Problem(ch.stem, ch.lang, index, "mark", f"{match[0]!r}: {error}"))
                continue
            if want != match["num"]:
                sentence = sentence_at(text, match.start(), match.end())
                problems.append(
                    Problem(
                        ch.stem,
                        ch.lang,
                        index,
                        "mark",
                        f"typed {match['num']}, the run says {want} ({expr}): «{sentence}»",
                    )
                )
        for match in re.finditer(r"<!-- seq:", text):
            if not MARK.match(text, max(0, match.start() - 40)) and not any(
                m.start() <= match.start() < m.end() for m in MARK.finditer(text)
            ):
                problems.append(
                    Problem(
                        ch.stem, ch.lang, index, "mark", "a seq mark without a figure before it"
                    )
                )
    return problems, count


def write_marks(ch: Chapter) -> int:
    """Rewrite every marked figure of the chapter from its run; returns how many changed."""
    changed = 0
    for cell in ch.notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])

        def fix(match: re.Match) -> str:
            nonlocal changed
            expr, spec = split_mark(match["expr"])
            want = render(evaluate(expr, ch.names), spec, match["num"])
            changed += want != match["num"]
            return f"{want}<!-- seq:{match['expr']} -->"

        new = MARK.sub(fix, text)
        if new != text:
            cell["source"] = new.splitlines(keepends=True)
    return changed


# ------------------------------------------------------------------------------------ claims
def figures_in(expr: str, names: dict[str, Any]) -> str:
    """The figures an expression reads, with their values: 'gru.value=0.2837, …'."""
    shown = []
    for node in ast.walk(ast.parse(expr, mode="eval")):
        if isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Store):
            source = ast.unparse(node)
            if any(source in s and s != source for s in shown):
                continue
            try:
                value = evaluate(source, names)
            except Exception:  # noqa: BLE001
                continue
            if isinstance(value, int | float):
                shown.append(f"{source}={value:.6g}")
    return ", ".join(dict.fromkeys(shown))


def check_claims(ch: Chapter) -> tuple[list[Problem], list[str]]:
    problems, found = [], []
    for index, text in markdown_cells(ch.notebook):
        for match in CLAIM.finditer(text):
            name = match["name"]
            found.append(name)
            claim = data.CLAIMS.get(name)
            sentence = sentence_at(text, match.start(), match.end())
            if claim is None:
                problems.append(
                    Problem(
                        ch.stem, ch.lang, index, "claim", f"{name}: no such claim: «{sentence}»"
                    )
                )
                continue
            if not name.startswith(ch.stem[:2] + "."):
                problems.append(
                    Problem(ch.stem, ch.lang, index, "claim", f"{name} belongs to another chapter")
                )
            try:
                holds = bool(evaluate(claim, ch.names))
            except Exception as error:  # noqa: BLE001
                problems.append(Problem(ch.stem, ch.lang, index, "claim", f"{name}: {error}"))
                continue
            if not holds:
                problems.append(
                    Problem(
                        ch.stem,
                        ch.lang,
                        index,
                        "claim",
                        f"{name} no longer holds ({claim}; {figures_in(claim, ch.names)}): "
                        f"«{sentence}»",
                    )
                )
    return problems, found


# ------------------------------------------------------------------------------------ scan
TOKEN = re.compile(r"(?<![0-9A-Za-z_.,§/])(\d[\d,]*(?:\.\d+)*)(?![0-9A-Za-z_])")
# a small integer counts as a figure of the run where it is an epoch, a ratio, a share or a time
SMALL_INT_CONTEXT = re.compile(
    r"(?:epochs? |에포크 |epoch of )$|^(?:×|%| %| s\b|초|번째 에포크| epochs?\b|개 에포크| 에포크)"
)


def normalise(token: str) -> str:
    return token.rstrip(",").replace(",", "")


def output_figures(ch: Chapter) -> set[str]:
    """Every figure the chapter's run shows: numbers in its text outputs and its record's
    figures as a table or a printed line writes them."""
    found: set[str] = set()
    for cell in ch.notebook["cells"]:
        if cell["cell_type"] == "code":
            for token in TOKEN.findall(output_text(cell)):
                if token.count(".") <= 1:
                    found.add(normalise(token))
    literals = set()  # integers typed in the code: constants of the code, not figures of the run
    for cell in ch.notebook["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            literals.update(
                m.replace("_", "") for m in re.findall(r"(?<![\w.])\d[\d_]*(?![\w.])", source)
            )
    found -= literals
    record = record_of(ch.notebook)
    if record is not None:
        for model in ChapterResults(record).values():
            for value in [model["value"], model.get("last"), *(model.get("also") or {}).values()]:
                if isinstance(value, int | float):
                    found.update(format(value, f".{d}f") for d in (2, 3, 4))
            if model.get("seconds_per_epoch") is not None:
                found.add(format(model["seconds_per_epoch"], ".1f"))
    return found


def prose_only(text: str) -> str:
    """A markdown cell's text with what is not prose blanked (same length): code blocks, code
    spans, math, link targets, comments, and marked figures."""

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match[0])

    text = MARK.sub(blank, text)
    text = re.sub(r"^```(?!\{)[^\n]*\n.*?^```", blank, text, flags=re.S | re.M)
    text = re.sub(r"^:\w+:.*$", blank, text, flags=re.M)  # directive options
    for pattern in (r"`[^`\n]*`", r"\$\$.*?\$\$", r"\$[^$\n]*\$", r"\]\([^)]*\)", r"<!--.*?-->"):
        text = re.sub(pattern, blank, text, flags=re.S)
    return text


def is_figure(text: str, match: re.Match) -> bool:
    token = match[1].rstrip(",")
    if token.count(".") > 1:
        return False  # a section number
    if "." in token:
        return True
    number = int(token.replace(",", ""))
    if "," in token or (number >= 100 and not 1900 <= number <= 2099):
        return True
    before = text[max(0, match.start() - 12) : match.start()]
    after = text[match.end() : match.end() + 8]
    return bool(SMALL_INT_CONTEXT.search(before) or SMALL_INT_CONTEXT.search(after))


def unmarked(ch: Chapter) -> list[Problem]:
    """Figures in prose equal to a figure of the run that carry no mark and are not allowed."""
    figures = output_figures(ch)
    allowed = data.ALLOWED.get(ch.stem, {})
    problems = []
    for index, raw in markdown_cells(ch.notebook):
        text = prose_only(raw)
        for match in TOKEN.finditer(text):
            token = match[1].rstrip(",")
            if not is_figure(text, match) or normalise(token) not in figures:
                continue
            sentence = sentence_at(raw, match.start(), match.end())
            if token in allowed:
                continue
            problems.append(
                Problem(ch.stem, ch.lang, index, "unmarked", f"{token}: «{sentence[:200]}»")
            )
    return problems


# ------------------------------------------------------------------------------------ command
def all_chapters(chapters: Path = CHAPTERS, records: dict | None = None):
    for stem in STEMS:
        for lang in LANGS:
            yield chapter(stem, lang, chapters, records)


def check(chapters: Path = CHAPTERS, records: dict | None = None) -> dict[str, Any]:
    """Every problem, and per chapter and language how many marks and claims it checked."""
    problems: list[Problem] = []
    counts: dict[tuple[str, str], dict[str, int]] = {}
    used: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for ch in all_chapters(chapters, records):
        mark_problems, marks = check_marks(ch)
        claim_problems, found = check_claims(ch)
        loose = unmarked(ch)
        problems += mark_problems + claim_problems + loose
        used[ch.lang].update(found)
        counts[(ch.stem, ch.lang)] = {"marks": marks, "claims": len(found), "unmarked": len(loose)}
    for name in data.CLAIMS:
        for lang in LANGS:
            if name not in used[lang]:
                stem = next((s for s in STEMS if s.startswith(name[:2])), name[:2])
                problems.append(Problem(stem, lang, -1, "claim", f"{name} is cited nowhere"))
    return {"problems": problems, "counts": counts}


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "write":
        for stem in STEMS:
            for lang in LANGS:
                path = CHAPTERS / lang / f"{stem}.ipynb"
                ch = chapter(stem, lang)
                changed = write_marks(ch)
                if changed:
                    text = json.dumps(ch.notebook, indent=1, ensure_ascii=False) + "\n"
                    path.write_text(text, encoding="utf-8")
                    print(f"{lang}/{stem}: {changed} figures rewritten")
        argv = ["check"]
        command = "check"
    if command in ("check", "scan"):
        result = check()
        shown = [p for p in result["problems"] if command == "check" or p.kind == "unmarked"]
        for problem in shown:
            print(problem)
        print()
        print(f"{'chapter':<22} lang  marks  claims  unmarked")
        for (stem, lang), count in result["counts"].items():
            print(
                f"{stem:<22} {lang:<4} {count['marks']:>5} {count['claims']:>7} "
                f"{count['unmarked']:>9}"
            )
        print(f"{len(shown)} problems")
        return 1 if shown else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
