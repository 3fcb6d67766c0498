"""Tests of the data loaders: IMDB shapes and index conventions, sources, caching, errors.

Downloads are tested offline against a local HTTP server; "no network" is a refused port.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from helpers import data

REFUSED_URL = "http://127.0.0.1:9/nothing-listens-here"
KERAS_TOP_WORDS = tuple(  # the first ranks of keras.datasets.imdb.get_word_index()
    "the and a of to is br in it i this that was as for with movie but film".split()
)


@pytest.fixture(scope="module", autouse=True)
def standin_once() -> Iterator[None]:
    """The stand-in generated once for this module's loader tests (``make_jena_standin`` has
    tests of its own, tests/test_jena.py): each call gets a copy of the same frame."""
    from helpers import jena

    made: dict[int, object] = {}
    generate = jena.make_jena_standin

    def cached(seed: int = 2009):
        if seed not in made:
            made[seed] = generate(seed)
        return made[seed].copy(deep=True)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jena, "make_jena_standin", cached)  # what write_jena_standin calls
        patch.setattr(data, "make_jena_standin", cached)  # what load_jena calls
        yield


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder and cache folder; returns the data folder."""
    user = tmp_path / "user"
    user.mkdir()
    monkeypatch.setenv("SEQBOOK_DATA_DIR", str(user))
    monkeypatch.setenv("SEQBOOK_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("SEQBOOK_ALLOW_STANDIN", "SEQBOOK_JENA_SOURCE", "SEQBOOK_DATA_URL"):
        monkeypatch.delenv(name, raising=False)
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


def write_reviews(folder: Path, texts: dict[tuple[str, str], list[str]]) -> None:
    """An ``aclImdb`` folder in the real layout (split/label/<id>_<rating>.txt)."""
    for (split, label), reviews in texts.items():
        (folder / split / label).mkdir(parents=True)
        for i, text in enumerate(reviews):
            (folder / split / label / f"{i}_{8 if label == 'pos' else 2}.txt").write_text(text)


def tiny_archive(path: Path) -> str:
    """A small .tar.gz in the layout of aclImdb_v1.tar.gz (8 reviews); returns its sha256."""
    import tarfile

    source = path.parent / "tiny_src"
    write_reviews(
        source / "aclImdb",
        {
            ("train", "pos"): ["A great film", "Great acting"],
            ("train", "neg"): ["A bad film", "Bad acting"],
            ("test", "pos"): ["great", "loved it"],
            ("test", "neg"): ["bad", "awful"],
        },
    )
    with tarfile.open(path, "w:gz") as tar:
        tar.add(source / "aclImdb", arcname="aclImdb")
    return data.sha256_of(path)


# --------------------------------------------------------------------------------------------
# IMDB on the real reviews (marked needs_imdb: conftest.py fetches them before the first runs)
# --------------------------------------------------------------------------------------------
@pytest.mark.integration
@pytest.mark.needs_imdb
def test_imdb_reviews_shapes_and_index_conventions() -> None:
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
    word_index = data.imdb_word_index()
    counts = np.bincount(x_train[x_train > 2].ravel())
    assert counts.argmax() == 4, "the most frequent word has rank 1, index 4"
    i = int(np.flatnonzero(short)[0])
    assert data.decode_review(x_train[i], word_index).startswith("<start> ")


@pytest.mark.integration
@pytest.mark.needs_imdb
def test_imdb_reviews_words_as_keras_index_has_them() -> None:
    """The most frequent words in Keras's order, `br` and apostrophes kept."""
    word_index = data.imdb_word_index()
    top = sorted(word_index, key=word_index.get)[: len(KERAS_TOP_WORDS)]
    assert tuple(top) == KERAS_TOP_WORDS
    assert word_index["br"] == 7 and "everyone's" in word_index and "don't" in word_index


# Keras's first training review, decoded from keras.datasets.imdb.load_data(num_words=10000)
# with get_word_index() (as the TensorFlow tutorials print it; "?": outside the 10,000 words).
KERAS_FIRST_REVIEW = (
    "this film was just brilliant casting location scenery story direction everyone's really "
    "suited the part they played and you could just imagine being there robert ? is an amazing "
    "actor and now the same being director ? father came from the same scottish island as "
    "myself so i loved the fact there was a real connection with this film the witty remarks "
    "throughout the film were great it was just brilliant so much that i bought the film as "
    "soon as it was released for ? and would recommend it to everyone to watch and the fly "
    "fishing was amazing really cried at the end it was so sad and you know what they say if "
    "you cry at a film it must have been good and this definitely was also ? to the two little "
    "boy's that played the ? of norman and paul they were just brilliant children are often "
    "left out of the ? list i think because the stars that play them all grown up are such a "
    "big profile for the whole film but these children are amazing and should be praised for "
    "what they have done don't you think the whole story was so lovely because it was true and "
    "was someone's life after all that was shared with us all"
)


@pytest.mark.integration
@pytest.mark.needs_imdb
def test_imdb_reviews_reproduce_keras_first_review() -> None:
    """Keras's first training review (train/pos/576) comes out word for word, "?" included."""
    source = data.imdb_source()
    text = next(
        t for split, label, i, _, t in data._iter_raw_reviews(source)
        if (split, label, i) == ("train", "pos", 576)
    )  # fmt: skip
    word_index = data.imdb_word_index()
    ids = [word_index.get(w, 10**9) + data.IMDB_INDEX_FROM for w in data.tokenize(text)]
    ids = [i if i < 10_000 else data.IMDB_OOV for i in ids]
    assert data.decode_review(ids, word_index) == KERAS_FIRST_REVIEW


@pytest.mark.integration
@pytest.mark.needs_imdb
@pytest.mark.bench
def test_imdb_reviews_second_load_is_fast_and_equal(monkeypatch) -> None:
    """The second load reads the cache: it tokenises nothing, and takes little CPU time (this
    process's, which other work on a loaded machine does not inflate; first load ≈ 15 s)."""
    first = data.load_imdb()  # tokenises and caches, unless the cache is already there

    def tokenise(source):
        raise AssertionError("the second load tokenised the reviews again")

    monkeypatch.setattr(data, "_tokenise_raw", tokenise)
    start = time.process_time()
    second = data.load_imdb()
    assert time.process_time() - start < 6.0
    np.testing.assert_array_equal(first[0][0], second[0][0])
    np.testing.assert_array_equal(first[1][1], second[1][1])


@pytest.mark.integration
@pytest.mark.needs_imdb
def test_imdb_reviews_num_words_and_maxlen() -> None:
    (x_train, _), _ = data.load_imdb(num_words=100, maxlen=20)
    assert x_train.shape == (25_000, 20) and x_train.max() == 99
    assert (x_train == 2).any(), "words outside the 100 most frequent become 2"


@pytest.mark.unit
def test_tokenize_keeps_br_and_apostrophes() -> None:
    text = "Everyone's <br />GREAT, isn't it? 10/10 -- 'quoted'"
    assert data.tokenize(text) == [
        "everyone's", "br", "great", "isn't", "it", "10", "10", "quoted"
    ]  # fmt: skip


@pytest.mark.unit
def test_load_imdb_from_raw_folder(isolated: Path, monkeypatch) -> None:
    texts = {
        ("train", "pos"): ["A great, great film!", "Great acting.<br />Loved it"],
        ("train", "neg"): ["A bad film", "Bad, bad, BAD acting"],
        ("test", "pos"): ["great film", "loved the film"],
        ("test", "neg"): ["bad film", "unseen words here"],
    }
    write_reviews(isolated / "aclImdb", texts)
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


@pytest.mark.unit
def test_raw_archive_with_wrong_review_count_is_reported(isolated: Path) -> None:
    (isolated / "aclImdb" / "train" / "pos").mkdir(parents=True)
    (isolated / "aclImdb" / "train" / "pos" / "0_9.txt").write_text("good")
    with pytest.raises(data.DataNotFoundError, match="1 labelled reviews instead of 50,000"):
        data.load_imdb()


# --------------------------------------------------------------------------------------------
# Errors, and files the user put there are never touched
# --------------------------------------------------------------------------------------------
@pytest.mark.unit
def test_no_data_and_no_network_gives_a_clear_error(isolated: Path) -> None:
    with pytest.raises(data.DataNotFoundError) as err:
        data.load_imdb()
    text = str(err.value)
    assert "download http://127.0.0.1:9" in text and "failed" in text
    assert "aclImdb_v1.tar.gz" in text and str(isolated) in text and "What to do" in text
    with pytest.raises(data.DataNotFoundError, match="SEQBOOK_ALLOW_STANDIN=1") as err:
        data.load_jena()
    assert "jena_climate_2009_2016.csv" in str(err.value)


@pytest.mark.unit
def test_users_corrupt_file_is_reported_and_left_alone(isolated: Path) -> None:
    bad = isolated / "aclImdb_v1.tar.gz"
    bad.write_bytes(b"not an archive at all")
    cached = Path(os.environ["SEQBOOK_CACHE_DIR"]) / "downloads" / "aclImdb_v1_labeled.tar.gz"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"a half download the user kept")
    with pytest.raises(data.DataNotFoundError) as err:
        data.load_imdb()
    assert "sha256" in str(err.value) and "left untouched" in str(err.value)
    assert bad.read_bytes() == b"not an archive at all"
    assert cached.read_bytes() == b"a half download the user kept"


