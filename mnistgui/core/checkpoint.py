"""Checkpoints: written atomically, read with ``weights_only=True``, refused clearly when bad.

A checkpoint is a dict of plain data and tensors:

- ``format`` ("mnistgui-checkpoint") and ``version`` (:data:`FORMAT_VERSION`);
- ``model_config`` and ``state_dict``: enough to rebuild the network;
- ``preprocess``: the :class:`PreprocessConfig` the model was trained for, applied when it predicts;
- ``class_names``, ``history`` (per-epoch curves), ``metrics`` (e.g. test accuracy);
- ``calibration``: the temperature that calibrates its probabilities and its unsure rule;
- ``provenance``: the training config, the command line, versions and time that made it;
- optionally ``trainer_state``: what :meth:`Trainer.load_state` needs to resume a run;
- ``weights_sha256``: a SHA-256 digest of ``state_dict`` (:func:`weights_digest`), verified on
  load; checkpoints written before it was added have none and load as before.

Loading checks everything before it builds anything: the file is a regular file of at most
:data:`MAX_CHECKPOINT_BYTES`, a zip whose members add up to no more than that either (torch
allocates what a member says it holds), every section has the type and range it must have, the
weights have exactly the names, shapes and dtypes of the recorded architecture (worked out on
the meta device, so a config asking for a huge network costs nothing), they match their digest,
and every one of them is a finite number.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import pickle
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import torch

from mnistgui import __version__
from mnistgui.core.errors import CheckpointError
from mnistgui.core.io import atomic_write_bytes, create_exclusive_bytes
from mnistgui.core.model import DigitCNN, ModelConfig, build_model, state_shapes
from mnistgui.core.preprocess import PreprocessConfig

FORMAT = "mnistgui-checkpoint"
FORMAT_VERSION = 1
CLASS_NAMES = [str(i) for i in range(10)]
#: The most a checkpoint file, and all that it unpacks to, may hold. The largest network the app
#: builds (:data:`~mnistgui.core.model.MAX_PARAMETERS`) with its optimizer and best-weights
#: copies for resuming fits in it several times over.
MAX_CHECKPOINT_BYTES = 256 * 1024 * 1024
#: The plain-data sections (metrics, history, provenance, ...): how deep they may nest and how
#: many values they may hold in all.
MAX_PLAIN_DEPTH = 32
MAX_PLAIN_ITEMS = 2_000_000
_PLAIN_SECTIONS = ("history", "metrics", "provenance", "calibration")


def weights_digest(state_dict: dict) -> str:
    """SHA-256 over the weights: every entry's name, dtype, shape and bytes, in name order."""
    h = hashlib.sha256()
    for k in sorted(state_dict):
        t = state_dict[k].detach().cpu().contiguous()
        h.update(f"{k}\0{t.dtype}\0{tuple(t.shape)}\0".encode())
        h.update(t.reshape(-1).view(torch.uint8).numpy().tobytes())
    return h.hexdigest()


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
        weights = {k: v.detach().cpu() for k, v in self.state_dict.items()}
        d: dict[str, Any] = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "name": self.name,
            "model_config": self.model_config.to_dict(),
            "state_dict": weights,
            "weights_sha256": weights_digest(weights),
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


def save_checkpoint(path: str | os.PathLike, ckpt: Checkpoint, *, exclusive: bool = False) -> Path:
    """Write atomically: readers see the old file or the whole new one, never a part.

    ``exclusive``: the file must be new; if ``path`` exists (another process took the name
    first) ``FileExistsError`` is raised and nothing is written."""
    p = Path(path)
    if exclusive:
        create_exclusive_bytes(p, to_bytes(ckpt))
    else:
        atomic_write_bytes(p, to_bytes(ckpt))
    return p


