"""The model library: every model the app can read with, where each came from, and the one in use.

One list over three sources: the model that ships with the app, every training run that kept a
model (:class:`~mnistgui.core.runs.RunStore`) and every fine-tuned version
(:class:`~mnistgui.core.versions.VersionStore`); a model opened from any other file is listed too
while it is in use. Each entry is named by a key (``shipped``, ``run:<run id>``, ``version:<n>``,
``file:<path>``) and has a lineage: shipped, trained (by a run), or fine-tuned from another entry,
its parent.

The library also keeps which model is in use and the switches that led there, as an undo and a
redo list, in one small JSON file (``library.json`` next to the runs and versions), written
atomically. A switch is undoable; rolling back a fine-tuned model returns to its parent, and is
itself a switch that can be undone.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from mnistgui.core.errors import MnistguiError
from mnistgui.core.io import atomic_write_text
from mnistgui.core.runs import MODEL_FILE, RunStore
from mnistgui.core.versions import VersionStore

STATE_FORMAT = "mnistgui-model-library"
STATE_VERSION = 1
#: how many switches undo remembers
UNDO_LIMIT = 50
SHIPPED = "shipped"


class LibraryError(MnistguiError):
    """A model of the library is missing, or a switch, undo or roll back is not possible."""


def run_key(run_id: str) -> str:
    return f"run:{run_id}"


def version_key(vid: int) -> str:
    return f"version:{int(vid)}"


def file_key(path: str | os.PathLike) -> str:
    return f"file:{_resolved(path)}"


def _resolved(path: str | os.PathLike) -> Path:
    p = Path(path)
    try:
        return p.resolve()
    except OSError:
        return p.absolute()


@dataclass(frozen=True)
class LibraryEntry:
    key: str
    kind: str  # "shipped", "trained", "fine-tuned" or "file"
    name: str
    path: Path
    parent: str = ""  # the key of the model it was fine-tuned from
    parent_name: str = ""  # that model's name (also when it is no longer in the library)
    created: str = ""  # ISO time
    mnist_accuracy: float | None = None
    heldout: tuple[float | None, float | None] | None = None  # fine-tuned: before, after
    trained_on: str = ""  # a few words: "MNIST", "Run 3 · standard, adam", "24 samples + 6 held out"

    @property
    def lineage(self) -> str:
        if self.kind == "shipped":
            return "shipped with mnistgui"
        if self.kind == "trained":
            return "trained in the Train tab"
        if self.kind == "fine-tuned":
            return f"fine-tuned from {self.parent_name}" if self.parent_name else "fine-tuned"
        return "opened from a file"


class ModelLibrary:
    """The shipped model, the runs' models and the fine-tuned versions, and the one in use.

    ``state_path`` is where the library keeps what is in use and the undo and redo lists.
    ``default`` is the model in use when nothing was chosen yet (the shipped model, unless the
    app was started with another one).
    """

    def __init__(self, shipped_path: str | os.PathLike, versions: VersionStore, runs: RunStore | None,
                 state_path: str | os.PathLike, *, shipped_name: str = "", shipped_accuracy: float | None = None,
                 default: str = SHIPPED) -> None:
        self.shipped_path = Path(shipped_path)
        self.shipped_name = shipped_name or "Shipped model"
        self.shipped_accuracy = shipped_accuracy
        self.versions = versions
        self.runs = runs
        self.state_path = Path(state_path)
        #: set when the state file was damaged and started afresh: a message for the user
        self.recovered: str | None = None
        self._active = default
        self._undo: list[str] = []
        self._redo: list[str] = []
        self._parents: dict[str, str] = {}  # fine-tuned version key -> parent key
        self._names: dict[str, str] = {}  # names of parents, remembered after they are deleted
        self._entries: dict[str, LibraryEntry] = {}
        self._load_state()
        self.reload()

    # -- state --------------------------------------------------------------------------------
    def _load_state(self) -> None:
        p = self.state_path
        if not p.exists():
            vid = self.versions.active_id  # before the library, the versions kept the one in use
            if vid is not None:
                self._active = version_key(vid)
            return
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
            if not isinstance(d, dict) or d.get("format") != STATE_FORMAT:
                raise ValueError("not a model library file")
            active = d.get("active")
            if isinstance(active, str) and active:
                self._active = active
            self._undo = [k for k in d.get("undo") or [] if isinstance(k, str)][-UNDO_LIMIT:]
            self._redo = [k for k in d.get("redo") or [] if isinstance(k, str)][-UNDO_LIMIT:]
            self._parents = {str(k): str(v) for k, v in (d.get("parents") or {}).items()}
            self._names = {str(k): str(v) for k, v in (d.get("names") or {}).items()}
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            self.recovered = (f"{p}: which model was in use could not be read ({exc}); the library "
                              "starts again from the shipped model")

    def _save_state(self) -> None:
        try:
            atomic_write_text(self.state_path, json.dumps({
                "format": STATE_FORMAT,
                "version": STATE_VERSION,
                "active": self._active,
                "undo": self._undo[-UNDO_LIMIT:],
                "redo": self._redo[-UNDO_LIMIT:],
                "parents": self._parents,
                "names": self._names,
            }, indent=1))
        except OSError as exc:
            raise LibraryError(f"cannot save which model is in use in {self.state_path}: "
                               f"{exc.strerror or exc}") from None

    # -- the entries --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the runs and versions again (after a run was trained, a version added, ...)."""
        entries: dict[str, LibraryEntry] = {}
        entries[SHIPPED] = LibraryEntry(SHIPPED, "shipped", self.shipped_name, self.shipped_path,
                                        mnist_accuracy=self.shipped_accuracy, trained_on="MNIST")
        if self.runs is not None:
            try:
                runs = self.runs.list()
            except MnistguiError:
                runs = []
            for r in runs:
                if not r.has_model or r.damaged:
                    continue
                cfg = r.config or {}
                what = ", ".join(str(cfg[k]) for k in ("arch", "optimizer") if cfg.get(k))
                entries[run_key(r.id)] = LibraryEntry(
                    run_key(r.id), "trained", r.name or r.id, r.model_path, created=r.created,
                    mnist_accuracy=r.metrics.get("test_accuracy") if isinstance(
                        r.metrics.get("test_accuracy"), (int, float)) else None,
                    trained_on=f"MNIST · {what}" if what else "MNIST")
        for v in self.versions.versions():
            key = version_key(v.id)
            entries[key] = LibraryEntry(
                key, "fine-tuned", v.name, self.versions.folder / v.file, created=v.created,
                mnist_accuracy=v.mnist_accuracy, heldout=(v.base_heldout_accuracy, v.heldout_accuracy),
                trained_on=f"{v.train_samples} samples + {v.heldout_samples} held out")
        # the names first (a parent's name is kept for when it is deleted), then the parents
        for key, e in entries.items():
            self._names[key] = e.name
        for key, e in list(entries.items()):
            if e.kind != "fine-tuned":
                continue
            parent = self._parents.get(key) or self._guess_parent(key, entries)
            if parent:
                entries[key] = _with(e, parent=parent, parent_name=self._names.get(parent, ""))
            else:
                base = self.versions.get(int(key.split(":")[1])).base
                entries[key] = _with(e, parent_name=base)
        # models opened from files: the one in use, and those undo or redo can return to
        for key in [self._active, *self._undo, *self._redo]:
            if key.startswith("file:") and key not in entries:
                p = Path(key[5:])
                if key == self._active or p.is_file():
                    entries[key] = LibraryEntry(key, "file", p.stem, p)
        self._entries = entries

    def _guess_parent(self, key: str, entries: dict[str, LibraryEntry]) -> str:
        """For a version made before the library kept parents: the entry named as its base, if
        exactly one has that name."""
        base = self.versions.get(int(key.split(":")[1])).base
        if not base:
            return ""
        same = [k for k, e in entries.items() if k != key and e.name == base]
        if not same and base == self.shipped_name:
            same = [SHIPPED]
        return same[0] if len(same) == 1 else ""

    def entries(self) -> list[LibraryEntry]:
        """The shipped model first, then the others, newest first (a model opened from a file only
        while it is in use)."""
        rest = sorted((e for k, e in self._entries.items() if k != SHIPPED and (e.kind != "file" or k == self._active)),
                      key=lambda e: e.created, reverse=True)
        return [self._entries[SHIPPED], *rest]

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def get(self, key: str) -> LibraryEntry:
        e = self._entries.get(key)
        if e is None:
            name = self._names.get(key)
            raise LibraryError(f"{name or key} is no longer in the model library (it was deleted)")
        return e

    def name_of(self, key: str) -> str:
        e = self._entries.get(key)
        return e.name if e is not None else self._names.get(key, key)

    def key_for_path(self, path: str | os.PathLike | None) -> str:
        """The key of the model in the file ``path`` (a file outside the library: ``file:<path>``)."""
        if not path:
            return SHIPPED
        p = _resolved(path)
        if p == _resolved(self.shipped_path):
            return SHIPPED
        if self.runs is not None and p.name == MODEL_FILE and p.parent.parent == _resolved(self.runs.root):
            return run_key(p.parent.name)
        if p.parent == _resolved(self.versions.folder):
            for v in self.versions.versions():
                if v.file == p.name:
                    return version_key(v.id)
        return f"file:{p}"

    # -- in use, undo and redo ----------------------------------------------------------------
    @property
    def active(self) -> str:
        return self._active

    def parent_of(self, key: str) -> str:
        e = self._entries.get(key)
        return e.parent if e is not None else ""

    def use(self, key: str) -> LibraryEntry:
        """Use ``key`` from now on; undo returns to the model used before. A ``file:`` key (a
        model opened from a file) joins the list while it is in use."""
        if key.startswith("file:") and key not in self._entries:
            p = Path(key[5:])
            self._entries[key] = LibraryEntry(key, "file", p.stem, p)
        e = self.get(key)
        if key != self._active:
            self._undo = (self._undo + [self._active])[-UNDO_LIMIT:]
            self._redo = []
            self._set_active(key)
        return e

    def _set_active(self, key: str) -> None:
        self._active = key
        vid = int(key.split(":")[1]) if key.startswith("version:") else None
        if self.versions.active_id != vid:  # the versions' own record: the one in use is not deleted
            self.versions.switch(vid)
        self._save_state()

    @property
    def undo_target(self) -> str | None:
        """The model undo would return to (the last one still in the library), or None."""
        return next((k for k in reversed(self._undo) if k in self._entries and k != self._active), None)

    @property
    def redo_target(self) -> str | None:
        return next((k for k in reversed(self._redo) if k in self._entries and k != self._active), None)

    def undo(self) -> LibraryEntry:
        """Go back to the model used before the last switch."""
        target = self.undo_target
        if target is None:
            raise LibraryError("there is no earlier model to go back to")
        while self._undo and self._undo[-1] != target:  # models deleted since are skipped
            self._undo.pop()
        self._undo.pop()
        self._redo.append(self._active)
        self._set_active(target)
        return self._entries[target]

    def redo(self) -> LibraryEntry:
        """Use again the model an undo left."""
        target = self.redo_target
        if target is None:
            raise LibraryError("there is no switch to redo")
        while self._redo and self._redo[-1] != target:
            self._redo.pop()
        self._redo.pop()
        self._undo.append(self._active)
        self._set_active(target)
        return self._entries[target]

    @property
    def roll_back_target(self) -> str | None:
        """The parent of the model in use, if it is fine-tuned and its parent is still kept."""
        parent = self.parent_of(self._active)
        return parent if parent in self._entries else None

    def roll_back(self) -> LibraryEntry:
        """Return from a fine-tuned model to the model it was fine-tuned from (undoable)."""
        target = self.roll_back_target
        if target is None:
            e = self._entries.get(self._active)
            if e is not None and e.kind == "fine-tuned" and e.parent_name:
                raise LibraryError(f"{e.name} was fine-tuned from {e.parent_name}, which is no longer kept")
            raise LibraryError(f"{self.name_of(self._active)} was not fine-tuned from another model")
        return self.use(target)

    def set_parent(self, key: str, parent: str) -> None:
        """Record that ``key`` was fine-tuned from ``parent``."""
        if parent and parent != key:
            self._parents[key] = parent
            self._names.setdefault(parent, self.name_of(parent))
            self.reload()
            self._save_state()

    def forget(self, key: str) -> None:
        """``key`` was deleted: drop it from the lists (it cannot be the one in use)."""
        if key == self._active:
            raise LibraryError(f"{self.name_of(key)} is in use: switch to another model before deleting it")
        self._undo = _dedup([k for k in self._undo if k != key])
        self._redo = _dedup([k for k in self._redo if k != key])
        self.reload()
        self._save_state()


def _dedup(keys: list[str]) -> list[str]:
    out: list[str] = []
    for k in keys:
        if not out or out[-1] != k:
            out.append(k)
    return out


def _with(e: LibraryEntry, **changes) -> LibraryEntry:
    from dataclasses import replace

    return replace(e, **changes)
