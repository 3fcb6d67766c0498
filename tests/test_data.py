"""Tests of the data loaders: IMDB shapes and index conventions, sources, caching, errors.

Downloads are tested offline against a local HTTP server; "no network" is a refused port.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import keras
import numpy as np
import pytest

from helpers import data

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
REAL_REVIEWS = [
    Path(d) / name
    for d in (os.environ.get("SEQBOOK_DATA_DIR", ""), SHARED)
    if d
    for name in data.IMDB_RAW_NAMES
]
needs_reviews = pytest.mark.skipif(
    not any(p.exists() for p in REAL_REVIEWS),
    reason="the raw IMDB reviews are not here (set SEQBOOK_DATA_DIR to ../shared/data)",
)
REFUSED_URL = "http://127.0.0.1:9/nothing-listens-here"


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder and cache folder; returns the data folder."""
    user = tmp_path / "user"
    user.mkdir()
    monkeypatch.setenv("SEQBOOK_DATA_DIR", str(user))
    monkeypatch.setenv("SEQBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SEQBOOK_ALLOW_STANDIN", raising=False)
    monkeypatch.setattr(data, "IMDB_URL", REFUSED_URL)
    monkeypatch.setattr(data, "JENA_URL", REFUSED_URL)
    return user


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local HTTP server; returns (base URL, folder it serves)."""
    root = tmp_path / "served"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()


def tiny_imdb_npz(path: Path) -> str:
    """A small file in the layout of Keras's imdb.npz (ragged word ranks); returns its sha256."""
    rng = np.random.default_rng(0)

    def ragged(n: int) -> np.ndarray:
        out = np.empty(n, dtype=object)
        for i in range(n):
            out[i] = list(rng.integers(1, 40, size=rng.integers(3, 12)).tolist())
        return out

    np.savez(
        path,
        x_train=ragged(30),
        y_train=rng.integers(0, 2, 30),
        x_test=ragged(20),
        y_test=rng.integers(0, 2, 20),
    )
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------------
# IMDB on the real reviews
# --------------------------------------------------------------------------------------------
@needs_reviews
def test_load_imdb_shapes_and_index_conventions() -> None:
    (x_train, y_train), (x_test, y_test) = data.load_imdb(num_words=10_000, maxlen=500)
    assert x_train.shape == (25_000, 500) and x_test.shape == (25_000, 500)
    assert y_train.shape == (25_000,) and y_test.shape == (25_000,)
    assert x_train.dtype == np.int32
    assert set(np.unique(y_train)) == {0, 1} and y_train.sum() == 12_500 and y_test.sum() == 12_500
    assert x_train.min() == 0 and x_train.max() == 9_999
    assert not (x_train == 3).any(), "index 3 is unused: ranks start at 1, offset by 3"
    nonzero = x_train != 0
    first = nonzero.argmax(axis=1)
    short = nonzero.sum(axis=1) < 500
    assert short.mean() > 0.8, "most reviews are shorter than 500 words"
    # padding only at the front, and a short review starts with the start mark 1
    assert (nonzero.sum(axis=1) == 500 - first).all()
    assert (x_train[short, first[short]] == 1).all()
    assert ((x_train == 1).sum(axis=1) <= 1).all(), "1 marks only the start"
    # the most frequent word ("the") has rank 1, index 4, and is the most common index
    word_index = data.imdb_word_index()
    assert word_index["the"] == 1
    counts = np.bincount(x_train[x_train > 2].ravel())
    assert counts.argmax() == 4
    i = int(np.flatnonzero(short)[0])
    assert data.decode_review(x_train[i], word_index).startswith("<start> ")


@needs_reviews
def test_load_imdb_second_load_is_fast_and_equal() -> None:
    first = data.load_imdb()  # tokenises and caches, unless the cache is already there
    start = time.perf_counter()
    second = data.load_imdb()
    assert time.perf_counter() - start < 2.0
    np.testing.assert_array_equal(first[0][0], second[0][0])
    np.testing.assert_array_equal(first[1][1], second[1][1])


@needs_reviews
def test_load_imdb_num_words_and_maxlen() -> None:
    (x_train, _), _ = data.load_imdb(num_words=100, maxlen=20)
    assert x_train.shape == (25_000, 20) and x_train.max() == 99
    assert (x_train == 2).any(), "words outside the 100 most frequent become 2"


