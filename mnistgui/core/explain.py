"""Looking inside the network for one input: activations, kernels, saliency, embedding, robustness.

Everything takes a model in eval mode and a preprocessed 28x28 grey image (0..1, ink = 1) and
returns numpy arrays, ready to draw.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mnistgui.core.errors import DataError
from mnistgui.core.model import DigitCNN
from mnistgui.core.preprocess import PreprocessConfig, PreprocessResult, to_model_input


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


@dataclass
class Explanation:
    """What one forward and one backward pass tell about one input (see :func:`explain_input`)."""

    layers: list[LayerActivation]  # every layer's output, ending with the softmax
    probabilities: np.ndarray  # (10,)
    penultimate: np.ndarray  # (hidden,): the features the embedding projects
    target: int  # the digit the saliency maps explain
    grad_cam: np.ndarray | None  # (28, 28) in 0..1, or None without saliency
    gradient_x_input: np.ndarray | None  # (28, 28) in 0..1, or None without saliency

    @property
    def digit(self) -> int:
        return int(np.argmax(self.probabilities))


def explain_input(model: DigitCNN, image28: np.ndarray, pre: PreprocessConfig, target: int | None = None,
                  saliency: bool = True, cam_layer: str | None = None, temperature: float = 1.0) -> Explanation:
    """Activations, probabilities, Grad-CAM and gradient x input for one image in one pass.

    The same numbers as :func:`activations`, :func:`grad_cam` and :func:`gradient_x_input`, from a
    single forward pass and a single backward pass (only the gradients these maps need are
    computed; the model's own ``.grad`` fields are left untouched). ``target`` defaults to the
    predicted digit. Without ``saliency`` it is one forward pass in inference mode.
    """
    image = np.asarray(image28, np.float32)
    lname = cam_layer or last_conv_block(model)
    named = (*model.features.named_children(), *model.classifier.named_children())
    kinds = {n: _kind(m, n) for n, m in named}
    context = torch.enable_grad() if saliency else torch.inference_mode()
    with context:
        img = torch.from_numpy(image.copy())[None]
        if saliency:
            img.requires_grad_(True)
        h = to_model_input(img, pre)
        outs: list[tuple[str, torch.Tensor]] = []
        cam_act: torch.Tensor | None = None
        for name, mod in model.features.named_children():
            h = mod(h)
            outs.append((name, h))
            if name == lname:
                cam_act = h
        penult = h
        for name, mod in model.classifier.named_children():
            if name == "fc2":
                penult = h
            h = mod(h)
            if not isinstance(mod, (nn.Dropout, nn.Flatten)):
                outs.append((name, h))
        logits = h
        probs = torch.softmax(logits[0].detach().float() / temperature, 0)  # calibrated, as read
        t = int(probs.argmax()) if target is None else int(target)
        cam = gxi = None
        if saliency:
            if cam_act is None:
                raise ValueError(f"the model has no feature layer named {lname!r}")
            g_img, g_act = torch.autograd.grad(logits[0, t], [img, cam_act])
            weights = g_act[0].mean(dim=(1, 2))
            c = torch.relu((weights[:, None, None] * cam_act[0].detach()).sum(0))
            c = F.interpolate(c[None, None], size=image.shape, mode="bilinear", align_corners=False)[0, 0]
            cam = _normalise_map(c.numpy())
            gxi = _normalise_map((g_img[0] * img[0].detach()).abs().numpy())
    layers = [LayerActivation(n, kinds[n], a[0].detach().float().numpy().copy()) for n, a in outs]
    p = probs.numpy().copy()
    layers.append(LayerActivation("softmax", "softmax", p))
    return Explanation(layers, p, penult[0].detach().float().numpy().copy(), t, cam, gxi)


#: :func:`~mnistgui.core.preprocess.preprocess_image` works on the crop at this many times the
#: fitting box (its "working resolution"); :func:`input_extent` undoes that scaling.
_WORK_PER_BOX = 4


def input_extent(result: PreprocessResult) -> tuple[float, float, float, float]:
    """Where the model's input field lies on the image it was made from.

    Returns ``(x0, y0, x1, y1)`` in pixels of ``result.source``: an image of the model's input
    (or a map over it, such as a saliency map) drawn into that rectangle lies over the drawing.
    Exact for the cropping, scaling and centring; the stroke-width step, which grows or thins
    the digit about its middle, is taken to keep the digit's centre where it was.
    """
    n = result.image.shape[0]
    x0, y0, x1, y1 = result.bbox
    th, tw = result.thickness.shape
    fh, fw = result.fitted.shape
    box = max(fh, fw)  # the fitted digit's longest side is the box
    scale_w = _WORK_PER_BOX * box / max(result.cropped.shape)  # source -> working pixels
    k = (max(th, tw) / scale_w) / box  # source pixels per input pixel (the scaling keeps the aspect)
    fx = result.com_shift[0] + (n - fw) / 2.0  # the fitted digit's corner in the input field
    fy = result.com_shift[1] + (n - fh) / 2.0
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    left = cx - (fx + fw / 2.0) * k
    top = cy - (fy + fh / 2.0) * k
    return left, top, left + n * k, top + n * k


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
    images: np.ndarray | None = None  # (N, 28, 28) uint8: the images behind the points, if kept

    def project(self, features: np.ndarray) -> np.ndarray:
        return (np.atleast_2d(features) - self.mean) @ self.components.T


def pca_embedding(model: DigitCNN, images_u8: torch.Tensor, labels: torch.Tensor,
                  pre: PreprocessConfig) -> Embedding:
    """PCA (computed with torch) of the penultimate layer over the given images."""
    return _pca(penultimate(model, images_u8, pre), labels)


def _pca(features: np.ndarray, labels) -> Embedding:
    feats = torch.from_numpy(np.asarray(features)).double()
    mean = feats.mean(0)
    centred = feats - mean
    _, s, v = torch.linalg.svd(centred, full_matrices=False)
    comps = v[:2]
    var = (s**2) / max(1, feats.shape[0] - 1)
    explained = (var[:2] / var.sum()).tolist()
    pts = (centred @ comps.T).numpy().astype(np.float32)
    return Embedding(mean.numpy(), comps.numpy(), pts, np.asarray(labels), (explained[0], explained[1]))


def load_test_images(folder: str | os.PathLike, n: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """The first ``n`` MNIST test images (uint8) and labels from ``folder``, without reading the
    training split. Raises :class:`~mnistgui.core.errors.DataError` when MNIST is not there."""
    from mnistgui.core.data import find_mnist_files, read_idx

    files = find_mnist_files(folder)
    images = read_idx(files["test_images"])
    labels = read_idx(files["test_labels"])
    if images.ndim != 3 or images.shape[1:] != (28, 28) or labels.shape[:1] != images.shape[:1]:
        raise DataError(f"{files['test_images']}: not MNIST test images with their labels")
    if n is not None:
        images, labels = images[:n], labels[:n]
    return torch.from_numpy(np.ascontiguousarray(images)), torch.from_numpy(labels.astype(np.int64))


def mnist_embedding(model: DigitCNN, folder: str | os.PathLike, pre: PreprocessConfig, n: int = 3000,
                    progress: Callable[[float], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> Embedding | None:
    """:func:`pca_embedding` of the first ``n`` MNIST test images in ``folder``, keeping the images.

    ``progress`` gets the fraction done; when ``cancelled()`` turns true the work stops and None
    is returned. Meant for a worker thread: give it a copy of the model, not one in use elsewhere.
    """
    images, labels = load_test_images(folder, n)
    step = 500
    feats = []
    for i in range(0, images.shape[0], step):
        if cancelled is not None and cancelled():
            return None
        feats.append(penultimate(model, images[i : i + step], pre))
        if progress is not None:
            progress(min(1.0, (i + step) / images.shape[0]))
    emb = _pca(np.concatenate(feats), labels)
    emb.images = images.numpy()
    return emb


# ---------------------------------------------------------------------------------------------
# Robustness probe

PROBES = ("shift", "rotation", "scale", "thickness")


def _warp_thetas(h: int, w: int, angle_deg: np.ndarray, scale: np.ndarray, dx: np.ndarray,
                 dy: np.ndarray) -> torch.Tensor:
    """Sampling matrices (n, 2, 3) that rotate/scale about the centre and shift (in pixels)."""
    a = np.radians(angle_deg)
    cos, sin = np.cos(a) / scale, np.sin(a) / scale
    a_inv = np.stack([np.stack([cos, -sin], -1), np.stack([sin, cos], -1)], -2)  # (n, 2, 2)
    d = np.stack([2 * dx / w, 2 * dy / h], -1)[..., None]  # (n, 2, 1)
    shift = -a_inv @ d  # output -> input: A (p - d)
    return torch.from_numpy(np.concatenate([a_inv, shift], -1)).float()


def _warp_many(image: torch.Tensor, thetas: torch.Tensor) -> torch.Tensor:
    """One (H, W) image under n sampling matrices: (n, H, W)."""
    h, w = image.shape
    n = thetas.shape[0]
    grid = F.affine_grid(thetas, [n, 1, h, w], align_corners=False)
    src = image[None, None].expand(n, 1, h, w)
    return F.grid_sample(src, grid, mode="bilinear", padding_mode="zeros", align_corners=False)[:, 0]


def _thicken_many(image: torch.Tensor, amounts: np.ndarray) -> torch.Tensor:
    """Grey dilation (amount > 0) or erosion (amount < 0) of ``image`` by each amount, in pixels
    of width, the fraction blended: (n, H, W)."""
    amounts = np.asarray(amounts, dtype=np.float64)
    out = image[None].repeat(len(amounts), 1, 1)
    for sign in (1.0, -1.0):
        idx = np.nonzero(np.sign(amounts) == sign)[0]
        if not len(idx):
            continue
        steps = np.ceil(np.abs(amounts[idx])).astype(int)
        frac = torch.from_numpy(np.abs(amounts[idx]) / steps).float()[:, None, None, None]
        x = out[idx][:, None]
        for k in range(int(steps.max())):
            m = sign * F.max_pool2d(sign * x, 3, stride=1, padding=1)
            live = torch.from_numpy(steps > k)[:, None, None, None]
            x = torch.where(live, (1 - frac) * x + frac * m, x)
        out[idx] = x[:, 0].clamp(0, 1)
    return out


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


def _probe_batch(img: torch.Tensor, kind: str, vals: np.ndarray) -> torch.Tensor:
    h, w = img.shape
    zero, one = np.zeros_like(vals), np.ones_like(vals)
    if kind == "shift":
        return _warp_many(img, _warp_thetas(h, w, zero, one, vals, zero))
    if kind == "rotation":
        return _warp_many(img, _warp_thetas(h, w, vals, one, zero, zero))
    if kind == "scale":
        return _warp_many(img, _warp_thetas(h, w, zero, vals, zero, zero))
    if kind == "thickness":
        return _thicken_many(img, vals)
    raise ValueError(f"unknown probe {kind!r}; choose one of {', '.join(PROBES)}")


@torch.inference_mode()
def probe_images(image28: np.ndarray, kind: str, values: Sequence[float]) -> np.ndarray:
    """The transformed inputs a probe reads at ``values``, to show: (n, 28, 28) in 0..1."""
    batch = _probe_batch(torch.from_numpy(np.asarray(image28, np.float32)), kind, np.asarray(values, np.float64))
    return batch.clamp(0.0, 1.0).numpy()


@torch.inference_mode()
def robustness_probe(model: DigitCNN, image28: np.ndarray, pre: PreprocessConfig, kind: str,
                     values: Sequence[float] | None = None, temperature: float = 1.0
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Sweep one transformation over the 28x28 input; returns (values, probabilities (n, 10)),
    scaled by the model's calibration ``temperature`` as every reading of the app is.

    The transformed inputs are fed to the model as they are (not re-preprocessed), which shows
    how much the model itself tolerates.
    """
    vals = np.asarray(values if values is not None else probe_values(kind), dtype=np.float64)
    batch = _probe_batch(torch.from_numpy(np.asarray(image28, np.float32)), kind, vals)
    probs = torch.softmax(model(to_model_input(batch, pre)).float() / temperature, dim=1).numpy()
    return vals, probs


@torch.inference_mode()
def robustness_probes(model: DigitCNN, image28: np.ndarray, pre: PreprocessConfig,
                      kinds: Sequence[str] = PROBES, n: int = 21, temperature: float = 1.0
                      ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """:func:`robustness_probe` for several sweeps of ``n`` steps, in one pass through the model."""
    img = torch.from_numpy(np.asarray(image28, np.float32))
    vals = {k: probe_values(k, n) for k in kinds}
    batch = torch.cat([_probe_batch(img, k, vals[k]) for k in kinds])
    probs = torch.softmax(model(to_model_input(batch, pre)).float() / temperature, dim=1).numpy()
    out, i = {}, 0
    for k in kinds:
        out[k] = (vals[k], probs[i : i + len(vals[k])])
        i += len(vals[k])
    return out


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
