import pytest
import torch

from mnistgui.core.model import ARCHITECTURES, DigitCNN, ModelConfig, build_model, count_parameters
from mnistgui.core.errors import CheckpointError


@pytest.mark.parametrize("arch", ARCHITECTURES)
def test_every_architecture_maps_a_batch_to_ten_logits(arch):
    m = build_model(ModelConfig(arch=arch)).eval()
    out = m(torch.randn(5, 1, 28, 28))
    assert out.shape == (5, 10)
    assert torch.isfinite(out).all()


def test_classic_design_flatten_size_is_inferred_as_64x5x5():
    m = build_model(ModelConfig(arch="classic"))
    assert m.flatten_size == 64 * 5 * 5
    convs = m.conv_layers()
    assert [(c.in_channels, c.out_channels, c.kernel_size) for c in convs.values()] == [
        (1, 32, (3, 3)),
        (32, 64, (3, 3)),
    ]
    assert m.classifier.fc1.out_features == 128 and m.classifier.fc2.out_features == 10


def test_flatten_size_follows_the_channels():
    m = build_model(ModelConfig(arch="standard", channels=(8, 16)))
    assert m.flatten_size == 16 * 5 * 5
    assert m(torch.zeros(2, 1, 28, 28)).shape == (2, 10)


def test_default_is_the_stronger_architecture_with_batch_norm_and_dropout():
    m = build_model()
    kinds = {type(x).__name__ for x in m.modules()}
    assert m.config.arch == "standard"
    assert {"BatchNorm2d", "Dropout"} <= kinds
    assert count_parameters(m) < 1_000_000


def test_forward_with_activations_returns_every_layer_in_order():
    m = build_model(ModelConfig(arch="standard")).eval()
    x = torch.randn(1, 1, 28, 28)
    logits, acts = m.forward_with_activations(x)
    assert torch.allclose(logits, m(x), atol=1e-6)
    names = list(acts)
    assert names[:4] == ["conv1", "pool1", "bn1", "relu1"]
    assert names[-1] == "fc2"
    assert acts["conv1"].shape == (1, 32, 26, 26)
    assert acts["pool2"].shape == (1, 64, 5, 5)
    assert acts["fc1"].shape == (1, 128)
    assert not any(n.startswith("drop") for n in names)


def test_model_output_is_logits_not_log_probabilities():
    # summing exp over classes must not give 1 for arbitrary weights: cross_entropy gets raw logits
    m = build_model(ModelConfig(arch="classic")).eval()
    s = m(torch.randn(3, 1, 28, 28)).exp().sum(1)
    assert not torch.allclose(s, torch.ones(3), atol=1e-3)


def test_config_round_trip_and_refusals():
    c = ModelConfig(arch="wide", dropout=0.1)
    assert ModelConfig.from_dict(c.to_dict()) == c
    with pytest.raises(ValueError, match="unknown architecture"):
        ModelConfig(arch="resnet9000")
    with pytest.raises(CheckpointError, match="unknown fields"):
        ModelConfig.from_dict({"arch": "classic", "colour": "red"})
    with pytest.raises(ValueError, match="dropout"):
        ModelConfig(dropout=1.5)
    assert isinstance(DigitCNN(), DigitCNN)