# --------------------------------------------------------------------------------------------
# IMDB from Keras's imdb.npz: the same arrays as keras.datasets.imdb.load_data + pad_sequences
# --------------------------------------------------------------------------------------------
def test_load_imdb_from_npz_matches_keras(isolated: Path, monkeypatch) -> None:
    npz = isolated / "imdb.npz"
    monkeypatch.setattr(data, "IMDB_SHA256", tiny_imdb_npz(npz))
    (x_train, y_train), (x_test, y_test) = data.load_imdb(num_words=20, maxlen=8)

    monkeypatch.setattr("keras.src.datasets.imdb.get_file", lambda **kwargs: str(npz))
    (kx_train, ky_train), (kx_test, ky_test) = keras.datasets.imdb.load_data(num_words=20)
    np.testing.assert_array_equal(x_train, keras.utils.pad_sequences(kx_train, maxlen=8))
    np.testing.assert_array_equal(x_test, keras.utils.pad_sequences(kx_test, maxlen=8))
    np.testing.assert_array_equal(y_train, ky_train)
    np.testing.assert_array_equal(y_test, ky_test)


def test_load_imdb_from_raw_folder(isolated: Path, monkeypatch) -> None:
    texts = {
        ("train", "pos"): ["A great, great film!", "Great acting.<br />Loved it"],
        ("train", "neg"): ["A bad film", "Bad, bad, BAD acting"],
        ("test", "pos"): ["great film", "loved the film"],
        ("test", "neg"): ["bad film", "unseen words here"],
    }
    for (split, label), reviews in texts.items():
        folder = isolated / "aclImdb" / split / label
        folder.mkdir(parents=True)
        for i, text in enumerate(reviews):
            (folder / f"{i}_{8 if label == 'pos' else 2}.txt").write_text(text)
    monkeypatch.setattr(data, "IMDB_RAW_REVIEWS", 8)
    (x_train, y_train), (x_test, y_test) = data.load_imdb(num_words=7, maxlen=6)
    vocab = data.imdb_word_index()
    # training split ranks: bad 5, great 4 ... ties broken alphabetically
    assert vocab["bad"] == 1 and vocab["great"] == 2
    assert x_train.shape == (4, 6) and x_test.shape == (4, 6)
    decoded = sorted(data.decode_review(row, vocab) for row in x_train)
    assert "<start> bad bad bad ?" in decoded  # "acting" has rank 4: index 7 ≥ num_words
    assert y_train.sum() == 2 and y_test.sum() == 2
    # "unseen", "words", "here" never occur in training: out of vocabulary (2)
    assert any((row[-3:] == 2).all() for row in x_test)


def test_raw_archive_with_wrong_review_count_is_reported(isolated: Path) -> None:
    (isolated / "aclImdb" / "train" / "pos").mkdir(parents=True)
    (isolated / "aclImdb" / "train" / "pos" / "0_9.txt").write_text("good")
    with pytest.raises(data.DataNotFoundError, match="1 labelled reviews instead of 50,000"):
        data.load_imdb()


# --------------------------------------------------------------------------------------------
# Errors, and files the user put there are never touched
# --------------------------------------------------------------------------------------------
def test_no_data_and_no_network_gives_a_clear_error(isolated: Path) -> None:
    with pytest.raises(data.DataNotFoundError) as err:
        data.load_imdb()
    text = str(err.value)
    assert "download http://127.0.0.1:9" in text and "failed" in text
    assert str(isolated) in text and "SEQBOOK_DATA_DIR" in text
    with pytest.raises(data.DataNotFoundError, match="SEQBOOK_ALLOW_STANDIN=1") as err:
        data.load_jena()
    assert "jena_climate_2009_2016.csv" in str(err.value)


def test_users_corrupt_file_is_reported_and_left_alone(isolated: Path) -> None:
    bad = isolated / "imdb.npz"
    bad.write_bytes(b"not an npz at all")
    cached = Path(os.environ["SEQBOOK_CACHE_DIR"]) / "downloads" / "imdb.npz"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"a half download the user kept")
    with pytest.raises(data.DataNotFoundError) as err:
        data.load_imdb()
    assert "sha256" in str(err.value) and "left untouched" in str(err.value)
    assert bad.read_bytes() == b"not an npz at all"
    assert cached.read_bytes() == b"a half download the user kept"


