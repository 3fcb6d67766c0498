"""Dataset loaders with caching: IMDB reviews and the Jena climate record.

Every loader looks for local files first (the folder named by ``SEQBOOK_DATA_DIR``, then the
book's cache folder, normally ``data/`` at the project root), then downloads from the canonical
URL with its hash checked, and only then falls back (IMDB: the raw review texts; Jena: the
generated stand-in, and only when ``SEQBOOK_ALLOW_STANDIN=1``). When nothing works the error
lists what was tried and what to do.

A file the user put somewhere is never modified or deleted: a local copy whose hash does not
match is reported and skipped, and it is never handed to :func:`keras.utils.get_file` (which
deletes cached files whose hash does not match).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import string
import tarfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.jena import (
    JENA_CSV_NAME,
    JENA_ZIP_NAME,
    make_jena_standin,
    read_jena_csv,
    write_jena_standin,
)

__all__ = [
    "DataNotFoundError",
    "IMDB_SHA256",
    "IMDB_URL",
    "JENA_URL",
    "cache_dir",
    "decode_review",
    "fetch",
    "imdb_word_index",
    "load_imdb",
    "load_jena",
    "search_dirs",
    "sha256_of",
    "write_jena_standin",
]

DATA_DIR_ENV = "SEQBOOK_DATA_DIR"
CACHE_DIR_ENV = "SEQBOOK_CACHE_DIR"
ALLOW_STANDIN_ENV = "SEQBOOK_ALLOW_STANDIN"

IMDB_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz"
IMDB_SHA256 = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
IMDB_RAW_NAMES = ("aclImdb", "aclImdb_v1_labeled.tar.gz", "aclImdb_v1.tar.gz")
IMDB_RAW_REVIEWS = 50_000  # labelled reviews in aclImdb: 25,000 train + 25,000 test
IMDB_START, IMDB_OOV, IMDB_INDEX_FROM, IMDB_SEED = 1, 2, 3, 113
_IMDB_CACHE_VERSION = 1

JENA_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/" + JENA_ZIP_NAME
# The sha256 of the published zip could not be obtained on the machines this book is built on
# (no internet). Its published size is known (Keras prints 13568290 bytes when it downloads it),
# so a download is checked by size and by content (header, row count) until the hash is
# filled in here or given in the environment variable SEQBOOK_JENA_SHA256.
JENA_SHA256: str | None = None
JENA_SIZE = 13_568_290


class DataNotFoundError(FileNotFoundError):
    """No source of a dataset worked; the message lists what was tried and what to do."""


# --------------------------------------------------------------------------------------------
# Where data lives
# --------------------------------------------------------------------------------------------
def cache_dir() -> Path:
    """The folder where downloads and processed arrays are cached (created if needed).

    ``SEQBOOK_CACHE_DIR`` if set; else ``data/`` of the book's checkout when :mod:`helpers`
    is installed from one (``pip install -e .``); else ``~/.cache/seqbook``.
    """
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        path = Path(env).expanduser()
    else:
        root = Path(__file__).resolve().parents[1]
        if (root / "_toc.yml").exists():
            path = root / "data"
        else:
            path = Path.home() / ".cache" / "seqbook"
    path.mkdir(parents=True, exist_ok=True)
    return path


def search_dirs() -> list[Path]:
    """Folders searched for local raw data, in order: ``SEQBOOK_DATA_DIR``, the cache folder."""
    dirs: list[Path] = []
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        dirs.append(Path(env).expanduser())
    dirs += [cache_dir(), cache_dir() / "downloads"]
    return dirs


def sha256_of(path: str | Path) -> str:
    """Hex sha256 digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _find_local(name: str, sha256: str | None, tried: list[str]) -> Path | None:
    """First file called ``name`` in :func:`search_dirs` whose hash matches (if one is given)."""
    for folder in search_dirs():
        path = folder / name
        if not path.is_file():
            tried.append(f"{path}: not there")
            continue
        if sha256 is not None:
            actual = sha256_of(path)
            if actual != sha256:
                tried.append(
                    f"{path}: found, but its sha256 is {actual}, not {sha256}; "
                    "left untouched (replace or remove it yourself)"
                )
                continue
        return path
    return None


