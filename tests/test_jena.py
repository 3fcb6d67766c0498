"""Tests of helpers.jena: the reader of the Jena climate CSV and the generated stand-in."""

from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.jena import (
    JENA_COLUMNS,
    JENA_CSV_NAME,
    JENA_ROWS,
    JENA_ZIP_NAME,
    make_jena_standin,
    read_jena_csv,
    write_jena_standin,
)

pytestmark = pytest.mark.unit

REAL_FIRST12 = Path(__file__).resolve().parent / "data" / "jena_climate_2009_2016_first12.csv"

# published mean and std of the real file's hourly subsample df.iloc[5::6] (70,091 rows)
PUBLISHED = {
    "p (mbar)": (989.212842, 8.358886),
    "T (degC)": (9.450482, 8.423384),
    "Tpot (K)": (283.493086, 8.504424),
    "Tdew (degC)": (4.956471, 6.730081),
    "rh (%)": (76.009788, 16.474920),
    "VPmax (mbar)": (13.576576, 7.739883),
    "VPact (mbar)": (9.533968, 4.183658),
    "VPdef (mbar)": (4.042536, 4.898549),
    "sh (g/kg)": (6.022560, 2.655812),
    "H2OC (mmol/mol)": (9.640437, 4.234862),
    "rho (g/m**3)": (1216.061232, 39.974263),
    "wv (m/s)": (1.702567, 65.447512),
    "max. wv (m/s)": (2.963041, 75.597657),
    "wd (deg)": (174.789095, 86.619431),
}
WIND_FIXED = {"wv (m/s)": (2.130539, 1.543098), "max. wv (m/s)": (3.533671, 2.343417)}
TOLERANCE = 0.15


@pytest.fixture(scope="module")
def standin() -> pd.DataFrame:
    return make_jena_standin()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jena_standin(tmp_path_factory.mktemp("jena"))


@pytest.fixture(scope="module")
def loaded(written: Path) -> pd.DataFrame:
    return read_jena_csv(written)


def _first_line(data: bytes) -> bytes:
    return data.split(b"\n", 1)[0]


# ------------------------------------------------------------------ written file and reader


def test_written_zip_layout(written: Path) -> None:
    assert written.name == JENA_ZIP_NAME
    with zipfile.ZipFile(written) as zf:
        assert zf.namelist() == [JENA_CSV_NAME]
        assert zf.getinfo(JENA_CSV_NAME).compress_type == zipfile.ZIP_DEFLATED


