"""Exporting a model for use outside mnistgui: ONNX or TorchScript, float or int8.

An exported model is the checkpoint's network with its calibration on top: it takes a batch of
normalised 28x28 images, ``(N, 1, 28, 28)`` float32, and returns two outputs, the ``logits`` and
the calibrated ``probabilities`` (softmax of the logits over the checkpoint's temperature), the
probabilities every reader in mnistgui shows. Beside the model file goes ``<file>.json``: the
preprocessing the model expects (the checkpoint's :class:`PreprocessConfig`, the mean and std
to normalise with, the input's shape and layout), its outputs, class names and calibration, so
another program can feed it correctly.

int8 is post-training static quantisation, weights per channel and activations calibrated on
MNIST training images: for ONNX by ONNX Runtime's quantiser (QDQ format, run by ONNX Runtime's
int8 kernels), for TorchScript by torch's FX graph mode quantisation (the x86 backend). Both
quantise the convolutions as well as the fully connected layers, where dynamic quantisation
would leave the convolutions, most of the work, in float.

Every file is written beside its target and moved into place when complete.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np
import torch
from torch import nn

from mnistgui import __version__
from mnistgui.core.calibration import Calibration
from mnistgui.core.checkpoint import Checkpoint, weights_digest
from mnistgui.core.errors import MnistguiError
from mnistgui.core.io import atomic_write_text
from mnistgui.core.preprocess import to_model_input

FORMATS = ("onnx", "torchscript")
SUFFIXES = {"onnx": ".onnx", "torchscript": ".pt"}
INPUT_NAME = "input"
OUTPUT_NAMES = ("logits", "probabilities")
#: MNIST training images the int8 versions are calibrated on.
CALIBRATION_IMAGES = 1000
ONNX_OPSET = 18


class ExportError(MnistguiError):
    """A model cannot be exported as asked (a missing package, an unknown format)."""


@dataclass(frozen=True)
class ExportResult:
    path: Path  # the model file
    spec_path: Path  # the JSON beside it
    format: str
    int8: bool
    size_bytes: int


class CalibratedNet(nn.Module):
    """The network, then its calibration: ``x -> (logits, softmax(logits / T))``."""

    def __init__(self, net: nn.Module, temperature: float) -> None:
        super().__init__()
        self.net = net
        self.temperature = float(temperature)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        logits = self.net(x)
        return logits, torch.softmax(logits / self.temperature, dim=1)


def spec_path(model_path: str | os.PathLike) -> Path:
    """Where the preprocessing JSON of an exported model goes: ``<model file>.json``."""
    p = Path(model_path)
    return p.with_name(p.name + ".json")


def _calibration(ckpt: Checkpoint) -> Calibration:
    try:
        return Calibration.from_dict(ckpt.calibration)
    except (TypeError, ValueError) as exc:
        raise ExportError(f"the checkpoint's calibration section is damaged ({exc})") from None


def calibrated_net(ckpt: Checkpoint) -> CalibratedNet:
    """The checkpoint's network with its calibration, on the CPU, in eval mode."""
    return CalibratedNet(ckpt.build_model().cpu().eval(), _calibration(ckpt).temperature).eval()


def calibration_batch(ckpt: Checkpoint, train_images: "np.ndarray | torch.Tensor",
                      count: int = CALIBRATION_IMAGES, seed: int = 0) -> torch.Tensor:
    """``count`` MNIST training images (uint8, (N, 28, 28)) picked at random, as model inputs."""
    images = torch.as_tensor(train_images)
    if images.ndim != 3 or images.shape[0] == 0:
        raise ExportError("int8 calibration needs MNIST training images (N x 28 x 28)")
    g = torch.Generator().manual_seed(seed)
    pick = torch.randperm(images.shape[0], generator=g)[: min(count, images.shape[0])]
    return to_model_input(images[pick].float() / 255.0, ckpt.preprocess)


