"""Batched augmentation on tensors: random affine, elastic distortion, stroke thickness, and
re-normalisation the way :mod:`mnistgui.core.preprocess` normalises a drawing.

Everything works on a whole batch at once (``grid_sample`` over a (B, 1, H, W) float tensor), so
it costs a small fraction of a training step. The last step puts every augmented digit back into
the form the preprocessing gives at prediction time (longest side fitted to the box, centre of
mass at the centre): the model trains on variety of shape, slant and thickness, but always in
the frame it will see when it reads a drawing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Union

import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class AugmentConfig:
    strength: float = 1.0  # scales every range below; 0 turns augmentation off
    rotation_deg: float = 12.0
    shear: float = 0.3  # horizontal shear (slant), as a fraction
    aspect: float = 0.25  # log-uniform change of width relative to height, +-
    elastic: float = 0.6  # elastic displacement amplitude, pixels at 28x28
    thickness_p: float = 0.3  # fraction of the batch made thicker, and the same thinner
    renormalize: bool = True  # refit into the box and recentre by mass afterwards
    box: int = 20


@dataclass(frozen=True)
class RowDraws:
    """The random draws for a batch of ``total`` images, of which only ``rows`` are here.

    Each draw is made for the whole batch from ``generator`` and the rows kept: processes that
    share one global batch (:mod:`mnistgui.core.distributed`) each augment their own rows, and
    together exactly as one process augments the whole batch."""

    generator: torch.Generator | None
    total: int
    rows: torch.Tensor


#: what the augmentation draws from: a generator (None: torch's global one) or a RowDraws
Draws = Union[torch.Generator, RowDraws, None]


def _uniform(n: int, g: Draws) -> torch.Tensor:
    if isinstance(g, RowDraws):
        return torch.rand(g.total, generator=g.generator)[g.rows]
    return torch.rand(n, generator=g)


def _randint(high: int, n: int, g: Draws) -> torch.Tensor:
    if isinstance(g, RowDraws):
        return torch.randint(0, high, (g.total,), generator=g.generator)[g.rows]
    return torch.randint(0, high, (n,), generator=g)


def _affine_grid(theta: torch.Tensor, h: int, w: int) -> torch.Tensor:
    """``F.affine_grid`` (align_corners=False) by broadcasting: on the CPU, for small images,
    several times faster than the library's batched matrix product with its inner size of 3."""
    xs = ((2 * torch.arange(w, dtype=theta.dtype) + 1) / w - 1).view(1, 1, w)
    ys = ((2 * torch.arange(h, dtype=theta.dtype) + 1) / h - 1).view(1, h, 1)
    t = theta.view(-1, 6, 1, 1)
    gx = t[:, 0] * xs + t[:, 1] * ys + t[:, 2]
    gy = t[:, 3] * xs + t[:, 4] * ys + t[:, 5]
    return torch.stack([gx, gy], dim=-1)


_FIELD_BANK: dict[tuple[int, int], torch.Tensor] = {}
_BANK_SIZE = 512


def _field_bank(h: int, w: int) -> torch.Tensor:
    """A fixed bank of random smooth displacement fields (unit amplitude), (bank, h, w, 2).

    Each is a random sum of low-frequency cosines. Drawing fields from a bank (with a random
    scale and sign per image) costs an index per batch instead of building new fields.
    """
    key = (h, w)
    if key not in _FIELD_BANK:
        k = 3
        gen = torch.Generator().manual_seed(1234)
        fy = torch.stack([torch.cos(i * torch.linspace(0, math.pi, h)) for i in range(k)])
        fx = torch.stack([torch.cos(i * torch.linspace(0, math.pi, w)) for i in range(k)])
        basis = (fy[:, None, :, None] * fx[None, :, None, :]).reshape(k * k, h * w)
        coeffs = torch.randn(_BANK_SIZE * 2, k * k, generator=gen) / k
        _FIELD_BANK[key] = (coeffs @ basis).view(_BANK_SIZE, 2, h, w).permute(0, 2, 3, 1).contiguous()
    return _FIELD_BANK[key]


