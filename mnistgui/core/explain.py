"""Looking inside the network for one input: activations, kernels, saliency, embedding, robustness.

Everything takes a model in eval mode and a preprocessed 28x28 grey image (0..1, ink = 1) and
returns numpy arrays, ready to draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mnistgui.core.model import DigitCNN
from mnistgui.core.preprocess import PreprocessConfig, to_model_input


@dataclass
class LayerActivation:
    name: str  # e.g. "conv1", "pool1", "relu1", "fc1", "fc2", "softmax"
    kind: str  # "conv", "pool", "norm", "relu", "fc", "softmax"
    values: np.ndarray  # (C, H, W) for maps, (N,) for vectors

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.values.shape)


def _kind(layer: nn.Module, name: str) -> str:
    if isinstance(layer, nn.Conv2d):
        return "conv"
    if isinstance(layer, (nn.MaxPool2d, nn.AvgPool2d)):
        return "pool"
    if isinstance(layer, (nn.BatchNorm2d, nn.BatchNorm1d)):
        return "norm"
    if isinstance(layer, nn.ReLU):
        return "relu"
    if isinstance(layer, nn.Linear):
        return "fc"
    return name


@torch.inference_mode()
def activations(model: DigitCNN, image28: np.ndarray, pre: PreprocessConfig) -> list[LayerActivation]:
    """Every layer's output for one image, in order, ending with the softmax."""
    x = to_model_input(np.asarray(image28, np.float32)[None], pre)
    logits, acts = model.forward_with_activations(x)
    layers = dict(model.features.named_children()) | dict(model.classifier.named_children())
    out = [LayerActivation(n, _kind(layers[n], n), a[0].float().numpy().copy()) for n, a in acts.items()]
    out.append(LayerActivation("softmax", "softmax", torch.softmax(logits[0].float(), 0).numpy()))
    return out


def kernels(model: DigitCNN, layer: str | None = None) -> np.ndarray:
    """A conv layer's weights (out_channels, in_channels, kh, kw); the first conv by default."""
    convs = model.conv_layers()
    name = layer or next(iter(convs))
    return convs[name].weight.detach().float().cpu().numpy().copy()