def load_checkpoint(path: str | os.PathLike) -> Checkpoint:
    """Read a checkpoint, refusing anything that is not a valid mnistgui checkpoint."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise CheckpointError(f"{p}: no such file") from None
    except OSError as exc:
        raise CheckpointError(f"{p}: cannot read it ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise CheckpointError(f"{p}: is a folder, not a checkpoint file")
    if not stat.S_ISREG(st.st_mode):  # a device (/dev/zero) or a pipe would never end
        raise CheckpointError(f"{p}: not a regular file (a device or a pipe), so not a checkpoint")
    if st.st_size > MAX_CHECKPOINT_BYTES:
        raise CheckpointError(f"{p}: the file is {st.st_size / 2**20:,.0f} MB, larger than any "
                              f"mnistgui checkpoint ({MAX_CHECKPOINT_BYTES // 2**20} MB at most)")
    try:
        with open(p, "rb") as fh:
            data = fh.read(MAX_CHECKPOINT_BYTES + 1)
    except OSError as exc:
        raise CheckpointError(f"{p}: cannot read it ({exc.strerror or exc})") from None
    return checkpoint_from_bytes(data, str(p))


def _clip(text: str, n: int) -> str:
    """``text`` cut to at most ``n`` characters at a word's end, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0] if " " in text[: n - 1] else text[: n - 1]
    return cut.rstrip(" ,;:") + "…"


def _check_archive(data: bytes, where: str) -> None:
    """The file is a zip (torch's format since 1.6, the only one mnistgui writes) whose members
    unpack to no more than :data:`MAX_CHECKPOINT_BYTES` (torch allocates what they claim)."""
    if len(data) > MAX_CHECKPOINT_BYTES:
        raise CheckpointError(f"{where}: the file is larger than any mnistgui checkpoint "
                              f"({MAX_CHECKPOINT_BYTES // 2**20} MB at most)")
    if not data.startswith(b"PK\x03\x04"):
        raise CheckpointError(f"{where}: not a mnistgui checkpoint (not a PyTorch zip file); "
                              "open a .pt file saved by mnistgui")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise CheckpointError(f"{where}: the file is truncated or corrupt ({_clip(str(exc) or type(exc).__name__, 100)}); "
                              "restore it from a copy or train the model again") from None
    if total > MAX_CHECKPOINT_BYTES:
        raise CheckpointError(f"{where}: refused: the file unpacks to {total / 2**20:,.0f} MB, more than any "
                              f"mnistgui checkpoint holds ({MAX_CHECKPOINT_BYTES // 2**20} MB at most)")


def checkpoint_from_bytes(data: bytes, where: str = "checkpoint") -> Checkpoint:
    if len(data) == 0:
        raise CheckpointError(f"{where}: the file is empty")
    _check_archive(data, where)
    try:
        obj = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        msg = str(exc)
        if "Unsupported global" in msg or "GLOBAL" in msg or "Unsupported operand" in msg:
            raise CheckpointError(
                f"{where}: refused: the file holds Python objects other than plain data and "
                "weights (it could run code when loaded), so it is not a mnistgui checkpoint"
            ) from None
        raise CheckpointError(f"{where}: the file is corrupt (not a readable checkpoint)") from None
    except (zipfile.BadZipFile, EOFError, RuntimeError, ValueError, OSError, IndexError, KeyError,
            MemoryError, OverflowError, TypeError, AttributeError, RecursionError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "zip" in first.lower() or "central directory" in first or isinstance(exc, EOFError):
            raise CheckpointError(
                f"{where}: the file is truncated or corrupt ({_clip(first, 120)}); "
                "restore it from a copy or train the model again"
            ) from None
        raise CheckpointError(
            f"{where}: the file is damaged or truncated, not a readable checkpoint ({_clip(first, 80)}); "
            "restore it from a copy or train the model again"
        ) from None
    return checkpoint_from_obj(obj, where)


def _check_plain(value: Any, what: str, budget: list[int], depth: int = 0) -> None:
    """``value`` is plain data (None, bools, numbers, strings, lists and str-keyed dicts of
    them), nested at most :data:`MAX_PLAIN_DEPTH` deep, with :data:`MAX_PLAIN_ITEMS` values in all
    (``budget`` counts them down across sections)."""
    if depth > MAX_PLAIN_DEPTH:
        raise CheckpointError(f"the {what} section is nested too deeply")
    budget[0] -= 1
    if budget[0] < 0:
        raise CheckpointError(f"the {what} section holds too many values")
    if value is None or isinstance(value, (bool, int, float, str)):
        return
    if isinstance(value, (list, tuple)):
        for v in value:
            _check_plain(v, what, budget, depth + 1)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, (str, int)):
                raise CheckpointError(f"the {what} section has a key that is not a name")
            _check_plain(v, what, budget, depth + 1)
        return
    kind = "a tensor" if isinstance(value, torch.Tensor) else type(value).__name__
    raise CheckpointError(f"the {what} section holds {kind}, where only plain data belongs")


