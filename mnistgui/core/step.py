"""One optimiser step over a batch, shared by the trainer and the fine-tuner.

:class:`BatchStep` mixes samples drawn from :class:`Pool` s into the batch, augments it, runs the
forward pass and the loss, refuses a loss that is not finite, steps the optimiser and measures
the batch as :class:`~mnistgui.core.events.BatchMetrics`. The
:class:`~mnistgui.core.train.Trainer` and the :class:`~mnistgui.core.finetune.FineTuner` differ
only in what they feed it: the order of the data, the learning rate, and what they do between
steps.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from mnistgui.core.augment import AugmentConfig, RowDraws, augment_batch
from mnistgui.core.distributed import World, all_reduce_sum, shard_rows
from mnistgui.core.errors import TrainingError
from mnistgui.core.events import BatchMetrics
from mnistgui.core.preprocess import PreprocessConfig

#: the numeric precisions training can run in
PRECISIONS = ("fp32", "bf16", "fp16")
_DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16}


def _mps_available() -> bool:
    return getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()


def resolve_device(name: str) -> torch.device:
    """Map "auto"/"cpu"/"cuda"/"mps" to a device that exists here, or raise TrainingError."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "mps" if _mps_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise TrainingError("CUDA was asked for, but no CUDA GPU is available; use --device cpu")
    if name == "mps" and not _mps_available():
        raise TrainingError("MPS was asked for, but it is not available here; use --device cpu")
    return torch.device(name)


def available_devices() -> list[str]:
    return ["auto", "cpu"] + ["cuda"] * torch.cuda.is_available() + ["mps"] * _mps_available()


def autocast(device: torch.device, precision: str):
    """The autocast context for ``precision`` on ``device`` (a no-op for fp32)."""
    return torch.autocast(device.type, dtype=_DTYPES.get(precision, torch.float32), enabled=precision in _DTYPES)


def to_batch(images_u8: torch.Tensor, device: torch.device) -> torch.Tensor:
    """uint8 (B, 28, 28) -> float (B, 1, 28, 28) in 0..1."""
    return images_u8.to(device=device, dtype=torch.float32).div_(255.0).unsqueeze(1)


def normalize(x: torch.Tensor, pre: PreprocessConfig) -> torch.Tensor:
    return ((x - pre.mean) / pre.std).contiguous(memory_format=torch.channels_last)


def _cpu_has_bf16() -> bool:
    cpu = getattr(torch, "cpu", None)
    probes = ("_is_amx_tile_supported", "_is_avx512_bf16_supported")
    return any(bool(getattr(cpu, name, lambda: False)()) for name in probes)


def resolve_precision(name: str, device: torch.device) -> str:
    """The precision to train in on ``device``: ``name``, or for "auto" the fastest that keeps
    the accuracy, as measured (bench/train_throughput.py --precision): bf16 on CPUs that compute
    in bf16 natively (AMX or AVX512-BF16; about 1.8x fp32 for the standard CNN) and on CUDA GPUs
    that support it, fp16 with a gradient scaler on older GPUs, fp32 elsewhere (bf16 emulated
    on a CPU without it is slower than fp32). Raises TrainingError for bf16 on a GPU without it."""
    if name == "auto":
        if device.type == "cuda":
            return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
        return "bf16" if device.type == "cpu" and _cpu_has_bf16() else "fp32"
    if name == "bf16" and device.type == "cuda" and not torch.cuda.is_bf16_supported():
        raise TrainingError("this GPU does not compute in bf16; use --precision fp16 or fp32")
    return name


@dataclass(frozen=True)
class Pool:
    """Images (uint8 (N, 28, 28)) and labels that batches draw extra samples from at random."""

    images: torch.Tensor
    labels: torch.Tensor


class NonFiniteLoss(TrainingError):
    """The loss of a batch was NaN or infinite; the caller says what to do about it."""

    def __init__(self, loss: float) -> None:
        super().__init__(f"the loss became {loss}")
        self.loss = loss


@dataclass(frozen=True)
class StepResult:
    metrics: BatchMetrics
    correct: int
    count: int


def freeze_batch_norm(model: torch.nn.Module) -> None:
    """Keep batch-norm layers in eval mode (their running statistics fixed) while training."""
    for m in model.modules():
        if isinstance(m, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d)):
            m.eval()


