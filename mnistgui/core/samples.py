"""The personal sample store: a user's labelled drawings, in one SQLite database.

Each sample keeps its vector strokes (the stroke JSON format), its 28x28 rendering, its label,
when and how it was made, and whether it belongs to the held-out part. The held-out part is
fixed and stratified: every fifth sample of each digit, in the order they were added, is held
out and never trained on.

The database runs in WAL mode with full synchronous commits, so a killed process never leaves
it corrupt and never loses a committed sample, and several connections (two app windows, the
command line) can share it safely; writes wait for each other (busy timeout).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import torch

from mnistgui.core.errors import MnistguiError, PreprocessError
from mnistgui.core.preprocess import (
    PreprocessConfig,
    StrokeSample,
    load_image,
    load_strokes,
    preprocess_image,
    preprocess_strokes,
)

SCHEMA_VERSION = 1
HOLDOUT_EVERY = 5
SOURCES = ("guided", "free", "correction", "import")


class SampleStoreError(MnistguiError):
    """The sample database cannot be opened or is damaged."""


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

    def __init__(self, path: str | os.PathLike, preprocess: PreprocessConfig | None = None) -> None:
        self.path = Path(path)
        self.preprocess = preprocess or PreprocessConfig()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(str(self.path), timeout=10.0, isolation_level=None,
                                       check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=10000")
            with self._tx():
                for stmt in _SCHEMA.strip().split(";"):
                    if stmt.strip():
                        self._db.execute(stmt)
                row = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                if row is None:
                    self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                elif int(row[0]) > SCHEMA_VERSION:
                    raise SampleStoreError(
                        f"{self.path}: this sample database is from a newer mnistgui (schema {row[0]}); update mnistgui"
                    )
        except sqlite3.DatabaseError as exc:
            raise SampleStoreError(
                f"{self.path}: not a usable sample database ({exc}); move it aside and the app will start a new one"
            ) from None

    # -- plumbing ---------------------------------------------------------------------------
    class _Tx:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def __enter__(self):
            self.db.execute("BEGIN IMMEDIATE")
            return self.db

        def __exit__(self, et, ev, tb):
            self.db.execute("COMMIT" if et is None else "ROLLBACK")
            return False

    def _tx(self) -> "_Tx":
        return SampleStore._Tx(self._db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "SampleStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

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

    def delete(self, ids: Iterable[int]) -> list[int]:
        """Delete samples (recoverable with :meth:`restore`, e.g. for undo)."""
        ids = [int(i) for i in ids]
        with self._tx():
            self._db.executemany("UPDATE samples SET deleted=1 WHERE id=?", [(i,) for i in ids])
        return ids

    def restore(self, ids: Iterable[int]) -> None:
        with self._tx():
            self._db.executemany("UPDATE samples SET deleted=0 WHERE id=?", [(int(i),) for i in ids])

    def purge_deleted(self) -> int:
        with self._tx():
            return self._db.execute("DELETE FROM samples WHERE deleted=1").rowcount

    # -- reading ----------------------------------------------------------------------------
    def _rows(self, where: str = "", args: tuple = ()) -> list[SampleRecord]:
        q = ("SELECT id, label, image, strokes, created, source, heldout, pen_width FROM samples "
             "WHERE deleted=0" + (f" AND {where}" if where else "") + " ORDER BY id")
        out = []
        for r in self._db.execute(q, args):
            out.append(SampleRecord(
                id=r[0], label=r[1], image=np.frombuffer(r[2], np.uint8).reshape(28, 28).copy(),
                strokes=json.loads(r[3]) if r[3] else None, created=r[4], source=r[5],
                heldout=bool(r[6]), pen_width=r[7],
            ))
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

    def counts(self) -> list[int]:
        c = [0] * 10
        for label, n in self._db.execute("SELECT label, COUNT(*) FROM samples WHERE deleted=0 GROUP BY label"):
            c[label] = n
        return c

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

    def import_png_folder(self, folder: str | os.PathLike) -> ImportReport:
        """Import ``folder/<digit>/*.png`` (also JPEG/BMP); unreadable files are skipped."""
        root = Path(folder)
        if not root.is_dir():
            raise PreprocessError(f"{root}: no such folder")
        rep = ImportReport()
        items = []
        for d in range(10):
            sub = root / str(d)
            if sub.is_dir():
                items += [(d, p) for p in sorted(sub.iterdir()) if p.is_file()]
        if not items:
            raise PreprocessError(f"{root}: no digit folders (0 to 9) with images in them")
        rows = []
        for d, p in items:
            try:
                rows.append((d, self._to_u8(preprocess_image(load_image(p), self.preprocess).image)))
            except PreprocessError as exc:
                rep.skipped.append((str(p), str(exc)))
        with self._tx():
            for d, img in rows:
                self._insert(d, img, None, None, "import")
        rep.imported = len(rows)
        return rep

    def export_json(self, path: str | os.PathLike) -> int:
        from mnistgui.core.preprocess import save_strokes

        rows = [r for r in self._rows() if r.strokes is not None]
        save_strokes(path, [
            StrokeSample(strokes=r.strokes, label=r.label,
                         meta={k: v for k, v in (("pen_width", r.pen_width), ("created", r.created)) if v is not None})
            for r in rows
        ])
        return len(rows)

    def import_json(self, path: str | os.PathLike) -> ImportReport:
        rep = ImportReport()
        rows = []
        for i, s in enumerate(load_strokes(path)):
            if s.label is None:
                rep.skipped.append((f"sample {i}", "it has no label"))
                continue
            try:
                pw = s.meta.get("pen_width")
                img = self._to_u8(self._render(s.strokes, pw))
            except PreprocessError as exc:
                rep.skipped.append((f"sample {i}", str(exc)))
                continue
            rows.append((s.label, img, [[list(p) for p in st] for st in s.strokes], pw))
        with self._tx():
            for label, img, strokes, pw in rows:
                self._insert(label, img, strokes, pw, "import")
        rep.imported = len(rows)
        return rep

    def export_npz(self, path: str | os.PathLike) -> int:
        from mnistgui.core.io import atomic_open

        images, labels = self.tensors()
        with atomic_open(path) as fh:
            np.savez_compressed(fh, images=images.numpy(), labels=labels.numpy())
        return int(labels.numel())

    def import_npz(self, path: str | os.PathLike) -> ImportReport:
        rep = ImportReport()
        try:
            with np.load(path, allow_pickle=False) as z:
                images, labels = z["images"], z["labels"]
        except (OSError, ValueError, KeyError) as exc:
            raise PreprocessError(f"{path}: not an NPZ file with 'images' and 'labels' ({exc})") from None
        if images.ndim != 3 or images.shape[0] != labels.shape[0]:
            raise PreprocessError(f"{path}: expected images (N, H, W) and N labels, got {images.shape} and {labels.shape}")
        rows = []
        for i, (img, lab) in enumerate(zip(images, labels)):
            if not 0 <= int(lab) <= 9:
                rep.skipped.append((f"item {i}", f"label {lab} is not a digit"))
                continue
            try:
                if img.shape == (28, 28):
                    u8 = self._to_u8(img if img.dtype == np.uint8 else np.clip(img, 0, 1))
                else:
                    g = img.astype(np.float32)
                    g = g / 255.0 if g.max() > 1 else g
                    u8 = self._to_u8(preprocess_image(g, self.preprocess).image)
            except PreprocessError as exc:
                rep.skipped.append((f"item {i}", str(exc)))
                continue
            rows.append((int(lab), u8))
        with self._tx():
            for lab, u8 in rows:
                self._insert(lab, u8, None, None, "import")
        rep.imported = len(rows)
        return rep


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


def load_labelled(path: str | os.PathLike, preprocess: PreprocessConfig | None = None
                  ) -> tuple[torch.Tensor, torch.Tensor, np.ndarray, ImportReport]:
    """Personal samples from a sample database, a labelled stroke JSON file, or a PNG folder:
    ``(images uint8, labels, heldout mask, report)``."""
    p = Path(path)
    pre = preprocess or PreprocessConfig()
    if not p.exists():
        raise PreprocessError(f"{p}: no such file or folder")
    if p.is_dir() or p.suffix.lower() == ".json":
        rep = ImportReport()
        images, labels = [], []
        if p.is_dir():
            for d in range(10):
                sub = p / str(d)
                if not sub.is_dir():
                    continue
                for f in sorted(sub.iterdir()):
                    try:
                        images.append(preprocess_image(load_image(f), pre).image)
                        labels.append(d)
                    except PreprocessError as exc:
                        rep.skipped.append((str(f), str(exc)))
        else:
            for i, s in enumerate(load_strokes(p)):
                if s.label is None:
                    rep.skipped.append((f"sample {i}", "it has no label"))
                    continue
                try:
                    images.append(preprocess_strokes(s.strokes, pre, s.meta.get("pen_width")).image)
                    labels.append(s.label)
                except PreprocessError as exc:
                    rep.skipped.append((f"sample {i}", str(exc)))
        if not labels:
            raise PreprocessError(f"{p}: holds no usable labelled samples")
        rep.imported = len(labels)
        imgs = torch.from_numpy(np.round(np.stack(images) * 255).astype(np.uint8))
        return imgs, torch.tensor(labels), holdout_mask(labels), rep
    with SampleStore(p, pre) as store:
        rows = store.samples()
    if not rows:
        raise PreprocessError(f"{p}: the sample database is empty")
    imgs, labels = records_to_tensors(rows)
    return imgs, labels, np.array([r.heldout for r in rows]), ImportReport(imported=len(rows))

