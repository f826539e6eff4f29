"""The model summary against figures worked out by hand for the default architecture."""

from __future__ import annotations

import pytest

from mnistgui.core.model import ModelConfig, build_model, count_parameters
from mnistgui.core.summary import summarize


def test_the_default_architecture_matches_hand_computed_figures():
    s = summarize(build_model(ModelConfig()))
    rows = {layer.name: (layer.output_shape, layer.parameters, layer.mult_adds) for layer in s.layers}
    # conv1: 32 kernels of 3x3 over 1 channel, no bias; 26x26 outputs, 9 multiply-adds each
    assert rows["conv1"] == ((32, 26, 26), 32 * 9, 32 * 26 * 26 * 9)
    assert rows["pool1"] == ((32, 13, 13), 0, 0)
    # batch norm: gamma and beta per channel; one multiply-add per value
    assert rows["bn1"] == ((32, 13, 13), 2 * 32, 32 * 13 * 13)
    assert rows["relu1"] == ((32, 13, 13), 0, 0)
    assert rows["conv2"] == ((64, 11, 11), 64 * 32 * 9, 64 * 11 * 11 * 32 * 9)
    assert rows["pool2"] == ((64, 5, 5), 0, 0)
    assert rows["bn2"] == ((64, 5, 5), 2 * 64, 64 * 5 * 5)
    assert rows["flatten"] == ((1600,), 0, 0)
    assert rows["fc1"] == ((128,), 1600 * 128 + 128, 1600 * 128)
    assert rows["fc2"] == ((10,), 128 * 10 + 10, 128 * 10)
    assert s.parameters == 225_130
    assert s.mult_adds == 194_688 + 5_408 + 2_230_272 + 1_600 + 204_800 + 1_280
    assert [layer.name for layer in s.layers][:4] == ["conv1", "pool1", "bn1", "relu1"]
    assert s.input_shape == (1, 28, 28)


@pytest.mark.parametrize("arch", ["standard", "classic", "wide"])
def test_every_architecture_sums_to_its_parameter_count(arch):
    model = build_model(ModelConfig(arch=arch))
    model.train()
    s = summarize(model)
    assert s.parameters == count_parameters(model) == s.trainable
    assert model.training  # the mode it was in is given back
    assert s.layers[-1].output_shape == (10,)


def test_the_classic_convolutions_have_biases_and_frozen_weights_are_not_trainable():
    model = build_model(ModelConfig(arch="classic"))
    model.features.conv1.weight.requires_grad_(False)
    s = summarize(model)
    conv1 = s.layers[0]
    assert conv1.parameters == 32 * 9 + 32 and conv1.trainable == 32
    assert s.trainable == s.parameters - 32 * 9


def test_the_text_table_lists_every_layer_and_the_total():
    s = summarize(build_model(ModelConfig()))
    text = s.as_text().splitlines()
    assert len(text) == len(s.layers) + 3
    assert text[-1].split()[0] == "total" and "225,130" in text[-1]
    assert "32×26×26" in text[2]