def preprocessing_spec(ckpt: Checkpoint, fmt: str, int8: bool, model_file: str,
                       calibration_count: int = 0) -> dict:
    """What a program needs to feed the exported model and read its outputs."""
    pre = ckpt.preprocess
    cal = _calibration(ckpt)
    size = ckpt.model_config.input_size
    spec = {
        "format": fmt,
        "model_file": model_file,
        "int8": int8,
        "input": {
            "name": INPUT_NAME,
            "shape": ["N", 1, size, size],
            "dtype": "float32",
            "layout": "NCHW",
            "value": "(grey - mean) / std, where grey is 0 for the background and 1 for ink "
                     "(a light digit on a dark field, as in MNIST)",
            "mean": pre.mean,
            "std": pre.std,
        },
        "outputs": [
            {"name": OUTPUT_NAMES[0], "shape": ["N", len(ckpt.class_names)], "dtype": "float32",
             "value": "the network's logits"},
            {"name": OUTPUT_NAMES[1], "shape": ["N", len(ckpt.class_names)], "dtype": "float32",
             "value": "calibrated probabilities: softmax(logits / temperature)"},
        ],
        "class_names": list(ckpt.class_names),
        "calibration": {"temperature": cal.temperature, "unsure_below": cal.unsure_below,
                        "rule": "a reading is unsure when its top probability is below unsure_below"},
        "preprocess": pre.to_dict(),
        "preprocess_steps": (
            f"the digit's bounding box (ink above {pre.ink_threshold:g}) fitted into {pre.box}x{pre.box} "
            f"keeping its aspect ratio, anti-aliased, placed in {pre.size}x{pre.size} by its "
            f"{'centre of mass' if pre.center == 'mass' else 'box centre'}"
            + (f"; stroke width brought to {pre.target_stroke_width:g} pixels" if pre.normalize_thickness else "")
            + "; mnistgui.core.preprocess implements it"
        ),
        "model": {"name": ckpt.name, "config": ckpt.model_config.to_dict(),
                  "weights_sha256": weights_digest(ckpt.state_dict),
                  "test_accuracy": ckpt.metrics.get("test_accuracy")},
        "exported_by": f"mnistgui {__version__}, torch {torch.__version__}",
    }
    if fmt == "onnx":
        spec["opset"] = ONNX_OPSET
    if int8:
        spec["quantization"] = {
            "kind": "post-training static, int8 weights per channel, activations calibrated",
            "calibration": f"{calibration_count} MNIST training images",
            "by": "onnxruntime.quantization (QDQ)" if fmt == "onnx" else "torch.ao FX graph mode (x86)",
        }
    return spec


@contextmanager
def _temp_beside(target: Path, suffix: str) -> Iterator[Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _onnx(net: CalibratedNet, path: Path, example: torch.Tensor) -> None:
    try:
        import onnx  # noqa: F401 - the exporter needs onnx and onnxscript
        import onnxscript  # noqa: F401
    except ImportError:
        raise ExportError("ONNX export needs the onnx and onnxscript packages: "
                          "pip install 'mnistgui[export]'") from None
    batch = torch.export.Dim("batch", min=1, max=1 << 16)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on its own internals
        program = torch.onnx.export(net, (example,), dynamo=True, opset_version=ONNX_OPSET,
                                    input_names=[INPUT_NAME], output_names=list(OUTPUT_NAMES),
                                    dynamic_shapes=({0: batch},), verbose=False)
    program.save(str(path))


def _onnx_int8(fp32: Path, out: Path, calibration: torch.Tensor) -> None:
    try:
        from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType,
                                              quantize_static)
        from onnxruntime.quantization.shape_inference import quant_pre_process
    except ImportError:
        raise ExportError("int8 ONNX export needs onnxruntime: pip install 'mnistgui[export]'") from None

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.batches = iter(calibration.split(100))

        def get_next(self):
            b = next(self.batches, None)
            return None if b is None else {INPUT_NAME: b.numpy()}

    with _temp_beside(out, ".pre.onnx") as pre:
        quant_pre_process(str(fp32), str(pre), skip_symbolic_shape=True)
        quantize_static(str(pre), str(out), Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                        activation_type=QuantType.QInt8, weight_type=QuantType.QInt8,
                        op_types_to_quantize=["Conv", "MatMul", "Gemm", "Relu", "MaxPool"])


