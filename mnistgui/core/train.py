"""Training as a generator of plain events.

:class:`Trainer` owns the model, optimiser and data order; :meth:`Trainer.run` is a generator
of the events in :mod:`mnistgui.core.events`: ``BatchMetrics`` after every batch (each batch
trained by the :class:`~mnistgui.core.step.BatchStep` that fine-tuning uses too), and
``EpochMetrics`` (plus a ``Snapshot`` of the weights) after every epoch, then one ``Finished``
or ``Failed``. Every pause and stop point is a ``yield``: a caller that stops iterating stops
training, and :class:`Control` lets another thread pause, resume or stop it within one batch.
The core knows nothing of threads beyond that; the GUI's worker and the command line both drive
this one loop (through :func:`mnistgui.core.jobs.train_job`).
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import asdict, dataclass, field, fields
from typing import Callable, Iterator

import numpy as np
import torch
import torch.nn.functional as F

from mnistgui.core.augment import AugmentConfig
from mnistgui.core.distributed import (World, gather_rows, is_lost_contact, lost_contact, plain_batch_norm, shard_rows,
                                      wrap_model)
from mnistgui.core.errors import TrainingError
from mnistgui.core.events import Control, EpochMetrics, Event, Failed, Finished, Snapshot
from mnistgui.core.model import DigitCNN, ModelConfig, build_model, canonical_arch
from mnistgui.core.preprocess import PreprocessConfig
from mnistgui.core.step import (PRECISIONS, BatchStep, NonFiniteLoss, Pool, autocast, normalize, resolve_device,
                                resolve_precision, to_batch)

OPTIMIZERS = ("adamw", "adam", "sgd")
SCHEDULES = ("onecycle", "cosine", "constant")
#: How many times each held-out pen digit is placed as drawn to calibrate the model on.
PEN_VAL_PLACEMENTS = 4
#: Which epoch's weights a run keeps as its model: the one with the lowest validation loss, or
#: the last (a schedule that anneals the learning rate to nothing ends on its most settled weights).
KEEP_CHOICES = ("best", "last")
DEVICES = ("auto", "cpu", "cuda", "mps")
#: "auto" is the fastest precision that keeps the accuracy on the device (:func:`~mnistgui.core.step.resolve_precision`)
PRECISION_CHOICES = ("auto",) + PRECISIONS


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a training run. Stored in checkpoints as plain data."""

    arch: str = "standard"
    dropout: float = 0.25
    optimizer: str = "adamw"
    lr: float = 3e-3  # peak learning rate
    weight_decay: float = 5e-4
    momentum: float = 0.9  # SGD only
    batch_size: int = 128  # the global batch: shared by the processes of a distributed run
    epochs: int = 3
    schedule: str = "onecycle"
    warmup: float = 0.15  # fraction of the run spent warming up (one-cycle and cosine)
    augment: bool = True
    augment_strength: float = 1.0
    patience: int = 0  # early stopping on validation loss; 0 disables it
    keep: str = "best"  # the weights the run keeps: KEEP_CHOICES
    seed: int = 0
    device: str = "auto"
    precision: str = "auto"  # fp32, bf16 or fp16 autocast, or auto (resolve_precision)
    val_size: int = 5000
    label_smoothing: float = 0.05
    synthetic: float = 0.0  # fraction of each batch drawn from synthetic pen-stroke digits
    synthetic_pool: int = 6000
    pen_data: str = ""  # labelled pen-recorded digits (stroke JSON) mixed into training
    pen: float = 0.0  # fraction of each batch drawn from them
    pen_variants: int = 8  # augmented renderings of each pen digit
    pen_blend: float = 0.0  # share of those renderings blended with another writer's same digit
    pen_neighbours: float = 0.0  # share of them with a piece of a neighbouring digit, as a number's cuts leave
    pen_val_writers: float = 0.15  # share of their writers held out to validate and calibrate

    def __post_init__(self) -> None:
        problems = []
        if self.optimizer not in OPTIMIZERS:
            problems.append(f"optimizer must be one of {', '.join(OPTIMIZERS)}")
        if self.schedule not in SCHEDULES:
            problems.append(f"schedule must be one of {', '.join(SCHEDULES)}")
        if self.keep not in KEEP_CHOICES:
            problems.append(f"keep must be one of {', '.join(KEEP_CHOICES)}")
        if self.device not in DEVICES:
            problems.append(f"device must be one of {', '.join(DEVICES)}")
        if self.precision not in PRECISION_CHOICES:
            problems.append(f"precision must be one of {', '.join(PRECISION_CHOICES)}")
        if not (self.lr > 0 and math.isfinite(self.lr)):
            problems.append("learning rate must be a positive number")
        if self.batch_size < 1:
            problems.append("batch size must be at least 1")
        if self.epochs < 1:
            problems.append("epochs must be at least 1")
        if self.weight_decay < 0:
            problems.append("weight decay must not be negative")
        if not 0 <= self.warmup < 1:
            problems.append("warm-up must be a fraction in [0, 1)")
        if self.patience < 0:
            problems.append("patience must not be negative")
        if not 0 <= self.synthetic < 1:
            problems.append("the synthetic fraction must be in [0, 1)")
        if not 0 <= self.pen < 1 or self.pen + self.synthetic >= 1:
            problems.append("the pen fraction must be in [0, 1), and with the synthetic fraction below 1")
        if self.pen > 0 and not self.pen_data:
            problems.append("a pen fraction needs pen-recorded digits (pen_data)")
        if self.pen_variants < 1:
            problems.append("pen variants must be at least 1")
        if not 0 <= self.pen_neighbours <= 1:
            problems.append("the share of pen digits with a neighbour's piece must be in [0, 1]")
        if not 0 <= self.pen_blend <= 1:
            problems.append("the blended share of pen renderings must be in [0, 1]")
        if not 0 <= self.pen_val_writers < 1:
            problems.append("the held-out share of pen writers must be in [0, 1)")
        if self.augment_strength < 0:
            problems.append("augmentation strength must not be negative")
        if problems:
            raise ValueError("; ".join(problems))
        ModelConfig(arch=self.arch, dropout=self.dropout)  # validates the architecture

    def model_config(self) -> ModelConfig:
        return ModelConfig(arch=self.arch, dropout=self.dropout)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "TrainConfig":
        known = {f.name for f in fields(cls)}
        d = {k: v for k, v in d.items() if k in known}
        if "arch" in d:
            d["arch"] = canonical_arch(d["arch"])
        return cls(**d)


