"""Dataset loaders with caching: IMDB reviews and the Jena climate record.

Every loader looks for local files first (the folder named by ``SEQBOOK_DATA_DIR``, then the
book's cache folder, normally ``data/`` at the project root), then downloads a pinned file
(canonical URL, sha256 checked) into the cache with :mod:`pooch`. ``SEQBOOK_DATA_URL`` names
a base URL that replaces the canonical hosts: every download is then fetched from
``$SEQBOOK_DATA_URL/<file name>``, with the same hash check (a mirror, or the test suite's
local server). When nothing works the error lists what was tried and what to do.

- IMDB: always the raw reviews of the Large Movie Review Dataset (``aclImdb``), tokenised here,
  whatever the machine: the same arrays everywhere.
- Jena: the real file when it can be had; else, only when ``SEQBOOK_ALLOW_STANDIN=1``, the
  book's generated stand-in. ``SEQBOOK_JENA_SOURCE=standin`` pins the stand-in (the book's
  tests do: its committed outputs were made from it).

A file the user put somewhere is never modified or deleted: a local copy whose hash does not
match is reported and skipped. Downloads go to ``<cache>/downloads``; pooch writes them to a
temporary file and moves it into place only once its hash matches, so a corrupt or truncated
download never replaces anything.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tarfile
import tempfile
import time
import warnings
import zipfile
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
from helpers.text import LANGS, texts

__all__ = [
    "DataNotFoundError",
    "IMDB_FILES",
    "IMDB_URL",
    "JENA_URL",
    "cache_dir",
    "decode_review",
    "fetch",
    "imdb_source",
    "imdb_word_index",
    "load_imdb",
    "load_jena",
    "search_dirs",
    "sha256_of",
    "tokenize",
    "write_jena_standin",
]

DATA_DIR_ENV = "SEQBOOK_DATA_DIR"
DATA_URL_ENV = "SEQBOOK_DATA_URL"
CACHE_DIR_ENV = "SEQBOOK_CACHE_DIR"
ALLOW_STANDIN_ENV = "SEQBOOK_ALLOW_STANDIN"
JENA_SOURCE_ENV = "SEQBOOK_JENA_SOURCE"
DOWNLOAD_TIMEOUT = 30  # seconds without an answer before a download is given up

IMDB_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"
# The pinned IMDB files: the original archive, and the same 50,000 labelled reviews repackaged
# without train/unsup/ and the *.feat files. name -> (sha256, size in bytes)
IMDB_FILES: dict[str, tuple[str, int | None]] = {
    "aclImdb_v1.tar.gz": (
        "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe",
        84_125_825,
    ),
    "aclImdb_v1_labeled.tar.gz": (
        "f8800125a04e98eb640fd505ba6ecb6715a8707acaac4f7fe1f9c9955cafc9f8",
        None,
    ),
}
IMDB_FOLDER = "aclImdb"  # the archive unpacked: aclImdb/{train,test}/{pos,neg}/*.txt
IMDB_RAW_REVIEWS = 50_000  # labelled reviews in aclImdb: 25,000 train + 25,000 test
IMDB_START, IMDB_OOV, IMDB_INDEX_FROM, IMDB_SEED = 1, 2, 3, 113
_IMDB_CACHE_VERSION = 2  # 2: `br` and apostrophes kept inside words, as in Keras's index

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
#: What the loaders print, per language (``lang``: "en" or "ko"): the "data" section of the
#: catalogues (:mod:`helpers.text`).
MESSAGES = {lang: texts(lang, "data") for lang in LANGS}


def _message(lang: str, key: str, **values: object) -> str:
    if lang not in MESSAGES:
        raise ValueError(f"lang must be one of {sorted(MESSAGES)}, got {lang!r}")
    return MESSAGES[lang][key].format(**values)


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


def download_url(name: str, url: str) -> str:
    """Where ``name`` is downloaded from: ``$SEQBOOK_DATA_URL/<name>`` if set, else ``url``."""
    base = os.environ.get(DATA_URL_ENV)
    return f"{base.rstrip('/')}/{name}" if base else url


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


def _download(
    name: str, url: str, sha256: str | None, tried: list[str], lang: str = "en"
) -> Path | None:
    """Download ``url`` into ``<cache>/downloads/<name>`` with pooch; None (and a line in
    ``tried``) when it fails. Nothing is written unless the whole file arrived with its hash."""
    with warnings.catch_warnings():
        # pooch imports tqdm.auto, which warns in a notebook without ipywidgets; we draw no bar
        warnings.filterwarnings("ignore", message="IProgress not found")
        import pooch

    pooch.get_logger().setLevel(logging.WARNING)  # we print our own lines
    target = cache_dir() / "downloads" / name
    if target.exists():  # there, but rejected by _find_local: never overwrite it
        tried.append(f"download {url}: skipped, {target} is in the way (remove it yourself)")
        return None
    start = time.perf_counter()
    try:
        path = pooch.retrieve(
            url,
            known_hash=f"sha256:{sha256}" if sha256 else None,
            fname=name,
            path=target.parent,
            downloader=pooch.HTTPDownloader(timeout=DOWNLOAD_TIMEOUT, progressbar=False),
        )
    except ValueError as err:  # the whole file arrived, but its hash does not match
        tried.append(f"download {url}: corrupt or truncated, rejected ({err})")
        return None
    except Exception as err:  # no network, HTTP error, time-out, ...
        tried.append(f"download {url}: failed ({type(err).__name__}: {err})")
        return None
    size = Path(path).stat().st_size / 1e6
    seconds = time.perf_counter() - start
    print(_message(lang, "downloaded", name=name, size=size, seconds=seconds, url=url))
    return Path(path)


def fetch(
    name: str,
    url: str,
    sha256: str | None,
    tried: list[str] | None = None,
    size: int | None = None,
    lang: str = "en",
) -> Path:
    """Path of a local or downloaded copy of ``name``, its hash checked.

    Looks in :func:`search_dirs`; otherwise downloads ``url`` (or ``$SEQBOOK_DATA_URL/<name>``)
    into ``<cache_dir>/downloads``. ``size``, if given, is checked too (for files whose hash is
    not pinned). ``tried`` collects one line per attempt. Raises :class:`DataNotFoundError`
    when no copy could be had. ``lang``: the language of the line a download prints.
    """
    tried = [] if tried is None else tried
    found = _find_local(name, sha256, tried)
    if found is not None:
        return found
    url = download_url(name, url)
    path = _download(name, url, sha256, tried, lang)
    if path is None:
        raise DataNotFoundError(_report(name, tried, _where_to_put(name, url)))
    if size is not None and path.stat().st_size != size:
        got = path.stat().st_size
        path.unlink()  # our own download, not a user's file
        tried.append(f"download {url}: {got:,} bytes instead of {size:,}; removed")
        raise DataNotFoundError(_report(name, tried, _where_to_put(name, url)))
    return path


def _where_to_put(name: str, url: str) -> str:
    folder = os.environ.get(DATA_DIR_ENV) or str(cache_dir())
    return f"What to do: download {url} and put {name} into {folder}"


def _report(name: str, tried: Iterable[str], todo: str = "") -> str:
    lines = [f"Could not get {name}. Tried:"] + [f"  - {t}" for t in tried]
    if todo:
        lines.append(todo)
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# IMDB
# --------------------------------------------------------------------------------------------
# A word: letters and digits, with apostrophes inside (everyone's, don't), as in the word index
# of keras.datasets.imdb. "<br />" thus gives the word "br", which Keras's index ranks 7th.
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def tokenize(text: str) -> list[str]:
    """Lower-case words of a review: runs of letters and digits, apostrophes kept inside.

    ``"Everyone's <br />GREAT, isn't it?"`` → ``["everyone's", "br", "great", "isn't", "it"]``.
    """
    return _WORD.findall(text.lower())


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


def imdb_source(tried: list[str] | None = None, lang: str = "en") -> Path:
    """The raw IMDB reviews on this machine, downloading the pinned archive if needed.

    In order: an ``aclImdb/`` folder or one of :data:`IMDB_FILES` (sha256 checked) in
    :func:`search_dirs`; else a download of :data:`IMDB_URL` (or, with ``SEQBOOK_DATA_URL``,
    of each pinned file from there) into the cache. Raises :class:`DataNotFoundError` naming
    each file, its URL and the folder to put it in.
    """
    tried = [] if tried is None else tried
    for folder in search_dirs():
        if (folder / IMDB_FOLDER).is_dir():
            return folder / IMDB_FOLDER
    for name, (sha256, _size) in IMDB_FILES.items():
        found = _find_local(name, sha256, tried)
        if found is not None:
            return found
    mirror = os.environ.get(DATA_URL_ENV)
    names = list(IMDB_FILES) if mirror else ["aclImdb_v1.tar.gz"]  # only the original is online
    for name in names:
        url = download_url(name, IMDB_URL)
        path = _download(name, url, IMDB_FILES[name][0], tried, lang)
        if path is not None:
            return path
    folder = os.environ.get(DATA_DIR_ENV) or str(cache_dir())
    raise DataNotFoundError(
        _report(
            "the IMDB reviews",
            tried,
            f"What to do: download {download_url('aclImdb_v1.tar.gz', IMDB_URL)} "
            f"(84 MB, sha256 {IMDB_FILES['aclImdb_v1.tar.gz'][0]}) and put it into {folder}, "
            f"or set {DATA_DIR_ENV} to a folder holding it (or aclImdb_v1_labeled.tar.gz, or "
            "the unpacked aclImdb/ folder).",
        )
    )


def _imdb_raw_arrays(lang: str = "en") -> tuple[dict[str, np.ndarray], str]:
    """Tokenised raw reviews, from the cache in :func:`cache_dir` or built from the source."""
    source = imdb_source(lang=lang)
    stat = source.stat()
    key = f"v{_IMDB_CACHE_VERSION}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    cached = cache_dir() / "imdb_raw_tokens.npz"
    if cached.exists():
        try:
            with np.load(cached) as f:
                arrays = {k: f[k] for k in f.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile):
            arrays = {"key": np.array("")}  # unreadable cache: rebuild it
        if str(arrays.pop("key", "")) == key:
            return arrays, source.name
    try:
        arrays = _tokenise_raw(source)
    except (OSError, tarfile.TarError, EOFError) as err:
        raise DataNotFoundError(
            f"{source} could not be read ({err}); it was left untouched. Replace it with the "
            f"original archive ({IMDB_URL})."
        ) from err
    except ValueError as err:
        raise DataNotFoundError(str(err)) from err
    # Written under a temporary name and renamed: another process (a second test worker, a
    # second notebook) reading the cache never sees a half-written file.
    fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=".imdb_raw_tokens-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez(out, key=np.array(key), **arrays)
        os.replace(tmp, cached)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return arrays, source.name


def _split_ragged(flat: np.ndarray, offsets: np.ndarray) -> list[np.ndarray]:
    return np.split(flat, offsets[1:-1])


def load_imdb(
    num_words: int = 10_000, maxlen: int = 500, lang: str = "en"
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The IMDB reviews as word indices, padded: Keras's conventions, from the raw reviews.

    Returns ``(x_train, y_train), (x_test, y_test)``: x int32 of shape (25000, maxlen), padded
    and truncated at the front (``keras.utils.pad_sequences``); y int of shape (25000,),
    1 = positive. Index conventions as in ``keras.datasets.imdb``: 0 padding, 1 start of
    review, 2 out-of-vocabulary (rank ≥ num_words - 3), a word of frequency rank k
    (1 = most frequent over the training reviews) is ``k + 3``. Both splits are shuffled with
    seed 113. Words are cut as Keras's index has them (:func:`tokenize`), but the arrays are
    not Keras's own ``imdb.npz``: its vocabulary is larger and its review order differs.

    The reviews come from :func:`imdb_source` (local copy or pinned download); the tokenised
    arrays are cached, so a second load is fast. One printed line, in ``lang``, says what was
    loaded from where.
    """
    import keras

    if num_words <= IMDB_INDEX_FROM or maxlen < 1:
        raise ValueError(f"need num_words > 3 and maxlen ≥ 1, got {num_words=}, {maxlen=}")
    if lang not in MESSAGES:
        raise ValueError(f"lang must be one of {sorted(MESSAGES)}, got {lang!r}")
    arrays, name = _imdb_raw_arrays(lang)
    seqs = _split_ragged(arrays["ranks"], arrays["offsets"])
    train = arrays["is_train"]
    splits = [
        ([s for s, t in zip(seqs, train, strict=True) if t], arrays["labels"][train]),
        ([s for s, t in zip(seqs, train, strict=True) if not t], arrays["labels"][~train]),
    ]
    rng = np.random.RandomState(IMDB_SEED)  # the same shuffling as keras.datasets.imdb
    out = []
    for split_seqs, labels in splits:
        order = np.arange(len(split_seqs))
        rng.shuffle(order)
        encoded = []
        for i in order:
            ids = np.asarray(split_seqs[i], dtype=np.int64) + IMDB_INDEX_FROM
            ids[ids >= num_words] = IMDB_OOV
            encoded.append(np.concatenate([[IMDB_START], ids]))
        x = keras.utils.pad_sequences(encoded, maxlen=maxlen, dtype="int32")
        out.append((x, np.asarray(labels)[order].astype(np.int64)))
    print(_message(lang, "imdb", train=len(out[0][0]), test=len(out[1][0]), name=name))
    return out[0], out[1]


