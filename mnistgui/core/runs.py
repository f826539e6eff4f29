"""The run store: every training run kept in a folder of its own, written atomically.

A run folder (``<root>/<run id>/``) holds:

- ``run.json``: the run's name, status, training config, data description, per-epoch curves and
  metrics (validation, and test once evaluated), as plain JSON;
- ``batches.npz``: the per-batch curves (position in epochs, step, loss, accuracy, learning rate);
- ``best.pt``: a :mod:`~mnistgui.core.checkpoint` with the best validation weights and the
  trainer's state (the same file ``mnistgui train`` writes, so it can be resumed there);
- ``evaluation.npz``: the last test evaluation (labels, predictions, probabilities), from which
  the confusion matrix and its images can be shown again.

:class:`RunRecorder` keeps that record while a :class:`~mnistgui.core.train.Trainer` trains: it
wraps the trainer's event generator, so the files are written in whatever thread drives training
(never the GUI's), between two batches. Every write goes through :mod:`mnistgui.core.io` (temp
file, then ``os.replace``): a crash leaves the previous version of a file, never half of one.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import secrets
import shutil
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import torch

from mnistgui.core.checkpoint import Checkpoint, load_checkpoint, make_provenance, save_checkpoint, to_bytes
from mnistgui.core.curves import BatchLog  # noqa: F401 - a run's curves; imported from here too
from mnistgui.core.errors import CheckpointError, MnistguiError
from mnistgui.core.events import BatchMetrics, Event, Failed, Finished, Snapshot
from mnistgui.core.io import ProcessLock, atomic_write_bytes, atomic_write_text, is_locked, remove_stale_temps
from mnistgui.core.metrics import Report, report_from_logits
from mnistgui.core.train import TrainConfig, Trainer, cpu_state_dict

RUN_FORMAT = "mnistgui-run"
RUN_VERSION = 1
RUN_FILE = "run.json"
BATCHES_FILE = "batches.npz"
MODEL_FILE = "best.pt"
EVALUATION_FILE = "evaluation.npz"
#: Held (an flock) by the process training the run, so that every other process sees it is live;
#: the lock dies with its process, so a run whose app was killed reads as "interrupted".
LOCK_FILE = ".training.lock"

#: What a run's ``status`` can be. "running" on disk with no trainer behind it means the app
#: ended while it trained: :meth:`RunStore.list` reports it as "interrupted".
STATUSES = ("created", "running", "completed", "early-stopped", "stopped", "failed", "interrupted")

_ID = re.compile(r"^\d{8}-\d{6}-\d{6}$")  # local time to the microsecond: sorts by creation


class RunError(MnistguiError):
    """A run cannot be found, read or written; the message names it and says what to do."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _finite_or_none(v: Any) -> Any:
    """JSON has no NaN or infinity: such numbers are stored as null."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _finite_or_none(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite_or_none(x) for x in v]
    return v


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# What a run is


@dataclass
class RunInfo:
    """One run as listed: everything in its ``run.json``, plus whether its model file exists."""

    id: str
    folder: Path
    name: str = ""
    created: str = ""
    updated: str = ""
    status: str = "created"
    message: str = ""
    config: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    history: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    epochs_run: int = 0
    best_epoch: int = 0
    has_model: bool = False
    #: empty, or why the run's files cannot be read (the run is then listed, but only deletable)
    damaged: str = ""

    @property
    def model_path(self) -> Path:
        return self.folder / MODEL_FILE

    @property
    def train_config(self) -> TrainConfig:
        return TrainConfig.from_dict(self.config)

    def to_json(self) -> dict:
        return _finite_or_none({
            "format": RUN_FORMAT,
            "version": RUN_VERSION,
            "id": self.id,
            "name": self.name,
            "created": self.created,
            "updated": self.updated,
            "status": self.status,
            "message": self.message,
            "config": self.config,
            "data": self.data,
            "history": self.history,
            "metrics": self.metrics,
            "epochs_run": self.epochs_run,
            "best_epoch": self.best_epoch,
        })

    @classmethod
    def from_json(cls, folder: Path, d: Any) -> "RunInfo":
        if not isinstance(d, dict) or d.get("format") != RUN_FORMAT:
            raise RunError(f"{folder / RUN_FILE}: not a mnistgui run record")
        version = d.get("version")
        if not isinstance(version, int) or not 1 <= version <= RUN_VERSION:
            raise RunError(f"{folder / RUN_FILE}: run format version {version!r} is not supported; update mnistgui")
        try:
            return cls(
                id=folder.name,
                folder=folder,
                name=str(d.get("name") or folder.name),
                created=str(d.get("created") or ""),
                updated=str(d.get("updated") or ""),
                status=str(d.get("status") or "created"),
                message=str(d.get("message") or ""),
                config=dict(d.get("config") or {}),
                data=dict(d.get("data") or {}),
                history=dict(d.get("history") or {}),
                metrics=dict(d.get("metrics") or {}),
                epochs_run=int(d.get("epochs_run") or 0),
                best_epoch=int(d.get("best_epoch") or 0),
                has_model=(folder / MODEL_FILE).is_file(),
            )
        except (TypeError, ValueError) as exc:
            raise RunError(f"{folder / RUN_FILE}: the run record is damaged ({exc})") from None


@dataclass
class EvaluationRecord:
    """A stored test evaluation: the report, and the labels it was computed against."""

    report: Report
    labels: np.ndarray  # (N,) int64, the test labels, in order
    epoch: int  # the epoch whose weights were evaluated
    weights: str  # "best" or "latest"


# ---------------------------------------------------------------------------------------------
# The store


class RunStore:
    """The runs under one folder. Safe to use from several threads of one process."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)
        #: held while a run record is read, changed and written back
        self.lock = threading.RLock()
        #: ids of runs that a recorder in this process is writing now (not "interrupted")
        self.active: set[str] = set()

    def is_live(self, run_id: str) -> bool:
        """A recorder, in this process or another (a second app window, the command line), is
        training the run now."""
        return run_id in self.active or is_locked(self.root / run_id / LOCK_FILE)

    def claim(self, run_id: str) -> ProcessLock:
        """The run's lock, held until released (see :data:`LOCK_FILE`); RunError if another
        process trains the run already."""
        lock = ProcessLock(self.folder(run_id) / LOCK_FILE)
        try:
            taken = lock.acquire()
        except OSError as exc:
            raise RunError(f"cannot mark run {run_id} as training in {self.root}: {exc.strerror or exc}") from None
        if not taken:
            raise RunError(f"run {run_id} is training in another mnistgui window or command")
        return lock

    # -- paths ----------------------------------------------------------------------------
    def folder(self, run_id: str) -> Path:
        if not _ID.match(run_id):
            raise RunError(f"{run_id!r} is not a run id")
        return self.root / run_id

    # -- creating and listing -------------------------------------------------------------
    def create(self, config: TrainConfig | dict, *, name: str = "", data: dict | None = None) -> RunInfo:
        """A new run folder with its ``run.json``; ``name`` defaults to "Run N"."""
        cfg = config.to_dict() if isinstance(config, TrainConfig) else dict(config)
        with self.lock:
            try:
                self.root.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise RunError(f"cannot create the runs folder {self.root}: {exc.strerror or exc}") from None
            name = name.strip() or self._next_name()
            for _ in range(20):
                run_id = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
                folder = self.root / run_id
                try:
                    folder.mkdir()
                    break
                except FileExistsError:
                    continue
                except OSError as exc:
                    raise RunError(f"cannot create a run folder in {self.root}: {exc.strerror or exc}") from None
            else:  # pragma: no cover - twenty clashes of a random suffix
                raise RunError(f"cannot create a run folder in {self.root}")
            info = RunInfo(id=run_id, folder=folder, name=name,
                           created=_now(), config=cfg, data=dict(data or {}))
            info.updated = info.created
            self._write_info(info)
            return info

    def _next_name(self) -> str:
        taken = set()
        n = 0
        for f in self._folders():
            n += 1
            try:
                taken.add(json.loads((f / RUN_FILE).read_text("utf-8")).get("name"))
            except (OSError, ValueError, AttributeError):
                pass
        k = n + 1
        while f"Run {k}" in taken:
            k += 1
        return f"Run {k}"

    def _folders(self) -> list[Path]:
        remove_stale_temps(self.root)
        try:
            return sorted(p for p in self.root.iterdir() if p.is_dir() and _ID.match(p.name))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise RunError(f"cannot read the runs folder {self.root}: {exc.strerror or exc}") from None

    def list(self) -> list[RunInfo]:
        """All runs, newest first. A run whose record cannot be read is listed as damaged."""
        out = []
        for folder in reversed(self._folders()):
            try:
                info = self._read_info(folder)
            except RunError as exc:
                info = RunInfo(id=folder.name, folder=folder, name=folder.name, status="damaged",
                               damaged=str(exc), has_model=(folder / MODEL_FILE).is_file())
            out.append(info)
        return out

    def get(self, run_id: str) -> RunInfo:
        folder = self.folder(run_id)
        if not folder.is_dir():
            raise RunError(f"run {run_id} no longer exists (it was deleted)")
        return self._read_info(folder)

    def _read_info(self, folder: Path) -> RunInfo:
        path = folder / RUN_FILE
        try:
            d = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise RunError(f"{path}: the run record is missing") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise RunError(f"{path}: cannot read it ({getattr(exc, 'strerror', None) or exc})") from None
        except ValueError as exc:
            raise RunError(f"{path}: the run record is damaged ({exc})") from None
        info = RunInfo.from_json(folder, d)
        if info.status == "running" and not self.is_live(info.id):
            info.status = "interrupted"
            info.message = info.message or "the app ended while this run trained; what was saved is kept"
            remove_stale_temps(folder)  # what its killed process was writing, if anything
        return info

    def _write_info(self, info: RunInfo) -> None:
        try:
            atomic_write_text(info.folder / RUN_FILE, json.dumps(info.to_json(), indent=1))
        except OSError as exc:
            raise RunError(f"cannot save run {info.name!r} in {info.folder}: {exc.strerror or exc}") from None

    def update(self, run_id: str, **changes: Any) -> RunInfo:
        """Read, change the given fields, write back; atomically, under the store's lock."""
        with self.lock:
            info = self.get(run_id)
            for k, v in changes.items():
                if k == "metrics_update":
                    info.metrics.update(v)
                elif not hasattr(info, k) or k in ("id", "folder", "damaged", "has_model"):
                    raise AttributeError(k)
                else:
                    setattr(info, k, v)
            info.updated = _now()
            self._write_info(info)
            info.has_model = info.model_path.is_file()
            return info

    # -- user actions ---------------------------------------------------------------------
    def rename(self, run_id: str, name: str) -> RunInfo:
        name = " ".join(name.split())
        if not name:
            raise RunError("a run's name cannot be empty")
        if len(name) > 120:
            raise RunError("a run's name can be at most 120 characters long")
        return self.update(run_id, name=name)

    def delete(self, run_id: str) -> None:
        """Remove a run's folder. It is first renamed out of the list, so a half-deleted run
        is never listed."""
        if run_id in self.active:
            raise RunError("this run is training: stop it before deleting it")
        if self.is_live(run_id):
            raise RunError("this run is training in another mnistgui window or command: "
                           "stop it there before deleting it")
        with self.lock:
            folder = self.folder(run_id)
            if not folder.exists():
                return
            trash = self.root / f".deleted-{run_id}-{secrets.token_hex(2)}"
            try:
                os.replace(folder, trash)
            except OSError as exc:
                raise RunError(f"cannot delete {folder}: {exc.strerror or exc}") from None
        shutil.rmtree(trash, ignore_errors=True)

    def load_model(self, run_id: str) -> Checkpoint:
        """The run's best checkpoint, named after the run."""
        info = self.get(run_id)
        if not info.has_model:
            raise RunError(f"run {info.name!r} has no model yet: it stopped before its first epoch ended")
        ckpt = load_checkpoint(info.model_path)
        ckpt.name = info.name
        return ckpt

    def export_model(self, run_id: str, dest: str | os.PathLike) -> Path:
        """Write the run's checkpoint (named after the run) to ``dest``, atomically."""
        ckpt = self.load_model(run_id)
        p = Path(dest)
        try:
            atomic_write_bytes(p, to_bytes(ckpt))
        except OSError as exc:
            raise RunError(f"cannot write {p}: {exc.strerror or exc}") from None
        return p

    # -- curves ---------------------------------------------------------------------------
    def save_batches(self, run_id: str, arrays: dict[str, np.ndarray]) -> None:
        path = self.folder(run_id) / BATCHES_FILE
        try:
            atomic_write_bytes(path, _npz_bytes(arrays))
        except OSError as exc:
            raise RunError(f"cannot save the curves of run {run_id} in {path.parent}: {exc.strerror or exc}") from None

    def load_batches(self, run_id: str) -> dict[str, np.ndarray]:
        """The per-batch curves (empty arrays if none were saved or the file is damaged)."""
        path = self.folder(run_id) / BATCHES_FILE
        empty = {k: np.empty(0, dtype=t) for k, t in BatchLog.FIELDS}
        try:
            with np.load(path, allow_pickle=False) as z:
                out = {k: np.asarray(z[k]) for k in z.files if k in empty}
        except FileNotFoundError:
            return empty
        except (OSError, ValueError, KeyError, EOFError):
            return empty
        n = min((len(v) for v in out.values()), default=0)
        return {k: out[k][:n] if k in out else np.zeros(n, dtype=empty[k].dtype) for k in empty}

    # -- models and evaluations (called by the recorder and the GUI's workers) ------------
    def save_model(self, run_id: str, ckpt: Checkpoint) -> None:
        path = self.folder(run_id) / MODEL_FILE
        try:
            save_checkpoint(path, ckpt)
        except OSError as exc:
            raise RunError(f"cannot save the model of run {run_id} in {path.parent}: {exc.strerror or exc}") from None

    def save_evaluation(self, run_id: str, report: Report, labels: np.ndarray, *, epoch: int,
                        weights: str = "best") -> RunInfo:
        """Keep a test evaluation; for the best weights, its figures become the run's test metrics
        (also in its checkpoint, where the app's status bar reads them)."""
        labels = np.asarray(labels, dtype=np.int64)
        arrays = {
            "labels": labels.astype(np.uint8),
            "predictions": np.asarray(report.predictions, dtype=np.uint8),
            "probabilities": np.asarray(report.probabilities, dtype=np.float32),  # float16 flips near-ties
            "epoch": np.asarray(epoch, dtype=np.int64),
            "weights": np.asarray(weights),
        }
        folder = self.folder(run_id)
        with self.lock:
            try:
                atomic_write_bytes(folder / EVALUATION_FILE, _npz_bytes(arrays))
            except OSError as exc:
                raise RunError(f"cannot save the evaluation of run {run_id}: {exc.strerror or exc}") from None
            if weights != "best":
                return self.get(run_id)
            metrics = evaluation_metrics(report, epoch)
            info = self.update(run_id, metrics_update=metrics)
            if info.has_model:
                try:
                    ckpt = load_checkpoint(info.model_path)
                except CheckpointError:
                    return info
                ckpt.metrics.update({k: metrics[k] for k in ("test_accuracy", "test_loss", "test_size",
                                                             "per_class_f1", "evaluated_epoch")})
                self.save_model(run_id, ckpt)
            return info

    def load_evaluation(self, run_id: str) -> EvaluationRecord | None:
        """The stored evaluation, or None if there is none (or it cannot be read)."""
        path = self.folder(run_id) / EVALUATION_FILE
        try:
            with np.load(path, allow_pickle=False) as z:
                labels = z["labels"].astype(np.int64)
                probs = z["probabilities"].astype(np.float32)
                epoch = int(z["epoch"])
                weights = str(z["weights"])
        except (OSError, ValueError, KeyError, EOFError):
            return None
        if probs.ndim != 2 or probs.shape[0] != labels.shape[0]:
            return None
        logits = torch.from_numpy(np.log(np.clip(probs, 1e-7, 1.0)))
        rep = report_from_logits(logits, torch.from_numpy(labels))
        return EvaluationRecord(rep, labels, epoch, weights)


