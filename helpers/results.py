"""The chapters' results as data: one record per chapter run, written and read back.

Every chapter collects its models' figures in a :class:`Results` (one per run): per model a
stable id, the metric, its value, whether lower or higher is better, seconds per epoch, epochs
and batches trained, the data it was measured on, and the reference's figure where there is
one; plus the run's settings and library versions. :meth:`Results.recorder` is the callback
the chapters pass to ``model.fit`` (timing, progress, the reported epoch);
:meth:`Results.show` displays the table readers see and stores the record in the notebook's
outputs as JSON (mime type :data:`RECORD_MIME`). :func:`load` reads a committed chapter's
record back, keyed by model id: the overview, the teachers' pages and the tests read numbers
there, never from printed text.
The committed records travel with the package (``helpers/records/<chapter>.<lang>.json``,
written from the notebooks by ``scripts/records.py``), so that a chapter opened alone (Colab,
a folder with only the notebook) reads another chapter's results without the repository.

When ``SEQBOOK_RESULTS_DIR`` is set (the book's tests set it), :meth:`Results.show` also writes
the record to ``<dir>/<chapter>.<lang>.json``, where CI's learning checks read it.

The reported epoch is the same everywhere: a trained model's figure is its **best** validation
value over the epochs it trained, and the record says at which epoch it was reached.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.text import LANGS, texts

RECORD_MIME = "application/vnd.seqbook.results+json"
RESULTS_DIR_ENV = "SEQBOOK_RESULTS_DIR"
# The committed chapters' records, installed with the package (scripts/records.py writes them).
RECORDS = Path(__file__).resolve().parent / "records"
# Headline figures over several seeds at the full settings (scripts/seed_spread.py); installed
# with the package, so that a chapter opened in Colab shows them too.
SPREADS = Path(__file__).resolve().parent / "seed_spreads.json"
SCHEMA = 2  # 2: models as a list, in the order the chapter recorded them

_TEXT = {lang: texts(lang, "results") for lang in LANGS}  # the catalogues' "results"


#: How a recorded metric is named in printed lines (the catalogues' "metrics").
METRIC_LABELS = {lang: texts(lang, "metrics") for lang in LANGS}


@dataclass
class ModelResult:
    """One model's figure in a chapter run (a baseline has no training fields)."""

    id: str
    name: str  # as the table shows it, in the page's language
    metric: str  # e.g. "val_mae", "val_accuracy", "test_accuracy"
    value: float
    better: str  # "lower" or "higher"
    data: str  # what it was measured on: "real", "stand-in" or "synthetic"
    reference: float | None = None
    seconds_per_epoch: float | None = None
    epochs: int | None = None  # epochs trained
    batches: int | None = None  # batches trained, all epochs together
    epoch: int | None = None  # the epoch whose value is reported (1-based)
    last: float | None = None  # the monitored value at the last epoch trained
    also: dict[str, float] = field(default_factory=dict)  # other validation metrics, same epoch