def fetch(
    name: str,
    url: str,
    sha256: str | None,
    tried: list[str] | None = None,
    size: int | None = None,
) -> Path:
    """Path of a local or downloaded copy of ``name``, its hash checked.

    Looks in :func:`search_dirs`; otherwise downloads ``url`` with
    :func:`keras.utils.get_file` into ``<cache_dir>/downloads``. ``tried`` collects one line
    per attempt. Raises :class:`DataNotFoundError` when no copy could be had.
    """
    import keras

    tried = [] if tried is None else tried
    found = _find_local(name, sha256, tried)
    if found is not None:
        return found
    target = cache_dir() / "downloads" / name
    if target.exists():  # there, but rejected above: never let get_file delete it
        raise DataNotFoundError(_report(name, tried, f"Remove or replace {target}."))
    quiet = io.StringIO()  # keras prints "Downloading data from ..." even when offline
    try:
        with contextlib.redirect_stdout(quiet):
            path = Path(
                keras.utils.get_file(
                    fname=name,
                    origin=url,
                    file_hash=sha256,
                    cache_dir=str(cache_dir()),
                    cache_subdir="downloads",
                )
            )
    except ValueError as err:  # downloaded, but the hash does not match
        target.unlink(missing_ok=True)  # our own partial download, not a user's file
        tried.append(f"download {url}: corrupt ({err}); the bad download was removed")
        raise DataNotFoundError(_report(name, tried, "Try again later.")) from err
    except Exception as err:  # no network, HTTP error, ...
        tried.append(f"download {url}: failed ({err})")
        raise DataNotFoundError(_report(name, tried)) from err
    if size is not None and path.stat().st_size != size:
        got = path.stat().st_size
        path.unlink()
        tried.append(f"download {url}: {got} bytes instead of {size}; removed")
        raise DataNotFoundError(_report(name, tried, "Try again later."))
    print(f"Downloaded {name} from {url} into {path.parent}")
    return path


def _report(name: str, tried: Iterable[str], todo: str = "") -> str:
    lines = [f"Could not get {name}. Tried:"] + [f"  - {t}" for t in tried]
    if todo:
        lines.append(todo)
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# IMDB
# --------------------------------------------------------------------------------------------
_BREAK = re.compile(r"<br\s*/?>", flags=re.IGNORECASE)
_PUNCT = str.maketrans("", "", string.punctuation)


def tokenize(text: str) -> list[str]:
    """Lower-case words of a review: ``<br />`` and punctuation stripped, split on spaces."""
    return _BREAK.sub(" ", text).lower().translate(_PUNCT).split()


def _iter_raw_reviews(source: Path) -> Iterator[tuple[str, str, int, int, str]]:
    """(split, label folder, review id, rating, text) for every labelled review in ``source``.

    ``source`` is an ``aclImdb`` folder or a ``.tar.gz`` holding one.
    """
    pattern = re.compile(r"aclImdb/(train|test)/(pos|neg)/(\d+)_(\d+)\.txt$")
    if source.is_dir():
        for path in source.glob("*/*/*.txt"):
            m = pattern.search(path.as_posix())
            if m:
                yield m[1], m[2], int(m[3]), int(m[4]), path.read_text(encoding="utf-8")
        return
    with tarfile.open(source, "r:gz") as tar:
        for member in tar:
            m = pattern.search(member.name)
            if m and member.isfile():
                data = tar.extractfile(member)
                assert data is not None
                yield m[1], m[2], int(m[3]), int(m[4]), data.read().decode("utf-8")


def _tokenise_raw(source: Path) -> dict[str, np.ndarray]:
    """Word ranks of every review, ranked by frequency over the training split.

    Returns flat int32 ``ranks`` with ``offsets`` (n_reviews + 1,), ``labels`` (n_reviews,),
    ``is_train`` (n_reviews,) and ``vocab`` (words by rank, rank 1 first).
    """
    rows = sorted(_iter_raw_reviews(source), key=lambda r: (r[0] != "train", r[1], r[2]))
    if len(rows) != IMDB_RAW_REVIEWS:
        raise ValueError(
            f"{source} holds {len(rows)} labelled reviews instead of {IMDB_RAW_REVIEWS:,}: it is "
            "incomplete or not aclImdb. Replace it with the original aclImdb_v1 archive."
        )
    tokens = [tokenize(text) for *_, text in rows]
    is_train = np.array([r[0] == "train" for r in rows])
    counts: Counter[str] = Counter()
    for words, train in zip(tokens, is_train, strict=True):
        if train:
            counts.update(words)
    vocab = sorted(counts, key=lambda w: (-counts[w], w))
    rank = {w: i + 1 for i, w in enumerate(vocab)}
    unseen = len(vocab) + 1  # words that only occur in the test split: rank past the vocabulary
    lengths = np.array([len(w) for w in tokens])
    return {
        "ranks": np.array([rank.get(w, unseen) for ws in tokens for w in ws], dtype=np.int32),
        "offsets": np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        "labels": np.array([r[1] == "pos" for r in rows], dtype=np.int8),
        "is_train": is_train,
        "vocab": np.array(vocab),
    }


