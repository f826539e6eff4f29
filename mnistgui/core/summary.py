"""A model's summary: each layer's output shape, parameter count and multiply-adds, and the total.

The shapes come from one forward pass of a blank input with a forward hook on every layer, so they
are the network's own, never worked out by hand. Multiply-adds count, for one image at inference:

- a convolution: one per kernel weight per output value (``out_values * in_channels/groups * kh * kw``);
- a fully connected layer: one per weight (``in_features * out_features``);
- batch norm: one per value (at inference it is a scale and a shift per channel);
- pooling, ReLU, dropout and flatten: none (comparisons or nothing; dropout is off when reading).

Biases are counted as parameters but not as multiply-adds (an addition alone).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from mnistgui.core.model import DigitCNN


@dataclass(frozen=True)
class LayerSummary:
    name: str  # "conv1", "fc2", ...
    kind: str  # "Conv2d 1→32, 3×3", "MaxPool2d 2×2", ...
    output_shape: tuple[int, ...]  # without the batch dimension
    parameters: int
    trainable: int
    mult_adds: int


@dataclass(frozen=True)
class ModelSummary:
    input_shape: tuple[int, ...]
    layers: tuple[LayerSummary, ...]

    @property
    def parameters(self) -> int:
        return sum(layer.parameters for layer in self.layers)

    @property
    def trainable(self) -> int:
        return sum(layer.trainable for layer in self.layers)

    @property
    def mult_adds(self) -> int:
        return sum(layer.mult_adds for layer in self.layers)

    def as_text(self) -> str:
        """The summary as a plain-text table (for the command line and the clipboard)."""
        rows = [("Layer", "Type", "Output shape", "Parameters", "Multiply-adds")]
        rows.append(("input", "", shape_text(self.input_shape), "", ""))
        for layer in self.layers:
            rows.append((layer.name, layer.kind, shape_text(layer.output_shape), f"{layer.parameters:,}",
                         f"{layer.mult_adds:,}"))
        rows.append(("total", "", "", f"{self.parameters:,}", f"{self.mult_adds:,}"))
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        return "\n".join("  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
                         for r in rows)


def shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(str(int(s)) for s in shape)


def _pair(v) -> tuple[int, int]:
    return (int(v), int(v)) if isinstance(v, int) else (int(v[0]), int(v[1]))


def describe(module: nn.Module) -> str:
    """A layer's type and size in a few words."""
    if isinstance(module, nn.Conv2d):
        kh, kw = _pair(module.kernel_size)
        pad = _pair(module.padding)
        extra = f", padding {pad[0]}" if any(pad) else ""
        return f"Conv2d {module.in_channels}→{module.out_channels}, {kh}×{kw}{extra}"
    if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        kh, kw = _pair(module.kernel_size)
        return f"{type(module).__name__} {kh}×{kw}"
    if isinstance(module, nn.BatchNorm2d):
        return f"BatchNorm2d {module.num_features}"
    if isinstance(module, nn.Linear):
        return f"Linear {module.in_features}→{module.out_features}"
    if isinstance(module, nn.Dropout):
        return f"Dropout {module.p:g}"
    return type(module).__name__


def mult_adds(module: nn.Module, output: torch.Tensor) -> int:
    """Multiply-adds of ``module`` for one input, given its output for one input (see the module
    docstring for what counts)."""
    n_out = int(output[0].numel())
    if isinstance(module, nn.Conv2d):
        kh, kw = _pair(module.kernel_size)
        return n_out * (module.in_channels // module.groups) * kh * kw
    if isinstance(module, nn.Linear):
        return module.in_features * module.out_features
    if isinstance(module, nn.modules.batchnorm._BatchNorm):
        return n_out
    return 0


def summarize(model: DigitCNN) -> ModelSummary:
    """Every layer of ``model`` (features, then classifier), in order, with the total."""
    layers: list[tuple[str, nn.Module]] = [*model.features.named_children(), *model.classifier.named_children()]
    outputs: dict[str, torch.Tensor] = {}
    hooks = []
    for name, module in layers:
        hooks.append(module.register_forward_hook(
            lambda _m, _inp, out, name=name: outputs.__setitem__(name, out.detach())))
    size = model.config.input_size
    was_training = model.training
    try:
        model.eval()
        device = next(model.parameters()).device
        with torch.inference_mode():
            model(torch.zeros(1, 1, size, size, device=device))
    finally:
        for h in hooks:
            h.remove()
        model.train(was_training)
    out = []
    for name, module in layers:
        o = outputs[name]
        params = sum(p.numel() for p in module.parameters(recurse=True))
        trainable = sum(p.numel() for p in module.parameters(recurse=True) if p.requires_grad)
        out.append(LayerSummary(name, describe(module), tuple(int(s) for s in o.shape[1:]), int(params),
                                int(trainable), mult_adds(module, o)))
    return ModelSummary((1, size, size), tuple(out))