@dataclass
class Results:
    """The results of one chapter run; see the module's docstring.

    ``chapter`` is the notebook's file stem, ``lang`` the page's language (labels and printed
    lines), ``data`` what the models are measured on, ``settings`` the run's parameters,
    ``names`` model id → label, ``reference`` model id → the reference's figure and
    ``source`` the reference's name as the table heads it.
    """

    chapter: str
    lang: str
    data: str
    settings: dict[str, Any]
    names: dict[str, str]
    reference: dict[str, float] = field(default_factory=dict)
    source: str = ""
    progress: bool = False  # one printed line per epoch while training
    models: dict[str, ModelResult] = field(default_factory=dict)
    measured: dict[str, float] = field(default_factory=dict)  # figures of no one model

    def __post_init__(self) -> None:
        if self.lang not in _TEXT:
            raise ValueError(f"lang must be one of {sorted(_TEXT)}, got {self.lang!r}")
        if self.data not in ("real", "stand-in", "synthetic"):
            raise ValueError(f"data must be 'real', 'stand-in' or 'synthetic', got {self.data!r}")

    # ---------------------------------------------------------------------------- recording
    def add(self, key: str, metric: str, value: float, better: str = "lower", **info: Any) -> None:
        """Record ``key``'s figure (a baseline, or a figure computed after training).

        ``info`` holds the optional fields of :class:`ModelResult` (``seconds_per_epoch``,
        ``epochs``, ``batches``, ``epoch``); a key recorded before keeps the fields not given.
        """
        if key not in self.names:
            raise KeyError(f"{key!r} has no name: add it to the names of the Results")
        if better not in ("lower", "higher"):
            raise ValueError(f"better must be 'lower' or 'higher', got {better!r}")
        old = asdict(self.models[key]) if key in self.models else {}
        kept = ("seconds_per_epoch", "epochs", "batches", "epoch", "last", "also")
        training = {k: old[k] for k in kept if k in old}
        self.models[key] = ModelResult(
            id=key,
            name=self.names[key],
            metric=metric,
            value=float(value),
            better=better,
            data=self.data,
            reference=self.reference.get(key),
            **{**training, **info},
        )

    def note(self, key: str, metric: str, value: float) -> None:
        """Keep another figure of a recorded model in its ``also`` (measured after training).

        The learning checks band these figures like the model's own: a chapter notes what a
        model that works must show, such as the share of a classifier's outputs that are not
        probabilities.
        """
        if key not in self.models:
            raise KeyError(f"{key!r} has no result yet: record it with fit() or add() first")
        self.models[key].also[metric] = float(value)

    def measure(self, name: str, value: float) -> None:
        """Keep a figure of the run that belongs to no one model (a receptive field, a
        benchmark's seconds) under ``name`` in the record's ``measured``; :meth:`keep` or
        :meth:`show` stores it."""
        self.measured[name] = float(value)

    def recorder(
        self,
        key: str,
        monitor: str = "val_loss",
        better: str = "lower",
        metric: str | None = None,
    ) -> Any:
        """A Keras callback that records ``key``'s training: pass it to ``model.fit``.

        ``model.fit(x, y, epochs=…, validation_data=…, verbose=0,
        callbacks=[results.recorder("gru", monitor="val_mae")])`` times every epoch and, when
        training ends, records the best value of ``monitor``, its epoch, the seconds per epoch,
        the epochs and batches trained, the value at the last epoch (and, in ``also``, the
        other validation metrics at the reported epoch, such as the loss), under the name
        ``metric`` (default: ``monitor``; say ``"val_mse"`` when ``val_loss`` is an MSE). It
        prints one line (and one per epoch with ``progress``), which names the stand-in when
        the run's data is the stand-in.
        """
        if key not in self.names:
            raise KeyError(f"{key!r} has no name: add it to the names of the Results")
        if better not in ("lower", "higher"):
            raise ValueError(f"better must be 'lower' or 'higher', got {better!r}")
        return _recorder(self, key, monitor, better, metric or monitor)

    def _recorded(self, key: str, history: dict[str, list[float]], timer: Any, **how: str) -> None:
        """Record ``key`` from its per-epoch ``history`` and ``timer`` (see :meth:`recorder`)."""
        monitor, better, metric = how["monitor"], how["better"], how["metric"]
        values = history.get(monitor)
        if not values:
            raise KeyError(f"{monitor!r} is not in the history; it has {sorted(history)}")
        pick = min if better == "lower" else max
        best = values.index(pick(values))
        self.add(
            key,
            metric,
            values[best],
            better,
            seconds_per_epoch=timer.mean,
            epochs=len(values),
            batches=len(values) * timer.batches_per_epoch,
            epoch=best + 1,
            last=float(values[-1]),
            also={
                name: float(series[best])
                for name, series in history.items()
                if name.startswith("val_") and name != monitor
            },
        )
        name = self.names[key]
        if self.data == "stand-in":  # every training log made from the stand-in says so
            name = _TEXT[self.lang]["stand-in"].format(name=name)
        print(
            _TEXT[self.lang]["line"].format(
                name=name,
                metric=METRIC_LABELS[self.lang].get(metric, metric),
                value=values[best],
                epochs=len(values),
                best=best + 1,
                seconds=timer.mean,
            )
        )

    # ---------------------------------------------------------------------------- showing
    def record(self) -> dict[str, Any]:
        """The run as JSON-ready data: settings, versions, and every model's result."""
        return {
            "schema": SCHEMA,
            "chapter": self.chapter,
            "lang": self.lang,
            "data": self.data,
            "settings": self.settings,
            "versions": versions(),
            "date": time.strftime("%Y-%m-%d"),
            "reported_epoch": "best validation value over the epochs trained",
            "models": [asdict(result) for result in self.models.values()],
            "measured": dict(self.measured),
        }

    def table(self, digits: int = 4, ratio: bool = True) -> pd.DataFrame:
        """The results as readers see them: this run, the reference, their ratio (unless
        ``ratio=False``), seconds per epoch. The first heading names the stand-in when the
        run's data is the stand-in. A chapter may add or rename columns before :meth:`show`;
        the record keeps the numbers."""
        text = _TEXT[self.lang]

        def cell(value: float | None, fmt: str) -> str:
            return "–" if value is None else format(value, fmt)

        rows = {}
        for result in self.models.values():
            this = None if result.reference is None else result.value / result.reference
            rows[result.name] = [
                cell(result.value, f".{digits}f"),
                cell(result.reference, f".{digits}f"),
                cell(this, ".2f"),
                cell(result.seconds_per_epoch, ".1f"),
            ]
        this_run = text["this"]
        if self.data == "stand-in":  # the record's data, carried into the table's heading
            this_run = text["stand-in"].format(name=this_run)
        columns = [
            this_run,
            text["reference"].format(source=self.source),
            text["ratio"],
            text["seconds"],
        ]
        table = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
        heading = self.spread_heading()
        if heading:  # measured at this run's settings: where a figure of this run should lie
            table.insert(1, heading, [self.spread(key, digits) for key in self.models])
        return table if ratio else table.drop(columns=text["ratio"])

    def spread_heading(self) -> str | None:
        """The heading of the seed-spread column, or None when no spread was measured at this
        run's settings (``scripts/seed_spread.py``)."""
        spreads = seed_spread(self.chapter, self.settings)
        if not spreads:
            return None
        seeds = next(iter(spreads.values()))["seeds"]
        return _TEXT[self.lang]["spread"].format(seeds=", ".join(map(str, seeds)))

    def spread(self, key: str, digits: int = 4) -> str:
        """'low–high': model ``key``'s figure over the measured seeds at this run's settings,
        or '–' when it was not measured."""
        found = seed_spread(self.chapter, self.settings).get(key)
        if found is None:
            return "–"
        return f"{min(found['values']):.{digits}f}–{max(found['values']):.{digits}f}"

    def show(self, table: pd.DataFrame | None = None) -> None:
        """Display ``table`` (default :meth:`table`) and store the record in the outputs."""
        from IPython.display import display

        display(self.table() if table is None else table)
        self.keep()

    def keep(self) -> None:
        """Store the record in the outputs (again, with what was measured since :meth:`show`:
        the last record of a notebook is its record) and in ``$SEQBOOK_RESULTS_DIR``."""
        from IPython.display import display

        record = self.record()
        display({RECORD_MIME: record}, raw=True)
        folder = os.environ.get(RESULTS_DIR_ENV)
        if folder:
            path = Path(folder) / f"{self.chapter}.{self.lang}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")


