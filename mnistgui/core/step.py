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

from mnistgui.core.augment import AugmentConfig, augment_batch
from mnistgui.core.errors import TrainingError
from mnistgui.core.events import BatchMetrics
from mnistgui.core.preprocess import PreprocessConfig


def to_batch(images_u8: torch.Tensor, device: torch.device) -> torch.Tensor:
    """uint8 (B, 28, 28) -> float (B, 1, 28, 28) in 0..1."""
    return images_u8.to(device=device, dtype=torch.float32).div_(255.0).unsqueeze(1)


def normalize(x: torch.Tensor, pre: PreprocessConfig) -> torch.Tensor:
    return ((x - pre.mean) / pre.std).contiguous(memory_format=torch.channels_last)


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
    pools and for augmentation.
    """

    def __init__(self, model: torch.nn.Module, optimizer: torch.optim.Optimizer, *, device: torch.device,
                 preprocess: PreprocessConfig, augment: AugmentConfig, generator: torch.Generator,
                 label_smoothing: float = 0.0, freeze_bn: bool = False) -> None:
        self.model = model
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
        x = to_batch(xs, self.device)
        y = ys.to(self.device)
        if self.augment.strength > 0:
            x = augment_batch(x, self.augment, self.generator)
        x = normalize(x, self.preprocess)
        for g in self.optimizer.param_groups:
            g["lr"] = lr
        self.model.train()
        if self.freeze_bn:
            freeze_batch_norm(self.model)
        logits = self.model(x)
        loss = F.cross_entropy(logits, y, label_smoothing=self.label_smoothing)
        loss_v = float(loss.detach())
        if not math.isfinite(loss_v):
            raise NonFiniteLoss(loss_v)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        correct = int((logits.argmax(1) == y).sum())
        k = int(y.shape[0])
        now = time.perf_counter()
        rate = k / max(1e-9, now - self._last)
        self._last = now
        metrics = BatchMetrics(epoch=epoch, batch=batch, batches=batches, step=step, loss=loss_v,
                               accuracy=correct / k, lr=lr, samples_per_s=rate, elapsed_s=now - self.start)
        return StepResult(metrics, correct, k)
