"""Static checks of the chapter notebooks: the two languages agree, outputs are clean.

Each test is parametrised by chapter stem, so ``pytest -k 01_conv1d_imdb`` selects it.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from pathlib import Path

import nbformat
import papermill
import pytest

from helpers.results import load as load_results

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
STEMS = sorted(p.stem for p in (CHAPTERS / "en").glob("*.ipynb"))
LANGS = ("en", "ko")
PRESETS = json.loads((ROOT / "tests" / "chapter_parameters.json").read_text())


def load(lang: str, stem: str) -> nbformat.NotebookNode:
    return nbformat.read(CHAPTERS / lang / f"{stem}.ipynb", as_version=4)


def code_tokens(source: str) -> list[tuple[int, str]]:
    """Tokens of a code cell with every string literal replaced and comments dropped."""
    source = "\n".join(
        "pass  # magic" if line.lstrip().startswith(("%", "!")) else line
        for line in source.splitlines()
    )
    out: list[tuple[int, str]] = []
    in_fstring = 0
    for tok in tokenize.generate_tokens(io.StringIO(source + "\n").readline):
        kind = tok.type
        if kind in (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING):
            continue
        # Python 3.12+ splits f-strings into parts: treat the whole f-string as one string
        if kind == getattr(tokenize, "FSTRING_START", -1):
            in_fstring += 1
            if in_fstring == 1:
                out.append((tokenize.STRING, "<str>"))
            continue
        if kind == getattr(tokenize, "FSTRING_END", -1):
            in_fstring -= 1
            continue
        if in_fstring:
            continue
        out.append((kind, "<str>" if kind == tokenize.STRING else tok.string))
    return out


@pytest.mark.content
def test_every_chapter_exists_in_both_languages() -> None:
    en = sorted(p.name for p in (CHAPTERS / "en").glob("*.ipynb"))
    ko = sorted(p.name for p in (CHAPTERS / "ko").glob("*.ipynb"))
    assert en, "no chapters found"
    assert en == ko


@pytest.mark.unit
def test_code_tokens_ignore_strings_and_comments_only() -> None:
    a = 'print("hello")  # say it\nx = f"{n:.1f} s"'
    b = 'print("안녕")  # 인사\nx = f"{n:.1f}초"'
    assert code_tokens(a) == code_tokens(b)
    assert code_tokens("layers.Conv1D(32, 7)") != code_tokens("layers.Conv1D(32, 5)")


def english_notes(source: str) -> list[str]:
    """Comments and docstrings of a code cell written in English words with no Korean (a
    comment naming a layer or a shape, such as ``# MaxPooling1D``, is not prose)."""
    found = []
    previous = tokenize.NEWLINE
    for tok in tokenize.generate_tokens(io.StringIO(source + "\n").readline):
        docstring = tok.type == tokenize.STRING and tok.string.startswith(('"""', "'''"))
        if (tok.type == tokenize.COMMENT or (docstring and previous == tokenize.INDENT)) and (
            re.search(r"[a-z]{3,} [a-z]{2,}", tok.string)
            and not re.search(r"[\uac00-\ud7a3]", tok.string)
            and not re.search(r"noqa|fmt: |type: ignore", tok.string)
        ):
            found.append(tok.string)
        if tok.type not in (tokenize.NL, tokenize.COMMENT):
            previous = tok.type
    return found


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.content
def test_korean_code_cells_comment_in_korean(stem: str) -> None:
    found = [
        n for c in load("ko", stem).cells if c.cell_type == "code" for n in english_notes(c.source)
    ]
    assert not found, f"ko/{stem}: comments or docstrings in English: {found}"


@pytest.mark.unit
def test_english_notes_are_found() -> None:
    cell = 'def f():\n    """Return the answer."""\n    return 42  # the answer to it all\n'
    assert english_notes(cell) == ['"""Return the answer."""', "# the answer to it all"]
    assert english_notes("x = 1  # 한국어 주석\ny = 2  # MaxPooling1D\n") == []


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.content
def test_code_cells_are_the_same_in_both_languages(stem: str) -> None:
    en, ko = load("en", stem), load("ko", stem)
    assert [c.cell_type for c in en.cells] == [c.cell_type for c in ko.cells], (
        "the two languages must have the same sequence of markdown and code cells"
    )
    for i, (a, b) in enumerate(zip(en.cells, ko.cells, strict=True)):
        if a.cell_type != "code":
            continue
        assert code_tokens(a.source) == code_tokens(b.source), (
            f"{stem} cell {i}: the code differs between en and ko beyond strings and comments"
        )
        assert a.metadata.get("tags", []) == b.metadata.get("tags", []), f"{stem} cell {i}: tags"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.content
def test_parameters_cell_follows_the_imports(stem: str, lang: str) -> None:
    """Set-up cell (tag), imports, the cell tagged ``parameters``, then the preset applied.

    The parameters are the ones papermill finds in the tagged cell (``inspect_notebook``); the
    imports and the call are compared as syntax trees (any formatting, quotes or comments)."""
    path = CHAPTERS / lang / f"{stem}.ipynb"
    code = [c for c in load(lang, stem).cells if c.cell_type == "code"]
    assert "setup" in code[0].metadata.get("tags", []), (
        "the first code cell is the hidden set-up cell (tests/test_setup_cell.py)"
    )
    assert "helpers" in imported_modules(code[1].source), "the next code cell holds the imports"
    assert "parameters" in code[2].metadata.get("tags", []), (
        "the code cell right after the imports is tagged 'parameters'"
    )
    assigned = set(papermill.inspect_notebook(str(path)))
    assert "PRESET" in assigned, "the parameters cell names its preset (helpers.presets)"
    for name, preset in PRESETS.items():
        missing = sorted(set(preset[stem]) - assigned)
        assert not missing, f"preset {name!r} sets {missing}, which the parameters cell lacks"
    first = ast.parse(code[3].source).body[0]  # `use_preset(…)`, or `SETTINGS = use_preset(…)`
    call = first.value if isinstance(first, (ast.Expr, ast.Assign)) else first
    expected = ast.parse(f"use_preset({stem!r}, PRESET, globals(), LANG)", mode="eval").body
    assert ast.dump(call) == ast.dump(expected), (
        "the cell after the parameters applies the chosen preset first"
    )


def imported_modules(source: str) -> set[str]:
    """The top-level packages a cell imports."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.unit
def test_imported_modules_and_the_preset_call_are_read_as_syntax() -> None:
    assert imported_modules("import helpers\nfrom helpers.data import load_jena") == {"helpers"}
    assert imported_modules("# import helpers\nx = 'import helpers'") == set()
    call = ast.dump(ast.parse("use_preset('05_x', PRESET, globals(), LANG)").body[0])
    same = 'use_preset(\n    "05_x",  # the chapter\n    PRESET, globals(), LANG,\n)'
    assert ast.dump(ast.parse(same).body[0]) == call
    assert ast.dump(ast.parse("use_preset('05_x', 'class', globals(), LANG)").body[0]) != call


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.content
def test_ignored_outputs_say_why(stem: str, lang: str) -> None:
    for i, cell in enumerate(load(lang, stem).cells):
        if "nbval-ignore-output" in cell.metadata.get("tags", []):
            reason = cell.metadata.get("nbval_ignore_reason", "")
            assert len(reason) > 10, f"{stem} ({lang}) cell {i}: no nbval_ignore_reason"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.content
def test_committed_outputs_are_complete_and_clean(stem: str, lang: str) -> None:
    nb = load(lang, stem)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, f"{stem} ({lang}) cell {i} was not executed"
        for out in cell.outputs:
            assert out.output_type != "error", f"{stem} ({lang}) cell {i}: error output"
            if out.output_type == "stream":
                assert out.name == "stdout", f"{stem} ({lang}) cell {i}: stderr output"
                assert not re.search(r"WARNING|Warning:|Traceback", out.text), (
                    f"{stem} ({lang}) cell {i}: a warning in the output"
                )
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "outputs come from one run, top to bottom"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.content
def test_chapter_links_to_its_twin(stem: str, lang: str) -> None:
    other = "ko" if lang == "en" else "en"
    first = load(lang, stem).cells[0]
    assert f"../{other}/{stem}.ipynb" in first.source


def _printed(nb: nbformat.NotebookNode) -> str:
    return "\n".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.content
def test_01_conv1d_imdb_committed_results(lang: str) -> None:
    """The committed chapter 01 is a full run: all reviews, 10 epochs, accuracy ≥ 0.85."""
    results = load_results("01_conv1d_imdb", lang)
    assert results.settings["EPOCHS"] == 10 and results.settings["TRAIN_SAMPLES"] is None
    validation, test = results["conv1d"], results["conv1d_test"]
    assert validation["value"] >= 0.85, "best validation accuracy below 0.85"
    assert validation["epochs"] == 10 and validation["batches"] == 10 * 625, "not 10 full epochs"
    assert test["metric"] == "test_accuracy" and test["value"] >= 0.85
    assert test["epochs"] == validation["epoch"], "retrained for the best epoch's count"
    assert results.data == "real" and validation["seconds_per_epoch"] > 0
    # the LSTM beside it, on the same reviews and by the same protocol (DLwP §6.2.3)
    assert results.settings["LSTM_EPOCHS"] == 10
    lstm, lstm_test = results["lstm"], results["lstm_test"]
    assert lstm["metric"] == "val_accuracy" and lstm["epochs"] == 10
    assert lstm["batches"] == 10 * 157, "10 epochs of 20,000 reviews in batches of 128"
    assert lstm["value"] >= 0.8 and lstm_test["value"] >= 0.8, "the LSTM did not learn"
    assert lstm_test["epochs"] == lstm["epoch"], "retrained for the best epoch's count"
    assert lstm["seconds_per_epoch"] > 0 and lstm["reference"] == 0.89