def _recorder(results: Results, key: str, monitor: str, better: str, metric: str) -> Any:
    """The callback of :meth:`Results.recorder` (Keras is imported only when one is made)."""
    from helpers.training import EpochTimer

    class Recorder(EpochTimer):
        """Times the epochs (:class:`~helpers.training.EpochTimer`), keeps their logs and
        records the model in ``results`` when training ends."""

        def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
            self.seconds, self.history = [], {}

        def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
            super().on_epoch_end(epoch, logs)
            for name, value in (logs or {}).items():
                self.history.setdefault(name, []).append(float(value))

        def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
            results._recorded(
                key, self.history, self, monitor=monitor, better=better, metric=metric
            )

    return Recorder(verbose=results.progress, lang=results.lang)


def seed_spread(
    chapter: str, settings: dict[str, Any], path: Path = SPREADS
) -> dict[str, dict[str, Any]]:
    """Model id → ``{"metric", "seeds", "values"}``: the chapter's headline figures over
    several seeds (``scripts/seed_spread.py``), when they were measured at ``settings``: every
    setting the spread names has this value there (the seed aside; a setting added to the
    chapter since, for a model trained after the measured ones, does not void it); empty
    otherwise, e.g. for CI's reduced runs."""
    if not path.exists():
        return {}
    measured = json.loads(path.read_text(encoding="utf-8")).get(chapter)
    if measured is None:
        return {}
    missing = object()
    if any(settings.get(k, missing) != v for k, v in measured["measured"]["settings"].items()):
        return {}
    seeds = measured["measured"]["seeds"]
    return {key: {**model, "seeds": seeds} for key, model in measured["models"].items()}


