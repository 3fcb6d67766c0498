"""Plots shared by the chapters: training curves, and Korean text in matplotlib figures.

Nothing happens at import time: a Korean chapter calls :func:`use_korean_font` once.
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
from matplotlib import font_manager, rcParams
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from helpers.text import LANGS, texts

__all__ = [
    "LABELS",
    "mark_figures",
    "plot_history",
    "plot_speed_vs_error",
    "setup_plots",
    "use_korean_font",
]

#: Text a reader sees in the helpers' plots, per language (the catalogues' "plots").
LABELS: dict[str, dict[str, str]] = {lang: texts(lang, "plots") for lang in LANGS}

KOREAN_FONT = "NanumGothic"

#: The hook (``rcParams["figure.hooks"]``) that marks every new figure, and its text.
FIGURE_HOOK = "helpers.plots:_mark_figure"
_MARK: dict[str, str | None] = {"text": None}


def mark_figures(text: str | None) -> None:
    """Write ``text`` small in the lower right corner of every figure pyplot makes from now
    on (``None``: stop). :func:`helpers.data.load_jena` calls it when it gives the stand-in,
    so that each figure drawn from it says so, whatever its title."""
    hooks = [hook for hook in rcParams["figure.hooks"] if hook != FIGURE_HOOK]
    _MARK["text"] = text
    rcParams["figure.hooks"] = hooks if text is None else [*hooks, FIGURE_HOOK]


def _mark_figure(fig: Any) -> None:
    """The figure hook of :func:`mark_figures`."""
    if _MARK["text"]:
        fig.text(0.995, 0.005, _MARK["text"], ha="right", va="bottom", fontsize=8, color="0.35")


def use_korean_font() -> str:
    """Make matplotlib draw Korean text with the NanumGothic font; returns the font's name.

    The font files come with the ``koreanize-matplotlib`` package; they are registered with
    matplotlib directly (the package itself is not imported: it changes settings at import).
    DejaVu Sans stays first in the font list and NanumGothic is the fallback for the glyphs it
    lacks (Hangul): NanumGothic has no minus sign (U+2212), which log-scale tick labels need.
    """
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "Korean plots need the NanumGothic font from koreanize-matplotlib: "
            "pip install koreanize-matplotlib"
        )
    fonts = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    for path in sorted(fonts.glob("*.ttf")):
        font_manager.fontManager.addfont(str(path))
    rcParams["font.family"] = ["DejaVu Sans", KOREAN_FONT]
    return KOREAN_FONT


def setup_plots(lang: str = "en") -> None:
    """Figure defaults for a chapter in ``lang`` ("en" or "ko"): size, resolution, grid, font.

    For "ko" this calls :func:`use_korean_font`, so Korean labels never show as boxes.
    """
    if lang not in LABELS:
        raise ValueError(f"lang must be one of {sorted(LABELS)}, got {lang!r}")
    rcParams.update(
        {"figure.figsize": (8, 3.5), "figure.dpi": 100, "axes.grid": True, "grid.alpha": 0.3}
    )
    if lang == "ko":
        use_korean_font()


def plot_history(
    history: Any,
    metrics: Sequence[str] = ("loss",),
    ax: Axes | Sequence[Axes] | None = None,
    lang: str = "en",
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[Axes]:
    """Training and validation curves, one panel per metric.

    ``history``: a ``keras.callbacks.History`` or its ``.history`` dict (lists of per-epoch
    values, ``"val_<metric>"`` for validation). ``ax``: one Axes per metric (created when
    None). Text comes from :data:`LABELS` for ``lang``, overridden by ``labels``.
    Returns the Axes. Epochs are numbered from 1, and the best validation epoch is marked.
    """
    hist: Mapping[str, Sequence[float]] = getattr(history, "history", history)
    text = {**LABELS[lang], **(labels or {})}
    missing = [m for m in metrics if m not in hist]
    if missing:
        raise KeyError(f"history has no {missing}; it has {sorted(hist)}")
    if ax is None:
        _, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.5), squeeze=False)
        axes_list = list(axes[0])
    else:
        axes_list = [ax] if isinstance(ax, Axes) else list(ax)
    if len(axes_list) != len(metrics):
        raise ValueError(f"got {len(axes_list)} Axes for {len(metrics)} metrics")
    for a, metric in zip(axes_list, metrics, strict=True):
        epochs = range(1, len(hist[metric]) + 1)
        a.plot(epochs, hist[metric], "o-", label=text["train"])
        val = hist.get(f"val_{metric}")
        if val is not None:
            a.plot(epochs, val, "s-", label=text["val"])
            best = min(range(len(val)), key=lambda i: val[i] if "acc" not in metric else -val[i])
            a.axvline(best + 1, color="grey", linestyle=":", linewidth=1)
        a.set_xlabel(text["epoch"])
        a.set_ylabel(text.get(metric, metric))
        # whole epochs, as many as the panel's width holds apart (20 in a row would touch)
        a.xaxis.set_major_locator(MaxNLocator(integer=True, nbins="auto", min_n_ticks=3))
        a.legend()
        if title:
            a.set_title(title)
    return axes_list


def _label_2_and_5(value: float, _position: int) -> str:
    """A minor tick's label on a log axis: only at 2 and 5 times a power of ten."""
    if value <= 0:
        return ""
    mantissa = value / 10 ** math.floor(math.log10(value) + 1e-9)
    return f"{value:g}" if round(mantissa, 6) in (2.0, 5.0) else ""


