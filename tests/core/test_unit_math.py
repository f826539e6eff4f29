"""The convolution worked out for one unit equals what the network computes there."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mnistgui.core.model import ModelConfig, build_model
from mnistgui.core.predict import Predictor, shipped_model_path
from mnistgui.core.preprocess import PreprocessConfig, to_model_input
from mnistgui.core.unit_math import UnitError, work_out_unit


def _digit() -> np.ndarray:
    img = np.zeros((28, 28), np.float32)
    img[5:23, 12:16] = 1.0  # a thick "1"
    img[5:8, 9:13] = 0.6
    return img


def _model(arch: str) -> torch.nn.Module:
    torch.manual_seed(3)
    m = build_model(ModelConfig(arch=arch))
    g = torch.Generator().manual_seed(4)
    for mod in m.modules():  # batch norm with figures of its own, not the identity it starts as
        if isinstance(mod, torch.nn.BatchNorm2d):
            mod.running_mean.copy_(torch.randn(mod.num_features, generator=g) * 0.3)
            mod.running_var.copy_(torch.rand(mod.num_features, generator=g) + 0.5)
            mod.weight.data.copy_(torch.randn(mod.num_features, generator=g))
            mod.bias.data.copy_(torch.randn(mod.num_features, generator=g) * 0.2)
    return m.eval()


@pytest.fixture(scope="module")
def shipped():
    return Predictor.load(shipped_model_path())


def test_a_conv1_unit_of_the_shipped_model_is_its_patch_times_its_kernel(shipped):
    model, pre = shipped.model, shipped.preprocess
    img = _digit()
    w = work_out_unit(model, img, pre, "conv1", 5, 10, 11)
    c = w.conv
    x = to_model_input(img[None], pre)[0, 0].numpy()
    np.testing.assert_allclose(c.patch[0], x[10:13, 11:14], rtol=0, atol=1e-6)  # the normalised input
    np.testing.assert_allclose(c.kernel, model.features.conv1.weight[5].detach().numpy(), atol=0)
    np.testing.assert_allclose(c.products, c.patch * c.kernel)
    assert c.bias is None  # the default architecture's convolutions have none (batch norm follows)
    assert w.steps == ()
    with torch.inference_mode():
        out = model.features.conv1(to_model_input(img[None], pre))[0, 5, 10, 11].item()
    assert w.value == pytest.approx(out, abs=1e-5) and w.actual == pytest.approx(out, abs=1e-6)


@pytest.mark.parametrize("layer", ["pool1", "bn1", "relu1", "conv2", "pool2", "bn2", "relu2"])
def test_every_later_unit_of_the_shipped_model_equals_the_layers_output(shipped, layer):
    model, pre = shipped.model, shipped.preprocess
    img = _digit()
    rng = np.random.default_rng(0)
    with torch.inference_mode():
        _l, acts = model.forward_with_activations(to_model_input(img[None], pre))
    c, h, wd = acts[layer][0].shape
    for _ in range(6):
        k, y, x = int(rng.integers(c)), int(rng.integers(h)), int(rng.integers(wd))
        w = work_out_unit(model, img, pre, layer, k, y, x)
        assert w.value == pytest.approx(float(acts[layer][0, k, y, x]), abs=1e-4)
        assert w.actual == pytest.approx(float(acts[layer][0, k, y, x]), abs=1e-6)
        assert (w.steps[-1].layer if w.steps else w.conv.layer) == layer


def test_a_relu_unit_after_pooling_shows_batch_norm_as_a_step(shipped):
    model, pre = shipped.model, shipped.preprocess
    w = work_out_unit(model, _digit(), pre, "relu1", 3, 6, 6)
    kinds = [s.kind for s in w.steps]
    assert kinds == ["pool", "norm", "relu"]
    pool, norm, relu = w.steps
    # the conv unit is the largest of the 2x2 window the pooled unit covers
    assert (w.conv.y // 2, w.conv.x // 2) == (6, 6)
    assert pool.value == pytest.approx(pool.window.max()) and pool.value == pytest.approx(w.conv.value)
    bn = model.features.bn1
    expect = ((pool.value - float(bn.running_mean[3])) / np.sqrt(float(bn.running_var[3]) + bn.eps)
              * float(bn.weight[3].detach()) + float(bn.bias[3].detach()))
    assert norm.value == pytest.approx(expect, abs=1e-6)
    assert relu.value == max(0.0, norm.value)


def test_conv2_sums_over_every_input_channel(shipped):
    model, pre = shipped.model, shipped.preprocess
    w = work_out_unit(model, _digit(), pre, "conv2", 7, 4, 4)
    assert w.conv.patch.shape == (32, 3, 3) and w.conv.input_name == "relu1"
    assert w.conv.channel_sums.sum() == pytest.approx(w.conv.total)
    top = w.conv.strongest_channels(3)
    assert abs(w.conv.channel_sums[top[0]]) == pytest.approx(np.abs(w.conv.channel_sums).max())


@pytest.mark.parametrize("arch, layer", [("classic", "relu1"), ("classic", "pool2"), ("wide", "relu1"),
                                         ("wide", "bn4"), ("wide", "relu4"), ("standard", "relu2")])
def test_other_architectures_work_out_too(arch, layer):
    model = _model(arch)
    img = _digit()
    pre = PreprocessConfig()
    with torch.inference_mode():
        _l, acts = model.forward_with_activations(to_model_input(img[None], pre))
    c, h, wd = acts[layer][0].shape
    rng = np.random.default_rng(1)
    for _ in range(8):
        k, y, x = int(rng.integers(c)), int(rng.integers(h)), int(rng.integers(wd))
        w = work_out_unit(model, img, pre, layer, k, y, x)
        assert w.value == pytest.approx(float(acts[layer][0, k, y, x]), abs=1e-4), (k, y, x)


def test_padding_reads_as_zeros_at_the_edge():
    model = _model("wide")  # its convolutions pad by one
    w = work_out_unit(model, _digit(), PreprocessConfig(), "conv1", 0, 0, 0)
    assert w.conv.origin == (-1, -1)
    assert np.all(w.conv.patch[0, 0, :] == 0) and np.all(w.conv.patch[0, :, 0] == 0)
    assert w.value == pytest.approx(w.actual, abs=1e-5)


def test_classic_convolutions_add_their_bias():
    model = _model("classic")
    w = work_out_unit(model, _digit(), PreprocessConfig(), "conv1", 2, 3, 4)
    assert w.conv.bias == pytest.approx(float(model.features.conv1.bias[2].detach()))
    assert w.conv.value == pytest.approx(w.conv.total + w.conv.bias)


def test_units_that_cannot_be_worked_out_say_why():
    model = _model("standard")
    pre = PreprocessConfig()
    with pytest.raises(UnitError, match="not a layer of feature maps"):
        work_out_unit(model, _digit(), pre, "fc1", 0, 0, 0)
    with pytest.raises(UnitError, match="outside"):
        work_out_unit(model, _digit(), pre, "conv1", 0, 26, 0)
    model.train()
    with pytest.raises(UnitError, match="training"):
        work_out_unit(model, _digit(), pre, "conv1", 0, 0, 0)