def _smooth_field(n: int, h: int, w: int, amplitude: float, g: Draws) -> torch.Tensor:
    """Random smooth displacement fields (n, h, w, 2) of about ``amplitude``."""
    bank = _field_bank(h, w)
    idx = _randint(bank.shape[0], n, g)
    scale = (_uniform(n, g) * 2 - 1) * amplitude
    return bank[idx] * scale.view(n, 1, 1, 1)


def _rand(n: int, lo: float, hi: float, g: Draws) -> torch.Tensor:
    return lo + (hi - lo) * _uniform(n, g)


def random_affine_grid(x: torch.Tensor, cfg: AugmentConfig, g: Draws) -> torch.Tensor:
    """The sampling grid that rotates, shears and stretches each image about its centre, with
    elastic jitter, as (B, H, W, 2) for ``grid_sample``."""
    n, _, h, w = x.shape
    s = cfg.strength
    ang = _rand(n, -1, 1, g) * math.radians(cfg.rotation_deg) * s
    sh = _rand(n, -1, 1, g) * cfg.shear * s
    asp = torch.exp(_rand(n, -1, 1, g) * cfg.aspect * s)
    sx = torch.sqrt(asp)
    sy = 1.0 / sx
    cos, sin = torch.cos(ang), torch.sin(ang)
    # output->input mapping in normalised coordinates: inverse of (rotate * shear * scale)
    a = torch.zeros(n, 2, 3)
    # forward M = R @ Sh @ S; grid needs M^-1
    m00 = cos * sx
    m01 = cos * sh * sy - sin * sy
    m10 = sin * sx
    m11 = sin * sh * sy + cos * sy
    det = m00 * m11 - m01 * m10
    a[:, 0, 0] = m11 / det
    a[:, 0, 1] = -m01 / det
    a[:, 1, 0] = -m10 / det
    a[:, 1, 1] = m00 / det
    grid = _affine_grid(a, h, w)
    if cfg.elastic > 0 and s > 0:
        # amplitude in pixels of the 28x28 digit -> normalised units of this (padded) field
        grid = grid + _smooth_field(n, h, w, cfg.elastic * s * 2.0 / w, g)
    return grid


def _sample(x: torch.Tensor, grid: torch.Tensor) -> torch.Tensor:
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def random_thickness(x: torch.Tensor, cfg: AugmentConfig, g: Draws) -> torch.Tensor:
    """Make a random part of the batch thicker (grey dilation) and another part thinner."""
    p = cfg.thickness_p * min(1.0, cfg.strength)
    if p <= 0:
        return x
    u = _uniform(x.shape[0], g)
    thick = (u < p).view(-1, 1, 1, 1)
    thin = (u > 1 - p).view(-1, 1, 1, 1)
    # thicker: half a pixel of grey dilation (max over the 4-neighbourhood, blended);
    # thinner: raise the level at which grey counts as ink, which pares the edges
    p4 = F.pad(x, (1, 1, 1, 1))
    nb = torch.maximum(
        torch.maximum(p4[..., :-2, 1:-1], p4[..., 2:, 1:-1]),
        torch.maximum(p4[..., 1:-1, :-2], p4[..., 1:-1, 2:]),
    )
    dil = torch.maximum(x, 0.6 * nb)
    ero = ((x - 0.35) / 0.65).clamp(min=0.0)
    return torch.where(thick, dil, torch.where(thin, ero, x))


def renormalize(x: torch.Tensor, box: int = 20, threshold: float = 0.2) -> torch.Tensor:
    """Refit each digit so its longest side spans ``box`` pixels and its centre of mass is centred.

    The batched counterpart of the fitting and centring in :func:`preprocess.preprocess_image`.
    """
    theta, empty = renormalize_theta(x, box, threshold)
    out = _sample(x, _affine_grid(theta, x.shape[2], x.shape[3]))
    return torch.where(empty.view(-1, 1, 1, 1), x, out)


