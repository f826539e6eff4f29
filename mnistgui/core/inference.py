"""A model's eval-mode forward pass with less overhead per layer, for reading one drawing live.

A small CNN on one 28x28 image spends more time in the bookkeeping around each layer than in its
arithmetic. :class:`FastForward` runs the same layers as the model's own ``forward`` in eval mode,
with the same parameter tensors, but as a flat list of tensor operations: dropout (a no-op in eval
mode) is left out, each batch norm is one multiply-add with its running statistics folded into a
scale and a shift, and ReLUs work in place. The result equals ``model(x)`` to float rounding
(tests/core/test_inference.py).

The folded batch norms are recomputed whenever one of their tensors changes (every tensor counts
its in-place updates, which is how ``load_state_dict`` writes new weights), so a plan never reads
with stale weights. Forward hooks on the model are not run; layers of a kind not listed below are
called as modules.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class _FoldedNorm:
    """An eval-mode ``BatchNorm2d`` as ``x * scale + shift``, refolded when its tensors change."""

    def __init__(self, bn: nn.BatchNorm2d) -> None:
        self.bn = bn
        self.version: tuple[int, ...] | None = None
        self.scale = self.shift = None

    def _tensors(self):
        bn = self.bn
        return (bn.weight, bn.bias, bn.running_mean, bn.running_var)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        version = tuple(t._version for t in self._tensors())
        if version != self.version:
            with torch.no_grad():
                w, b, mean, var = (t.detach() for t in self._tensors())
                scale = w / torch.sqrt(var + self.bn.eps)
                self.scale = scale.view(1, -1, 1, 1).clone()
                self.shift = (b - mean * scale).view(1, -1, 1, 1).clone()
            self.version = version
        return torch.addcmul(self.shift, x, self.scale)


def _step(module: nn.Module):
    """One layer as a function of its input, or None when it does nothing in eval mode."""
    m = module
    if isinstance(m, nn.Dropout):
        return None
    if isinstance(m, nn.Conv2d) and m.padding_mode == "zeros" and not isinstance(m.padding, str):
        return lambda x: F.conv2d(x, m.weight, m.bias, m.stride, m.padding, m.dilation, m.groups)
    if isinstance(m, nn.MaxPool2d) and not m.return_indices:
        return lambda x: F.max_pool2d(x, m.kernel_size, m.stride, m.padding, m.dilation, m.ceil_mode)
    if (isinstance(m, nn.BatchNorm2d) and m.affine and m.track_running_stats
            and m.running_mean is not None and m.running_var is not None):
        return _FoldedNorm(m)
    if isinstance(m, nn.ReLU):
        return torch.relu_  # never the first step: it works on a layer's own output
    if isinstance(m, nn.Flatten):
        return lambda x: x.flatten(m.start_dim, m.end_dim)
    if isinstance(m, nn.Linear):
        return lambda x: F.linear(x, m.weight, m.bias)
    return m


def _layers(model: nn.Module) -> list[nn.Module]:
    if isinstance(model, nn.Sequential):
        return [leaf for child in model for leaf in _layers(child)]
    return [model]


class FastForward:
    """``model(x)`` in eval mode, for a model made of ``features`` and ``classifier`` sequences
    (every :class:`~mnistgui.core.model.DigitCNN`). Call it under ``torch.inference_mode()``."""

    def __init__(self, model: nn.Module) -> None:
        layers = _layers(model.features) + _layers(model.classifier)
        steps = [s for s in (_step(m) for m in layers) if s is not None]
        if steps and steps[0] is torch.relu_:
            steps[0] = torch.relu  # the caller's tensor is never changed
        self.steps = steps

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        for step in self.steps:
            x = step(x)
        return x
