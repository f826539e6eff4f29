"""Model versions: fine-tuned checkpoints kept side by side in one folder.

The folder holds one checkpoint per version (``v0001.pt``, ``v0002.pt``, ...) and an index,
``versions.json``, that lists them with the figures a person compares them by, says which one is
in use and remembers the ones used before it (so a switch can be rolled back). Every write is
atomic: the checkpoint first, then the index, so a crash between the two leaves an unlisted file
that the next :meth:`VersionStore.versions` call picks up again from its own provenance.

Version ``None`` stands for "no fine-tuned version": the model the app was started with.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

from mnistgui.core.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from mnistgui.core.errors import CheckpointError, MnistguiError
from mnistgui.core.io import atomic_write_text, remove_stale_temps

INDEX = "versions.json"
INDEX_FORMAT = "mnistgui-model-versions"
INDEX_VERSION = 1
#: how many earlier choices roll back remembers
HISTORY_LIMIT = 50

_FILE_RE = re.compile(r"^v(\d{4,})\.pt$")


class VersionError(MnistguiError):
    """A model version is missing, or a switch or roll back is not possible."""


@dataclass(frozen=True)
class ModelVersion:
    """One saved model, with the figures recorded when it was made."""

    id: int
    file: str  # name inside the versions folder
    name: str
    created: str
    base: str = ""  # the model it was tuned from
    strategy: str = ""
    train_samples: int = 0
    heldout_samples: int = 0
    base_heldout_accuracy: float | None = None
    heldout_accuracy: float | None = None
    base_mnist_accuracy: float | None = None
    mnist_accuracy: float | None = None

    @property
    def label(self) -> str:
        return f"v{self.id}"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ModelVersion":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    @classmethod
    def from_checkpoint(cls, vid: int, file: str, ckpt: Checkpoint) -> "ModelVersion":
        prov = ckpt.provenance or {}
        comp = (ckpt.metrics or {}).get("comparison") or {}

        def num(v):
            return float(v) if isinstance(v, (int, float)) and v == v else None

        return cls(
            id=vid,
            file=file,
            name=ckpt.name or f"v{vid}",
            created=str(prov.get("created") or _now()),
            base=str(prov.get("base") or ""),
            strategy=str((prov.get("config") or {}).get("strategy") or ""),
            train_samples=int(prov.get("train_samples") or 0),
            heldout_samples=int(prov.get("heldout_samples") or comp.get("heldout_count") or 0),
            base_heldout_accuracy=num(comp.get("base_heldout_accuracy")),
            heldout_accuracy=num(comp.get("tuned_heldout_accuracy")),
            base_mnist_accuracy=num(comp.get("base_mnist_accuracy")),
            mnist_accuracy=num(comp.get("tuned_mnist_accuracy")),
        )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class VersionStore:
    """The versions in ``folder`` (created when the first version is added)."""

    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)
        #: set when a damaged index was set aside and rebuilt: a message for the user
        self.recovered: str | None = None
        self._versions: list[ModelVersion] = []
        self._active: int | None = None
        self._history: list[int | None] = []
        self._load()

    # -- the index --------------------------------------------------------------------------
    @property
    def index_path(self) -> Path:
        return self.folder / INDEX

    def _load(self) -> None:
        self._versions, self._active, self._history = [], None, []
        remove_stale_temps(self.folder)  # left by a process killed while it wrote
        p = self.index_path
        if p.exists():
            try:
                d = json.loads(p.read_text(encoding="utf-8"))
                if not isinstance(d, dict) or d.get("format") != INDEX_FORMAT:
                    raise ValueError("not a version index")
                self._versions = [ModelVersion.from_dict(v) for v in d.get("versions", [])]
                self._active = d.get("active")
                self._history = list(d.get("history") or [])
            except (OSError, ValueError, TypeError, AttributeError) as exc:
                aside = p.with_name(f"{INDEX}.damaged-{datetime.now():%Y%m%d-%H%M%S}")
                try:
                    os.replace(p, aside)
                except OSError:
                    aside = p
                self.recovered = (f"{p}: the list of model versions was damaged ({exc}); it was set "
                                  f"aside as {aside.name} and rebuilt from the saved models")
                self._versions, self._active, self._history = [], None, []
        self._versions = [v for v in self._versions if (self.folder / v.file).exists()]
        self._adopt_unlisted()
        ids = {v.id for v in self._versions}
        if self._active not in ids:
            self._active = None
        self._history = [h for h in self._history if h is None or h in ids]

    def _adopt_unlisted(self) -> None:
        """List checkpoints in the folder that the index does not know (e.g. after a crash)."""
        if not self.folder.is_dir():
            return
        listed = {v.file for v in self._versions}
        found = []
        for f in sorted(self.folder.iterdir()):
            m = _FILE_RE.match(f.name)
            if not m or f.name in listed:
                continue
            try:
                ckpt = load_checkpoint(f)
            except CheckpointError:
                continue  # not readable: left where it is, never listed
            found.append(ModelVersion.from_checkpoint(int(m.group(1)), f.name, ckpt))
        if found:
            self._versions = sorted(self._versions + found, key=lambda v: v.id)
            self._save_index()

    def _save_index(self) -> None:
        atomic_write_text(self.index_path, json.dumps({
            "format": INDEX_FORMAT,
            "version": INDEX_VERSION,
            "active": self._active,
            "history": self._history[-HISTORY_LIMIT:],
            "versions": [v.to_dict() for v in self._versions],
        }, indent=1))

    # -- reading ----------------------------------------------------------------------------
    def versions(self) -> list[ModelVersion]:
        """Every version, oldest first."""
        return list(self._versions)

    def __len__(self) -> int:
        return len(self._versions)

    def get(self, vid: int) -> ModelVersion:
        for v in self._versions:
            if v.id == vid:
                return v
        raise VersionError(f"there is no model version v{vid}")

    def path(self, vid: int) -> Path:
        return self.folder / self.get(vid).file

    def load(self, vid: int) -> Checkpoint:
        """The version's checkpoint (a missing or damaged file raises a message for the user)."""
        p = self.path(vid)
        if not p.exists():
            raise VersionError(f"the file of model version v{vid} ({p}) is gone")
        return load_checkpoint(p)

    @property
    def active_id(self) -> int | None:
        """The version in use, or None for the model the app was started with."""
        return self._active

    @property
    def can_roll_back(self) -> bool:
        return bool(self._history)

    @property
    def previous_id(self) -> int | None:
        """What :meth:`roll_back` would return to (None: the starting model)."""
        if not self._history:
            raise VersionError("there is no earlier model to roll back to")
        return self._history[-1]

    # -- writing ----------------------------------------------------------------------------
    def _next_id(self) -> int:
        used = [v.id for v in self._versions]
        if self.folder.is_dir():
            used += [int(m.group(1)) for f in self.folder.iterdir() if (m := _FILE_RE.match(f.name))]
        return max(used, default=0) + 1

    def add(self, ckpt: Checkpoint, *, activate: bool = True, name: str = "") -> ModelVersion:
        """Save ``ckpt`` as a new version, named ``name`` (``{id}`` is replaced by the version
        number), else its own name, else ``v<id>``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        own_name = ckpt.name
        vid = self._next_id()
        while True:  # the file is created exclusively: another app adding a version at once gets the next number
            file = f"v{vid:04d}.pt"
            if name:
                ckpt.name = name.format(id=vid)
            elif not own_name:
                ckpt.name = f"v{vid}"
            try:
                save_checkpoint(self.folder / file, ckpt, exclusive=True)
                break
            except FileExistsError:
                vid += 1
        v = ModelVersion.from_checkpoint(vid, file, ckpt)
        self._versions.append(v)
        if activate:
            self._switch(vid)
        self._save_index()
        return v

    def _switch(self, vid: int | None) -> None:
        if vid != self._active:
            self._history.append(self._active)
            self._history = self._history[-HISTORY_LIMIT:]
            self._active = vid

    def switch(self, vid: int | None) -> None:
        """Use version ``vid`` from now on (None: the starting model); roll back returns here."""
        if vid is not None:
            self.get(vid)
        self._switch(vid)
        self._save_index()

    def roll_back(self) -> int | None:
        """Return to the version used before the current one; returns it."""
        vid = self.previous_id
        self._history.pop()
        self._active = vid
        self._save_index()
        return vid

    def remove(self, vid: int) -> None:
        """Forget a version and delete its file; the one in use cannot be removed."""
        v = self.get(vid)
        if vid == self._active:
            raise VersionError(f"{v.label} is in use: switch to another model before deleting it")
        self._versions = [x for x in self._versions if x.id != vid]
        self._history = [h for h in self._history if h != vid]
        # drop repeats left behind, e.g. [None, 3, None] -> [None]
        dedup: list[int | None] = []
        for h in self._history:
            if not dedup or dedup[-1] != h:
                dedup.append(h)
        self._history = dedup
        if self._history and self._history[-1] == self._active:
            self._history.pop()
        # the file first: a crash before the index is written leaves an entry without a file,
        # which the next load drops, rather than a file the next load would list again
        try:
            (self.folder / v.file).unlink()
        except FileNotFoundError:
            pass
        self._save_index()