def _imdb_raw_arrays(tried: list[str]) -> tuple[dict[str, np.ndarray], str] | None:
    """Tokenised raw reviews, from the cache in :func:`cache_dir` or built from a local copy."""
    for folder in search_dirs():
        for name in IMDB_RAW_NAMES:
            source = folder / name
            if not source.exists():
                continue
            key = f"{source.resolve()}|{source.stat().st_size}|{source.stat().st_mtime_ns}"
            cached = cache_dir() / "imdb_raw_tokens.npz"
            if cached.exists():
                with np.load(cached) as f:
                    arrays = {k: f[k] for k in f.files}
                if str(arrays.pop("key")) == f"v{_IMDB_CACHE_VERSION}|{key}":
                    return arrays, name
            try:
                arrays = _tokenise_raw(source)
            except (OSError, tarfile.TarError, ValueError, EOFError) as err:
                tried.append(f"{source}: could not be read ({err}); left untouched")
                continue
            np.savez(cached, key=np.array(f"v{_IMDB_CACHE_VERSION}|{key}"), **arrays)
            return arrays, name
        tried.append(f"{folder}: none of {', '.join(IMDB_RAW_NAMES)}")
    return None


def _split_ragged(flat: np.ndarray, offsets: np.ndarray) -> list[np.ndarray]:
    return np.split(flat, offsets[1:-1])


