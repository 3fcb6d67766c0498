"""Schematic figures of recurrent networks, drawn with matplotlib (no image files).

- :func:`draw_unrolled_rnn` -- a recurrent layer with its loop, and the same layer unrolled
  through time.
- :func:`draw_memory_cells` -- a simple memory cell (one state) beside an LSTM cell (two).
- :func:`draw_gated_cells` -- inside an LSTM cell and a GRU cell: their gates and states.
- :func:`draw_io_patterns` -- sequence-to-sequence, sequence-to-vector, vector-to-sequence
  and encoder–decoder networks.
- :func:`draw_bidirectional` -- a bidirectional GRU layer: one GRU reading forwards, one
  backwards, their last states concatenated.

Every function takes the page's language (``lang``: "en" or "ko"), whose texts it finds in
the matching ``*_LABELS`` dict (from the catalogues of :mod:`helpers.text`), and all but
:func:`draw_bidirectional` take ``labels``, which override any of them; each returns the Axes
it drew on. Nothing happens at import time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from helpers.text import LANGS, check_lang, texts

__all__ = [
    "BIDIRECTIONAL_LABELS",
    "GATED_LABELS",
    "IO_LABELS",
    "MEMORY_LABELS",
    "UNROLLED_LABELS",
    "draw_bidirectional",
    "draw_gated_cells",
    "draw_io_patterns",
    "draw_memory_cells",
    "draw_unrolled_rnn",
]

#: Texts of the diagrams, per language (the catalogues' "diagrams"); ``labels`` overrides any.
UNROLLED_LABELS = {lang: texts(lang, "diagrams", "unrolled") for lang in LANGS}

MEMORY_LABELS = {lang: texts(lang, "diagrams", "memory") for lang in LANGS}

IO_LABELS = {lang: texts(lang, "diagrams", "io") for lang in LANGS}

GATED_LABELS = {lang: texts(lang, "diagrams", "gated") for lang in LANGS}

_CELL = {"facecolor": "#dbe9f6", "edgecolor": "#1f4e79", "linewidth": 1.2}


def _box(ax: Axes, x: float, y: float, text: str, w: float = 0.8, h: float = 0.6, **style) -> None:
    patch = FancyBboxPatch(
        (x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.05", **{**_CELL, **style}
    )
    ax.add_patch(patch)
    ax.text(x, y, text, ha="center", va="center", fontsize=10)


def _arrow(ax: Axes, start: Sequence[float], end: Sequence[float], **style) -> None:
    options = {"arrowstyle": "-|>", "mutation_scale": 12, "color": "#333333", "linewidth": 1.2}
    ax.add_patch(FancyArrowPatch(tuple(start), tuple(end), **{**options, **style}))


def _blank(ax: Axes, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")


def _new_axes(ax: Axes | Sequence[Axes] | None, n: int, figsize: tuple[float, float]) -> list[Axes]:
    if ax is None:
        _, axes = plt.subplots(1, n, figsize=figsize, squeeze=False)
        return list(axes[0])
    axes = [ax] if isinstance(ax, Axes) else list(ax)
    if len(axes) != n:
        raise ValueError(f"this figure needs {n} Axes, got {len(axes)}")
    return axes


def draw_unrolled_rnn(
    ax: Sequence[Axes] | None = None,
    n_steps: int = 4,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> list[Axes]:
    """Left: a recurrent layer whose output loops back into it. Right: the same layer drawn
    once per time step (``n_steps`` copies sharing their weights), the output of step ``t-1``
    entering step ``t``. ``ax``: two Axes (created when None). Returns the two Axes.
    """
    text = {**UNROLLED_LABELS[check_lang(lang)], **(labels or {})}
    folded, unrolled = _new_axes(ax, 2, (11, 3.4))
    # folded: x -> cell -> y, with a loop from the output back into the cell
    _box(folded, 0, 0, "")
    folded.text(0, -1.35, "$x_{(t)}$", ha="center", fontsize=11)
    folded.text(0, 1.2, "$y_{(t)}$", ha="center", fontsize=11)
    _arrow(folded, (0, -1.1), (0, -0.35))
    _arrow(folded, (0, 0.35), (0, 1.1))
    _arrow(folded, (0.05, 0.7), (0.45, 0.0), connectionstyle="arc3,rad=-1.6", color="#c0392b")
    folded.set_title(text["folded"], fontsize=10)
    _blank(folded, (-1.5, 1.5), (-1.6, 1.6))
    # unrolled: one copy per time step
    for i in range(n_steps):
        x = 1.6 * i
        k = n_steps - 1 - i
        sub = "t" if k == 0 else f"t-{k}"
        _box(unrolled, x, 0, "")
        unrolled.text(x, -1.35, f"$x_{{({sub})}}$", ha="center", fontsize=11)
        unrolled.text(x, 1.2, f"$y_{{({sub})}}$", ha="center", fontsize=11)
        _arrow(unrolled, (x, -1.1), (x, -0.35))
        _arrow(unrolled, (x, 0.35), (x, 1.1))
        if i > 0:
            _arrow(unrolled, (x - 1.15, 0), (x - 0.45, 0), color="#c0392b")
    _arrow(unrolled, (-1.2, -1.75), (1.6 * (n_steps - 1) + 0.8, -1.75), color="grey")
    unrolled.text(1.6 * (n_steps - 1) + 0.9, -1.75, text["time"], va="center", fontsize=9)
    unrolled.set_title(text["unrolled"], fontsize=10)
    _blank(unrolled, (-1.2, 1.6 * (n_steps - 1) + 1.6), (-2.0, 1.6))
    return [folded, unrolled]


def draw_memory_cells(
    ax: Sequence[Axes] | None = None,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> list[Axes]:
    """A memory cell with one state ``h`` (as in ``SimpleRNN`` and ``GRU``) beside an LSTM
    cell, which carries a second, long-term state ``c``. ``ax``: two Axes (created when None).
    Returns the two Axes.
    """
    text = {**MEMORY_LABELS[check_lang(lang)], **(labels or {})}
    simple, lstm = _new_axes(ax, 2, (10, 3.2))
    for a, states in ((simple, ("h",)), (lstm, ("h", "c"))):
        _box(a, 0, 0, text["cell"], w=1.4, h=1.0)
        a.text(0, -1.55, "$x_{(t)}$", ha="center", fontsize=11)
        a.text(0, 1.35, "$y_{(t)}$", ha="center", fontsize=11)
        _arrow(a, (0, -1.3), (0, -0.55))
        _arrow(a, (0, 0.55), (0, 1.3))
        for j, s in enumerate(states):
            dy = 0.25 - 0.5 * j if len(states) == 2 else 0.0
            color = "#c0392b" if s == "h" else "#7d3c98"
            a.text(-2.25, dy, f"${s}_{{(t-1)}}$", ha="right", va="center", fontsize=11)
            a.text(2.25, dy, f"${s}_{{(t)}}$", ha="left", va="center", fontsize=11)
            _arrow(a, (-2.2, dy), (-0.75, dy), color=color)
            _arrow(a, (0.75, dy), (2.2, dy), color=color)
    simple.set_title(text["simple"], fontsize=10)
    lstm.set_title(text["lstm"], fontsize=10)
    for a in (simple, lstm):
        _blank(a, (-3.2, 3.2), (-1.8, 1.7))
    return [simple, lstm]


def _io_panel(
    ax: Axes,
    title: str,
    inputs: Sequence[bool],
    outputs: Sequence[bool],
    n_encoder: int | None = None,
    encoder: str = "",
    decoder: str = "",
    ignored: str = "",
) -> None:
    n = len(inputs)
    for i in range(n):
        x = 1.2 * i
        style = {}
        if n_encoder is not None and i >= n_encoder:
            style = {"facecolor": "#fde2cf", "edgecolor": "#a04000"}
        _box(ax, x, 0, "", w=0.7, h=0.5, **style)
        if i > 0:
            _arrow(ax, (x - 0.8, 0), (x - 0.4, 0), color="#c0392b")
        if inputs[i]:
            ax.text(x, -1.25, f"$x_{{{i}}}$", ha="center", fontsize=10)
            _arrow(ax, (x, -1.0), (x, -0.3))
        if outputs[i]:
            ax.text(x, 1.05, f"$y_{{{i}}}$", ha="center", fontsize=10)
            _arrow(ax, (x, 0.3), (x, 0.95))
    if ignored:
        ax.text(1.2 * (n - 2) / 2, 1.05, f"({ignored})", ha="center", fontsize=8, color="grey")
    if n_encoder is not None:
        ax.text(1.2 * (n_encoder - 1) / 2, -1.75, encoder, ha="center", fontsize=9)
        ax.text(1.2 * (n_encoder + (n - 1)) / 2, -1.75, decoder, ha="center", fontsize=9)
    ax.set_title(title, fontsize=10)
    _blank(ax, (-0.7, 1.2 * (n - 1) + 0.7), (-2.0, 1.5))


def draw_io_patterns(
    ax: Sequence[Axes] | None = None,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> list[Axes]:
    """Four ways to feed and read a recurrent network: sequence to sequence (an output at
    every step), sequence to vector (only the last output kept), vector to sequence (one
    input, then outputs) and encoder–decoder (a sequence-to-vector encoder followed by a
    vector-to-sequence decoder). ``ax``: four Axes (created when None, in a 2 × 2 grid).
    Returns the four Axes.
    """
    text = {**IO_LABELS[check_lang(lang)], **(labels or {})}
    if ax is None:
        _, grid = plt.subplots(2, 2, figsize=(10, 5))
        axes = list(grid.ravel())
    else:
        axes = _new_axes(ax, 4, (10, 5))
    on, off = True, False
    _io_panel(axes[0], text["seq2seq"], [on] * 4, [on] * 4)
    _io_panel(axes[1], text["seq2vec"], [on] * 4, [off, off, off, on], ignored=text["ignored"])
    _io_panel(axes[2], text["vec2seq"], [on, off, off, off], [on] * 4)
    _io_panel(
        axes[3],
        text["encdec"],
        [on, on, on, off, off, off],
        [off, off, off, on, on, on],
        n_encoder=3,
        encoder=text["encoder"],
        decoder=text["decoder"],
    )
    return axes


_GATE = {"facecolor": "#fdebd0", "edgecolor": "#a04000", "linewidth": 1.1}
_STATE = {"c": "#7d3c98", "h": "#c0392b"}


def _op(ax: Axes, x: float, y: float, text: str, r: float = 0.2) -> None:
    """A pointwise operation (×, +, 1−, tanh) drawn as a small circle."""
    ax.add_patch(plt.Circle((x, y), r, facecolor="white", edgecolor="#333333", linewidth=1.1))
    ax.text(x, y, text, ha="center", va="center", fontsize=9 if len(text) < 3 else 7)


def _gate(ax: Axes, x: float, y: float, name: str, function: str = "σ") -> None:
    _box(ax, x, y, "", w=0.5, h=0.5, **_GATE)
    ax.text(x, y + 0.05, function, ha="center", va="center", fontsize=9)
    ax.text(x + 0.3, y - 0.3, name, ha="left", va="center", fontsize=9, style="italic")


def _cell_frame(ax: Axes, title: str, key: str, legend: str) -> None:
    frame = FancyBboxPatch((-2.4, -1.7), 4.8, 3.4, boxstyle="round,pad=0.1", facecolor="#f4f8fc",
                           edgecolor="#1f4e79", linewidth=1.2)  # fmt: skip
    ax.add_patch(frame)
    ax.set_title(title, fontsize=10)
    ax.text(0, -2.75, key, ha="center", fontsize=8)
    ax.text(0, -3.1, legend, ha="center", fontsize=8, color="#555555")
    _blank(ax, (-3.6, 3.6), (-3.3, 2.0))


def _state_line(
    ax: Axes, left: str, right: str, times_at: float, plus_at: float, color: str
) -> None:
    """A state running along the top of a cell (y = 1.1), from step t-1 (``left``) to step t
    (``right``): multiplied by a gate at ``times_at``, then added to at ``plus_at``."""
    ax.text(-3.3, 1.1, left, ha="right", va="center", fontsize=10)
    ax.text(3.3, 1.1, right, ha="left", va="center", fontsize=10)
    _arrow(ax, (-3.25, 1.1), (times_at - 0.2, 1.1), color=color)
    _op(ax, times_at, 1.1, "×")
    _arrow(ax, (times_at + 0.2, 1.1), (plus_at - 0.2, 1.1), color=color)
    _op(ax, plus_at, 1.1, "+")
    _arrow(ax, (plus_at + 0.2, 1.1), (3.25, 1.1), color=color)


def _lstm_cell(ax: Axes, text: Mapping[str, str]) -> None:
    c, h = _STATE["c"], _STATE["h"]
    _cell_frame(ax, text["lstm"], text["lstm_key"], text["legend"])
    # the long-term state c runs along the top: forgotten (×), then added to (+)
    _state_line(ax, "$c_{(t-1)}$", "$c_{(t)}$", -1.4, 0.2, c)
    # h(t-1) and x(t) feed the four layers
    ax.text(-3.3, -1.1, "$h_{(t-1)}$", ha="right", va="center", fontsize=10)
    ax.text(-1.9, -2.35, "$x_{(t)}$", ha="center", va="center", fontsize=10)
    ax.plot([-3.25, 1.2], [-1.1, -1.1], color=h, linewidth=1.2)
    _arrow(ax, (-1.9, -2.15), (-1.9, -1.15))
    for x, name, function in ((-1.4, "f", "σ"), (-0.6, "i", "σ"), (0.2, "g", "tanh"),
                              (1.2, "o", "σ")):  # fmt: skip
        _arrow(ax, (x, -1.1), (x, -0.55))
        _gate(ax, x, -0.3, name, function)
    _arrow(ax, (-1.4, -0.05), (-1.4, 0.9))  # f: how much of c to keep
    _op(ax, 0.2, 0.45, "×")  # i × g: what to add
    _arrow(ax, (-0.6, -0.05), (0.02, 0.38))
    _arrow(ax, (0.2, -0.05), (0.2, 0.25))
    _arrow(ax, (0.2, 0.65), (0.2, 0.9))
    # output: o × tanh(c(t)) is h(t) = y(t)
    _arrow(ax, (1.8, 1.1), (1.8, 0.62))
    _op(ax, 1.8, 0.4, "tanh", r=0.22)
    _op(ax, 1.8, -0.3, "×")
    _arrow(ax, (1.8, 0.18), (1.8, -0.1))
    _arrow(ax, (1.45, -0.3), (1.6, -0.3))
    _arrow(ax, (2.0, -0.3), (3.25, -0.3), color=h)
    ax.text(3.3, -0.3, "$h_{(t)} = y_{(t)}$", ha="left", va="center", fontsize=10)


def _gru_cell(ax: Axes, text: Mapping[str, str]) -> None:
    h = _STATE["h"]
    _cell_frame(ax, text["gru"], text["gru_key"], text["legend"])
    # one state h along the top: kept in part (× z), the rest replaced by new content
    _state_line(ax, "$h_{(t-1)}$", "$h_{(t)} = y_{(t)}$", -0.8, 1.0, h)
    # h(t-1), copied down, and x(t) feed the gates
    ax.plot([-2.6, -2.6, 1.0], [1.1, -1.1, -1.1], color=h, linewidth=1.2)
    ax.text(-1.9, -2.35, "$x_{(t)}$", ha="center", va="center", fontsize=10)
    _arrow(ax, (-1.9, -2.15), (-1.9, -1.15))
    for x, name in ((-1.7, "r"), (-0.8, "z")):
        _arrow(ax, (x, -1.1), (x, -0.55))
        _gate(ax, x, -0.3, name)
    _arrow(ax, (-0.8, -0.05), (-0.8, 0.9))  # z: how much of h(t-1) to keep
    _op(ax, -0.8 + 0.85, 0.45, "1−")  # 1 − z: how much new content to let in
    _arrow(ax, (-0.7, 0.05), (-0.12, 0.34))
    # the new content g, from x(t) and r × h(t-1)
    _op(ax, 0.4, -1.1, "×")
    _arrow(ax, (-1.45, -0.3), (0.25, -0.95))
    _arrow(ax, (0.6, -1.1), (0.85, -0.55))
    _gate(ax, 1.0, -0.3, "g", "tanh")
    _op(ax, 1.0, 0.45, "×")
    _arrow(ax, (0.25, 0.45), (0.8, 0.45))
    _arrow(ax, (1.0, -0.05), (1.0, 0.25))
    _arrow(ax, (1.0, 0.65), (1.0, 0.9))


def draw_gated_cells(
    ax: Sequence[Axes] | None = None,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> list[Axes]:
    """Inside an LSTM cell (left) and a GRU cell (right), in the manner of the other RNN
    diagrams: the states running through the cell from step t-1 to step t, the gates
    (σ: sigmoid layers, each output between 0 and 1) that decide what is kept, added and read,
    and the new content g (tanh). LSTM: c(t) = f × c(t-1) + i × g, h(t) = o × tanh(c(t)).
    GRU (Keras's convention): h(t) = z × h(t-1) + (1 − z) × g, with g computed from x(t) and
    r × h(t-1). ``ax``: two Axes (created when None). Returns the two Axes.
    """
    text = {**GATED_LABELS[check_lang(lang)], **(labels or {})}
    lstm, gru = _new_axes(ax, 2, (13, 4.4))
    _lstm_cell(lstm, text)
    _gru_cell(gru, text)
    return [lstm, gru]


BIDIRECTIONAL_LABELS = {lang: texts(lang, "diagrams", "bidirectional") for lang in LANGS}

_BACKWARD = {"facecolor": "#fde2cf", "edgecolor": "#a04000"}
_FORWARD_COLOR, _BACKWARD_COLOR = "#1f4e79", "#a04000"


def draw_bidirectional(ax: Axes | None = None, lang: str = "en", units: int = 32) -> Axes:
    """A bidirectional recurrent layer as ``layers.Bidirectional(layers.GRU(units))`` builds
    it: the input sequence x1 … xT along the bottom, one GRU reading it left to right, a second
    GRU (its own weights) reading it right to left, and the last state of each (the forward
    GRU's after xT, the backward GRU's after x1) concatenated into the output, ``2 × units``
    values (``return_sequences=False``). Labels in ``lang`` ("en" or "ko",
    :data:`BIDIRECTIONAL_LABELS`). ``ax``: one Axes (created when None). Returns the Axes.
    """
    text = BIDIRECTIONAL_LABELS[check_lang(lang)]
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 3.6))
    xs = [0.0, 1.6, 3.2, 5.4]  # x1, x2, x3, then a gap (…) before xT
    names = ["1", "2", "3", "T"]
    y_in, y_fw, y_bw = 0.0, 1.3, 2.7
    for x, name in zip(xs, names, strict=True):
        ax.text(x, y_in, f"$x_{{{name}}}$", ha="center", va="center", fontsize=12)
        _arrow(ax, (x - 0.15, y_in + 0.3), (x - 0.15, y_fw - 0.35))
        # the same input also feeds the backward GRU: a line passing behind the forward box
        _arrow(ax, (x + 0.15, y_in + 0.3), (x + 0.15, y_bw - 0.35), color="#777777", zorder=0)
        _box(ax, x, y_fw, "")
        _box(ax, x, y_bw, "", **_BACKWARD)
    for left, right in zip(xs[:-1], xs[1:], strict=True):
        if right - left > 2:  # the steps left out between x3 and xT
            mid = (left + right) / 2
            for y in (y_fw, y_bw):
                ax.text(mid, y, "⋯", ha="center", va="center", fontsize=14)
            _arrow(ax, (left + 0.45, y_fw), (mid - 0.35, y_fw), color=_FORWARD_COLOR)
            _arrow(ax, (mid + 0.35, y_fw), (right - 0.45, y_fw), color=_FORWARD_COLOR)
            _arrow(ax, (right - 0.45, y_bw), (mid + 0.35, y_bw), color=_BACKWARD_COLOR)
            _arrow(ax, (mid - 0.35, y_bw), (left + 0.45, y_bw), color=_BACKWARD_COLOR)
        else:
            _arrow(ax, (left + 0.45, y_fw), (right - 0.45, y_fw), color=_FORWARD_COLOR)
            _arrow(ax, (right - 0.45, y_bw), (left + 0.45, y_bw), color=_BACKWARD_COLOR)
    ax.text(-0.7, y_fw, text["forward"] + " →", ha="right", va="center", fontsize=9,
            color=_FORWARD_COLOR)  # fmt: skip
    ax.text(-0.7, y_bw, "← " + text["backward"], ha="right", va="center", fontsize=9,
            color=_BACKWARD_COLOR)  # fmt: skip
    ax.text(-0.7, y_in, text["inputs"], ha="right", va="center", fontsize=9)
    # the two last states: the forward GRU's after xT, the backward GRU's after x1
    x_cat, y_cat = xs[-1] + 2.4, (y_fw + y_bw) / 2
    _box(ax, x_cat, y_cat, text["concat"], w=1.6, h=0.6, facecolor="white")
    _arrow(ax, (xs[-1] + 0.45, y_fw), (x_cat - 0.5, y_cat - 0.35), color=_FORWARD_COLOR)
    ax.text(xs[-1] + 1.0, y_fw - 0.3, r"$\overrightarrow{h}_T$", fontsize=12,
            color=_FORWARD_COLOR)  # fmt: skip
    y_top = y_bw + 0.75
    ax.plot([xs[0], xs[0], x_cat], [y_bw + 0.35, y_top, y_top], color=_BACKWARD_COLOR, lw=1.2)
    _arrow(ax, (x_cat, y_top), (x_cat, y_cat + 0.35), color=_BACKWARD_COLOR)
    ax.text(xs[0] + 0.15, y_top + 0.1, r"$\overleftarrow{h}_1$", fontsize=12,
            color=_BACKWARD_COLOR)  # fmt: skip
    _arrow(ax, (x_cat + 0.85, y_cat), (x_cat + 1.45, y_cat))
    output = text["output"].format(total=2 * units, units=units)
    ax.text(x_cat + 1.55, y_cat, output, ha="left", va="center", fontsize=9)
    ax.set_title(text["title"].format(units=units), fontsize=10)
    _blank(ax, (-3.6, x_cat + 3.6), (-0.5, y_top + 0.6))
    return ax