# --------------------------------------------------------------------------------------------
# Downloads, against a local HTTP server named by SEQBOOK_DATA_URL
# --------------------------------------------------------------------------------------------
@pytest.mark.unit
def test_download_is_hash_checked_cached_and_reused(isolated: Path, server, monkeypatch) -> None:
    url, root = server
    sha = tiny_archive(root / "aclImdb_v1.tar.gz")
    monkeypatch.setitem(data.IMDB_FILES, "aclImdb_v1.tar.gz", (sha, None))
    monkeypatch.setattr(data, "IMDB_RAW_REVIEWS", 8)
    monkeypatch.setenv("SEQBOOK_DATA_URL", url)
    (x_train, _), _ = data.load_imdb(num_words=20, maxlen=8)
    assert x_train.shape == (4, 8)
    cached = Path(os.environ["SEQBOOK_CACHE_DIR"]) / "downloads" / "aclImdb_v1.tar.gz"
    assert data.sha256_of(cached) == sha
    (root / "aclImdb_v1.tar.gz").unlink()  # the second load needs no server
    (data.cache_dir() / "imdb_raw_tokens.npz").unlink()  # nor the tokenised cache
    (x_again, _), _ = data.load_imdb(num_words=20, maxlen=8)
    np.testing.assert_array_equal(x_train, x_again)


