"""The personal sample store: a user's labelled drawings, in one SQLite database.

Each sample keeps its vector strokes (the stroke JSON format), its 28x28 rendering, its label,
when and how it was made, and whether it belongs to the held-out part. The held-out part is
fixed and stratified: every fifth sample of each digit, in the order they were added, is held
out and never trained on.

:func:`read_samples` is the one reader of labelled samples from outside the store (a folder of
images per digit, a stroke file, an NPZ archive, another sample database), for the command
line's ``finetune --samples`` and for the app's imports alike.

The database runs in WAL mode with full synchronous commits, so a killed process never leaves
it corrupt and never loses a committed sample, and several connections (two app windows, the
command line) can share it safely; writes wait for each other (busy timeout).

A database is identified on a read-only connection before anything is written to it: a SQLite
file of another program is refused as it is (no table added, its journal mode untouched), and
:func:`read_samples` never opens one for writing at all. Every SQLite error (a full disk, a
read-only file, a damaged page) becomes a :class:`SampleStoreError` that says what happened to
the samples; :func:`open_or_set_aside` is how the app opens its own store, moving a damaged one
aside (kept, never deleted) and starting a new one.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import torch

from mnistgui.core.errors import PreprocessError
from mnistgui.core.preprocess import (
    MAX_SAMPLES,
    PreprocessConfig,
    StrokeSample,
    load_image,
    parse_samples,
    preprocess_image,
    read_stroke_json,
    preprocess_strokes,
)
from mnistgui.core.sample_db import (  # noqa: F401 - the store's errors are imported from here too
    SCHEMA_VERSION,
    SampleStoreDamaged,
    SampleStoreError,
    connect_read_only,
    identify,
    is_damage,
    describe_error,
    storage_errors,
    set_aside,
)

HOLDOUT_EVERY = 5
SOURCES = ("guided", "free", "correction", "unsure", "import")  # "unsure": answering the Draw tab's question
#: What :func:`read_samples` reads: a folder of PNGs per digit, stroke JSON, NPZ, a sample database.
SAMPLE_KINDS = ("png", "json", "npz", "db")


@dataclass
class SampleRecord:
    id: int
    label: int
    image: np.ndarray  # (28, 28) uint8
    strokes: list | None  # the stroke JSON list, or None for samples imported from images
    created: str
    source: str
    heldout: bool
    pen_width: float | None = None


@dataclass
class ImportReport:
    imported: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (item, reason)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS samples (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    label INTEGER NOT NULL CHECK (label BETWEEN 0 AND 9),
    image BLOB NOT NULL CHECK (length(image) = 784),
    strokes TEXT,
    pen_width REAL,
    created TEXT NOT NULL,
    source TEXT NOT NULL,
    heldout INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS samples_label ON samples(label, deleted);
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SampleStore:
    """Open (creating if needed) the sample database at ``path``."""

    def __init__(self, path: str | os.PathLike, preprocess: PreprocessConfig | None = None, *,
                 read_only: bool = False, check: bool = False) -> None:
        """``read_only``: never write (the file is not even switched to WAL); ``check``: also read
        every page once (``PRAGMA quick_check``), so that a damaged page is found now."""
        self.path = Path(path)
        self.preprocess = preprocess or PreprocessConfig()
        self.read_only = read_only
        kind = identify(self.path, check)
        try:
            if read_only:
                if kind == "new":
                    raise SampleStoreError(f"{self.path}: not a sample database (it holds no samples)")
                self._db = connect_read_only(self.path)
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=10.0, isolation_level=None,
                                       check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=10000")
            if kind == "new":
                with self._tx():
                    for stmt in _SCHEMA.strip().split(";"):
                        if stmt.strip():
                            self._db.execute(stmt)
                    if self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone() is None:
                        self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        except OSError as exc:
            raise SampleStoreError(f"{self.path}: cannot open the sample database ({exc.strerror or exc})") from None
        except sqlite3.Error as exc:
            cls = SampleStoreDamaged if is_damage(exc) else SampleStoreError
            raise cls(f"{self.path}: not a usable sample database ({describe_error(exc)}); "
                      "nothing in it was changed") from None

    # -- plumbing ---------------------------------------------------------------------------
    class _Tx:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def __enter__(self):
            self.db.execute("BEGIN IMMEDIATE")
            return self.db

        def __exit__(self, et, ev, tb):
            if et is None:
                try:
                    self.db.execute("COMMIT")
                    return False
                except sqlite3.Error:
                    self._rollback()
                    raise
            self._rollback()  # the error that ended the transaction is the one to report
            return False

        def _rollback(self) -> None:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite rolled back by itself (a full disk does that)

    def _tx(self) -> "_Tx":
        return SampleStore._Tx(self._db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "SampleStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @storage_errors("check the sample database", writes=False)
    def integrity_ok(self) -> bool:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # -- writing ----------------------------------------------------------------------------
    def _render(self, strokes: Sequence, pen_width: float | None) -> np.ndarray:
        return preprocess_strokes(strokes, self.preprocess, pen_width).image

    @staticmethod
    def _to_u8(image28: np.ndarray) -> bytes:
        a = np.asarray(image28)
        if a.shape != (28, 28):
            raise PreprocessError(f"a sample image must be 28x28, got {a.shape}")
        if a.dtype != np.uint8:
            a = np.clip(np.round(a.astype(np.float32) * 255), 0, 255).astype(np.uint8)
        return a.tobytes()

    def _insert(self, label: int, image: bytes, strokes: list | None, pen_width: float | None,
                source: str, created: str | None = None) -> int:
        if not (isinstance(label, (int, np.integer)) and 0 <= int(label) <= 9):
            raise PreprocessError(f"label must be a digit 0-9, got {label!r}")
        if source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}")
        n = self._db.execute("SELECT COUNT(*) FROM samples WHERE label=?", (int(label),)).fetchone()[0]
        heldout = int(n % HOLDOUT_EVERY == HOLDOUT_EVERY - 1)
        cur = self._db.execute(
            "INSERT INTO samples (label, image, strokes, pen_width, created, source, heldout)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (int(label), image, json.dumps(strokes) if strokes is not None else None, pen_width,
             created or _now(), source, heldout),
        )
        return int(cur.lastrowid)

    @storage_errors("save the sample", writes=True)
    def add(self, label: int, strokes: Sequence | None = None, image28: np.ndarray | None = None,
            source: str = "free", pen_width: float | None = None) -> int:
        """Save one sample; its 28x28 rendering is made from the strokes when not given."""
        if image28 is None:
            if strokes is None:
                raise PreprocessError("a sample needs strokes or an image")
            image28 = self._render(strokes, pen_width)
        data = self._to_u8(image28)
        s = [[[float(x), float(y)] for x, y in st] for st in strokes] if strokes is not None else None
        with self._tx():
            return self._insert(label, data, s, pen_width, source)

    @storage_errors("relabel the sample", writes=True)
    def relabel(self, sample_id: int, label: int) -> int:
        """Change a sample's label; returns the old one."""
        if not 0 <= int(label) <= 9:
            raise PreprocessError(f"label must be a digit 0-9, got {label!r}")
        with self._tx():
            row = self._db.execute("SELECT label FROM samples WHERE id=?", (sample_id,)).fetchone()
            if row is None:
                raise KeyError(sample_id)
            self._db.execute("UPDATE samples SET label=? WHERE id=?", (int(label), sample_id))
            return int(row[0])

    @storage_errors("delete the samples", writes=True)
    def delete(self, ids: Iterable[int]) -> list[int]:
        """Delete samples (recoverable with :meth:`restore`, e.g. for undo)."""
        ids = [int(i) for i in ids]
        with self._tx():
            self._db.executemany("UPDATE samples SET deleted=1 WHERE id=?", [(i,) for i in ids])
        return ids

    @storage_errors("restore the samples", writes=True)
    def restore(self, ids: Iterable[int]) -> None:
        with self._tx():
            self._db.executemany("UPDATE samples SET deleted=0 WHERE id=?", [(int(i),) for i in ids])

    @storage_errors("remove the deleted samples", writes=True)
    def purge_deleted(self) -> int:
        with self._tx():
            return self._db.execute("DELETE FROM samples WHERE deleted=1").rowcount

    # -- reading ----------------------------------------------------------------------------
    @storage_errors("read the samples", writes=False)
    def _rows(self, where: str = "", args: tuple = ()) -> list[SampleRecord]:
        q = ("SELECT id, label, image, strokes, created, source, heldout, pen_width FROM samples "
             "WHERE deleted=0" + (f" AND {where}" if where else "") + " ORDER BY id")
        out = []
        for r in self._db.execute(q, args):
            try:
                if not (isinstance(r[1], int) and 0 <= r[1] <= 9):
                    raise ValueError(f"label {r[1]!r:.20}")
                out.append(SampleRecord(
                    id=r[0], label=r[1], image=np.frombuffer(r[2], np.uint8).reshape(28, 28).copy(),
                    strokes=json.loads(r[3]) if r[3] else None, created=str(r[4]), source=str(r[5]),
                    heldout=bool(r[6]), pen_width=float(r[7]) if r[7] is not None else None,
                ))
            except (TypeError, ValueError, RecursionError) as exc:
                raise SampleStoreDamaged(f"{self.path}: sample {r[0]!r:.20} is damaged and cannot be read "
                                         f"({str(exc)[:80]}); nothing in the database was changed") from None
        return out

    def samples(self, label: int | None = None) -> list[SampleRecord]:
        if label is None:
            return self._rows()
        return self._rows("label=?", (int(label),))

    def get(self, sample_id: int) -> SampleRecord:
        rows = self._rows("id=?", (int(sample_id),))
        if not rows:
            raise KeyError(sample_id)
        return rows[0]

    @storage_errors("count the samples", writes=False)
    def counts(self) -> list[int]:
        c = [0] * 10
        for label, n in self._db.execute("SELECT label, COUNT(*) FROM samples WHERE deleted=0 GROUP BY label"):
            if isinstance(label, int) and 0 <= label <= 9:
                c[label] = n
        return c

    @storage_errors("count the samples", writes=False)
    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM samples WHERE deleted=0").fetchone()[0]

    def tensors(self, heldout: bool | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """(images uint8 (N, 28, 28), labels int64) of the train part, the held-out part, or all."""
        rows = self._rows() if heldout is None else self._rows("heldout=?", (int(heldout),))
        return records_to_tensors(rows)

    # -- import / export ----------------------------------------------------------------------
    def export_png_folder(self, folder: str | os.PathLike) -> int:
        from PIL import Image

        from mnistgui.core.io import atomic_open

        root = Path(folder)
        n = 0
        for r in self._rows():
            d = root / str(r.label)
            d.mkdir(parents=True, exist_ok=True)
            with atomic_open(d / f"sample-{r.id:06d}.png") as fh:
                Image.fromarray(r.image, "L").save(fh, format="PNG")
            n += 1
        return n

    def export_json(self, path: str | os.PathLike) -> int:
        from mnistgui.core.preprocess import save_strokes

        rows = [r for r in self._rows() if r.strokes is not None]
        save_strokes(path, [
            StrokeSample(strokes=r.strokes, label=r.label,
                         meta={k: v for k, v in (("pen_width", r.pen_width), ("created", r.created)) if v is not None})
            for r in rows
        ])
        return len(rows)

    def export_npz(self, path: str | os.PathLike) -> int:
        from mnistgui.core.io import atomic_open

        images, labels = self.tensors()
        with atomic_open(path) as fh:
            np.savez_compressed(fh, images=images.numpy(), labels=labels.numpy())
        return int(labels.numel())

    @storage_errors("import the samples", writes=True)
    def import_file(self, path: str | os.PathLike, kind: str | None = None) -> ImportReport:
        """Add the labelled samples of ``path`` (see :func:`read_samples`) in one transaction;
        samples that cannot be used are skipped and reported."""
        found = read_samples(path, self.preprocess, kind)
        u8 = found.images.numpy()
        with self._tx():
            for i in range(len(found)):
                strokes = found.strokes[i]
                self._insert(int(found.labels[i]), u8[i].tobytes(),
                             [[list(p) for p in st] for st in strokes] if strokes is not None else None,
                             found.pen_widths[i], "import")
        return found.report


def open_or_set_aside(path: str | os.PathLike, preprocess: PreprocessConfig | None = None
                      ) -> tuple[SampleStore, str | None]:
    """The app's own store at ``path``, checked page by page; a damaged one is moved aside (see
    :func:`set_aside`) and a new, empty store started. Returns the store and, if a database was
    set aside, a message for the user (to tell once)."""
    try:
        return SampleStore(path, preprocess, check=True), None
    except SampleStoreDamaged as exc:
        aside = set_aside(path)
        store = SampleStore(path, preprocess)
        return store, (f"{exc}. It was moved aside as {aside.name}, in the same folder, with every sample "
                       "in it (nothing was deleted), and a new, empty sample collection was started.")


def records_to_tensors(rows: Sequence[SampleRecord]) -> tuple[torch.Tensor, torch.Tensor]:
    if not rows:
        return torch.zeros(0, 28, 28, dtype=torch.uint8), torch.zeros(0, dtype=torch.int64)
    images = torch.from_numpy(np.stack([r.image for r in rows]))
    labels = torch.tensor([r.label for r in rows], dtype=torch.int64)
    return images, labels


def holdout_mask(labels: Sequence[int]) -> np.ndarray:
    """The store's rule for any labelled list: every fifth sample of each digit is held out."""
    seen = [0] * 10
    mask = np.zeros(len(labels), dtype=bool)
    for i, lab in enumerate(labels):
        mask[i] = seen[lab] % HOLDOUT_EVERY == HOLDOUT_EVERY - 1
        seen[lab] += 1
    return mask


@dataclass
class LabelledSamples:
    """Labelled samples read from a file or folder, ready to train on or to store."""

    images: torch.Tensor  # uint8 (N, 28, 28), the model's input
    labels: torch.Tensor  # int64 (N,)
    heldout: np.ndarray  # bool (N,): the store's held-out rule, or a database's own flags
    strokes: list  # per sample: its strokes, or None for samples that came as images
    pen_widths: list  # per sample: its pen width, or None
    report: ImportReport

    def __len__(self) -> int:
        return int(self.labels.numel())


def sample_kind(path: str | os.PathLike) -> str:
    """Which of :data:`SAMPLE_KINDS` ``path`` is, by what it is: a folder is PNGs per digit."""
    p = Path(path)
    if p.is_dir():
        return "png"
    return {".json": "json", ".npz": "npz"}.get(p.suffix.lower(), "db")


def _label(value, where: str) -> int:
    """A label as an int 0-9, or PreprocessError."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise PreprocessError(f"{where}: label {value!r} is not a digit") from None
    if isinstance(value, bool) or not math.isfinite(f) or f != int(f) or not 0 <= int(f) <= 9:
        raise PreprocessError(f"{where}: label {value!r} is not a digit 0-9")
    return int(f)


def _image_u8(gray: np.ndarray, pre: PreprocessConfig) -> np.ndarray:
    """One image as the model's input: a 28x28 image is that input already (ink = 1, as MNIST);
    any other size goes through the preprocessing a drawing gets."""
    g = np.asarray(gray, dtype=np.float32)
    if g.ndim != 2:
        raise PreprocessError(f"expected a 2-D image, got shape {g.shape}")
    if not np.isfinite(g).all():
        raise PreprocessError("the image holds values that are not finite numbers")
    if g.shape != (pre.size, pre.size):
        g = preprocess_image(g, pre).image
    elif float(g.max()) <= 0:
        raise PreprocessError("nothing drawn: the image has no ink")
    return np.clip(np.round(np.clip(g, 0.0, 1.0) * 255), 0, 255).astype(np.uint8)


def _read_png_folder(root: Path, pre: PreprocessConfig, out: list, rep: ImportReport) -> None:
    items = []
    for d in range(10):
        sub = root / str(d)
        if sub.is_dir():
            items += [(d, p) for p in sorted(sub.iterdir()) if p.is_file() and not p.name.startswith(".")]
    if not items:
        raise PreprocessError(f"{root}: no digit folders (0 to 9) with images in them")
    for d, p in items:
        try:
            if p.stat().st_size == 0:
                raise PreprocessError(f"{p}: the file is empty")
            out.append((d, _image_u8(load_image(p), pre), None, None))
        except PreprocessError as exc:
            rep.skipped.append((str(p), str(exc).removeprefix(f"{p}: ")))


def _read_json(p: Path, pre: PreprocessConfig, out: list, rep: ImportReport) -> None:
    data = read_stroke_json(p)
    if isinstance(data, dict) and "strokes" in data:
        data = [data]
    if not isinstance(data, list):
        raise PreprocessError(f"{p}: a stroke file must hold a list of samples")
    if len(data) > MAX_SAMPLES:
        raise PreprocessError(f"{p}: holds {len(data):,} samples, more than the {MAX_SAMPLES:,} read at once")
    for i, item in enumerate(data):
        where = f"sample {i}"
        try:
            if isinstance(item, dict) and "label" in item and item["label"] is not None:
                item = {**item, "label": _label(item["label"], where)}
            [s] = parse_samples([item])
            if s.label is None:
                raise PreprocessError(f"{where}: it has no label")
            pw = s.meta.get("pen_width")  # checked by parse_samples
            img = _image_u8(preprocess_strokes(s.strokes, pre, pw).image, pre)
            out.append((s.label, img, [[list(pt) for pt in st] for st in s.strokes], pw))
        except PreprocessError as exc:
            rep.skipped.append((where, str(exc).removeprefix("sample 0: ").removeprefix(f"{where}: ")))


def _read_npz(p: Path, pre: PreprocessConfig, out: list, rep: ImportReport) -> None:
    try:
        with np.load(p, allow_pickle=False) as z:
            images, labels = z["images"], z["labels"]
    except (OSError, ValueError, KeyError, EOFError) as exc:
        raise PreprocessError(f"{p}: not an NPZ file with 'images' and 'labels' ({exc})") from None
    if images.ndim != 3 or labels.ndim != 1 or images.shape[0] != labels.shape[0]:
        raise PreprocessError(f"{p}: expected images (N, H, W) and N labels, got {images.shape} and {labels.shape}")
    for i, (img, lab) in enumerate(zip(images, labels)):
        where = f"item {i}"
        try:
            d = _label(lab.item(), where)
            g = img.astype(np.float32)
            if img.dtype == np.uint8 or (g.size and float(np.nanmax(g)) > 1):
                g = g / 255.0
            out.append((d, _image_u8(g, pre), None, None))
        except PreprocessError as exc:
            rep.skipped.append((where, str(exc).removeprefix(f"{where}: ")))


def read_samples(path: str | os.PathLike, preprocess: PreprocessConfig | None = None,
                 kind: str | None = None) -> LabelledSamples:
    """Labelled samples from a folder of images per digit (``<folder>/<digit>/*.png``, also JPEG
    or BMP), a stroke JSON file, an NPZ archive with ``images`` and ``labels``, or a sample
    database; ``kind`` (one of :data:`SAMPLE_KINDS`) says which, or it is told by ``path``.

    Every source is read by the same rules: a label must be a digit 0-9; a 28x28 image is taken
    as the model's input as it is, any other image (and every drawing) goes through the
    preprocessing; an item that breaks a rule (a bad label, an image that cannot be read or has
    no ink, an empty file in a folder) is skipped and named in the report. A missing or empty
    source, or one with no usable sample, raises :class:`PreprocessError` (or
    :class:`SampleStoreError` for a damaged database), with a message that says what is wrong.
    """
    p = Path(path)
    pre = preprocess or PreprocessConfig()
    kind = kind or sample_kind(p)
    if kind not in SAMPLE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(SAMPLE_KINDS)}")
    if not p.exists():
        raise PreprocessError(f"{p}: no such file or folder")
    if kind == "png" and not p.is_dir():
        raise PreprocessError(f"{p}: not a folder; choose a folder with one sub-folder per digit (0 to 9)")
    if kind != "png":
        if p.is_dir():
            raise PreprocessError(f"{p}: is a folder; choose a file")
        if p.stat().st_size == 0:
            raise PreprocessError(f"{p}: the file is empty")
    rep = ImportReport()
    if kind == "db":
        with SampleStore(p, pre, read_only=True) as store:  # another program's file is never written
            rows = store.samples()
        if not rows:
            raise PreprocessError(f"{p}: the sample database is empty")
        images, labels = records_to_tensors(rows)
        rep.imported = len(rows)
        return LabelledSamples(images, labels, np.array([r.heldout for r in rows], dtype=bool),
                               [r.strokes for r in rows], [r.pen_width for r in rows], rep)
    found: list = []  # (label, uint8 image, strokes or None, pen width or None)
    {"png": _read_png_folder, "json": _read_json, "npz": _read_npz}[kind](p, pre, found, rep)
    if not found:
        first = f" ({rep.skipped[0][0]}: {rep.skipped[0][1]})" if rep.skipped else ""
        raise PreprocessError(f"{p}: holds no usable labelled samples{first}")
    rep.imported = len(found)
    labels = [f[0] for f in found]
    return LabelledSamples(torch.from_numpy(np.stack([f[1] for f in found])), torch.tensor(labels, dtype=torch.int64),
                           holdout_mask(labels), [f[2] for f in found], [f[3] for f in found], rep)