def imdb_word_index() -> dict[str, int]:
    """Word → frequency rank (1 = most frequent) of the vocabulary :func:`load_imdb` uses.

    As ``keras.datasets.imdb.get_word_index``: a word of rank k has index ``k + 3`` in the data.
    """
    arrays, _ = _imdb_raw_arrays()
    return {str(w): i + 1 for i, w in enumerate(arrays["vocab"])}


def decode_review(sequence: Iterable[int], word_index: dict[str, int]) -> str:
    """Text of an encoded review: padding dropped, start shown as ``<start>``, OOV as ``?``."""
    words = {rank + IMDB_INDEX_FROM: w for w, rank in word_index.items()}
    words.update({IMDB_START: "<start>", IMDB_OOV: "?"})
    return " ".join(words.get(int(i), "?") for i in sequence if int(i) != 0)


# --------------------------------------------------------------------------------------------
# Jena climate
# --------------------------------------------------------------------------------------------


def _jena_local(tried: list[str]) -> Path | None:
    for folder in search_dirs():
        for name in (JENA_ZIP_NAME, JENA_CSV_NAME):
            path = folder / name
            if path.is_file():
                return path
            tried.append(f"{path}: not there")
    return None


def load_jena(source: str | None = None, lang: str = "en") -> pd.DataFrame:
    """The Jena climate record 2009–2016 as a DataFrame.

    Returns a frame of shape (420551, 14) with a DatetimeIndex ("Date Time") and the 14
    numeric columns named as in the CSV header ("p (mbar)", "T (degC)", ...);
    ``df.attrs["source"]`` says where it came from ("file", "download" or "standin").

    ``source="auto"``: a local ``jena_climate_2009_2016.csv(.zip)`` in ``SEQBOOK_DATA_DIR`` or
    the cache folder; else a download from :data:`JENA_URL` (or ``$SEQBOOK_DATA_URL``); else
    the generated stand-in, but only when ``SEQBOOK_ALLOW_STANDIN=1``. ``source="standin"``
    gives the stand-in directly. Without ``source``, ``SEQBOOK_JENA_SOURCE`` decides (the
    book's tests set it to ``standin``: the committed outputs were made from the stand-in),
    else ``"auto"``. Whenever the stand-in is used, one line of output says so, in ``lang``,
    and every figure drawn afterwards names it in a corner (:func:`helpers.plots.mark_figures`).
    """
    from helpers.plots import mark_figures

    if source is None:
        source = os.environ.get(JENA_SOURCE_ENV) or "auto"
    if source not in ("auto", "standin"):
        raise ValueError(f"source must be 'auto' or 'standin', got {source!r}")
    if lang not in MESSAGES:
        raise ValueError(f"lang must be one of {sorted(MESSAGES)}, got {lang!r}")
    if source == "auto":
        tried: list[str] = []
        path = _jena_local(tried)
        kind = "file"
        if path is None:
            try:
                sha = os.environ.get("SEQBOOK_JENA_SHA256") or JENA_SHA256
                path = fetch(JENA_ZIP_NAME, JENA_URL, sha, tried, size=JENA_SIZE, lang=lang)
                kind = "download"
            except DataNotFoundError:
                if os.environ.get(ALLOW_STANDIN_ENV) != "1":
                    url = download_url(JENA_ZIP_NAME, JENA_URL)
                    raise DataNotFoundError(
                        _report(
                            "the Jena climate data",
                            tried,
                            f"What to do: download {url} into {cache_dir()} (or a folder named "
                            f"by {DATA_DIR_ENV}), or set {ALLOW_STANDIN_ENV}=1 to use the book's "
                            "generated stand-in.",
                        )
                    ) from None
        if path is not None:
            df = read_jena_csv(path)
            df.attrs["source"] = kind
            print(_message(lang, "jena", rows=len(df), name=path.name))
            mark_figures(None)
            return df
    print(_message(lang, "standin"))
    df = make_jena_standin()
    df.attrs["source"] = "standin"
    mark_figures(_message(lang, "standin_mark"))  # every figure from here on names it
    return df