def plot_speed_vs_error(
    points: Mapping[str, tuple[float, float]],
    ax: Axes | None = None,
    lang: str = "en",
    baseline: float | None = None,
    labels: Mapping[str, str] | None = None,
    logx: bool = True,
) -> Axes:
    """Each model as one point: seconds per epoch (x) against its error (y), named.

    ``points``: model name -> ``(seconds_per_epoch, error)``. ``baseline``: an error drawn
    as a dashed horizontal line (a model must beat it to be worth its time). Text comes
    from :data:`LABELS` for ``lang`` (keys ``"seconds"``, ``"error"``, ``"baseline"``),
    overridden by ``labels``. Lower left is better. Returns the Axes.
    """
    if not points:
        raise ValueError("no points to plot: pass {name: (seconds_per_epoch, error)}")
    text = {**LABELS[lang], **(labels or {})}
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.5))
    names = list(points)
    xs = [points[name][0] for name in names]
    ys = [points[name][1] for name in names]
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        ax.scatter([x], [y], s=50, color=f"C{i % 10}", zorder=3)
    if baseline is not None:
        ax.axhline(baseline, color="grey", linestyle="--", linewidth=1)
        ax.annotate(
            text["baseline"], (0.01, baseline), xycoords=("axes fraction", "data"),
            xytext=(0, 3), textcoords="offset points", fontsize=9, color="grey",
        )  # fmt: skip
    if logx:
        ax.set_xscale("log")
        plain = FuncFormatter(lambda value, _: f"{value:g}")  # 2, 5, 10 rather than 2×10⁰
        ax.xaxis.set_major_formatter(plain)
        ax.xaxis.set_minor_formatter(FuncFormatter(_label_2_and_5))  # 0.8, 0.9 would crowd
    # Names placed by adjustText: moved apart until none overlaps another or a point, each tied
    # to its point by a thin line when it had to move away from it. Placed again whenever the
    # axes are drawn at another size than they were placed for (a title or tight_layout()
    # added afterwards shrinks them, which brought labels over each other).
    ax.margins(x=0.06, y=0.1)  # room inside the axes for names of points at their edges
    labels_ = [ax.text(x, y, name, fontsize=9) for name, x, y in zip(names, xs, ys, strict=True)]
    ax.add_artist(_LabelsApart(labels_, xs, ys))
    ax.set_xlabel(text["seconds"])
    ax.set_ylabel(text["error"])
    ax.figure.canvas.draw()  # place them now: the axes may be read before the figure is drawn
    return ax


def _overlapping(labels: Sequence[Any], renderer: Any) -> list[tuple[str, str]]:
    """The pairs of labels whose boxes overlap, as drawn by ``renderer``."""
    boxes = [label.get_window_extent(renderer) for label in labels]
    return [
        (labels[i].get_text(), labels[j].get_text())
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]


class _LabelsApart(Artist):
    """Drawn first in its axes: places the labels (adjustText), and places them again when the
    axes are drawn at another size, with more room around each label until none overlaps."""

    def __init__(self, labels: list[Any], xs: list[float], ys: list[float]) -> None:
        super().__init__()
        self.labels, self.xs, self.ys = labels, xs, ys
        self.arrows: list[Any] = []
        self.placed_for: tuple[int, int] | None = None
        self.busy = False
        self.set_zorder(-100)

    def draw(self, renderer: Any) -> None:
        if self.busy or self.axes is None:
            return
        size = tuple(round(v) for v in self.axes.get_window_extent(renderer).size)
        if size == self.placed_for:
            return
        self.busy = True
        try:
            self.place(renderer)
        finally:
            self.busy = False
        self.placed_for = size

    def place(self, renderer: Any) -> None:
        from adjustText import adjust_text

        ax = self.axes
        for attempt in range(6):
            for arrow in self.arrows:
                arrow.remove()
            for label, x, y in zip(self.labels, self.xs, self.ys, strict=True):
                label.set_position((x, y))
            grow = 1 + 0.25 * attempt
            _, arrows = adjust_text(
                self.labels, x=self.xs, y=self.ys, ax=ax, expand=(1.3 * grow, 1.7 * grow),
                ensure_inside_axes=True, iter_lim=1000 * (attempt + 1),
                arrowprops={"arrowstyle": "-", "color": "grey", "lw": 0.6},
            )  # fmt: skip
            self.arrows = list(arrows or [])
            if not _overlapping(self.labels, renderer):
                return