def _check_weights(sd: Any, cfg: ModelConfig, digest: Any) -> None:
    """The weights have exactly the entries, shapes and dtypes of ``cfg``'s network, match their
    digest where one was stored, and are all finite."""
    if not isinstance(sd, dict) or not all(isinstance(k, str) and isinstance(v, torch.Tensor)
                                           for k, v in sd.items()):
        raise CheckpointError("the weights section is damaged")
    expected = state_shapes(cfg)
    missing = sorted(set(expected) - set(sd))
    extra = sorted(set(sd) - set(expected))
    if missing or extra:
        what = (f"missing {', '.join(missing[:3])}" if missing else f"unexpected {', '.join(extra[:3])}")
        raise CheckpointError(f"the weights do not fit the {cfg.arch!r} architecture recorded in "
                              f"the checkpoint ({what})")
    for k, (shape, dtype) in expected.items():
        t = sd[k]
        if tuple(t.shape) != shape or t.dtype != dtype or t.layout != torch.strided or t.is_sparse:
            raise CheckpointError(
                f"the weights do not fit the {cfg.arch!r} architecture recorded in the checkpoint "
                f"({k} is {tuple(t.shape)} {t.dtype}, expected {shape} {dtype})")
    if digest is not None:
        if not isinstance(digest, str) or digest != weights_digest(sd):
            raise CheckpointError("the weights are damaged: they do not match the checksum stored "
                                  "with them; restore the file from a copy or train the model again")
    for k, t in sd.items():
        if t.is_floating_point() and not bool(torch.isfinite(t).all()):
            raise CheckpointError(f"the weights hold numbers that are not finite ({k}): the model "
                                  "is broken; restore it from a copy or train it again")


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
    try:
        return _checked(obj, where)
    except CheckpointError as exc:
        raise CheckpointError(f"{where}: {exc}") from None


def _checked(obj: dict, where: str) -> Checkpoint:
    for key in ("model_config", "state_dict"):
        if key not in obj:
            raise CheckpointError(f"the checkpoint has no {key!r} section; it is damaged")
    if not isinstance(obj["model_config"], dict):
        raise CheckpointError("the model description is damaged")
    cfg = ModelConfig.from_dict(obj["model_config"])  # checked, sized on the meta device
    try:
        pre = PreprocessConfig.from_dict(obj.get("preprocess") or {})
    except (TypeError, ValueError) as exc:
        raise CheckpointError(f"the preprocessing section is damaged ({exc})") from None
    if pre.size != cfg.input_size:
        raise CheckpointError(f"the preprocessing section is damaged (it makes {pre.size}x{pre.size} "
                              f"inputs for a network that reads {cfg.input_size}x{cfg.input_size})")
    names = obj.get("class_names") or list(CLASS_NAMES)
    if (not isinstance(names, (list, tuple)) or len(names) != cfg.num_classes
            or not all(isinstance(n, str) and len(n) <= 100 for n in names)):
        raise CheckpointError(f"the class names are damaged (expected {cfg.num_classes} names)")
    budget = [MAX_PLAIN_ITEMS]
    sections = {}
    for key in _PLAIN_SECTIONS:
        value = obj.get(key) or {}
        if not isinstance(value, dict):
            raise CheckpointError(f"the {key} section is damaged (not a mapping)")
        _check_plain(value, key, budget)
        sections[key] = dict(value)
    name = obj.get("name") or ""
    if not isinstance(name, str) or len(name) > 1000:
        raise CheckpointError("the model's name is damaged")
    trainer_state = obj.get("trainer_state")
    if trainer_state is not None and not isinstance(trainer_state, dict):
        raise CheckpointError("the training state is damaged (not a mapping)")
    try:
        from mnistgui.core.calibration import Calibration

        Calibration.from_dict(sections["calibration"])
    except (TypeError, ValueError) as exc:
        raise CheckpointError(f"the calibration section is damaged ({exc})") from None
    sd = obj["state_dict"]
    _check_weights(sd, cfg, obj.get("weights_sha256"))
    ckpt = Checkpoint(
        model_config=cfg,
        state_dict=sd,
        preprocess=pre,
        class_names=list(names),
        history=sections["history"],
        metrics=sections["metrics"],
        provenance=sections["provenance"],
        trainer_state=trainer_state,
        name=name,
        calibration=sections["calibration"],
    )
    ckpt.build_model()  # proves the weights load into the network
    return ckpt