def weight_histograms(model: nn.Module, bins: int = 40) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per layer with weights: (counts, bin edges) of its weight values."""
    out = {}
    for name, m in model.named_modules():
        w = getattr(m, "weight", None)
        if isinstance(m, (nn.Conv2d, nn.Linear)) and w is not None:
            v = w.detach().float().cpu().numpy().ravel()
            out[name.split(".")[-1]] = np.histogram(v, bins=bins)
    return out


def _normalise_map(m: np.ndarray) -> np.ndarray:
    m = np.maximum(m, 0)
    top = float(m.max())
    return (m / top).astype(np.float32) if top > 0 else np.zeros_like(m, dtype=np.float32)


def grad_cam(model: DigitCNN, image28: np.ndarray, pre: PreprocessConfig, target: int | None = None,
             layer: str | None = None) -> tuple[np.ndarray, int]:
    """Grad-CAM on the last convolutional block's output (its final ReLU; or ``layer``),
    upsampled to 28x28 and scaled to 0..1.

    Returns ``(heatmap, target)``; ``target`` defaults to the predicted digit.
    """
    lname = layer or last_conv_block(model)
    x = to_model_input(np.asarray(image28, np.float32)[None], pre)
    feats: dict[str, torch.Tensor] = {}
    with torch.enable_grad():
        h = x
        for name, mod in model.features.named_children():
            h = mod(h)
            if name == lname:
                h.retain_grad()
                feats["a"] = h
        logits = model.classifier(h)
        t = int(logits.argmax(1)) if target is None else int(target)
        model.zero_grad(set_to_none=True)
        logits[0, t].backward()
    a = feats["a"]
    weights = a.grad[0].mean(dim=(1, 2))  # (C,)
    cam = torch.relu((weights[:, None, None] * a[0]).sum(0)).detach()
    cam = F.interpolate(cam[None, None], size=image28.shape, mode="bilinear", align_corners=False)[0, 0]
    model.zero_grad(set_to_none=True)
    return _normalise_map(cam.numpy()), t


def last_conv_block(model: DigitCNN) -> str:
    """The name of the last feature layer that Grad-CAM reads: the final ReLU of the conv stack."""
    names = [n for n, m in model.features.named_children() if isinstance(m, nn.ReLU)]
    return names[-1] if names else list(model.conv_layers())[-1]


def gradient_x_input(model: DigitCNN, image28: np.ndarray, pre: PreprocessConfig,
                     target: int | None = None) -> tuple[np.ndarray, int]:
    """|d logit / d pixel| x pixel on the 28x28 input, scaled to 0..1."""
    img = torch.tensor(np.asarray(image28, np.float32)[None], requires_grad=True)
    with torch.enable_grad():
        logits = model(to_model_input(img, pre))
        t = int(logits.argmax(1)) if target is None else int(target)
        model.zero_grad(set_to_none=True)
        logits[0, t].backward()
    sal = (img.grad[0] * img[0]).abs().detach().numpy()
    model.zero_grad(set_to_none=True)
    return _normalise_map(sal), t


def integrated_gradients(model: DigitCNN, image28: np.ndarray, pre: PreprocessConfig,
                         target: int | None = None, steps: int = 24) -> tuple[np.ndarray, int]:
    """Integrated gradients from a blank baseline, batched in one pass; scaled to 0..1."""
    base = np.asarray(image28, np.float32)
    alphas = torch.linspace(1.0 / steps, 1.0, steps)[:, None, None]
    path = (alphas * torch.from_numpy(base)[None]).requires_grad_(True)
    with torch.enable_grad():
        logits = model(((path - pre.mean) / pre.std).unsqueeze(1))
        t = int(logits[-1].argmax()) if target is None else int(target)
        model.zero_grad(set_to_none=True)
        logits[:, t].sum().backward()
    attr = (path.grad.mean(0) * torch.from_numpy(base)).detach().numpy()
    model.zero_grad(set_to_none=True)
    return _normalise_map(np.abs(attr)), t


@torch.inference_mode()
def penultimate(model: DigitCNN, images28: np.ndarray | torch.Tensor, pre: PreprocessConfig,
                batch_size: int = 1000) -> np.ndarray:
    """The penultimate layer's output (after its ReLU) for many images: (N, hidden)."""
    imgs = torch.as_tensor(images28)
    if imgs.dtype == torch.uint8:
        imgs = imgs.float() / 255.0
    out = []
    for i in range(0, imgs.shape[0], batch_size):
        h = model.features(to_model_input(imgs[i : i + batch_size], pre))
        for name, mod in model.classifier.named_children():
            if name == "fc2":
                break
            h = mod(h)
        out.append(h.float())
    return torch.cat(out).numpy()


@dataclass
class Embedding:
    """A 2-D PCA map of penultimate features: project new inputs with :meth:`project`."""

    mean: np.ndarray  # (hidden,)
    components: np.ndarray  # (2, hidden)
    points: np.ndarray  # (N, 2)
    labels: np.ndarray  # (N,)
    explained: tuple[float, float]  # fraction of variance on each axis

    def project(self, features: np.ndarray) -> np.ndarray:
        return (np.atleast_2d(features) - self.mean) @ self.components.T


def pca_embedding(model: DigitCNN, images_u8: torch.Tensor, labels: torch.Tensor,
                  pre: PreprocessConfig) -> Embedding:
    """PCA (computed with torch) of the penultimate layer over the given images."""
    feats = torch.from_numpy(penultimate(model, images_u8, pre)).double()
    mean = feats.mean(0)
    centred = feats - mean
    _, s, v = torch.linalg.svd(centred, full_matrices=False)
    comps = v[:2]
    var = (s**2) / max(1, feats.shape[0] - 1)
    explained = (var[:2] / var.sum()).tolist()
    pts = (centred @ comps.T).numpy().astype(np.float32)
    return Embedding(mean.numpy(), comps.numpy(), pts, np.asarray(labels), (explained[0], explained[1]))


# ---------------------------------------------------------------------------------------------
# Robustness probe

PROBES = ("shift", "rotation", "scale", "thickness")