@pytest.mark.parametrize("damage", ["corrupt", "truncated"])
@pytest.mark.unit
def test_bad_download_is_rejected_and_nothing_kept(
    isolated: Path, server, monkeypatch, damage: str
) -> None:
    url, root = server
    sha = tiny_archive(root / "good.tar.gz")
    good = (root / "good.tar.gz").read_bytes()
    bad = good[: len(good) // 2] if damage == "truncated" else good[:-8] + b"tampered"
    (root / "aclImdb_v1.tar.gz").write_bytes(bad)
    monkeypatch.setitem(data.IMDB_FILES, "aclImdb_v1.tar.gz", (sha, None))
    monkeypatch.setenv("SEQBOOK_DATA_URL", url)
    mine = isolated / "my_notes.txt"
    mine.write_text("the user's own file")
    with pytest.raises(data.DataNotFoundError, match="corrupt or truncated, rejected") as err:
        data.load_imdb()
    assert "What to do" in str(err.value)
    downloads = Path(os.environ["SEQBOOK_CACHE_DIR"]) / "downloads"
    assert not (downloads / "aclImdb_v1.tar.gz").exists()
    assert not [p for p in downloads.iterdir() if "aclImdb" in p.name], "no partial file left"
    assert mine.read_text() == "the user's own file"


@pytest.mark.unit
def test_dead_server_says_what_to_do(isolated: Path, monkeypatch) -> None:
    monkeypatch.setenv("SEQBOOK_DATA_URL", REFUSED_URL)
    start = time.perf_counter()
    with pytest.raises(data.DataNotFoundError) as err:
        data.load_imdb()
    assert time.perf_counter() - start < 30
    text = str(err.value)
    assert f"download {REFUSED_URL}/aclImdb_v1.tar.gz: failed" in text
    assert f"What to do: download {REFUSED_URL}/aclImdb_v1.tar.gz" in text
    assert str(isolated) in text


@pytest.fixture(scope="module")
def reviews() -> tuple[Path, tuple]:
    """The session's copy of the reviews (conftest fetched it) and the arrays it gives."""
    return data.imdb_source(), data.load_imdb(num_words=1000, maxlen=50)


@pytest.mark.integration
@pytest.mark.needs_imdb
def test_imdb_reviews_through_the_local_server(reviews, isolated: Path, server, monkeypatch):
    """A pinned archive, served locally, gives the same arrays as the local copy."""
    local, expected = reviews
    if local.name not in data.IMDB_FILES:
        pytest.skip(f"this machine has {local.name}, not a pinned archive")
    url, root = server
    (root / local.name).symlink_to(local)
    monkeypatch.setenv("SEQBOOK_DATA_URL", url)
    served = data.load_imdb(num_words=1000, maxlen=50)
    np.testing.assert_array_equal(expected[0][0], served[0][0])
    np.testing.assert_array_equal(expected[1][1], served[1][1])
    downloaded = Path(os.environ["SEQBOOK_CACHE_DIR"]) / "downloads" / local.name
    assert data.sha256_of(downloaded) == data.IMDB_FILES[local.name][0]


# --------------------------------------------------------------------------------------------
# Jena
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def standin_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return data.write_jena_standin(tmp_path_factory.mktemp("jena"))


@pytest.mark.unit
def test_load_jena_reads_a_local_file_without_note(isolated: Path, standin_zip, capsys) -> None:
    (isolated / standin_zip.name).write_bytes(standin_zip.read_bytes())
    df = data.load_jena()
    assert df.shape == (420_551, 14) and df.attrs["source"] == "file"
    assert "STAND-IN" not in capsys.readouterr().out


@pytest.mark.unit
def test_load_jena_download_checks_size_and_hash(isolated: Path, server, standin_zip, monkeypatch):
    url, root = server
    (root / standin_zip.name).write_bytes(standin_zip.read_bytes())
    monkeypatch.setenv("SEQBOOK_DATA_URL", url)
    monkeypatch.setattr(data, "JENA_SIZE", standin_zip.stat().st_size)
    monkeypatch.setenv("SEQBOOK_JENA_SHA256", data.sha256_of(standin_zip))
    df = data.load_jena()
    assert df.shape == (420_551, 14) and df.attrs["source"] == "download"
    monkeypatch.setenv("SEQBOOK_JENA_SHA256", "0" * 64)
    (Path(os.environ["SEQBOOK_CACHE_DIR"]) / "downloads" / standin_zip.name).unlink()
    with pytest.raises(data.DataNotFoundError, match="corrupt"):
        data.load_jena()


@pytest.mark.unit
def test_load_jena_pinned_stand_in_ignores_a_real_file(isolated: Path, standin_zip, monkeypatch):
    (isolated / standin_zip.name).write_bytes(standin_zip.read_bytes())
    monkeypatch.setenv("SEQBOOK_JENA_SOURCE", "standin")
    assert data.load_jena().attrs["source"] == "standin"
    monkeypatch.setenv("SEQBOOK_JENA_SOURCE", "auto")
    assert data.load_jena().attrs["source"] == "file"


@pytest.mark.unit
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


@pytest.mark.unit
def test_figures_drawn_from_the_stand_in_say_so(isolated: Path, standin_zip) -> None:
    """After the stand-in is loaded, every new figure names it in its corner, in the page's
    language; after the real file (here: a file on disk) is loaded, figures carry no mark."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def marks() -> list[str]:
        fig, _ = plt.subplots()
        texts = [text.get_text() for text in fig.texts]
        plt.close(fig)
        return texts

    try:
        data.load_jena(source="standin", lang="ko")
        assert marks() == [data.MESSAGES["ko"]["standin_mark"]] and "대체 데이터" in marks()[0]
        data.load_jena(source="standin", lang="en")
        assert marks() == [data.MESSAGES["en"]["standin_mark"]] and "stand-in" in marks()[0]
        (isolated / standin_zip.name).write_bytes(standin_zip.read_bytes())
        assert data.load_jena(source="auto").attrs["source"] == "file" and marks() == []
    finally:
        from helpers.plots import mark_figures

        mark_figures(None)


@pytest.mark.unit
def test_loaders_speak_the_chapters_language(isolated: Path, capsys) -> None:
    data.load_jena(source="standin", lang="ko")
    out = capsys.readouterr().out
    assert "대체 데이터(stand-in)" in out and "NOTE" not in out and len(out.splitlines()) == 1
    with pytest.raises(ValueError, match="lang must be one of"):
        data.load_jena(source="standin", lang="de")
    with pytest.raises(ValueError, match="lang must be one of"):
        data.load_imdb(lang="fr")
    assert set(data.MESSAGES["en"]) == set(data.MESSAGES["ko"])


@pytest.mark.unit
def test_load_jena_corrupt_zip_is_reported_and_kept(isolated: Path) -> None:
    bad = isolated / "jena_climate_2009_2016.csv.zip"
    bad.write_bytes(b"PK\x03\x04 but not really a zip")
    with pytest.raises(ValueError, match="zip") as err:
        data.load_jena()
    assert str(bad) in str(err.value)
    assert bad.read_bytes() == b"PK\x03\x04 but not really a zip"


@pytest.mark.integration
def test_test_command_without_data_stops_at_once_with_one_message(tmp_path: Path) -> None:
    """The README's test command, offline with nothing local: one message, before any test
    ran (collection only: no wall-clock bound, which a loaded machine would break; the
    timeout only catches a hang)."""
    import subprocess
    import sys

    empty = tmp_path / "user"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEQBOOK_", "PYTEST_"))}
    env |= {
        "SEQBOOK_DATA_DIR": str(empty),
        "SEQBOOK_CACHE_DIR": str(tmp_path / "cache"),
        "SEQBOOK_DATA_URL": REFUSED_URL.rsplit("/", 1)[0],  # nothing listens there
    }
    root = Path(__file__).resolve().parents[1]
    run = subprocess.run(
        [sys.executable, "-m", "pytest"],
        cwd=root, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    output = run.stdout + run.stderr
    assert run.returncode == 3, output
    assert output.count("Could not get the IMDB reviews") == 1, output
    assert output.count("What to do") == 1, output
    assert "aclImdb_v1.tar.gz" in output and str(empty) in output
    assert not re.search(r"\d+ (passed|failed|errors?)\b", output), "tests ran: " + output