class BatchStep:
    """Mixing, augmentation, forward pass, loss, NaN check and optimiser step for one batch.

    The :class:`Trainer` and :class:`~mnistgui.core.finetune.FineTuner` each own one, so both
    train the same way: on ``device``, with their own seeded ``generator`` for the draws from the
    pools and for augmentation, in ``precision`` (autocast; fp16 with a gradient scaler).

    In a ``world`` of several processes, each call is given the whole global batch (every
    process the same) and trains on its own rows of it (:func:`shard_rows`): the draws from
    the pools and for augmentation are made for the whole batch, the loss is each process's
    share of the global mean, and ``net`` (the model in DistributedDataParallel) averages the
    gradients, so the step is the step one process takes on the whole batch. The batch's loss
    and accuracy are summed over the processes before the step, so every process sees the same
    figures and refuses the same non-finite loss.
    """

    def __init__(self, model: torch.nn.Module, optimizer: torch.optim.Optimizer, *, device: torch.device,
                 preprocess: PreprocessConfig, augment: AugmentConfig, generator: torch.Generator,
                 label_smoothing: float = 0.0, freeze_bn: bool = False, precision: str = "fp32",
                 net: torch.nn.Module | None = None, world: World | None = None) -> None:
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}")
        self.model = model
        self.net = net if net is not None else model
        self.world = world or World()
        self.precision = precision
        self.scaler = torch.amp.GradScaler(device.type, enabled=precision == "fp16")
        self.optimizer = optimizer
        self.device = device
        self.preprocess = preprocess
        self.augment = augment
        self.generator = generator
        self.label_smoothing = label_smoothing
        self.freeze_bn = freeze_bn
        self.start = self._last = time.perf_counter()

    def restart_clock(self) -> None:
        """Elapsed time and throughput count from now (a run or its continuation starts)."""
        self.start = self._last = time.perf_counter()

    def restart_rate(self) -> None:
        """Throughput counts from now (time spent between epochs is not training)."""
        self._last = time.perf_counter()

    def mix(self, xs: torch.Tensor, ys: torch.Tensor, draws) -> tuple[torch.Tensor, torch.Tensor]:
        """``xs``/``ys`` followed by ``k`` random samples of each ``(pool, k)`` in ``draws``."""
        parts_x, parts_y = [xs], [ys.long()]
        for pool, k in draws:
            idx = torch.randint(0, pool.images.shape[0], (k,), generator=self.generator)
            parts_x.append(pool.images[idx])
            parts_y.append(pool.labels[idx].long())
        if len(parts_x) == 1:
            return xs, parts_y[0]
        return torch.cat(parts_x), torch.cat(parts_y)

    def __call__(self, xs: torch.Tensor, ys: torch.Tensor, lr: float, *, draws=(), epoch: int = 1,
                 batch: int, batches: int, step: int) -> StepResult:
        """Train on one batch of uint8 images; raises :class:`NonFiniteLoss` before stepping
        when its loss is not finite (the weights are then unchanged)."""
        xs, ys = self.mix(xs, ys, draws)
        total = int(ys.shape[0])
        draw = self.generator
        if self.world.distributed:
            rows = shard_rows(total, self.world)
            xs, ys = xs[rows], ys[rows]
            draw = RowDraws(self.generator, total, rows)
        x = to_batch(xs, self.device)
        y = ys.to(self.device)
        if self.augment.strength > 0:
            x = augment_batch(x, self.augment, draw)
        x = normalize(x, self.preprocess)
        for g in self.optimizer.param_groups:
            g["lr"] = lr
        self.model.train()
        if self.freeze_bn:
            freeze_batch_norm(self.model)
        with autocast(self.device, self.precision):
            logits = self.net(x)
        logits = logits.float()
        if self.world.distributed:
            loss_sum = F.cross_entropy(logits, y, label_smoothing=self.label_smoothing, reduction="sum")
            figures = torch.stack([loss_sum.detach().double().cpu(),
                                   (logits.argmax(1) == y).sum().double().cpu()])
            all_reduce_sum(figures)
            loss = loss_sum * (self.world.size / total)
            loss_v, correct = float(figures[0]) / total, int(figures[1])
        else:
            loss = F.cross_entropy(logits, y, label_smoothing=self.label_smoothing)
            loss_v = float(loss.detach())
            correct = int((logits.argmax(1) == y).sum())
        if not math.isfinite(loss_v):
            raise NonFiniteLoss(loss_v)
        self.optimizer.zero_grad(set_to_none=True)
        self.scaler.scale(loss).backward()
        self.scaler.step(self.optimizer)
        self.scaler.update()
        k = total
        now = time.perf_counter()
        rate = k / max(1e-9, now - self._last)
        self._last = now
        metrics = BatchMetrics(epoch=epoch, batch=batch, batches=batches, step=step, loss=loss_v,
                               accuracy=correct / k, lr=lr, samples_per_s=rate, elapsed_s=now - self.start)
        return StepResult(metrics, correct, k)