def test_write_to_explicit_zip_name(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "other.csv.zip"
    assert write_jena_standin(target, seed=7) == target
    assert target.is_file()


def test_read_shape_index_dtypes(loaded: pd.DataFrame) -> None:
    assert loaded.shape == (JENA_ROWS, 14) == (420_551, 14)
    assert tuple(loaded.columns) == JENA_COLUMNS
    assert isinstance(loaded.index, pd.DatetimeIndex)
    assert loaded.index.name == "Date Time"
    assert loaded.index[0] == pd.Timestamp("2009-01-01 00:10:00")
    assert loaded.index[-1] == pd.Timestamp("2017-01-01 00:00:00")
    assert loaded.index.is_monotonic_increasing and loaded.index.is_unique
    assert all(dtype == np.float64 for dtype in loaded.dtypes)


def test_round_trip_equals_generated(loaded: pd.DataFrame, standin: pd.DataFrame) -> None:
    assert loaded.index.equals(standin.index)
    assert np.abs(loaded.to_numpy() - standin.to_numpy()).max() <= 0.005


def test_gaps_are_a_few_contiguous_blocks(standin: pd.DataFrame) -> None:
    steps = np.diff(standin.index.asi8) // 600_000_000_000  # in 10-minute steps
    assert steps.min() == 1
    gaps = steps[steps > 1] - 1
    assert gaps.sum() == 420_768 - JENA_ROWS
    assert 2 <= len(gaps) <= 10 and gaps.min() >= 3


def test_csv_format_matches_real_file(written: Path) -> None:
    real = REAL_FIRST12.read_bytes()
    with zipfile.ZipFile(written) as zf, zf.open(JENA_CSV_NAME) as fh:
        head = fh.read(4096)
    assert _first_line(head) == _first_line(real)
    assert b"\r" not in head and b" ," not in head and b", " not in head
    row = head.split(b"\n")[1].decode()
    date, *numbers = row.split(",")
    assert len(numbers) == 14
    assert date == "01.01.2009 00:10:00"
    assert all(f"{float(v):.2f}" == v for v in numbers)  # every number as %.2f


def test_reader_parses_real_first_rows(tmp_path: Path) -> None:
    copy = tmp_path / JENA_CSV_NAME
    shutil.copyfile(REAL_FIRST12, copy)
    df = read_jena_csv(copy)
    assert df.shape == (12, 14)
    assert df.index[0] == pd.Timestamp("2009-01-01 00:10:00")
    assert df.index[-1] == pd.Timestamp("2009-01-01 02:00:00")
    first = df.iloc[0]
    assert first["p (mbar)"] == 996.52
    assert first["T (degC)"] == -8.02
    assert first["Tpot (K)"] == 265.40
    assert first["rho (g/m**3)"] == 1307.75
    assert first["wd (deg)"] == 152.30
    assert copy.read_bytes() == REAL_FIRST12.read_bytes()


def test_reader_reads_real_rows_from_zip(tmp_path: Path) -> None:
    target = tmp_path / JENA_ZIP_NAME
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(REAL_FIRST12, JENA_CSV_NAME)
    df = read_jena_csv(target)
    assert df.shape == (12, 14)
    assert df["max. wv (m/s)"].iloc[0] == 1.75


# ------------------------------------------------------------------ calibration


@pytest.mark.parametrize("column", list(PUBLISHED))
def test_hourly_mean_and_std_near_published(standin: pd.DataFrame, column: str) -> None:
    hourly = standin[column].iloc[5::6]
    mean, std = PUBLISHED[column]
    assert abs(hourly.mean() / mean - 1) < TOLERANCE, (column, hourly.mean(), mean)
    assert abs(hourly.std() / std - 1) < TOLERANCE, (column, hourly.std(), std)


@pytest.mark.parametrize("column", list(WIND_FIXED))
def test_wind_without_glitches_near_published(standin: pd.DataFrame, column: str) -> None:
    hourly = standin[column].iloc[5::6]
    hourly = hourly.where(hourly != -9999.0, 0.0)
    mean, std = WIND_FIXED[column]
    assert abs(hourly.mean() / mean - 1) < TOLERANCE
    assert abs(hourly.std() / std - 1) < TOLERANCE


def test_wind_glitches(standin: pd.DataFrame) -> None:
    hourly = standin.iloc[5::6]
    assert len(hourly) == 70_091
    assert (hourly["wv (m/s)"] == -9999.0).sum() == 3
    assert (hourly["max. wv (m/s)"] == -9999.0).sum() == 4
    assert (standin["wv (m/s)"] == -9999.0).sum() > 3
    assert (standin["max. wv (m/s)"] == -9999.0).sum() > 4


def test_physical_plausibility(standin: pd.DataFrame) -> None:
    wv, max_wv = standin["wv (m/s)"], standin["max. wv (m/s)"]
    ok = (wv != -9999.0) & (max_wv != -9999.0)
    assert (wv[ok] > 0).all() and (max_wv[ok] >= wv[ok]).all()
    assert standin["wd (deg)"].between(0, 360).all()
    assert standin["rh (%)"].between(0, 100).all() and standin["rh (%)"].max() == 100
    assert (standin["VPdef (mbar)"] >= 0).all()
    assert (standin["Tdew (degC)"] <= standin["T (degC)"] + 0.01).all()
    assert standin["T (degC)"].between(-30, 42).all()
    assert standin["p (mbar)"].between(900, 1050).all()
    # summer warmer than winter; afternoon warmer than early morning
    month, hour = standin.index.month, standin.index.hour
    temp = standin["T (degC)"]
    assert temp[month == 7].mean() > temp[month == 1].mean() + 12
    assert temp[hour == 14].mean() > temp[hour == 4].mean() + 3


def test_persistence_baseline_mae(standin: pd.DataFrame) -> None:
    temp = standin["T (degC)"].to_numpy()
    mean, std = temp[:200_000].mean(), temp[:200_000].std()
    tn = (temp - mean) / std
    rows = np.arange(200_001 + 1440, 300_000)
    mae = np.abs(tn[rows + 144] - tn[rows - 6]).mean()
    assert 0.25 <= mae <= 0.33, mae


# ------------------------------------------------------------------ determinism and speed


def test_same_seed_same_frame(standin: pd.DataFrame) -> None:
    again = make_jena_standin(2009)
    assert again.index.equals(standin.index) and list(again.columns) == list(standin.columns)
    assert np.array_equal(again.to_numpy(), standin.to_numpy())


def test_other_seed_other_values(standin: pd.DataFrame) -> None:
    other = make_jena_standin(seed=1)
    assert other.shape == standin.shape
    assert not np.allclose(other["T (degC)"].to_numpy(), standin["T (degC)"].to_numpy())


@pytest.mark.bench
def test_generation_is_fast() -> None:
    """About 1 s of CPU time (this process's: other work on a loaded machine does not count)."""
    start = time.process_time()
    make_jena_standin(seed=3)
    assert time.process_time() - start < 5.0


# ------------------------------------------------------------------ clear errors


def _assert_unchanged(path: Path, data: bytes) -> None:
    assert path.is_file() and path.read_bytes() == data


def test_garbage_zip_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / JENA_ZIP_NAME
    data = b"<html>not a zip at all</html>\n" * 20
    bad.write_bytes(data)
    with pytest.raises(ValueError, match="zip") as info:
        read_jena_csv(bad)
    assert str(bad) in str(info.value)
    _assert_unchanged(bad, data)


def test_truncated_zip_is_a_clear_error(written: Path, tmp_path: Path) -> None:
    bad = tmp_path / JENA_ZIP_NAME
    data = written.read_bytes()[:100_000]
    bad.write_bytes(data)
    with pytest.raises(ValueError, match="zip") as info:
        read_jena_csv(bad)
    assert str(bad) in str(info.value)
    _assert_unchanged(bad, data)


def test_zip_without_member_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / JENA_ZIP_NAME
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("readme.txt", "nothing here")
    data = bad.read_bytes()
    with pytest.raises(ValueError, match=JENA_CSV_NAME.replace(".", r"\.")) as info:
        read_jena_csv(bad)
    assert str(bad) in str(info.value) and "readme.txt" in str(info.value)
    _assert_unchanged(bad, data)


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ('"T (degC)"', '"T (C)"', "T (C)"),  # renamed: one unexpected, one missing
        (',"wd (deg)"', "", "wd (deg)"),  # a column missing
        ('"p (mbar)","T (degC)"', '"T (degC)","p (mbar)"', "order"),  # swapped
    ],
)
def test_wrong_header_is_a_clear_error(tmp_path: Path, old: str, new: str, named: str) -> None:
    header = ",".join(f'"{c}"' for c in ("Date Time", *JENA_COLUMNS))
    assert old in header
    bad = tmp_path / JENA_CSV_NAME
    data = (header.replace(old, new) + "\n01.01.2009 00:10:00" + ",1.00" * 14 + "\n").encode()
    bad.write_bytes(data)
    with pytest.raises(ValueError, match=r"(?i)header") as info:
        read_jena_csv(bad)
    assert named in str(info.value) and str(bad) in str(info.value)
    _assert_unchanged(bad, data)


def test_bad_values_are_a_clear_error(tmp_path: Path) -> None:
    header = ",".join(f'"{c}"' for c in ("Date Time", *JENA_COLUMNS))
    bad = tmp_path / JENA_CSV_NAME
    data = (header + "\n2009-01-01 00:10:00" + ",1.00" * 14 + "\n").encode()
    bad.write_bytes(data)
    with pytest.raises(ValueError, match="could not parse") as info:
        read_jena_csv(bad)
    assert str(bad) in str(info.value)
    _assert_unchanged(bad, data)