# ---------------------------------------------------------------------------------------------
# Helpers


def lr_factor(schedule: str, progress: float, warmup: float) -> float:
    """Learning-rate multiplier at ``progress`` (0..1 through the run)."""
    p = min(max(progress, 0.0), 1.0)
    if warmup > 0 and p < warmup:
        return 0.04 + 0.96 * p / warmup
    if schedule == "constant":
        return 1.0
    rest = (p - warmup) / max(1e-9, 1.0 - warmup)
    cos = 0.5 * (1.0 + math.cos(math.pi * rest))
    if schedule == "onecycle":
        return 1e-3 + (1.0 - 1e-3) * cos
    return 0.01 + 0.99 * cos  # cosine


@torch.inference_mode()
def predict_logits(
    model: torch.nn.Module,
    images_u8: torch.Tensor,
    pre: PreprocessConfig | None = None,
    batch_size: int = 1000,
    device: torch.device | None = None,
    world: World | None = None,
    precision: str = "fp32",
) -> torch.Tensor:
    """Logits for uint8 images (N, 28, 28), in eval mode; the model's mode is restored after.

    In a ``world`` of several processes each computes its rows (:func:`shard_rows`) and all
    get the whole (N, 10) back, in order: what one process computes. ``precision`` is the
    autocast precision (the logits are float32 whatever it is)."""
    pre = pre or PreprocessConfig()
    device = device or next(model.parameters()).device
    world = world or World()
    n = images_u8.shape[0]
    if world.distributed:
        images_u8 = images_u8[shard_rows(n, world)]
    was_training = model.training
    model.eval()
    try:
        out = []
        with autocast(device, precision):
            for i in range(0, images_u8.shape[0], batch_size):
                x = normalize(to_batch(images_u8[i : i + batch_size], device), pre)
                out.append(model(x).float().cpu())
        logits = torch.cat(out) if out else torch.zeros(0, 10)
    finally:
        model.train(was_training)
    return gather_rows(logits, n, world)


