"""The CNNs that read digits, chosen by name through :class:`ModelConfig`.

Every architecture is a stack of named layers, so the forward pass can hand back each layer's
activations (for the feature-map viewer) without a second definition of the network. Flatten sizes
are inferred from a dummy forward pass, never written down.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, fields, replace
from numbers import Integral, Real

import torch
from torch import nn

from mnistgui.core.errors import CheckpointError

ARCHITECTURES = ("standard", "classic", "wide")
DEFAULT_ARCHITECTURE = "standard"
#: Architectures known by another name in older checkpoints and runs: read as the new name.
RENAMED_ARCHITECTURES = {"seed": "classic"}

ARCHITECTURE_DESCRIPTIONS = {
    "standard": "2 conv layers with batch norm and dropout (default): fast and accurate",
    "classic": "the classic small CNN: 2 conv layers, 2 fully connected, no normalisation",
    "wide": "4 conv layers (32-32-64-64) with batch norm and dropout: slower, most robust",
}


#: How many channel counts each architecture takes.
CHANNEL_COUNTS = {"standard": 2, "classic": 2, "wide": 4}
#: Bounds on what a config may ask for, checked before anything is built: a config read from a
#: file can then never make the app allocate more than a few tens of megabytes.
MAX_CHANNELS = 1024
MAX_HIDDEN = 8192
MAX_CLASSES = 100
INPUT_SIZES = (10, 128)  # the smallest input every architecture reads, and the largest
MAX_PARAMETERS = 10_000_000


def _whole(value, name: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{name} must be a whole number, got {value!r:.40}")
    if not lo <= int(value) <= hi:
        raise ValueError(f"{name} must be from {lo} to {hi}, got {int(value)}")
    return int(value)


def canonical_arch(name):
    """An architecture's current name (one stored under an older name is mapped to it)."""
    return RENAMED_ARCHITECTURES.get(name, name) if isinstance(name, str) else name


@dataclass(frozen=True)
class ModelConfig:
    """What network to build. Stored in every checkpoint, so a model can be rebuilt from it."""

    arch: str = DEFAULT_ARCHITECTURE
    dropout: float = 0.25
    hidden: int = 128
    num_classes: int = 10
    input_size: int = 28
    channels: tuple[int, ...] = field(default=())

    def __post_init__(self) -> None:
        if not isinstance(self.arch, str) or self.arch not in ARCHITECTURES:
            raise ValueError(
                f"unknown architecture {self.arch!r:.40}; choose one of {', '.join(ARCHITECTURES)}"
            )
        if isinstance(self.dropout, bool) or not isinstance(self.dropout, Real) or not (
            math.isfinite(self.dropout) and 0.0 <= self.dropout < 1.0
        ):
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout!r:.40}")
        object.__setattr__(self, "dropout", float(self.dropout))
        object.__setattr__(self, "hidden", _whole(self.hidden, "hidden", 1, MAX_HIDDEN))
        object.__setattr__(self, "num_classes", _whole(self.num_classes, "num_classes", 2, MAX_CLASSES))
        object.__setattr__(self, "input_size", _whole(self.input_size, "input_size", *INPUT_SIZES))
        if not self.channels:
            default = {"standard": (32, 64), "classic": (32, 64), "wide": (32, 32, 64, 64)}
            object.__setattr__(self, "channels", default[self.arch])
        if not isinstance(self.channels, (tuple, list)) or len(self.channels) != CHANNEL_COUNTS[self.arch]:
            raise ValueError(
                f"architecture {self.arch!r} takes {CHANNEL_COUNTS[self.arch]} channel counts, "
                f"got {self.channels!r:.60}"
            )
        object.__setattr__(self, "channels", tuple(_whole(c, "a channel count", 1, MAX_CHANNELS)
                                                   for c in self.channels))

    @property
    def has_dropout(self) -> bool:
        return self.arch != "classic"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["channels"] = list(self.channels)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "ModelConfig":
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known
        if unknown:
            raise CheckpointError(f"model config has unknown fields: {sorted(unknown)}")
        d = dict(d)
        d["arch"] = canonical_arch(d.get("arch", DEFAULT_ARCHITECTURE))
        if isinstance(d.get("channels"), list):
            d["channels"] = tuple(d["channels"])
        try:
            cfg = cls(**d)
            state_shapes(cfg)  # its size, before anything is allocated
        except (TypeError, ValueError) as exc:
            raise CheckpointError(f"model config is not valid: {exc}") from None
        return cfg


def _classic_layers(cfg: ModelConfig) -> list[tuple[str, nn.Module]]:
    c1, c2 = cfg.channels[:2]
    return [
        ("conv1", nn.Conv2d(1, c1, 3)),
        ("relu1", nn.ReLU()),
        ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(c1, c2, 3)),
        ("relu2", nn.ReLU()),
        ("pool2", nn.MaxPool2d(2)),
    ]


def _standard_layers(cfg: ModelConfig) -> list[tuple[str, nn.Module]]:
    # Pooling before batch norm and ReLU gives the same function class at a quarter of the
    # element-wise cost (max-pool commutes with the monotone ReLU), which matters on a CPU.
    c1, c2 = cfg.channels[:2]
    return [
        ("conv1", nn.Conv2d(1, c1, 3, bias=False)),
        ("pool1", nn.MaxPool2d(2)),
        ("bn1", nn.BatchNorm2d(c1)),
        ("relu1", nn.ReLU()),
        ("conv2", nn.Conv2d(c1, c2, 3, bias=False)),
        ("pool2", nn.MaxPool2d(2)),
        ("bn2", nn.BatchNorm2d(c2)),
        ("relu2", nn.ReLU()),
    ]