def _warp(image: torch.Tensor, angle_deg: float = 0.0, scale: float = 1.0, dx: float = 0.0,
          dy: float = 0.0) -> torch.Tensor:
    """Rotate/scale about the centre and shift (in pixels) a (H, W) image."""
    h, w = image.shape
    a = math.radians(angle_deg)
    cos, sin = math.cos(a) / scale, math.sin(a) / scale
    a_inv = torch.tensor([[cos, -sin], [sin, cos]])
    shift = -a_inv @ torch.tensor([2 * dx / w, 2 * dy / h])  # output -> input: A (p - d)
    theta = torch.cat([a_inv, shift[:, None]], dim=1)[None]
    grid = F.affine_grid(theta, [1, 1, h, w], align_corners=False)
    return F.grid_sample(image[None, None], grid, mode="bilinear", padding_mode="zeros",
                         align_corners=False)[0, 0]


def _thicken(image: torch.Tensor, amount: float) -> torch.Tensor:
    """Grey dilation (amount > 0) or erosion (amount < 0), in pixels of width, blended."""
    if amount == 0:
        return image
    steps = int(math.ceil(abs(amount)))
    frac = abs(amount) / steps
    x = image[None, None]
    sign = 1.0 if amount > 0 else -1.0
    for _ in range(steps):
        m = sign * F.max_pool2d(sign * x, 3, stride=1, padding=1)
        x = (1 - frac) * x + frac * m
    return x[0, 0].clamp(0, 1)


def probe_values(kind: str, n: int = 21) -> np.ndarray:
    if kind == "shift":
        return np.linspace(-6, 6, n)  # pixels, horizontally
    if kind == "rotation":
        return np.linspace(-60, 60, n)  # degrees
    if kind == "scale":
        return np.geomspace(0.5, 1.5, n)
    if kind == "thickness":
        return np.linspace(-1.0, 2.0, n)  # pixels of stroke width
    raise ValueError(f"unknown probe {kind!r}; choose one of {', '.join(PROBES)}")


@torch.inference_mode()
def robustness_probe(model: DigitCNN, image28: np.ndarray, pre: PreprocessConfig, kind: str,
                     values: Sequence[float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Sweep one transformation over the 28x28 input; returns (values, probabilities (n, 10)).

    The transformed inputs are fed to the model as they are (not re-preprocessed), which shows
    how much the model itself tolerates.
    """
    vals = np.asarray(values if values is not None else probe_values(kind), dtype=np.float64)
    img = torch.from_numpy(np.asarray(image28, np.float32))
    batch = []
    for v in vals:
        if kind == "shift":
            batch.append(_warp(img, dx=float(v)))
        elif kind == "rotation":
            batch.append(_warp(img, angle_deg=float(v)))
        elif kind == "scale":
            batch.append(_warp(img, scale=float(v)))
        elif kind == "thickness":
            batch.append(_thicken(img, float(v)))
        else:
            raise ValueError(f"unknown probe {kind!r}; choose one of {', '.join(PROBES)}")
    x = to_model_input(torch.stack(batch), pre)
    probs = torch.softmax(model(x).float(), dim=1).numpy()
    return vals, probs


def receptive_field(model: DigitCNN, layer: str, y: int, x: int) -> tuple[int, int, int, int]:
    """The input region (x0, y0, x1, y1), end-exclusive and clipped to the input, that one unit
    at (y, x) of ``layer``'s output can see."""
    size = model.config.input_size
    jump, rf, start = 1, 1, 0.0  # start: centre of the first unit's field, in input pixels
    for name, m in model.features.named_children():
        if isinstance(m, (nn.Conv2d, nn.MaxPool2d)):
            k = m.kernel_size if isinstance(m.kernel_size, int) else m.kernel_size[0]
            s = m.stride if isinstance(m.stride, int) else m.stride[0]
            p = m.padding if isinstance(m.padding, int) else m.padding[0]
            start += ((k - 1) / 2 - p) * jump
            rf += (k - 1) * jump
            jump *= s
        if name == layer:
            break
    cy = start + y * jump
    cx = start + x * jump
    half = (rf - 1) / 2
    x0, y0 = int(math.floor(cx - half)), int(math.floor(cy - half))
    return max(0, x0), max(0, y0), min(size, x0 + rf), min(size, y0 + rf)