def evaluate_loss_accuracy(
    model: torch.nn.Module, images_u8: torch.Tensor, labels: torch.Tensor, pre: PreprocessConfig,
    world: World | None = None, precision: str = "fp32",
) -> tuple[float, float]:
    logits = predict_logits(model, images_u8, pre, world=world, precision=precision)
    if logits.shape[0] == 0:
        return float("nan"), float("nan")
    loss = float(F.cross_entropy(logits, labels))
    acc = float((logits.argmax(1) == labels).float().mean())
    return loss, acc


def cpu_state_dict(model: torch.nn.Module) -> dict:
    return {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}


# ---------------------------------------------------------------------------------------------
# The trainer


@dataclass
class History:
    """Per-epoch curves, as plain lists (stored in checkpoints)."""

    epoch: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def append(self, e: EpochMetrics) -> None:
        self.epoch.append(e.epoch)
        self.train_loss.append(e.train_loss)
        self.train_accuracy.append(e.train_accuracy)
        self.val_loss.append(e.val_loss)
        self.val_accuracy.append(e.val_accuracy)
        self.lr.append(e.lr)
        self.seconds.append(e.seconds)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "History":
        known = {f.name for f in fields(cls)}
        return cls(**{k: list(v) for k, v in d.items() if k in known})


class Trainer:
    """Trains a :class:`DigitCNN` on in-memory uint8 images.

    ``train_images``/``val_images`` are uint8 tensors (N, 28, 28) and the labels int64 (N,).
    Batches are made by indexing a seeded permutation; augmentation runs on whole batches.

    In a ``world`` of several processes (default: the process group this process is in, see
    :mod:`mnistgui.core.distributed`), every process holds the same data and draws the same
    permutation; ``config.batch_size`` is the global batch, of which each process trains on its
    own rows (about batch_size / world size), so the run takes the same steps as on one process.
    Validation is shared out the same way. Every process yields the same events.
    """

    def __init__(
        self,
        config: TrainConfig,
        train_images: torch.Tensor,
        train_labels: torch.Tensor,
        val_images: torch.Tensor,
        val_labels: torch.Tensor,
        *,
        preprocess: PreprocessConfig | None = None,
        model: DigitCNN | None = None,
        control: Control | None = None,
        cancelled: Callable[[], bool] | None = None,
        world: World | None = None,
    ) -> None:
        """``cancelled`` (default: the control's stop) is asked while the pools of synthetic and
        pen-recorded digits are rendered, which can take minutes; a yes raises
        :class:`~mnistgui.core.errors.Cancelled`."""
        if train_images.shape[0] == 0:
            raise TrainingError("there are no training images")
        if train_images.shape[0] != train_labels.shape[0]:
            raise TrainingError("training images and labels differ in number")
        self.config = config
        self.preprocess = preprocess or PreprocessConfig()
        self.control = control or Control()
        self._cancelled = cancelled or (lambda: self.control.stopped)
        self.world = world or World.current()
        if config.batch_size < self.world.size:
            raise TrainingError(f"a batch of {config.batch_size} cannot be shared by {self.world.size} processes; "
                                f"make the batch size at least {self.world.size}")
        self.device = resolve_device(config.device)
        if self.device.type == "cuda" and self.world.distributed:
            self.device = torch.device("cuda", torch.cuda.current_device())
        self.precision = resolve_precision(config.precision, self.device)
        torch.manual_seed(config.seed)
        self.model = (model or build_model(config.model_config())).to(self.device)
        self.model = self.model.to(memory_format=torch.channels_last)
        #: what trains: the model, or the model in DistributedDataParallel
        self.net = wrap_model(self.model, self.device, self.world)
        self.train_images = train_images
        self.train_labels = train_labels.long()
        self.val_images = val_images
        self.val_labels = val_labels.long()
        self.generator = torch.Generator().manual_seed(config.seed)
        self.optimizer = self._make_optimizer(config)
        #: pools mixed into every batch, each with the fraction of the batch it makes up
        self.mix: list[tuple[Pool, float]] = []
        if config.synthetic > 0:
            from mnistgui.core.synth import synthetic_pool

            self.mix.append((Pool(*synthetic_pool(config.synthetic_pool, config.seed + 1, self.preprocess,
                                                   cancelled=self._cancelled)),
                             config.synthetic))
        #: pen-recorded digits of held-out writers, each placed as drawn PEN_VAL_PLACEMENTS times
        #: (so some forty correct readings, not ten, set the unsure threshold): (uint8 images, labels)
        self.pen_val: tuple[torch.Tensor, torch.Tensor] | None = None
        if config.pen > 0:
            self.mix.append((self._pen_pools(config), config.pen))
        self.augment = AugmentConfig(strength=config.augment_strength if config.augment else 0.0)
        self.batch_step = BatchStep(self.model, self.optimizer, device=self.device, preprocess=self.preprocess,
                                    augment=self.augment, generator=self.generator,
                                    label_smoothing=config.label_smoothing, precision=self.precision,
                                    net=self.net, world=self.world)
        self.epoch = 0  # epochs completed
        self.step = 0
        self.total_epochs = config.epochs
        self.phase_start_epoch = 0  # a continuation restarts the schedule from here
        self.base_lr = config.lr
        self.history = History()
        self.best_val_loss = math.inf
        #: the lowest validation loss so far, which early stopping waits on (with ``keep="last"``
        #: the kept epoch's loss can be higher)
        self.lowest_val_loss = math.inf
        self.best_val_accuracy = 0.0
        self.best_epoch = 0
        self.best_state: dict | None = None
        self.bad_epochs = 0
        # the run's own global-RNG stream (dropout), so interleaved runs stay reproducible;
        # each process of a distributed run has its own
        self._rng_state = torch.get_rng_state() if self.world.main else self._rank_stream(0)

    # -- set-up ---------------------------------------------------------------------------
    def _rank_stream(self, step: int) -> torch.Tensor:
        """The dropout stream of a process other than the first, from ``step`` on."""
        seed = (self.config.seed * 1_000_003 + self.world.rank * 7_919 + step) % (2**63)
        return torch.Generator().manual_seed(seed).get_state()

    def _pen_pools(self, c: TrainConfig) -> Pool:
        from mnistgui.core.handwriting import load_pen_digits, pen_pool, render_as_drawn, split_writers

        train, val = split_writers(load_pen_digits(c.pen_data), c.pen_val_writers, c.seed)
        if not train:
            raise TrainingError("every writer of the pen-recorded digits is held out; lower pen_val_writers")
        if val:
            drawn = [render_as_drawn(val, c.seed + 3 + 1009 * k, self.preprocess) for k in range(PEN_VAL_PLACEMENTS)]
            self.pen_val = (torch.from_numpy(np.round(np.concatenate([d[0] for d in drawn]) * 255).astype(np.uint8)),
                            torch.from_numpy(np.concatenate([d[1] for d in drawn])).long())
        return Pool(*pen_pool(train, c.pen_variants, c.seed + 2, self.preprocess, cancelled=self._cancelled,
                             blend=c.pen_blend, neighbours=c.pen_neighbours))

    def _make_optimizer(self, c: TrainConfig) -> torch.optim.Optimizer:
        decay, no_decay = [], []
        for name, p in self.model.named_parameters():
            (no_decay if p.ndim <= 1 else decay).append(p)
        groups = [
            {"params": decay, "weight_decay": c.weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ]
        if c.optimizer == "adamw":
            return torch.optim.AdamW(groups, lr=c.lr)
        if c.optimizer == "adam":
            # Adam's L2-style decay: folded into the gradient
            return torch.optim.Adam(groups, lr=c.lr)
        return torch.optim.SGD(groups, lr=c.lr, momentum=c.momentum, nesterov=True)

    @property
    def batches_per_epoch(self) -> int:
        return math.ceil(self.train_images.shape[0] / self.config.batch_size)

    def set_lr(self, lr: float) -> None:
        """Change the peak learning rate; takes effect from the next batch."""
        if not (lr > 0 and math.isfinite(lr)):
            raise ValueError("learning rate must be a positive number")
        self.base_lr = lr

    def extend(self, more_epochs: int) -> None:
        """Plan ``more_epochs`` further epochs, with a fresh (shorter) schedule for them."""
        if more_epochs < 1:
            raise ValueError("continue for at least one epoch")
        self.phase_start_epoch = self.epoch
        self.total_epochs = self.epoch + more_epochs
        self.bad_epochs = 0

    def current_lr(self) -> float:
        span = (self.total_epochs - self.phase_start_epoch) * self.batches_per_epoch
        done = self.step - self.phase_start_epoch * self.batches_per_epoch
        warm = self.config.warmup if self.phase_start_epoch == 0 else self.config.warmup / 3
        return self.base_lr * lr_factor(self.config.schedule, done / max(1, span), warm)

    # -- the loop -------------------------------------------------------------------------
    def run(self) -> Iterator[Event]:
        """Train until the planned epochs are done, early stopping, a stop, or a failure (in a
        distributed run, also when the processes lose contact: a Failed that says so)."""
        torch.set_rng_state(self._rng_state)
        events = self._run()
        while True:
            try:
                ev = next(events)
            except StopIteration:
                return
            except RuntimeError as exc:
                if not (self.world.distributed and is_lost_contact(exc)):
                    raise
                yield Failed(lost_contact(exc))
                return
            self._rng_state = torch.get_rng_state()
            yield ev
            torch.set_rng_state(self._rng_state)

    def _run(self) -> Iterator[Event]:
        c = self.config
        ctl = self.control
        n = self.train_images.shape[0]
        bs = c.batch_size
        self.batch_step.restart_clock()
        start = self.batch_step.start
        reason = "completed"
        while self.epoch < self.total_epochs:
            epoch_start = time.perf_counter()
            self.model.train()
            perm = torch.randperm(n, generator=self.generator)
            sum_loss = torch.zeros((), dtype=torch.float64)
            sum_correct = 0
            seen = 0
            nb = self.batches_per_epoch
            self.batch_step.restart_rate()
            for b in range(nb):
                ctl.wait_while_paused()
                if ctl.stopped:
                    reason = "stopped"
                    break
                idx = perm[b * bs : (b + 1) * bs]
                draws = [(pool, int(round(len(idx) * frac))) for pool, frac in self.mix]
                own = len(idx) - sum(k for _, k in draws)
                lr = self.current_lr()
                try:
                    r = self.batch_step(self.train_images[idx[:own]], self.train_labels[idx[:own]], lr,
                                        draws=draws, epoch=self.epoch + 1, batch=b + 1, batches=nb,
                                        step=self.step + 1)
                except NonFiniteLoss as exc:
                    yield Failed(
                        f"the training loss became {exc.loss} at epoch {self.epoch + 1}, batch "
                        f"{b + 1}: training stopped. Lower the learning rate (it is {lr:.3g}), "
                        "or use a schedule with warm-up, then start again."
                    )
                    return
                self.step += 1
                sum_loss += r.metrics.loss * r.count
                sum_correct += r.correct
                seen += r.count
                yield r.metrics
            if reason == "stopped":
                break
            self.epoch += 1
            val_loss, val_acc = evaluate_loss_accuracy(
                self.model, self.val_images, self.val_labels, self.preprocess, world=self.world,
                precision=self.precision,
            )
            if not math.isfinite(val_loss) and self.val_images.shape[0] > 0:
                yield Failed(
                    f"the validation loss became {val_loss} after epoch {self.epoch}: training "
                    "stopped. Lower the learning rate and start again."
                )
                return
            lowest = self.val_images.shape[0] == 0 or val_loss < self.lowest_val_loss - 1e-6
            if lowest:
                self.lowest_val_loss = val_loss if self.val_images.shape[0] else self.lowest_val_loss
                self.bad_epochs = 0
            else:
                self.bad_epochs += 1
            improved = lowest or c.keep == "last"
            if improved:
                self.best_val_loss = val_loss if self.val_images.shape[0] else self.best_val_loss
                self.best_val_accuracy = val_acc
                self.best_epoch = self.epoch
                self.best_state = cpu_state_dict(self.model)
            em = EpochMetrics(
                epoch=self.epoch,
                epochs=self.total_epochs,
                train_loss=float(sum_loss) / max(1, seen),
                train_accuracy=sum_correct / max(1, seen),
                val_loss=val_loss,
                val_accuracy=val_acc,
                lr=self.current_lr(),
                best_epoch=self.best_epoch,
                best_val_loss=self.best_val_loss,
                epochs_without_improvement=self.bad_epochs,
                patience=c.patience,
                seconds=time.perf_counter() - epoch_start,
                keep=c.keep,
            )
            self.history.append(em)
            yield em
            yield Snapshot(epoch=self.epoch, state_dict=cpu_state_dict(self.model), is_best=improved)
            if c.patience and self.bad_epochs >= c.patience:
                reason = "early-stopped"
                break
        yield Finished(
            reason=reason,
            epochs_run=self.epoch,
            best_epoch=self.best_epoch,
            best_val_loss=self.best_val_loss,
            best_val_accuracy=self.best_val_accuracy,
            seconds=time.perf_counter() - start,
        )

    # -- resumable state ------------------------------------------------------------------
    def state(self) -> dict:
        """Everything needed to resume: plain data and tensors only (loadable weights_only)."""
        return {
            "model": cpu_state_dict(self.model),
            "optimizer": _to_cpu(self.optimizer.state_dict()),
            "epoch": self.epoch,
            "step": self.step,
            "total_epochs": self.total_epochs,
            "phase_start_epoch": self.phase_start_epoch,
            "base_lr": self.base_lr,
            "best_val_loss": self.best_val_loss,
            "lowest_val_loss": self.lowest_val_loss,
            "best_val_accuracy": self.best_val_accuracy,
            "best_epoch": self.best_epoch,
            "bad_epochs": self.bad_epochs,
            "best_state": self.best_state,
            "generator": self.generator.get_state(),
            "torch_rng": self._rng_state,
            "history": self.history.to_dict(),
        }

    def load_state(self, s: dict) -> None:
        self.model.load_state_dict(s["model"])
        self.optimizer.load_state_dict(s["optimizer"])
        self.epoch = int(s["epoch"])
        self.step = int(s["step"])
        self.total_epochs = int(s["total_epochs"])
        self.phase_start_epoch = int(s["phase_start_epoch"])
        self.base_lr = float(s["base_lr"])
        self.best_val_loss = float(s["best_val_loss"])
        self.lowest_val_loss = float(s.get("lowest_val_loss", self.best_val_loss))
        self.best_val_accuracy = float(s["best_val_accuracy"])
        self.best_epoch = int(s["best_epoch"])
        self.bad_epochs = int(s["bad_epochs"])
        self.best_state = s.get("best_state")
        self.generator.set_state(s["generator"])
        self._rng_state = s["torch_rng"] if self.world.main else self._rank_stream(self.step)
        self.history = History.from_dict(s["history"])

    def calibrate(self, model: torch.nn.Module | None = None):
        """Fit the temperature and the unsure threshold of ``model`` (default: the best model) on
        the held-out data: MNIST validation and, where given, the held-out pen writers, whose
        readings (the canvas's case) decide the threshold."""
        from mnistgui.core.calibration import calibrate

        model = model or self.best_model()
        sets = [(self.val_images, self.val_labels)] + ([self.pen_val] if self.pen_val else [])
        sets = [(x, y) for x, y in sets if y.numel()]
        if not sets:
            return None
        logits = [predict_logits(model, x, self.preprocess) for x, _ in sets]
        labels = [y for _, y in sets]
        return calibrate(torch.cat(logits), torch.cat(labels), threshold_on=(logits[-1], labels[-1]))

    def best_model(self) -> DigitCNN:
        """A CPU copy of the model with the best validation weights (the last, if none)."""
        m = plain_batch_norm(copy.deepcopy(self.model).to("cpu").to(memory_format=torch.contiguous_format))
        if self.best_state is not None:
            m.load_state_dict(self.best_state)
        m.eval()
        return m


def _to_cpu(obj):
    if isinstance(obj, torch.Tensor):
        return obj.detach().to("cpu", copy=True)
    if isinstance(obj, dict):
        return {k: _to_cpu(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_to_cpu(v) for v in obj]
    return obj


def drain(events: Iterator[Event], on_event: Callable[[Event], None] | None = None) -> Finished:
    """Run a training generator to the end; raise TrainingError on a Failed event."""
    last: Finished | None = None
    for ev in events:
        if on_event is not None:
            on_event(ev)
        if isinstance(ev, Failed):
            raise TrainingError(ev.message)
        if isinstance(ev, Finished):
            last = ev
    assert last is not None
    return last