def test_download_is_hash_checked_and_cached(isolated: Path, server, monkeypatch) -> None:
    url, root = server
    sha = tiny_imdb_npz(root / "imdb.npz")
    monkeypatch.setattr(data, "IMDB_URL", f"{url}/imdb.npz")
    monkeypatch.setattr(data, "IMDB_SHA256", sha)
    (x_train, _), _ = data.load_imdb(num_words=20, maxlen=8)
    assert x_train.shape == (30, 8)
    cached = Path(os.environ["SEQBOOK_CACHE_DIR"]) / "downloads" / "imdb.npz"
    assert data.sha256_of(cached) == sha
    (root / "imdb.npz").unlink()  # the second load needs no server
    (x_again, _), _ = data.load_imdb(num_words=20, maxlen=8)
    np.testing.assert_array_equal(x_train, x_again)


def test_corrupt_download_is_rejected(isolated: Path, server, monkeypatch) -> None:
    url, root = server
    (root / "imdb.npz").write_bytes(b"truncated or tampered")
    monkeypatch.setattr(data, "IMDB_URL", f"{url}/imdb.npz")
    with pytest.raises(data.DataNotFoundError, match="corrupt"):
        data.load_imdb()
    assert not (Path(os.environ["SEQBOOK_CACHE_DIR"]) / "downloads" / "imdb.npz").exists()


# --------------------------------------------------------------------------------------------
# Jena
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def standin_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return data.write_jena_standin(tmp_path_factory.mktemp("jena"))


def test_load_jena_reads_a_local_file_without_note(isolated: Path, standin_zip, capsys) -> None:
    (isolated / standin_zip.name).write_bytes(standin_zip.read_bytes())
    df = data.load_jena()
    assert df.shape == (420_551, 14) and df.attrs["source"] == "file"
    assert "STAND-IN" not in capsys.readouterr().out


def test_load_jena_download_checks_size_and_hash(isolated: Path, server, standin_zip, monkeypatch):
    url, root = server
    (root / standin_zip.name).write_bytes(standin_zip.read_bytes())
    monkeypatch.setattr(data, "JENA_URL", f"{url}/{standin_zip.name}")
    monkeypatch.setattr(data, "JENA_SIZE", standin_zip.stat().st_size)
    monkeypatch.setenv("SEQBOOK_JENA_SHA256", data.sha256_of(standin_zip))
    df = data.load_jena()
    assert df.shape == (420_551, 14) and df.attrs["source"] == "download"
    monkeypatch.setenv("SEQBOOK_JENA_SHA256", "0" * 64)
    (Path(os.environ["SEQBOOK_CACHE_DIR"]) / "downloads" / standin_zip.name).unlink()
    with pytest.raises(data.DataNotFoundError, match="corrupt"):
        data.load_jena()


def test_load_jena_stand_in_only_when_allowed(isolated: Path, monkeypatch, capsys) -> None:
    with pytest.raises(data.DataNotFoundError):
        data.load_jena()
    monkeypatch.setenv("SEQBOOK_ALLOW_STANDIN", "1")
    df = data.load_jena()
    assert df.attrs["source"] == "standin" and df.shape == (420_551, 14)
    out = capsys.readouterr().out
    assert out.count("STAND-IN") == 1 and len(out.strip().splitlines()) == 1
    assert data.load_jena(source="standin").attrs["source"] == "standin"
    with pytest.raises(ValueError, match="source must be"):
        data.load_jena(source="real")


def test_load_jena_corrupt_zip_is_reported_and_kept(isolated: Path) -> None:
    bad = isolated / "jena_climate_2009_2016.csv.zip"
    bad.write_bytes(b"PK\x03\x04 but not really a zip")
    with pytest.raises(ValueError, match="zip") as err:
        data.load_jena()
    assert str(bad) in str(err.value)
    assert bad.read_bytes() == b"PK\x03\x04 but not really a zip"