def _wide_layers(cfg: ModelConfig) -> list[tuple[str, nn.Module]]:
    c1, c2, c3, c4 = cfg.channels[:4]
    return [
        ("conv1", nn.Conv2d(1, c1, 3, padding=1, bias=False)),
        ("bn1", nn.BatchNorm2d(c1)),
        ("relu1", nn.ReLU()),
        ("conv2", nn.Conv2d(c1, c2, 3, padding=1, bias=False)),
        ("pool2", nn.MaxPool2d(2)),
        ("bn2", nn.BatchNorm2d(c2)),
        ("relu2", nn.ReLU()),
        ("conv3", nn.Conv2d(c2, c3, 3, padding=1, bias=False)),
        ("bn3", nn.BatchNorm2d(c3)),
        ("relu3", nn.ReLU()),
        ("conv4", nn.Conv2d(c3, c4, 3, padding=1, bias=False)),
        ("pool4", nn.MaxPool2d(2)),
        ("bn4", nn.BatchNorm2d(c4)),
        ("relu4", nn.ReLU()),
    ]


_FEATURES = {"classic": _classic_layers, "standard": _standard_layers, "wide": _wide_layers}


def _flatten_size(cfg: ModelConfig, features: nn.Sequential) -> int:
    """How many values ``features`` hands the classifier, found by a dummy forward pass through
    the same layers with one channel each, on the CPU: the spatial size does not depend on the
    channel counts, so this costs next to nothing whatever they are, and it never runs on the
    meta device (where a first forward pass costs a second of torch imports). 0 when the input
    is too small for the layers."""
    thin = replace(cfg, channels=(1,) * len(cfg.channels))
    with torch.device("cpu"), torch.no_grad():
        probe = nn.Sequential(OrderedDict(_FEATURES[cfg.arch](thin))).eval()
        try:
            out = probe(torch.zeros(1, 1, cfg.input_size, cfg.input_size))
        except RuntimeError:  # a pooling left with nothing to pool
            return 0
    channels = [m.out_channels for m in features if isinstance(m, nn.Conv2d)][-1]
    return channels * out.shape[-2] * out.shape[-1]


class DigitCNN(nn.Module):
    """A CNN over 1x28x28 inputs (normalised with MNIST's mean and std) giving 10 logits.

    The network is ``features`` (conv/pool/norm/ReLU) then ``classifier`` (flatten, fully
    connected layers). Its output are logits: train it with ``cross_entropy`` and read
    probabilities with ``softmax``.
    """

    def __init__(self, config: ModelConfig | None = None) -> None:
        super().__init__()
        self.config = config or ModelConfig()
        cfg = self.config
        self.features = nn.Sequential(OrderedDict(_FEATURES[cfg.arch](cfg)))
        flat = _flatten_size(cfg, self.features)
        if flat == 0:
            raise ValueError(f"an input of {cfg.input_size}x{cfg.input_size} is too small for "
                             f"the {cfg.arch!r} architecture")
        head: list[tuple[str, nn.Module]] = [("flatten", nn.Flatten())]
        if cfg.has_dropout and cfg.dropout > 0:
            head.append(("drop1", nn.Dropout(cfg.dropout)))
        head += [("fc1", nn.Linear(flat, cfg.hidden)), ("relu_fc1", nn.ReLU())]
        if cfg.has_dropout and cfg.dropout > 0:
            head.append(("drop2", nn.Dropout(cfg.dropout)))
        head.append(("fc2", nn.Linear(cfg.hidden, cfg.num_classes)))
        self.classifier = nn.Sequential(OrderedDict(head))
        self.flatten_size = flat

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))

    def forward_with_activations(
        self, x: torch.Tensor
    ) -> tuple[torch.Tensor, "OrderedDict[str, torch.Tensor]"]:
        """Run the network and return ``(logits, activations)``.

        ``activations`` maps every layer's name (in order: ``conv1``, ``pool1``, ..., ``fc2``) to
        its output. Dropout layers are identities at inference and are left out, as is flatten.
        """
        acts: OrderedDict[str, torch.Tensor] = OrderedDict()
        h = x
        for name, layer in self.features.named_children():
            h = layer(h)
            acts[name] = h
        for name, layer in self.classifier.named_children():
            h = layer(h)
            if not isinstance(layer, (nn.Dropout, nn.Flatten)):
                acts[name] = h
        return h, acts

    def conv_layers(self) -> "OrderedDict[str, nn.Conv2d]":
        return OrderedDict(
            (n, m) for n, m in self.features.named_children() if isinstance(m, nn.Conv2d)
        )


def state_shapes(config: ModelConfig) -> dict[str, tuple[tuple[int, ...], torch.dtype]]:
    """The shape and dtype of every entry of the state dict of ``config``'s network, found on
    the meta device (nothing is allocated). Raises ValueError for a network larger than
    :data:`MAX_PARAMETERS` or one its input is too small for."""
    with torch.device("meta"):
        model = DigitCNN(config)
    n = count_parameters(model)
    if n > MAX_PARAMETERS:
        raise ValueError(f"the network would have {n:,} parameters, more than the "
                         f"{MAX_PARAMETERS:,} this app builds")
    return {k: (tuple(v.shape), v.dtype) for k, v in model.state_dict().items()}


def build_model(config: ModelConfig | None = None) -> DigitCNN:
    """The network ``config`` describes, once its size has been checked (:func:`state_shapes`)."""
    config = config or ModelConfig()
    state_shapes(config)
    return DigitCNN(config)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
