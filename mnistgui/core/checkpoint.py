"""Checkpoints: written atomically, read with ``weights_only=True``, refused clearly when bad.

A checkpoint is a dict of plain data and tensors:

- ``format`` ("mnistgui-checkpoint") and ``version`` (:data:`FORMAT_VERSION`);
- ``model_config`` and ``state_dict``: enough to rebuild the network;
- ``preprocess``: the :class:`PreprocessConfig` the model was trained for, applied when it predicts;
- ``class_names``, ``history`` (per-epoch curves), ``metrics`` (e.g. test accuracy);
- ``calibration``: the temperature that calibrates its probabilities and its unsure rule;
- ``provenance``: the training config, the command line, versions and time that made it;
- optionally ``trainer_state``: what :meth:`Trainer.load_state` needs to resume a run.
"""

from __future__ import annotations

import io
import os
import pickle
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import torch

from mnistgui import __version__
from mnistgui.core.errors import CheckpointError
from mnistgui.core.io import atomic_write_bytes
from mnistgui.core.model import DigitCNN, ModelConfig, build_model
from mnistgui.core.preprocess import PreprocessConfig

FORMAT = "mnistgui-checkpoint"
FORMAT_VERSION = 1
CLASS_NAMES = [str(i) for i in range(10)]


@dataclass
class Checkpoint:
    model_config: ModelConfig
    state_dict: dict
    preprocess: PreprocessConfig = field(default_factory=PreprocessConfig)
    class_names: list[str] = field(default_factory=lambda: list(CLASS_NAMES))
    history: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    trainer_state: dict | None = None
    name: str = ""
    calibration: dict = field(default_factory=dict)  # see mnistgui.core.calibration

    def build_model(self) -> DigitCNN:
        """The network with these weights, on the CPU, in eval mode."""
        model = build_model(self.model_config)
        try:
            model.load_state_dict(self.state_dict)
        except (RuntimeError, KeyError) as exc:
            raise CheckpointError(
                f"the weights do not fit the {self.model_config.arch!r} architecture "
                f"recorded in the checkpoint ({str(exc).splitlines()[0]})"
            ) from None
        model.eval()
        return model

    def to_dict(self) -> dict:
        d: dict[str, Any] = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "name": self.name,
            "model_config": self.model_config.to_dict(),
            "state_dict": {k: v.detach().cpu() for k, v in self.state_dict.items()},
            "preprocess": self.preprocess.to_dict(),
            "class_names": list(self.class_names),
            "history": self.history,
            "metrics": self.metrics,
            "provenance": self.provenance,
            "calibration": self.calibration,
        }
        if self.trainer_state is not None:
            d["trainer_state"] = self.trainer_state
        return d


def make_provenance(config: dict | None = None, command: str | None = None, **extra) -> dict:
    return {
        "config": config or {},
        "command": command or "",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "mnistgui_version": __version__,
        "torch_version": torch.__version__.split("+")[0],
        **extra,
    }


def to_bytes(ckpt: Checkpoint) -> bytes:
    buf = io.BytesIO()
    torch.save(ckpt.to_dict(), buf)
    return buf.getvalue()


def save_checkpoint(path: str | os.PathLike, ckpt: Checkpoint) -> Path:
    """Write atomically: readers see the old file or the whole new one, never a part."""
    p = Path(path)
    atomic_write_bytes(p, to_bytes(ckpt))
    return p


def load_checkpoint(path: str | os.PathLike) -> Checkpoint:
    """Read a checkpoint, refusing anything that is not a valid mnistgui checkpoint."""
    p = Path(path)
    if not p.exists():
        raise CheckpointError(f"{p}: no such file")
    if p.is_dir():
        raise CheckpointError(f"{p}: is a folder, not a checkpoint file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise CheckpointError(f"{p}: cannot read it ({exc.strerror or exc})") from None
    return checkpoint_from_bytes(data, str(p))


def checkpoint_from_bytes(data: bytes, where: str = "checkpoint") -> Checkpoint:
    if len(data) == 0:
        raise CheckpointError(f"{where}: the file is empty")
    try:
        obj = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        msg = str(exc)
        if "Weights only load failed" in msg or "Unsupported global" in msg or "GLOBAL" in msg:
            raise CheckpointError(
                f"{where}: refused: the file holds Python objects other than plain data and "
                "weights (it could run code when loaded), so it is not a mnistgui checkpoint"
            ) from None
        raise CheckpointError(f"{where}: the file is corrupt (not a readable checkpoint)") from None
    except (zipfile.BadZipFile, EOFError, RuntimeError, ValueError, OSError, IndexError, KeyError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "zip" in first.lower() or "central directory" in first or isinstance(exc, EOFError):
            raise CheckpointError(
                f"{where}: the file is truncated or corrupt ({first[:120]}); "
                "restore it from a copy or train the model again"
            ) from None
        raise CheckpointError(
            f"{where}: the file is damaged or truncated, not a readable checkpoint ({first[:80]}); "
            "restore it from a copy or train the model again"
        ) from None
    return checkpoint_from_obj(obj, where)


def checkpoint_from_obj(obj: Any, where: str = "checkpoint") -> Checkpoint:
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        kind = "a bare set of weights" if isinstance(obj, dict) and obj and all(
            isinstance(v, torch.Tensor) for v in obj.values()
        ) else "some other kind of file"
        raise CheckpointError(
            f"{where}: not a mnistgui checkpoint (it looks like {kind}); "
            "open a .pt file saved by mnistgui"
        )
    version = obj.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
        raise CheckpointError(
            f"{where}: checkpoint format version {version!r} is not supported by this "
            f"mnistgui {__version__} (it reads versions 1 to {FORMAT_VERSION}); update mnistgui"
        )
    for key in ("model_config", "state_dict"):
        if key not in obj:
            raise CheckpointError(f"{where}: the checkpoint has no {key!r} section; it is damaged")
    sd = obj["state_dict"]
    if not isinstance(sd, dict) or not all(isinstance(v, torch.Tensor) for v in sd.values()):
        raise CheckpointError(f"{where}: the weights section is damaged")
    if not isinstance(obj["model_config"], dict):
        raise CheckpointError(f"{where}: the model description is damaged")
    try:
        pre = PreprocessConfig.from_dict(obj.get("preprocess") or {})
    except (TypeError, ValueError) as exc:
        raise CheckpointError(f"{where}: the preprocessing section is damaged ({exc})") from None
    ckpt = Checkpoint(
        model_config=ModelConfig.from_dict(obj["model_config"]),
        state_dict=sd,
        preprocess=pre,
        class_names=list(obj.get("class_names") or CLASS_NAMES),
        history=dict(obj.get("history") or {}),
        metrics=dict(obj.get("metrics") or {}),
        provenance=dict(obj.get("provenance") or {}),
        trainer_state=obj.get("trainer_state"),
        name=str(obj.get("name") or ""),
        calibration=dict(obj.get("calibration") or {}),
    )
    ckpt.build_model()  # proves the weights fit the architecture
    return ckpt
