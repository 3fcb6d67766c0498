"""The Jena climate record 2009-2016: reader of the real file and a generated stand-in.

The real ``jena_climate_2009_2016.csv(.zip)`` (Max Planck Institute for Biogeochemistry,
weather station Jena) holds 420,551 rows at 10-minute steps and 14 measured columns.
:func:`read_jena_csv` reads it (or the stand-in, written in the very same format by
:func:`write_jena_standin`); :func:`make_jena_standin` generates a seeded, physically
consistent stand-in calibrated on the real file's published summary statistics.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "JENA_COLUMNS",
    "JENA_CSV_NAME",
    "JENA_DATE_COLUMN",
    "JENA_DATE_FORMAT",
    "JENA_ROWS",
    "JENA_ZIP_NAME",
    "make_jena_standin",
    "read_jena_csv",
    "write_jena_standin",
]

JENA_CSV_NAME = "jena_climate_2009_2016.csv"
JENA_ZIP_NAME = JENA_CSV_NAME + ".zip"
JENA_ROWS = 420_551
JENA_DATE_COLUMN = "Date Time"
JENA_DATE_FORMAT = "%d.%m.%Y %H:%M:%S"
JENA_COLUMNS: tuple[str, ...] = (
    "p (mbar)",
    "T (degC)",
    "Tpot (K)",
    "Tdew (degC)",
    "rh (%)",
    "VPmax (mbar)",
    "VPact (mbar)",
    "VPdef (mbar)",
    "sh (g/kg)",
    "H2OC (mmol/mol)",
    "rho (g/m**3)",
    "wv (m/s)",
    "max. wv (m/s)",
    "wd (deg)",
)
_HEADER = ",".join(f'"{name}"' for name in (JENA_DATE_COLUMN, *JENA_COLUMNS))

_START = pd.Timestamp("2009-01-01 00:10:00")
_END = pd.Timestamp("2017-01-01 00:00:00")
_STEPS = 420_768  # 10-minute steps from _START to _END inclusive
_GAPS = (63, 48, 36, 30, 22, 18)  # contiguous rows left out; sum = _STEPS - JENA_ROWS


# --------------------------------------------------------------------------- reading


def _fix_hint(path: Path) -> str:
    return (
        f"Delete or replace {path} (e.g. download {JENA_ZIP_NAME} again, or write a fresh "
        "stand-in with helpers.jena.write_jena_standin) and retry."
    )


def _open_text(path: Path) -> io.TextIOBase:
    """Open the CSV text of ``path`` (a ``.csv`` or a zip holding ``JENA_CSV_NAME``)."""
    if path.suffix.lower() != ".zip":
        return open(path, encoding="utf-8", newline="")
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ValueError(
            f"{path} is not a valid zip archive (corrupt, truncated or not a zip at all: "
            f"{exc}). {_fix_hint(path)}"
        ) from exc
    names = [n for n in zf.namelist() if n.rsplit("/", 1)[-1] == JENA_CSV_NAME]
    if not names:
        found = ", ".join(zf.namelist()[:5]) or "nothing"
        zf.close()
        raise ValueError(
            f"the zip archive {path} does not contain {JENA_CSV_NAME} (it holds: {found}). "
            f"{_fix_hint(path)}"
        )
    raw = zf.open(names[0])
    zf.close()  # the member stream keeps its own handle on the file
    return io.TextIOWrapper(raw, encoding="utf-8", newline="")


def _check_header(line: str, path: Path) -> None:
    got = next(csv.reader([line.strip("\r\n")]), [])
    expected = [JENA_DATE_COLUMN, *JENA_COLUMNS]
    if got == expected:
        return
    missing = [c for c in expected if c not in got]
    unexpected = [c for c in got if c not in expected]
    if missing or unexpected:
        what = f"missing columns {missing}, unexpected columns {unexpected}"
    else:
        what = f"columns in the wrong order: {got}"
    raise ValueError(
        f"{path} does not have the Jena climate header ({what}). Expected {expected}. "
        f"{_fix_hint(path)}"
    )


def read_jena_csv(path: str | PathLike[str]) -> pd.DataFrame:
    """Read the Jena climate CSV, plain (``.csv``) or zipped (``.csv.zip``).

    Returns a DataFrame of shape (rows, 14): the float64 columns :data:`JENA_COLUMNS` in
    order, indexed by a ``DatetimeIndex`` named ``"Date Time"`` (parsed from
    ``dd.mm.yyyy HH:MM:SS``). Raises ``ValueError`` for a broken zip, a zip without the
    CSV, a wrong header or unparsable values; the file itself is never modified.
    """
    path = Path(path)
    with _open_text(path) as fh:
        try:
            header = fh.readline()
        except (UnicodeDecodeError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise ValueError(
                f"{path} is not a readable CSV text: {exc}. {_fix_hint(path)}"
            ) from exc
        _check_header(header, path)
        try:
            df = pd.read_csv(
                fh,
                header=None,
                names=[JENA_DATE_COLUMN, *JENA_COLUMNS],
                dtype={c: np.float64 for c in JENA_COLUMNS} | {JENA_DATE_COLUMN: str},
            )
            dates = pd.to_datetime(df.pop(JENA_DATE_COLUMN), format=JENA_DATE_FORMAT)
        except (ValueError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise ValueError(f"could not parse {path}: {exc}. {_fix_hint(path)}") from exc
    df.index = pd.DatetimeIndex(dates, name=JENA_DATE_COLUMN).as_unit("ns")
    return df


# --------------------------------------------------------------------------- generation


def _smooth_noise(rng: np.random.Generator, n: int, tau: float, smooth: bool = True) -> np.ndarray:
    """Stationary unit-variance Gaussian noise of shape (n,), correlation time ``tau`` steps.

    ``smooth=False``: AR(1)-like (kernel ``exp(-s/tau)``); ``smooth=True``: AR(2)-like,
    kernel ``(s/tau) exp(-s/tau)``, differentiable and so partly predictable.
    """
    m = int(10 * tau) + 1
    s = np.arange(m) / tau
    kernel = s * np.exp(-s) if smooth else np.exp(-s)
    kernel /= np.sqrt(np.sum(kernel**2))
    white = rng.standard_normal(n + m)
    size = 1 << int(np.ceil(np.log2(n + 2 * m)))
    out = np.fft.irfft(np.fft.rfft(white, size) * np.fft.rfft(kernel, size), size)
    return out[m : m + n]


def _magnus(t: np.ndarray) -> np.ndarray:
    """Saturation vapour pressure (mbar) over water at temperature ``t`` (degC), shape kept."""
    return 6.1078 * np.exp(17.27 * t / (t + 237.3))


def make_jena_standin(seed: int = 2009) -> pd.DataFrame:
    """Generate the seeded stand-in for the Jena climate record.

    Returns a DataFrame of shape (420551, 14) like :func:`read_jena_csv` on the real file:
    10-minute steps from 2009-01-01 00:10 to 2017-01-01 00:00 with six short gaps, the
    float64 columns :data:`JENA_COLUMNS` rounded to 2 decimals. Pressure, temperature and
    relative humidity have annual and daily cycles plus persistent weather; the other
    columns follow from them by the usual formulas. Wind has the real file's -9999 glitches.
    """
    rng = np.random.default_rng(seed)
    n = _STEPS
    step_h = 1.0 / 6.0  # hours per step
    day = (np.arange(n) + 1) / 144.0  # days since 2009-01-01 00:00
    hour = (day % 1.0) * 24.0
    year = 2 * np.pi * (day - 15.0) / 365.25  # coldest around mid-January
    summer = 0.5 * (1.0 - np.cos(year))  # 0 in mid-January, 1 in mid-July
    daily = np.cos(2 * np.pi * (hour - 14.5) / 24) + 0.25 * np.cos(4 * np.pi * (hour - 14.5) / 24)

    # pressure: slow synoptic weather (days) plus a weak semi-diurnal tide
    p_w = _smooth_noise(rng, n, 30.0 / step_h)
    p = 989.3 + 0.6 * np.cos(year) + (8.9 - 1.6 * summer) * p_w
    p += 0.4 * np.cos(4 * np.pi * (hour - 10.0) / 24)

    # cloudiness (0 clear .. 1 overcast) damps the daily cycle and raises humidity
    cloud = 1.0 / (1.0 + np.exp(-(0.3 - 1.2 * p_w + 1.3 * _smooth_noise(rng, n, 12 / step_h))))

    # temperature: annual cycle + daily cycle + persistent weather (partly led by pressure)
    slow = _smooth_noise(rng, n, 40.0 / step_h)
    fast = _smooth_noise(rng, n, 4.0 / step_h)
    # pressure 12 h earlier hints at the weather: high means warm in summer, cold in winter
    lag = int(12 / step_h)
    p_lead = np.concatenate([np.full(lag, p_w[0]), p_w[:-lag]])
    weather = (1.15 - 0.3 * summer) * (4.6 * slow + 1.55 * fast)
    weather += 1.0 * p_lead * (2.0 * summer - 1.0)
    weather = np.where(weather > 0, 10.0 * np.tanh(weather / 10.0), weather)  # bounded heat
    amp = (2.2 + 3.0 * summer) * (1.25 - 0.8 * cloud)
    temp = 9.45 - 9.7 * np.cos(year) + amp * daily + weather
    temp += 0.12 * _smooth_noise(rng, n, 0.5 / step_h, smooth=False)

    # relative humidity: low in summer afternoons, high at night, in winter and under cloud
    rh = (
        74.5
        + 12.0 * np.cos(year)
        - 4.0 * amp * daily
        + 24.0 * (cloud - 0.5)
        - 0.5 * weather
        + 8.5 * _smooth_noise(rng, n, 6.0 / step_h)
    )
    rh = np.clip(np.round(rh, 1), 12.0, 100.0)  # the station gives rh to 0.1 %

    # derived quantities (standard formulas)
    tk = temp + 273.15
    vpmax = _magnus(temp)
    vpact = rh / 100.0 * vpmax
    lv = np.log(vpact / 6.1078)
    cols: dict[str, np.ndarray] = {
        "p (mbar)": p,
        "T (degC)": temp,
        "Tpot (K)": tk * (1000.0 / p) ** 0.286,
        "Tdew (degC)": 237.3 * lv / (17.27 - lv),
        "rh (%)": rh,
        "VPmax (mbar)": vpmax,
        "VPact (mbar)": vpact,
        "VPdef (mbar)": vpmax - vpact,
        "sh (g/kg)": 622.0 * vpact / (p - 0.378 * vpact),
        "H2OC (mmol/mol)": 1000.0 * vpact / p,
        "rho (g/m**3)": p * 100.0 / (287.05 * tk) * 1000.0,
    }

    # wind: log-normal speed, windier when pressure changes fast and in the afternoon; gusts
    dp = np.gradient(p_w) * (30.0 / step_h)
    log_wv = (
        0.35
        + 0.55 * _smooth_noise(rng, n, 6.0 / step_h)
        + 0.25 * np.abs(dp)
        + 0.15 * (daily * (0.5 + summer))
        + 0.25 * rng.standard_normal(n)
    )
    wv = np.exp(log_wv)
    gust = 1.25 + 0.3 * np.exp(0.4 * rng.standard_normal(n))
    max_wv = wv * gust + 0.15 * rng.exponential(1.0, n)
    # direction: mostly south-west, sometimes east; drifts with the weather, jitters more
    # when the wind is weak
    mode = _smooth_noise(rng, n, 20.0 / step_h) + 0.4 * p_w > 0.3
    centre = np.where(mode, 95.0, 225.0)
    spread = np.where(mode, 45.0, 55.0) * (1.0 + 0.6 / (0.4 + wv))
    jitter = 15.0 / (0.4 + wv) * rng.standard_normal(n)
    wd = (centre + spread * _smooth_noise(rng, n, 3.0 / step_h) + jitter) % 360.0
    cols |= {"wv (m/s)": wv, "max. wv (m/s)": max_wv, "wd (deg)": wd}

    values = np.round(np.column_stack([cols[c] for c in JENA_COLUMNS]), 2)
    index = pd.date_range(_START, _END, freq="10min", name=JENA_DATE_COLUMN, unit="ns")

    # gaps: drop sum(_GAPS) rows as contiguous blocks, one block per segment of the record
    keep = np.ones(n, dtype=bool)
    bounds = np.linspace(2_000, n - 2_000, len(_GAPS) + 1).astype(int)
    for size, lo, hi in zip(_GAPS, bounds[:-1], bounds[1:], strict=True):
        start = int(rng.integers(lo, hi - size))
        keep[start : start + size] = False
    values, index = values[keep] + 0.0, index[keep]  # + 0.0: no negative zeros

    # the real file's -9999 wind glitches: on the hourly grid iloc[5::6] three rows with
    # both wv and max. wv, one with max. wv only; plus a few rows off that grid
    hourly = np.arange(5, len(values), 6)
    on_grid = rng.choice(hourly, size=4, replace=False)
    off_grid = rng.choice(np.setdiff1d(np.arange(len(values)), hourly), size=5, replace=False)
    values[on_grid[:3], 11] = -9999.0
    values[on_grid, 12] = -9999.0
    values[off_grid[:3], 11] = -9999.0
    values[off_grid, 12] = -9999.0
    return pd.DataFrame(values, index=index, columns=list(JENA_COLUMNS))


# --------------------------------------------------------------------------- writing


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """ASCII bytes of non-negative integers ``values`` (n,), right-aligned: shape (n, width).

    Leading zeros are replaced by 0 bytes (dropped later); the last digit is always kept.
    """
    out = np.zeros((len(values), width), dtype=np.uint8)
    rest = values.astype(np.int32)
    for j in range(width - 1, -1, -1):
        rest, digit = np.divmod(rest, 10)
        leading = (rest == 0) & (digit == 0) & (j < width - 1)
        out[:, j] = np.where(leading, 0, digit + ord("0"))
    return out


def _format_2f(x: np.ndarray) -> np.ndarray:
    """``"%.2f"`` of floats ``x`` (n,) as a byte matrix (n, w) padded with 0 bytes."""
    cents = np.rint(x * 100.0).astype(np.int64)
    mag = np.abs(cents)
    width = max(1, len(str(int(mag.max(initial=0) // 100))))
    sign = np.where(cents < 0, ord("-"), 0).astype(np.uint8)[:, None]
    dot = np.full((len(x), 1), ord("."), dtype=np.uint8)
    return np.hstack([sign, _digits(mag // 100, width), dot, _digits(mag % 100 + 100, 3)[:, 1:]])


def _format_dates(index: pd.DatetimeIndex) -> np.ndarray:
    """``dd.mm.yyyy HH:MM:SS`` of ``index`` (n,) as a byte matrix of shape (n, 19)."""
    parts = [index.day, index.month, index.year, index.hour, index.minute, index.second]
    seps = [b".", b".", b" ", b":", b":", b""]
    blocks = []
    for part, sep, w in zip(parts, seps, (2, 2, 4, 2, 2, 2), strict=True):
        v = np.asarray(part, dtype=np.int64)
        blocks.append(_digits(v + 10**w, w + 1)[:, 1:])  # zero-padded to w digits
        if sep:
            blocks.append(np.full((len(v), 1), sep[0], dtype=np.uint8))
    return np.hstack(blocks)


def _csv_bytes(df: pd.DataFrame) -> bytes:
    """The CSV text of ``df`` (rows, 14) in the real file's exact format, as bytes."""
    n = len(df)
    comma = np.full((n, 1), ord(","), dtype=np.uint8)
    blocks = [_format_dates(pd.DatetimeIndex(df.index))]
    for c in JENA_COLUMNS:
        blocks += [comma, _format_2f(df[c].to_numpy(np.float64))]
    blocks.append(np.full((n, 1), ord("\n"), dtype=np.uint8))
    body = np.hstack(blocks).ravel()
    return (_HEADER + "\n").encode() + body[body != 0].tobytes()


def write_jena_standin(path: str | PathLike[str], seed: int = 2009) -> Path:
    """Write the stand-in (:func:`make_jena_standin`) as the real ``.csv.zip`` would be.

    ``path`` is a folder (then ``<path>/jena_climate_2009_2016.csv.zip`` is written) or a
    ``.zip`` file name. The zip (deflated) holds one member ``jena_climate_2009_2016.csv``
    with the real header and rows like ``01.01.2009 00:10:00,996.52,-8.02,...``. Returns
    the path written.
    """
    path = Path(path)
    if path.suffix.lower() != ".zip":
        path = path / JENA_ZIP_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _csv_bytes(make_jena_standin(seed))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(JENA_CSV_NAME, data)
    return path
