"""Storage errors and foreign files in the sample store: each becomes a SampleStoreError that
says what happened to the samples; a foreign database is identified before anything is written.

Every database here is made by the test in ``tmp_path``."""

import hashlib
import sqlite3

import numpy as np
import pytest

from mnistgui.cli import main
from mnistgui.core.samples import (
    SampleStore,
    SampleStoreDamaged,
    SampleStoreError,
    open_or_set_aside,
    read_samples,
)

ONE = [[[0.5, 0.15], [0.5, 0.85]]]


def _digest(p) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _store_with(p, n: int) -> None:
    img = np.zeros((28, 28), np.uint8)
    img[4:24, 13:15] = 255
    with SampleStore(p) as s:
        for i in range(n):
            s.add(i % 10, image28=img, source="import")


def _foreign(p) -> None:
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    con.execute("INSERT INTO notes (text) VALUES ('keep me')")
    con.commit()
    con.close()


def test_a_foreign_sqlite_file_is_identified_and_left_as_it_is(tmp_path, capsys):
    p = tmp_path / "other.db"
    _foreign(p)
    before = _digest(p)
    with pytest.raises(SampleStoreError, match="another program.*notes.*left as it is"):
        SampleStore(p)
    with pytest.raises(SampleStoreError, match="another program"):
        read_samples(p)
    assert main(["finetune", "--samples", str(p), "--out", str(tmp_path / "t.pt"), "--strategy", "head"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "another program" in err
    assert _digest(p) == before and not (tmp_path / "other.db-wal").exists()
    con = sqlite3.connect(p)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["notes"]
    con.close()


def test_reading_samples_from_a_database_never_writes_it(tmp_path):
    p = tmp_path / "mine.db"
    _store_with(p, 12)
    before = _digest(p)
    found = read_samples(p)
    assert len(found) == 12
    wal = tmp_path / "mine.db-wal"  # SQLite's own, for a reader of a WAL database: empty
    assert _digest(p) == before and (not wal.exists() or wal.stat().st_size == 0)


def test_a_full_disk_while_saving_is_an_error_that_keeps_every_sample(tmp_path):
    p = tmp_path / "s.db"
    _store_with(p, 3)
    with SampleStore(p) as s:
        pages = s._db.execute("PRAGMA page_count").fetchone()[0]
        s._db.execute(f"PRAGMA max_page_count={pages}")  # as a disk with no room left
        with pytest.raises(SampleStoreError, match="could not save the sample .the disk is full.; nothing was changed"):
            for _ in range(200):
                s.add(1, ONE)
        assert len(s) >= 3
    with SampleStore(p, check=True) as s:
        assert s.integrity_ok() and len(s) >= 3


def test_a_read_only_database_refuses_writes_with_a_message(tmp_path):
    p = tmp_path / "s.db"
    _store_with(p, 2)
    with SampleStore(p) as s:
        s._db.execute("PRAGMA query_only=ON")  # what a file without write permission does
        with pytest.raises(SampleStoreError, match="read-only"):
            s.add(3, ONE)
        with pytest.raises(SampleStoreError, match="could not relabel"):
            s.relabel(1, 5)
        assert s.counts()[0] == 1 and len(s) == 2
    with SampleStore(p, read_only=True) as s:
        with pytest.raises(SampleStoreError, match="read-only"):
            s.add(3, ONE)


def _damage(p) -> None:
    """Zero one page in the middle of the database."""
    con = sqlite3.connect(p)
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(p.read_bytes())
    n = len(data) // page
    at = (n // 2) * page
    data[at:at + page] = bytes(page)
    p.write_bytes(bytes(data))


def test_a_damaged_database_raises_the_stores_own_error_and_is_set_aside_once(tmp_path, capsys):
    p = tmp_path / "samples.db"
    _store_with(p, 400)
    _damage(p)
    damaged = _digest(p)
    with SampleStore(p) as s:  # opened without the page check: the damage shows on reading
        with pytest.raises(SampleStoreDamaged, match="could not read the samples .database disk image is malformed"):
            s.samples()
    assert main(["finetune", "--samples", str(p), "--out", str(tmp_path / "t.pt"), "--strategy", "head"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    with pytest.raises(SampleStoreDamaged):
        SampleStore(p, check=True)
    store, notice = open_or_set_aside(p)
    with store:
        assert len(store) == 0 and store.counts() == [0] * 10
        store.add(4, ONE)
    asides = sorted(tmp_path.glob("samples.db.damaged-*"))
    assert [a.name for a in asides if not a.name.endswith(("-wal", "-shm"))] == [asides[0].name]
    assert _digest(asides[0]) == damaged  # kept as it was, nothing deleted
    assert asides[0].name in notice and "nothing was deleted" in notice
    store, notice = open_or_set_aside(p)  # the new one is fine: nothing more is set aside
    with store:
        assert notice is None and len(store) == 1