def evaluation_metrics(report: Report, epoch: int) -> dict:
    """A report's figures as a run keeps them."""
    return _finite_or_none({
        "test_accuracy": float(report.accuracy),
        "test_loss": float(report.loss),
        "test_size": int(report.support.sum()),
        "test_errors": int(len(report.misclassified)),
        "per_class_precision": [float(v) for v in report.precision],
        "per_class_recall": [float(v) for v in report.recall],
        "per_class_f1": [float(v) for v in report.f1],
        "confusion": report.confusion.tolist(),
        "evaluated_epoch": int(epoch),
        "evaluated": _now(),
    })


# ---------------------------------------------------------------------------------------------
# Recording a run while it trains


class RunRecorder:
    """Keeps a run's folder up to date while its trainer trains.

    :meth:`events` wraps ``trainer.run()``: it yields every event unchanged, and between two
    events (the trainer suspended at its ``yield``, so its state is consistent) records the
    batch curves, and at the end of every epoch saves the curves, the run record and the
    checkpoint. Iterate it in the training thread; a failure to write stops training with a
    :class:`RunError` whose message says where and why.
    """

    def __init__(self, store: RunStore, run: RunInfo, trainer: Trainer, *, command: str = "mnistgui (Train tab)",
                 batches: BatchLog | None = None) -> None:
        self.store = store
        self.run_id = run.id
        self.name = run.name
        self.data = dict(run.data)
        self.trainer = trainer
        self.command = command
        self.batches = batches or BatchLog()

    def events(self) -> Iterator[Event]:
        store = self.store
        lock = store.claim(self.run_id)  # other processes see the run is live until it is released
        store.active.add(self.run_id)
        #: the run's settings as kept, their epochs kept up to date with a continuation's
        self._config = store.update(self.run_id, status="running", message="").config
        status, message = "stopped", "training ended unexpectedly"
        try:
            for ev in self.trainer.run():
                if isinstance(ev, BatchMetrics):
                    self.batches.append(ev)
                elif isinstance(ev, Snapshot):
                    self._save_epoch()
                elif isinstance(ev, Finished):
                    status, message = ev.reason, ""
                elif isinstance(ev, Failed):
                    status, message = "failed", ev.message
                yield ev
        except GeneratorExit:  # the caller stopped iterating (after a Failed event, or to stop)
            if status not in ("failed", "completed", "early-stopped"):
                status, message = "stopped", ""
            raise
        except BaseException as exc:
            status = "failed"
            message = str(exc) if isinstance(exc, MnistguiError) else f"{type(exc).__name__}: {exc}"
            raise
        finally:
            store.active.discard(self.run_id)
            try:
                self._save_curves()
                store.update(self.run_id, status=status, message=message, **self._progress())
            except (RunError, OSError):
                pass  # the error that stopped the run is the one to report
            lock.release()

    def _progress(self) -> dict:
        t = self.trainer
        progress = {
            "history": t.history.to_dict(),
            "epochs_run": t.epoch,
            "best_epoch": t.best_epoch,
        }
        config = getattr(self, "_config", None)
        if config and config.get("epochs") != t.total_epochs:  # continued: the epochs planned now
            progress["config"] = {**config, "epochs": t.total_epochs}
        return progress

    def _save_curves(self) -> None:
        self.store.save_batches(self.run_id, self.batches.arrays())

    def _save_epoch(self) -> None:
        with self.store.lock:  # an evaluation being saved meanwhile must not be overwritten
            self._save_epoch_locked()

    def _save_epoch_locked(self) -> None:
        t = self.trainer
        info = self.store.get(self.run_id)
        metrics = {"best_epoch": t.best_epoch, "val_accuracy": t.best_val_accuracy, "val_loss": t.best_val_loss,
                   "epochs_run": t.epoch}
        if info.metrics.get("evaluated_epoch") == t.best_epoch:  # the test figures still hold
            metrics.update({k: v for k, v in info.metrics.items() if k.startswith("test_") or k.startswith("per_class")
                            or k in ("confusion", "evaluated", "evaluated_epoch")})
        best = t.best_state if t.best_state is not None else cpu_state_dict(t.model)
        ckpt = Checkpoint(
            model_config=t.model.config,
            state_dict=best,
            preprocess=t.preprocess,
            history=t.history.to_dict(),
            metrics={k: v for k, v in metrics.items() if k not in ("confusion",)},
            provenance=make_provenance(t.config.to_dict(), self.command, run=self.run_id, precision=t.precision,
                                       processes=t.world.size, **self.data),
            trainer_state=t.state(),
            name=info.name,
            calibration=calibration.to_dict() if (calibration := t.calibrate()) else {},
        )
        self._save_curves()
        self.store.save_model(self.run_id, ckpt)
        self.store.update(self.run_id, metrics=_finite_or_none(metrics), **self._progress())