def _torchscript_int8(net: CalibratedNet, calibration: torch.Tensor) -> CalibratedNet:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's deprecation notes; it is what quantises convs for the CPU
        from torch.ao.quantization import get_default_qconfig_mapping
        from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

        torch.backends.quantized.engine = "x86"
        prepared = prepare_fx(net.net, get_default_qconfig_mapping("x86"), (calibration[:1],))
        with torch.inference_mode():
            for b in calibration.split(100):
                prepared(b)
        return CalibratedNet(convert_fx(prepared), net.temperature).eval()


def export_model(ckpt: Checkpoint, fmt: str, out: str | os.PathLike, *, int8: bool = False,
                 train_images: "np.ndarray | torch.Tensor | None" = None) -> ExportResult:
    """Write ``ckpt``'s model to ``out`` as ``fmt`` (``"onnx"`` or ``"torchscript"``), int8 if
    asked (calibrated on ``train_images``, MNIST's training images), and its preprocessing JSON
    beside it (:func:`spec_path`)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if int8 and train_images is None:
        raise ExportError("an int8 export is calibrated on MNIST training images: give the MNIST folder")
    out = Path(out)
    net = calibrated_net(ckpt)
    size = ckpt.model_config.input_size
    example = torch.zeros(2, 1, size, size)
    calibration = calibration_batch(ckpt, train_images) if int8 else None
    with _temp_beside(out, SUFFIXES[fmt]) as tmp:
        if fmt == "onnx":
            if int8:
                with _temp_beside(out, ".fp32.onnx") as fp32:
                    _onnx(net, fp32, example)
                    _onnx_int8(fp32, tmp, calibration)
            else:
                _onnx(net, tmp, example)
        else:
            model = _torchscript_int8(net, calibration) if int8 else net
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # torch.jit's notes that torch.export is its successor
                traced = torch.jit.trace(model, example)
                torch.jit.save(traced, str(tmp))
        os.replace(tmp, out)
    spec = preprocessing_spec(ckpt, fmt, int8, out.name, 0 if calibration is None else len(calibration))
    sp = spec_path(out)
    atomic_write_text(sp, json.dumps(spec, indent=2) + "\n")
    return ExportResult(out, sp, fmt, int8, out.stat().st_size)


def export_job(ckpt: Checkpoint, fmt: str, out: str | os.PathLike, *, int8: bool = False,
               mnist_dir: str | os.PathLike | None = None, progress=None, cancelled=None) -> ExportResult:
    """Export as the CLI and the app do: for int8, MNIST's training images are read from
    ``mnist_dir`` first. (``progress`` and ``cancelled`` are a worker's; an export is short and
    runs to its end.)"""
    train_images = None
    if int8:
        if mnist_dir is None:
            raise ExportError("an int8 export is calibrated on MNIST training images: give the MNIST folder")
        from mnistgui.core.data import load_mnist

        train_images = load_mnist(mnist_dir, limit_test=1).train_images
    return export_model(ckpt, fmt, out, int8=int8, train_images=train_images)


def load_exported(path: str | os.PathLike):
    """A function ``(N, 1, 28, 28) float32 array -> (N, 10) probabilities`` over an exported
    file (ONNX through ONNX Runtime on the CPU, TorchScript through ``torch.jit.load``)."""
    p = Path(path)
    if p.suffix == ".onnx":
        try:
            import onnxruntime as ort
        except ImportError:
            raise ExportError("reading an ONNX model needs onnxruntime: pip install 'mnistgui[export]'") from None
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = torch.get_num_threads()
        session = ort.InferenceSession(str(p), opts, providers=["CPUExecutionProvider"])

        def run_onnx(x: np.ndarray) -> np.ndarray:
            return session.run([OUTPUT_NAMES[1]], {INPUT_NAME: np.ascontiguousarray(x, np.float32)})[0]

        return run_onnx
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module = torch.jit.load(str(p), map_location="cpu").eval()

    def run_torchscript(x: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return module(torch.from_numpy(np.ascontiguousarray(x, np.float32)))[1].numpy()

    return run_torchscript
