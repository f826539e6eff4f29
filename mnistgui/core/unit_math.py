"""One unit of a feature map worked out by hand: the convolution behind it and every step after.

For a unit of a convolution block (a conv layer and the pooling, batch norm and ReLU after it, up
to the next conv), :func:`work_out_unit` gives the input patch the unit's kernel sees, the kernel,
their element-wise products and the sum, the bias, and then each later step of the block applied
to that number, with the numbers it uses:

- **max pooling**: the window of values it takes the largest of;
- **batch norm**, shown as a step of its own (not folded into the kernel), with the running mean
  and variance it was trained with: ``(v - mean) / sqrt(var + eps) * gamma + beta``;
- **ReLU**: ``max(0, v)``.

A unit clicked after a pooling layer comes from the largest value of its window, so the
convolution worked out is the one at that value's place. Every number is the network's own, from
one forward pass in inference mode; :attr:`UnitWorkings.actual` is the layer's output at the unit,
which the last step's value equals (to float rounding).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from mnistgui.core.model import DigitCNN
from mnistgui.core.preprocess import PreprocessConfig, to_model_input


class UnitError(ValueError):
    """The unit asked for cannot be worked out (not in a convolution block, or out of the map)."""


@dataclass(frozen=True)
class ConvArithmetic:
    """One output value of a convolution, from its input patch and its kernel."""

    layer: str
    channel: int  # the output channel (the map)
    y: int
    x: int
    input_name: str  # "input" (the normalised image) or the layer the conv reads
    origin: tuple[int, int]  # the patch's top-left in the input (negative where padding)
    patch: np.ndarray  # (in_channels, kh, kw): the input values, zero where padding
    kernel: np.ndarray  # (in_channels, kh, kw)
    bias: float | None

    @property
    def products(self) -> np.ndarray:
        return self.patch * self.kernel

    @property
    def channel_sums(self) -> np.ndarray:
        """Per input channel, the sum of its products."""
        return self.products.reshape(self.products.shape[0], -1).sum(1)

    @property
    def total(self) -> float:
        """The sum of every product (float64: the sum as written, not as torch ordered it)."""
        return float(self.products.astype(np.float64).sum())

    @property
    def value(self) -> float:
        return self.total + (self.bias or 0.0)

    def strongest_channels(self, n: int = 5) -> list[int]:
        """The input channels whose products add the most (by size), largest first."""
        return [int(i) for i in np.argsort(-np.abs(self.channel_sums), kind="stable")[:n]]


@dataclass(frozen=True)
class Step:
    """A step after the convolution, applied to the value it hands on."""

    layer: str
    kind: str  # "pool", "norm" or "relu"
    value_in: float
    value: float
    position: tuple[int, int]  # the unit's place in this layer's output
    window: np.ndarray | None = None  # pool: the values it takes the largest of
    window_origin: tuple[int, int] | None = None  # pool: the window's top-left in its input
    chosen: tuple[int, int] | None = None  # pool: which value of the window is the largest
    mean: float | None = None  # norm: running mean, variance, eps, gamma (weight) and beta (bias)
    var: float | None = None
    eps: float | None = None
    gamma: float | None = None
    beta: float | None = None


@dataclass(frozen=True)
class UnitWorkings:
    layer: str  # the unit asked for: layer, map, row, column
    channel: int
    y: int
    x: int
    conv: ConvArithmetic
    steps: tuple[Step, ...] = field(default=())
    actual: float = 0.0  # the layer's own output at the unit

    @property
    def value(self) -> float:
        """The worked-out value at the unit asked for."""
        return self.steps[-1].value if self.steps else self.conv.value


def _pair(v) -> tuple[int, int]:
    return (int(v), int(v)) if isinstance(v, int) else (int(v[0]), int(v[1]))


def conv_block_of(model: DigitCNN, layer: str) -> list[tuple[str, nn.Module]]:
    """The layers from the conv that ``layer`` belongs to up to ``layer`` itself."""
    names = [n for n, _ in model.features.named_children()]
    if layer not in names:
        raise UnitError(f"{layer} is not a layer of feature maps: pick a unit of a conv, pool, norm or relu layer")
    mods = dict(model.features.named_children())
    i = names.index(layer)
    start = next((j for j in range(i, -1, -1) if isinstance(mods[names[j]], nn.Conv2d)), None)
    if start is None:
        raise UnitError(f"{layer} comes before any convolution")
    return [(n, mods[n]) for n in names[start:i + 1]]


def _supported(module: nn.Module) -> None:
    if isinstance(module, nn.Conv2d):
        if module.groups != 1 or _pair(module.dilation) != (1, 1):
            raise UnitError("only plain convolutions (no groups or dilation) are worked out")
    elif isinstance(module, nn.MaxPool2d):
        if _pair(module.padding) != (0, 0) or _pair(module.dilation) != (1, 1):
            raise UnitError("only max pooling without padding is worked out")
    elif not isinstance(module, (nn.BatchNorm2d, nn.ReLU)):
        raise UnitError(f"a {type(module).__name__} layer is not worked out")


def work_out_unit(model: DigitCNN, image28: np.ndarray, pre: PreprocessConfig, layer: str, channel: int,
                  y: int, x: int) -> UnitWorkings:
    """The arithmetic behind unit (``channel``, ``y``, ``x``) of ``layer`` for one 28x28 image
    (0..1, ink = 1). The model must be in eval mode: batch norm then uses its running figures."""
    if model.training:
        raise UnitError("the model is training: its batch norm would use the batch's figures")
    block = conv_block_of(model, layer)
    for _n, m in block:
        _supported(m)
    names = [n for n, _ in model.features.named_children()]
    with torch.inference_mode():
        x_in = to_model_input(np.asarray(image28, np.float32)[None], pre).to(next(model.parameters()).device)
        _logits, acts = model.forward_with_activations(x_in)
    maps = {n: a[0].float().cpu().numpy().astype(np.float64) for n, a in acts.items() if n in names}
    conv_name, conv = block[0]
    ci = names.index(conv_name)
    input_name = "input" if ci == 0 else names[ci - 1]
    src = x_in[0].float().cpu().numpy().astype(np.float64) if ci == 0 else maps[input_name]

    out = maps[layer]
    if not (0 <= channel < out.shape[0] and 0 <= y < out.shape[1] and 0 <= x < out.shape[2]):
        raise UnitError(f"{layer} has {out.shape[0]} maps of {out.shape[1]}×{out.shape[2]}: "
                        f"unit ({channel}, {y}, {x}) is outside it")

    # Back from the unit asked for to the conv unit it comes from: through each pooling, the
    # largest value of the window (what the pool handed on).
    pos = (y, x)
    for j in range(len(block) - 1, 0, -1):
        name, m = block[j]
        if isinstance(m, nn.MaxPool2d):
            inp = maps[block[j - 1][0]][channel]
            (kh, kw), (sh, sw) = _pair(m.kernel_size), _pair(m.stride or m.kernel_size)
            oy, ox = pos[0] * sh, pos[1] * sw
            win = inp[oy:oy + kh, ox:ox + kw]
            dy, dx = np.unravel_index(int(np.argmax(win)), win.shape)
            pos = (oy + int(dy), ox + int(dx))

    # The convolution at that place.
    (kh, kw), (sh, sw), (ph, pw) = _pair(conv.kernel_size), _pair(conv.stride), _pair(conv.padding)
    oy, ox = pos[0] * sh - ph, pos[1] * sw - pw
    c_in, hh, ww = src.shape
    patch = np.zeros((c_in, kh, kw), np.float64)
    for a in range(kh):
        for b in range(kw):
            yy, xx = oy + a, ox + b
            if 0 <= yy < hh and 0 <= xx < ww:
                patch[:, a, b] = src[:, yy, xx]
    kernel = conv.weight.detach()[channel].float().cpu().numpy().astype(np.float64)
    bias = float(conv.bias.detach()[channel]) if conv.bias is not None else None
    arith = ConvArithmetic(conv_name, channel, pos[0], pos[1], input_name, (oy, ox), patch, kernel, bias)

    # Forward through the rest of the block.
    steps: list[Step] = []
    v = arith.value
    for j in range(1, len(block)):
        name, m = block[j]
        if isinstance(m, nn.MaxPool2d):
            inp = maps[block[j - 1][0]][channel]
            (pkh, pkw), (psh, psw) = _pair(m.kernel_size), _pair(m.stride or m.kernel_size)
            py, px = pos[0] // psh, pos[1] // psw
            wy, wx = py * psh, px * psw
            win = inp[wy:wy + pkh, wx:wx + pkw].copy()
            # the value handed on is this unit's own (it is the window's largest); the window
            # shows the others it beat
            win[pos[0] - wy, pos[1] - wx] = v
            steps.append(Step(name, "pool", v, float(win.max()), (py, px), window=win, window_origin=(wy, wx),
                              chosen=(pos[0] - wy, pos[1] - wx)))
            pos = (py, px)
        elif isinstance(m, nn.BatchNorm2d):
            mean = float(m.running_mean[channel]) if m.running_mean is not None else 0.0
            var = float(m.running_var[channel]) if m.running_var is not None else 1.0
            gamma = float(m.weight.detach()[channel]) if m.weight is not None else 1.0
            beta = float(m.bias.detach()[channel]) if m.bias is not None else 0.0
            new = (v - mean) / np.sqrt(var + m.eps) * gamma + beta
            steps.append(Step(name, "norm", v, float(new), pos, mean=mean, var=var, eps=float(m.eps),
                              gamma=gamma, beta=beta))
        else:  # ReLU
            steps.append(Step(name, "relu", v, max(0.0, v), pos))
        v = steps[-1].value
    return UnitWorkings(layer, channel, y, x, arith, tuple(steps), float(out[channel, y, x]))