def renormalize_theta(
    x: torch.Tensor, box: int = 20, threshold: float = 0.2
) -> tuple[torch.Tensor, torch.Tensor]:
    """The affine (B, 2, 3), in ``grid_sample``'s normalised coordinates, that :func:`renormalize`
    applies, and a mask of the images with no ink (whose affine is the identity)."""
    n, _, h, w = x.shape
    img = x[:, 0]
    mask = img > threshold
    ys = torch.arange(h, dtype=x.dtype)
    xs = torch.arange(w, dtype=x.dtype)
    rows = mask.any(dim=2)
    cols = mask.any(dim=1)
    big = torch.tensor(1e6, dtype=x.dtype)
    y0 = torch.where(rows, ys, big).amin(dim=1)
    y1 = torch.where(rows, ys, -big).amax(dim=1) + 1
    x0 = torch.where(cols, xs, big).amin(dim=1)
    x1 = torch.where(cols, xs, -big).amax(dim=1) + 1
    empty = ~rows.any(dim=1)
    long_side = torch.maximum(y1 - y0, x1 - x0).clamp(min=1.0)
    scale = torch.where(empty, torch.ones_like(long_side), box / long_side)
    mass = img.sum(dim=(1, 2)).clamp(min=1e-6)
    cy = (img.sum(dim=2) * ys).sum(dim=1) / mass
    cx = (img.sum(dim=1) * xs).sum(dim=1) / mass
    # output pixel (u, v) samples input at c + (u - centre) / scale
    centre_x = w / 2.0  # as in MNIST: the mass at pixel index (14, 14) of 28x28
    centre_y = h / 2.0
    # normalised coordinates (align_corners=False): pixel p -> (2p + 1) / W - 1
    a = torch.zeros(n, 2, 3, dtype=x.dtype)
    a[:, 0, 0] = 1.0 / scale
    a[:, 1, 1] = 1.0 / scale
    # translation = normalised(centre of mass) - normalised(field centre) / scale
    a[:, 0, 2] = ((2 * cx + 1) / w - 1) - ((2 * centre_x + 1) / w - 1) / scale
    a[:, 1, 2] = ((2 * cy + 1) / h - 1) - ((2 * centre_y + 1) / h - 1) / scale
    ident = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=x.dtype)
    return torch.where(empty.view(-1, 1, 1), ident, a), empty


def augment_batch(
    x: torch.Tensor, cfg: AugmentConfig, g: Draws = None
) -> torch.Tensor:
    """Augment a (B, 1, 28, 28) batch of grey images in 0..1; returns the same shape.

    ``g`` is the generator to draw from, or a :class:`RowDraws` when ``x`` holds some rows of a
    larger batch."""
    if cfg.strength <= 0:
        return x
    n, c, h, w = x.shape
    pad = h // 4  # room for digits that grow or rotate out of the field
    big = F.pad(x, (pad, pad, pad, pad))
    hh, ww = big.shape[2:]
    grid = random_affine_grid(big, cfg, g)
    if cfg.renormalize:
        # Measure the warped digit, then resample the original once through the composed
        # warp (the refit's affine followed by the random one): one interpolation, not two,
        # so the strokes stay as crisp as MNIST's.
        theta, _ = renormalize_theta(_sample(big, grid), cfg.box)
        refit = _affine_grid(theta, hh, ww)
        grid = F.grid_sample(
            grid.permute(0, 3, 1, 2), refit, mode="bilinear", padding_mode="border", align_corners=False
        ).permute(0, 2, 3, 1)
    big = random_thickness(_sample(big, grid), cfg, g)
    out = big[:, :, pad : pad + h, pad : pad + w]
    return out.clamp_(0.0, 1.0)