def versions() -> dict[str, str]:
    """Versions of Python and of the libraries that shape the results."""
    import keras
    import numpy

    found = {"python": platform.python_version(), "keras": keras.__version__}
    found["backend"] = keras.backend.backend()
    # the backend's own library (tensorflow, jax, torch): already imported by Keras
    found[found["backend"]] = importlib.import_module(found["backend"]).__version__
    found["numpy"] = numpy.__version__
    return found


# --------------------------------------------------------------------------------------------
# Reading records back
# --------------------------------------------------------------------------------------------
class ChapterResults(dict):
    """A chapter's record as a dict keyed by model id (values: dicts of :class:`ModelResult`
    fields); the run's ``chapter``, ``lang``, ``data``, ``settings``, ``versions``, ``date``
    and ``measured`` (figures of no one model) as attributes."""

    def __init__(self, record: dict[str, Any]) -> None:
        models = record["models"]
        if isinstance(models, dict):  # schema 1 (runs of 2026-11-28 before schema 2): by id,
            models = list(models.values())  # in the alphabetical order nbformat wrote them
        super().__init__({model["id"]: model for model in models})
        self.record = record
        for name in ("chapter", "lang", "data", "settings", "versions", "date"):
            setattr(self, name, record[name])
        self.measured: dict[str, float] = record.get("measured", {})


def record_of(notebook: dict[str, Any]) -> dict[str, Any] | None:
    """The results record stored in a notebook's outputs (the last one), or None."""
    found = None
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if RECORD_MIME in data:
                found = data[RECORD_MIME]
    return found


def record_path(stem: str, lang: str, records: Path = RECORDS) -> Path:
    """Where the package keeps chapter ``stem``'s committed record in ``lang``."""
    return records / f"{stem}.{lang}.json"


def load(stem: str, lang: str = "en", chapters: Path | None = None) -> ChapterResults:
    """The committed chapter ``stem``'s results record in ``lang``, keyed by model id.

    By default the copy installed with the package (:data:`RECORDS`), which needs no
    repository around it; with ``chapters``, the record in ``chapters/<lang>/<stem>.ipynb``
    (a run's notebooks). Raises ``FileNotFoundError`` naming the chapters that have a record
    when there is none for ``stem``, and ``LookupError`` when a notebook holds none.
    """
    if chapters is None:
        path = record_path(stem, lang)
        if not path.exists():
            known = sorted(p.name.removesuffix(".json") for p in RECORDS.glob("*.json"))
            raise FileNotFoundError(
                f"no results record of chapter {stem!r} in {lang!r} in {RECORDS}; "
                f"records there: {', '.join(known) or 'none'}. In the book's repository, "
                "`python scripts/records.py` writes them from the committed notebooks."
            )
        return ChapterResults(json.loads(path.read_text(encoding="utf-8")))
    path = chapters / lang / f"{stem}.ipynb"
    if not path.exists():
        raise FileNotFoundError(f"no chapter {stem!r} in {lang!r}: {path} does not exist")
    record = record_of(json.loads(path.read_text(encoding="utf-8")))
    if record is None:
        raise LookupError(f"{path} holds no results record: run it (scripts/run_chapter.py)")
    return ChapterResults(record)
