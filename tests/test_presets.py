"""helpers.presets: the named settings (CI's, a class's) every chapter can be run with."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import presets as pre
from helpers.presets import full_settings, preset_settings, presets, use_preset

ROOT = Path(__file__).resolve().parents[1]
STEMS = sorted(p.stem for p in (ROOT / "chapters" / "en").glob("*.ipynb"))


@pytest.mark.unit
def test_the_package_reads_the_one_presets_file() -> None:
    """helpers/presets.json is tests/chapter_parameters.json (a link), not a copy."""
    assert pre.PRESETS_FILE.resolve() == (ROOT / "tests" / "chapter_parameters.json").resolve()
    assert set(presets()) == {"full", "ci", "class"}
    for name, chapters in presets().items():
        assert sorted(chapters) == STEMS, f"preset {name!r} names every chapter"


def parameters_cell(stem: str, lang: str) -> dict:
    """The values a chapter's cell tagged ``parameters`` assigns, ``PRESET`` and ``LANG`` aside."""
    notebook = json.loads((ROOT / "chapters" / lang / f"{stem}.ipynb").read_text("utf-8"))
    (cell,) = [c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", [])]
    found = {}
    for node in ast.parse("".join(cell["source"])).body:
        name, value = node.targets[0].id, ast.literal_eval(node.value)
        if name not in ("PRESET", "LANG"):
            found[name] = list(value) if isinstance(value, tuple) else value
    return found


@pytest.mark.content
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", STEMS)
def test_the_parameters_cell_holds_the_files_full_settings(stem: str, lang: str) -> None:
    """A chapter's defaults are the presets file's "full" settings, name for name: change one,
    change the other (the committed records are compared with the file)."""
    assert parameters_cell(stem, lang) == full_settings(stem)


@pytest.mark.unit
def test_full_settings_are_the_files_and_full_applies_none() -> None:
    assert full_settings("03_jena_conv_hybrid") == presets()["full"]["03_jena_conv_hybrid"]
    assert preset_settings("03_jena_conv_hybrid", "full") == {}


@pytest.mark.unit
def test_use_preset_sets_the_parameters_and_says_so(capsys) -> None:
    namespace = dict(full_settings("01_conv1d_imdb"))
    settings = use_preset("01_conv1d_imdb", "class", namespace)
    expected = preset_settings("01_conv1d_imdb", "class")
    assert expected and {k: namespace[k] for k in expected} == expected
    assert namespace["SEED"] == 42  # what the preset does not name stays
    assert settings == {k: namespace[k] for k in full_settings("01_conv1d_imdb")}  # the record's
    assert capsys.readouterr().out.startswith("preset 'class': EPOCHS=")


@pytest.mark.unit
def test_full_changes_nothing_and_prints_nothing(capsys) -> None:
    namespace = dict(full_settings("01_conv1d_imdb"))
    settings = use_preset("01_conv1d_imdb", "full", namespace)
    assert namespace == settings == full_settings("01_conv1d_imdb")
    assert capsys.readouterr().out == ""


@pytest.mark.unit
def test_a_parameter_the_full_settings_name_but_the_cell_lacks_is_an_error() -> None:
    with pytest.raises(KeyError, match=r"does not define \['BATCH_SIZE', 'LSTM_EPOCHS', 'SEED'\]"):
        use_preset("01_conv1d_imdb", "full", {"EPOCHS": 10, "TRAIN_SAMPLES": None})


@pytest.mark.unit
def test_bad_presets_are_named_in_the_pages_language() -> None:
    with pytest.raises(KeyError, match="no preset 'klass': choose 'full', 'ci', 'class'"):
        use_preset("01_conv1d_imdb", "klass", {"EPOCHS": 10})
    with pytest.raises(KeyError) as korean:
        use_preset("01_conv1d_imdb", "klass", {"EPOCHS": 10}, lang="ko")
    assert "프리셋 'klass'은 없습니다" in str(korean.value)
    with pytest.raises(KeyError, match="sets EPOCHS, which this notebook does not define"):
        use_preset("01_conv1d_imdb", "class", {"TRAIN_SAMPLES": None})


@pytest.mark.unit
def test_the_installed_package_carries_the_presets(tmp_path: Path) -> None:
    """A wheel built from the repository (as pip builds it for Colab) holds the presets file's
    content, not a dangling link. Built from a copy that keeps the link as a link."""
    source = tmp_path / "source"
    skip = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "helpers", source / "helpers", symlinks=True, ignore=skip)
    assert (source / "helpers" / "presets.json").is_symlink()
    (source / "tests").mkdir()
    shutil.copy(ROOT / "tests" / "chapter_parameters.json", source / "tests")
    shutil.copy(ROOT / "pyproject.toml", source)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(source)],
        check=True,
    )  # fmt: skip
    wheel = next(tmp_path.glob("seqbook_helpers-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        shipped = json.loads(archive.read("helpers/presets.json"))
        words = {lang: archive.read(f"helpers/locale/{lang}.json") for lang in ("en", "ko")}
    assert shipped == presets()
    for lang, shipped_words in words.items():  # the catalogues every helper reads its words from
        assert shipped_words == (ROOT / "helpers" / "locale" / f"{lang}.json").read_bytes()


@pytest.mark.content
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("stem", [s for s in STEMS if s != "06_results"])
def test_every_committed_record_is_a_run_at_the_full_settings(stem: str, lang: str) -> None:
    from helpers.results import load

    assert load(stem, lang).settings == full_settings(stem), "re-run the chapter at full settings"
