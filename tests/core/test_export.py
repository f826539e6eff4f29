"""Exported models read as the app does: ONNX through ONNX Runtime, TorchScript through
torch.jit.load, compared with the PyTorch model on MNIST test images; int8 versions measured."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mnistgui.cli import main
from mnistgui.core.checkpoint import load_checkpoint
from mnistgui.core.data import load_mnist
from mnistgui.core.errors import MnistguiError
from mnistgui.core.export import export_model, load_exported, spec_path
from mnistgui.core.predict import Predictor
from mnistgui.core.preprocess import PreprocessConfig, to_model_input
from mnistgui.core.resources import shipped_model_path


@pytest.fixture(scope="module")
def mnist(mnist_dir):
    return load_mnist(mnist_dir)


@pytest.fixture(scope="module")
def shipped():
    return load_checkpoint(shipped_model_path())


@pytest.fixture(scope="module")
def reference(shipped, mnist):
    """1,000 MNIST test images as model inputs, and the app's own reading of them."""
    images = mnist.test_images[:1000].numpy() / 255.0
    return to_model_input(images, shipped.preprocess).numpy(), Predictor.from_checkpoint(shipped).probabilities(images)


@pytest.fixture(scope="module")
def exported(shipped, tmp_path_factory):
    where = tmp_path_factory.mktemp("export")
    onnx = export_model(shipped, "onnx", where / "digits.onnx").path
    ts = where / "digits.pt"
    assert main(["export", "--format", "torchscript", "--out", str(ts)]) == 0  # the shipped model by default
    return {"onnx": onnx, "torchscript": ts}


@pytest.mark.parametrize("fmt", ["onnx", "torchscript"])
def test_an_export_reads_1000_digits_as_the_pytorch_model_does(exported, reference, fmt):
    x, probs = reference
    got = load_exported(exported[fmt])(x)
    assert got.shape == probs.shape
    assert np.abs(got - probs).max() < 1e-4
    assert (got.argmax(1) == probs.argmax(1)).all()


@pytest.mark.parametrize("fmt", ["onnx", "torchscript"])
def test_the_json_beside_an_export_is_enough_to_feed_it(exported, shipped, mnist, fmt):
    spec = json.loads(spec_path(exported[fmt]).read_text())
    assert spec["format"] == fmt and spec["model_file"] == exported[fmt].name and spec["int8"] is False
    assert PreprocessConfig.from_dict(spec["preprocess"]) == shipped.preprocess
    assert spec["class_names"] == shipped.class_names
    assert spec["calibration"]["temperature"] == pytest.approx(shipped.calibration["temperature"])
    assert spec["input"]["shape"] == ["N", 1, 28, 28] and [o["name"] for o in spec["outputs"]] == ["logits", "probabilities"]
    # a program that knows only the JSON: grey images in 0..1, normalised by its mean and std
    grey = mnist.test_images[:200].numpy().astype(np.float32) / 255.0
    x = ((grey - spec["input"]["mean"]) / spec["input"]["std"])[:, None]
    read = load_exported(exported[fmt])(x).argmax(1)
    assert (read == mnist.test_labels[:200].numpy()).mean() > 0.98


def test_a_trained_model_exports_its_own_calibration(shipped, reference, tmp_path):
    from dataclasses import replace

    ck = replace(shipped, calibration={**shipped.calibration, "temperature": 3.0}, name="warm")
    out = export_model(ck, "torchscript", tmp_path / "warm.pt").path
    x, probs = reference
    got = load_exported(out)(x[:50])
    assert np.abs(got - Predictor.from_checkpoint(ck).probabilities(x[:50, 0] * ck.preprocess.std + ck.preprocess.mean)).max() < 1e-4
    assert got.max(1).mean() < probs[:50].max(1).mean()  # a higher temperature: less sure
    assert json.loads(spec_path(out).read_text())["calibration"]["temperature"] == 3.0


@pytest.mark.parametrize("fmt", ["onnx", "torchscript"])
def test_int8_costs_under_a_fifth_of_a_point_on_mnist_test_and_a_third_of_the_size(shipped, mnist, exported, fmt, tmp_path):
    out = export_model(shipped, fmt, tmp_path / f"int8.{'onnx' if fmt == 'onnx' else 'pt'}", int8=True,
                       train_images=mnist.train_images)
    assert out.size_bytes < exported[fmt].stat().st_size / 3
    assert json.loads(out.spec_path.read_text())["quantization"]["calibration"] == "1000 MNIST training images"
    x = to_model_input(mnist.test_images.numpy() / 255.0, shipped.preprocess).numpy()
    labels = mnist.test_labels.numpy()
    fp32 = (load_exported(exported[fmt])(x).argmax(1) == labels).mean()
    int8 = (load_exported(out.path)(x).argmax(1) == labels).mean()
    assert fp32 - int8 < 0.002, (fp32, int8)


def test_an_export_that_cannot_be_made_leaves_nothing_behind(shipped, tmp_path, capsys):
    with pytest.raises(MnistguiError, match="MNIST training images"):
        export_model(shipped, "onnx", tmp_path / "m.onnx", int8=True)
    with pytest.raises(MnistguiError, match="unknown export format"):
        export_model(shipped, "tflite", tmp_path / "m.tflite")
    assert main(["export", "--format", "onnx", "--int8", "--data", str(tmp_path / "none"),
                 "--out", str(tmp_path / "m.onnx")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
