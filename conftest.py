"""Pytest set-up for the book.

Chapter notebooks (``chapters/{en,ko}/*.ipynb``) are collected as nbval notebooks with one
twist: before running, papermill's parameter injection puts the reduced CI settings (the
``"ci"`` preset of ``tests/chapter_parameters.json``) after the cell tagged ``parameters`` (the
same thing that ``papermill --prepare-only`` does). The stored outputs stay, so nbval executes
the notebook once and compares every cell not tagged ``nbval-ignore-output`` with the committed
notebook.

``SEQBOOK_NBVAL_FULL=1`` skips the injection: the chapter runs at its full settings.

The tests see the same data on every machine: the Jena chapters are pinned to the generated
stand-in their committed outputs were made from (``SEQBOOK_JENA_SOURCE=standin``, whatever
real file the machine has), and the IMDB reviews are fetched once, before anything runs
(local copy, or the pinned download) before any test marked ``needs_imdb`` runs: when they
cannot be had, the session stops at once with one message that says what is missing, where to
get it and where to put it.

Tests by kind (markers registered in ``pyproject.toml``): ``unit``, ``content``, ``notebook``,
``site``, ``integration``; every test has exactly one. The test modules mark their own tests;
here the chapters' cells and learning checks are marked ``notebook`` (and ``needs_imdb`` for
the chapters that read the reviews, :data:`IMDB_CHAPTERS`), and a test of another module that
has no kind gets ``site`` when it uses the ``built`` fixture (``tests/conftest.py``), else
``content`` with a warning. ``pytest -m unit`` runs the fast tests; ``pytest`` alone runs
everything.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, RunningKernel
from nbval.plugin import IPyNbCell, IPyNbFile, find_comment_markers, find_metadata_tags
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

ROOT = Path(__file__).resolve().parent
CHAPTER_PARAMETERS = ROOT / "tests" / "chapter_parameters.json"
NBVAL_SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
LEARNING_BANDS = ROOT / "tests" / "learning_bands.json"
RERUN = "python scripts/learning_bands.py"

# The chapters whose run reads the IMDB reviews: their cells and learning check are marked
# ``needs_imdb`` (the Jena chapters are pinned to the generated stand-in, the others generate
# their series or read the committed records).
IMDB_CHAPTERS = frozenset({"01_conv1d_imdb"})
KINDS = ("unit", "content", "notebook", "site", "integration")
# Under pytest-xdist, a worker whose selection holds a ``needs_imdb`` test says so in this
# file; the controller reads it after each worker's collection, before any test is scheduled.
IMDB_FLAG_ENV = "SEQBOOK_IMDB_FLAG"
_IMDB_FETCHED: list[bool] = []  # the controller fetched them (once per session)


def needs_imdb(item) -> bool:
    """Whether a test reads the IMDB reviews: it carries the ``needs_imdb`` marker."""
    return item.get_closest_marker("needs_imdb") is not None


def kinds_of(item) -> list[str]:
    return [kind for kind in KINDS if item.get_closest_marker(kind) is not None]


def pytest_configure(config) -> None:
    config.pluginmanager.register(ImdbAfterSelection(), "seqbook-imdb-after-selection")
    # Kernels run inside chapters/<lang>/: make a relative data folder absolute first.
    data_dir = os.environ.get("SEQBOOK_DATA_DIR")
    if data_dir:
        os.environ["SEQBOOK_DATA_DIR"] = str(Path(data_dir).resolve())
    # The data the committed outputs were made from, whatever the machine has (kernels inherit).
    os.environ["SEQBOOK_JENA_SOURCE"] = "standin"
    # Where the chapters run by nbval write their results records, for the learning checks.
    if not hasattr(config, "workerinput") and not os.environ.get("SEQBOOK_RESULTS_DIR"):
        folder = tempfile.mkdtemp(prefix="seqbook_results_")
        os.environ["SEQBOOK_RESULTS_DIR"] = config.seqbook_results_dir = folder
    if not hasattr(config, "workerinput"):  # the workers inherit the flag's path
        fd, flag = tempfile.mkstemp(prefix="seqbook_imdb_flag_")
        os.close(fd)
        os.unlink(flag)  # present only once a worker selected a test that reads the reviews
        os.environ[IMDB_FLAG_ENV] = config.seqbook_imdb_flag = flag


def pytest_unconfigure(config) -> None:
    """Remove the records' temporary folder this run made (not one the user named)."""
    folder = getattr(config, "seqbook_results_dir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop("SEQBOOK_RESULTS_DIR", None)
    flag = getattr(config, "seqbook_imdb_flag", None)
    if flag:
        Path(flag).unlink(missing_ok=True)
        os.environ.pop(IMDB_FLAG_ENV, None)


def fetch_imdb_or_exit() -> None:
    """Fetch the IMDB reviews (local copy or pinned download), or stop with one message."""
    from helpers.data import DataNotFoundError, imdb_source

    try:
        imdb_source()
    except DataNotFoundError as err:
        # The message once, in full; pytest then repeats only the short reason.
        sys.stderr.write(f"\nThe tests need the IMDB reviews.\n{err}\n\n")
        pytest.exit("stopped before any test: the IMDB reviews are missing (see above)", 3)


class KindError(pytest.UsageError):
    """A test with more than one kind (:data:`KINDS`)."""


@pytest.hookimpl(tryfirst=True)  # before -m deselects: the kinds given here count for it
def pytest_collection_modifyitems(session, config, items) -> None:
    """Give every test one kind: a test of another module with none gets ``site`` when it uses
    the ``built`` fixture, and ``content`` otherwise (with a warning); two kinds are an error."""
    doubled = []
    for item in items:
        kinds = kinds_of(item)
        if len(kinds) > 1:
            doubled.append(f"{item.nodeid}: {kinds}")
        elif not kinds:
            built = "built" in getattr(item, "fixturenames", ())
            if not built:
                item.warn(pytest.PytestWarning(f"{item.nodeid} has no kind ({', '.join(KINDS)})"))
            item.add_marker("site" if built else "content")
    if doubled:
        raise KindError("tests with more than one kind:\n  " + "\n  ".join(doubled))


class ImdbAfterSelection:
    """A plugin (registered in :func:`pytest_configure`): its hook runs after -k and -m."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, session, config, items) -> None:
        """Fetch the IMDB reviews when a selected test is marked ``needs_imdb`` (without
        pytest-xdist; a worker leaves a flag for the controller). ``--collect-only`` reads no
        data."""
        if config.option.collectonly or not any(needs_imdb(item) for item in items):
            return
        if hasattr(config, "workerinput"):
            Path(os.environ[IMDB_FLAG_ENV]).touch()
        else:
            fetch_imdb_or_exit()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids) -> None:
    """Under pytest-xdist (controller): after a worker collected and before any test is
    scheduled, fetch the IMDB reviews if that worker selected a test that reads them."""
    flag = os.environ.get(IMDB_FLAG_ENV)
    if flag and Path(flag).exists() and not _IMDB_FETCHED:
        fetch_imdb_or_exit()
        _IMDB_FETCHED.append(True)


def pytest_collect_file(parent, file_path: Path):
    if (
        file_path.suffix == ".ipynb"
        and file_path.parent.parent == ROOT / "chapters"
        and ".ipynb_checkpoints" not in file_path.parts
    ):
        return ChapterNotebook.from_parent(parent, path=file_path)
    return None


class ChapterNotebook(IPyNbFile):
    """A chapter notebook run with reduced parameters and checked by nbval, cell by cell."""

    def collect(self):
        nb = load_notebook_node(str(self.path))  # as papermill reads it: every cell has tags
        self.add_marker("notebook")  # its cells and learning check inherit the markers
        if self.path.stem in IMDB_CHAPTERS:
            self.add_marker("needs_imdb")
        parameters = json.loads(CHAPTER_PARAMETERS.read_text())["ci"][self.path.stem]
        if os.environ.get("SEQBOOK_NBVAL_FULL") != "1":
            nb = parameterize_notebook(nb, parameters, kernel_name="python3", language="python")
        self.nb = nb
        cell_num = 0
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            options = defaultdict(bool, find_metadata_tags(cell.metadata))
            options.update(dict(find_comment_markers(cell.source)))
            options.setdefault("check", True)
            injected = "injected-parameters" in cell.metadata.get("tags", [])
            # numbered as in the committed notebook, so a failure names the cell a reader sees
            name = "injected CI parameters" if injected else f"Cell {cell_num}"
            yield IPyNbCell.from_parent(
                self, name=name, cell_num=cell_num, cell=cell, options=options
            )
            cell_num += 0 if injected else 1
        bands = json.loads(LEARNING_BANDS.read_text(encoding="utf-8"))
        if self.path.stem in bands:
            yield LearningCheck.from_parent(
                self, name="learning check", bands=bands[self.path.stem]
            )

    def get_sanitize_files(self) -> list[str]:
        """The book's own sanitising rules (``tests/nbval_sanitize.cfg``), then the user's."""
        return [str(NBVAL_SANITIZE), *super().get_sanitize_files()]

    def record_path(self) -> Path:
        """Where the chapter's run writes its results record (helpers.results)."""
        return (
            Path(os.environ["SEQBOOK_RESULTS_DIR"])
            / f"{self.path.stem}.{self.path.parent.name}.json"
        )

    def setup(self) -> None:
        self.record_path().unlink(missing_ok=True)  # a record left by an earlier run says nothing
        # The kernel of the Python running pytest (the book's environment), in the chapter's folder.
        self.kernel = RunningKernel(
            CURRENT_ENV_KERNEL_NAME,
            cwd=str(self.path.parent),
            startup_timeout=self.config.option.nbval_kernel_startup_timeout,
        )
        self.setup_sanitize_files()


class LearningFailure(Exception):
    """A trained model's figure lies outside the band of a model that learned."""


class LearningCheck(pytest.Item):
    """After a chapter ran at CI's settings: every trained model's figure lies in its band.

    The bands (``tests/learning_bands.json``) come from runs of the chapter at the same
    settings over several seeds (``scripts/learning_bands.py``); a model whose figure falls
    outside has stopped learning (or learns far better than it can), and the failure names
    the chapter, language, model, value and band.
    """

    def __init__(self, *, bands: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.bands = bands

    def runtest(self) -> None:
        notebook: ChapterNotebook = self.parent
        where = f"{notebook.path.stem} ({notebook.path.parent.name})"
        if os.environ.get("SEQBOOK_NBVAL_FULL") == "1":
            pytest.skip("the learning bands hold for CI's settings, not the full ones")
        path = notebook.record_path()
        if not path.exists():
            raise LearningFailure(
                f"{where}: the run wrote no results record ({path}); it stopped before "
                "results.show()"
            )
        record = json.loads(path.read_text(encoding="utf-8"))
        measured = self.bands["measured"]
        if record["settings"] != {**measured["settings"], "SEED": record["settings"]["SEED"]}:
            raise LearningFailure(
                f"{where}: run with settings {record['settings']}, but the bands were measured "
                f"with {measured['settings']}; rerun {RERUN} {notebook.path.stem}"
            )
        failures = []
        checked = set()
        from helpers.results import ChapterResults

        for key, model in ChapterResults(record).items():
            figures = {key: (model["metric"], model["value"])}
            figures |= {f"{key}:{m}": (m, v) for m, v in (model.get("also") or {}).items()}
            for band_key, (metric, value) in figures.items():
                band = self.bands["models"].get(band_key)
                if band is None:
                    if band_key == key and model["epochs"] is not None:
                        failures.append(f"model {key!r} has no band: rerun {RERUN}")
                    continue
                checked.add(band_key)
                low, high = band["band"]
                if not low <= value <= high:
                    worse = (value > high) == (band["better"] == "lower")
                    failures.append(
                        f"model {key!r} ({model['name']}): {metric} = {value:.4f}, outside "
                        f"the band [{low:.4f}, {high:.4f}] of the working chapter "
                        f"({'worse' if worse else 'better'}; seeds {measured['seeds']} gave "
                        f"{band['values']})"
                    )
        missing = sorted(set(self.bands["models"]) - checked)
        failures += [f"{key!r} is missing from the results record" for key in missing]
        if failures:
            raise LearningFailure(f"{where}, learning check:\n  " + "\n  ".join(failures))

    def repr_failure(self, excinfo, style=None) -> str:
        if isinstance(excinfo.value, LearningFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.parent.name}::learning check"


class KindTimes:
    """At the end of a run: how many tests of each kind (:data:`KINDS`) ran, and their summed
    time (setup, call and teardown; with several workers, summed over the workers)."""

    def __init__(self) -> None:
        self.items: dict[str, set[str]] = {}
        self.seconds: dict[str, float] = {}

    def pytest_runtest_logreport(self, report) -> None:
        for kind in KINDS:
            if kind in report.keywords:
                self.items.setdefault(kind, set()).add(report.nodeid)
                self.seconds[kind] = self.seconds.get(kind, 0.0) + report.duration

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.items:
            parts = [
                f"{kind} {len(self.items[kind])} tests, {self.seconds[kind]:.0f} s"
                for kind in KINDS
                if kind in self.items
            ]
            terminalreporter.write_line("tests by kind: " + "; ".join(parts))


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session) -> None:
    if not hasattr(session.config, "workerinput"):
        session.config.pluginmanager.register(KindTimes(), "seqbook-kind-times")