def load_imdb(
    num_words: int = 10_000, maxlen: int = 500
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """IMDB reviews as ``keras.datasets.imdb.load_data`` + ``keras.utils.pad_sequences`` give.

    Returns ``(x_train, y_train), (x_test, y_test)``: x int32 of shape (25000, maxlen), padded
    and truncated at the front; y int of shape (25000,), 1 = positive. Index conventions as in
    Keras: 0 padding, 1 start of review, 2 out-of-vocabulary (rank ≥ num_words - 3), a word of
    frequency rank k (1 = most frequent) is ``k + 3``. Both splits are shuffled with seed 113.

    Sources, in order: Keras's ``imdb.npz`` (local or downloaded, sha256 checked); else the raw
    reviews (an ``aclImdb`` folder or ``aclImdb_v1_labeled.tar.gz``) in ``SEQBOOK_DATA_DIR`` or
    the cache folder, tokenised like Keras and cached, so a second load is fast.
    """
    import keras

    if num_words <= IMDB_INDEX_FROM or maxlen < 1:
        raise ValueError(f"need num_words > 3 and maxlen ≥ 1, got {num_words=}, {maxlen=}")
    tried: list[str] = []
    splits: list[tuple[list[np.ndarray], np.ndarray]]
    try:
        path = fetch("imdb.npz", IMDB_URL, IMDB_SHA256, tried)
        with np.load(path, allow_pickle=True) as f:  # hash checked above: Keras's own file
            splits = [(list(f["x_train"]), f["y_train"]), (list(f["x_test"]), f["y_test"])]
        source = f"Keras's imdb.npz ({path.name})"
    except DataNotFoundError:
        raw = _imdb_raw_arrays(tried)
        if raw is None:
            raise DataNotFoundError(
                _report(
                    "the IMDB reviews",
                    tried,
                    f"Put Keras's imdb.npz ({IMDB_URL}) or the raw reviews "
                    "(aclImdb_v1_labeled.tar.gz, or the original aclImdb_v1.tar.gz from "
                    "https://ai.stanford.edu/~amaas/data/sentiment/) into a folder and set "
                    f"{DATA_DIR_ENV} to it, or into {cache_dir()}.",
                )
            ) from None
        arrays, name = raw
        seqs = _split_ragged(arrays["ranks"], arrays["offsets"])
        train = arrays["is_train"]
        splits = [
            ([s for s, t in zip(seqs, train, strict=True) if t], arrays["labels"][train]),
            ([s for s, t in zip(seqs, train, strict=True) if not t], arrays["labels"][~train]),
        ]
        source = f"the raw reviews ({name}), tokenised as keras.datasets.imdb does"

    rng = np.random.RandomState(IMDB_SEED)  # same shuffling as keras.datasets.imdb.load_data
    out = []
    for seqs, labels in splits:
        order = np.arange(len(seqs))
        rng.shuffle(order)
        encoded = []
        for i in order:
            ids = np.asarray(seqs[i], dtype=np.int64) + IMDB_INDEX_FROM
            ids[ids >= num_words] = IMDB_OOV
            encoded.append(np.concatenate([[IMDB_START], ids]))
        x = keras.utils.pad_sequences(encoded, maxlen=maxlen, dtype="int32")
        out.append((x, np.asarray(labels)[order].astype(np.int64)))
    print(f"IMDB: {len(out[0][0]):,} training and {len(out[1][0]):,} test reviews from {source}")
    return out[0], out[1]


def imdb_word_index() -> dict[str, int]:
    """Word → frequency rank (1 = most frequent) of the vocabulary :func:`load_imdb` used.

    As ``keras.datasets.imdb.get_word_index``: a word of rank k has index ``k + 3`` in the data.
    Keras's own word index when :func:`load_imdb` finds Keras's ``imdb.npz``; otherwise the
    vocabulary of the raw reviews (tokenised and cached by :func:`load_imdb`).
    """
    if _find_local("imdb.npz", IMDB_SHA256, []) is not None:
        import keras

        return keras.datasets.imdb.get_word_index()
    tried: list[str] = []
    raw = _imdb_raw_arrays(tried)
    if raw is None:
        raise DataNotFoundError(_report("the IMDB vocabulary (raw reviews)", tried))
    return {str(w): i + 1 for i, w in enumerate(raw[0]["vocab"])}


def decode_review(sequence: Iterable[int], word_index: dict[str, int]) -> str:
    """Text of an encoded review: padding dropped, start shown as ``<start>``, OOV as ``?``."""
    words = {rank + IMDB_INDEX_FROM: w for w, rank in word_index.items()}
    words.update({IMDB_START: "<start>", IMDB_OOV: "?"})
    return " ".join(words.get(int(i), "?") for i in sequence if int(i) != 0)


# --------------------------------------------------------------------------------------------
# Jena climate
# --------------------------------------------------------------------------------------------
STANDIN_NOTE = (
    "NOTE: the real Jena climate file is not available here; using the book's generated "
    "STAND-IN (helpers.jena.make_jena_standin), calibrated on the real file's published "
    "statistics. Figures will differ from those printed for the real data."
)


def _jena_local(tried: list[str]) -> Path | None:
    for folder in search_dirs():
        for name in (JENA_ZIP_NAME, JENA_CSV_NAME):
            path = folder / name
            if path.is_file():
                return path
            tried.append(f"{path}: not there")
    return None


def load_jena(source: str = "auto") -> pd.DataFrame:
    """The Jena climate record 2009–2016 as a DataFrame.

    Returns a frame of shape (420551, 14) with a DatetimeIndex ("Date Time") and the 14
    numeric columns named as in the CSV header ("p (mbar)", "T (degC)", ...);
    ``df.attrs["source"]`` says where it came from ("file", "download" or "standin").

    ``source="auto"``: a local ``jena_climate_2009_2016.csv(.zip)`` in ``SEQBOOK_DATA_DIR`` or
    the cache folder; else a download from :data:`JENA_URL`; else the generated stand-in, but
    only when ``SEQBOOK_ALLOW_STANDIN=1``. ``source="standin"`` gives the stand-in directly.
    Whenever the stand-in is used, one line of output says so.
    """
    if source not in ("auto", "standin"):
        raise ValueError(f"source must be 'auto' or 'standin', got {source!r}")
    if source == "auto":
        tried: list[str] = []
        path = _jena_local(tried)
        kind = "file"
        if path is None:
            try:
                sha = os.environ.get("SEQBOOK_JENA_SHA256") or JENA_SHA256
                path = fetch(JENA_ZIP_NAME, JENA_URL, sha, tried, size=JENA_SIZE)
                kind = "download"
            except DataNotFoundError:
                if os.environ.get(ALLOW_STANDIN_ENV) != "1":
                    raise DataNotFoundError(
                        _report(
                            "the Jena climate data",
                            tried,
                            f"Download {JENA_URL} into {cache_dir()} (or a folder named by "
                            f"{DATA_DIR_ENV}), or set {ALLOW_STANDIN_ENV}=1 to use the book's "
                            "generated stand-in.",
                        )
                    ) from None
        if path is not None:
            df = read_jena_csv(path)
            df.attrs["source"] = kind
            print(f"Jena climate data: {len(df):,} rows from {path.name}")
            return df
    print(STANDIN_NOTE)
    df = make_jena_standin()
    df.attrs["source"] = "standin"
    return df
