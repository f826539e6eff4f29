"""Adapting a model to one person's handwriting without forgetting MNIST.

Strategies:

- ``replay`` (default): every weight is tuned at a low learning rate with warm-up, and each batch
  mixes the person's samples with as many MNIST training samples, so what the model knew stays
  in the gradient;
- ``full``: every weight tuned at a low learning rate with warm-up, personal samples only;
- ``head``: the convolutional layers frozen, only the fully connected head trained.

Batch-norm statistics stay frozen in all three (a few dozen samples cannot estimate them), and
personal samples are augmented with the same batched augmentation as training. The held-out part
of the personal samples is never trained on; it and MNIST measure the result.

:class:`FineTuner.run` is a generator of plain events, like the trainer's, and trains with the
trainer's own :class:`~mnistgui.core.step.BatchStep`; :func:`mnistgui.core.jobs.finetune_job` is
the one fine-tuning workflow that the Fine-tune tab and ``mnistgui finetune`` both run.
"""

from __future__ import annotations

import copy
import time
from dataclasses import asdict, dataclass, replace
from typing import Iterator, Sequence

import numpy as np
import torch
from torch import nn

from mnistgui.core.augment import AugmentConfig
from mnistgui.core.errors import TrainingError
from mnistgui.core.events import BatchMetrics, Control, Failed, Finished, Snapshot
from mnistgui.core.metrics import report_from_logits
from mnistgui.core.model import DigitCNN
from mnistgui.core.preprocess import PreprocessConfig
from mnistgui.core.step import BatchStep, NonFiniteLoss, Pool
from mnistgui.core.train import DEVICES, cpu_state_dict, lr_factor, predict_logits, resolve_device

STRATEGIES = ("replay", "full", "head")
DEFAULT_STRATEGY = "replay"
STRATEGY_DESCRIPTIONS = {
    "replay": "tune every layer gently, mixing MNIST into each batch so nothing is forgotten (default)",
    "full": "tune every layer gently on your samples only",
    "head": "keep the convolutional layers, retrain only the fully connected head",
}


@dataclass(frozen=True)
class FinetuneConfig:
    strategy: str = DEFAULT_STRATEGY
    steps: int = 150
    lr: float = 0.0  # 0: the strategy's default
    batch_size: int = 32  # personal samples per batch
    replay_ratio: float = 1.0  # MNIST samples per personal sample in a batch (replay only)
    warmup: float = 0.1
    augment: bool = True
    augment_strength: float = 0.8
    stroke_variants: int = 8  # augmented re-drawings of each personal drawing kept as strokes (0: none)
    weight_decay: float = 0.0
    eval_every: int = 25  # steps between evaluations
    mnist_eval_size: int = 2000
    seed: int = 0
    device: str = "auto"

    def __post_init__(self) -> None:
        if self.strategy not in STRATEGIES:
            raise ValueError(f"strategy must be one of {', '.join(STRATEGIES)}")
        if self.device not in DEVICES:
            raise ValueError(f"device must be one of {', '.join(DEVICES)}")
        if self.steps < 1:
            raise ValueError("steps must be at least 1")
        if self.batch_size < 1:
            raise ValueError("batch size must be at least 1")
        if self.stroke_variants < 0:
            raise ValueError("stroke variants must not be negative")

    @property
    def effective_lr(self) -> float:
        if self.lr > 0:
            return self.lr
        return 2e-3 if self.strategy == "head" else 5e-4

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class FinetuneEval:
    """Measured every ``eval_every`` steps and at the end."""

    step: int
    steps: int
    personal_train_accuracy: float
    heldout_accuracy: float  # nan when there is no held-out sample
    mnist_accuracy: float  # nan without MNIST
    seconds: float


@dataclass
class Comparison:
    """Base model vs fine-tuned model on the held-out personal samples and on MNIST's test set."""

    heldout_count: int
    base_heldout_accuracy: float
    tuned_heldout_accuracy: float
    base_per_digit: list[float | None]
    tuned_per_digit: list[float | None]
    heldout_support: list[int]
    mnist_count: int
    base_mnist_accuracy: float | None
    tuned_mnist_accuracy: float | None
    #: how the personal figures were measured: "held out" (the samples kept out of training), or
    #: "k-fold cross-validation" over every sample (when too few are held out; see cross_validate)
    method: str = "held out"

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def cross_validated(self) -> bool:
        return self.method != "held out"

    def summary(self) -> str:
        what = "held-out personal samples" if not self.cross_validated else f"personal samples, {self.method}"
        lines = [f"{what} ({self.heldout_count}): "
                 f"{self.base_heldout_accuracy * 100:.1f}% -> {self.tuned_heldout_accuracy * 100:.1f}%"]
        if self.base_mnist_accuracy is not None:
            lines.append(f"MNIST test ({self.mnist_count}): {self.base_mnist_accuracy * 100:.2f}% -> "
                         f"{self.tuned_mnist_accuracy * 100:.2f}%")
        per = []
        for d in range(10):
            b, t = self.base_per_digit[d], self.tuned_per_digit[d]
            if b is not None:
                per.append(f"{d}: {b * 100:.0f}->{t * 100:.0f}%")
        if per:
            lines.append("per digit (held out): " + ", ".join(per))
        return "\n".join(lines)


def _accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, pre: PreprocessConfig) -> float:
    if labels.numel() == 0:
        return float("nan")
    return float((predict_logits(model, images, pre).argmax(1) == labels).float().mean())


class FineTuner:
    """Fine-tunes a copy of ``base`` (which is left untouched) on ``config.device``, one
    :class:`~mnistgui.core.step.BatchStep` at a time, with batch norm frozen."""

    def __init__(
        self,
        base: DigitCNN,
        config: FinetuneConfig,
        personal_images: torch.Tensor,
        personal_labels: torch.Tensor,
        heldout_mask: np.ndarray,
        *,
        preprocess: PreprocessConfig | None = None,
        mnist_train: tuple[torch.Tensor, torch.Tensor] | None = None,
        mnist_eval: tuple[torch.Tensor, torch.Tensor] | None = None,
        control: Control | None = None,
        personal_strokes: Sequence[list | None] | None = None,
    ) -> None:
        mask = torch.as_tensor(np.asarray(heldout_mask, dtype=bool))
        self.train_images = personal_images[~mask]
        self.train_labels = personal_labels[~mask].long()
        self.heldout_images = personal_images[mask]
        self.heldout_labels = personal_labels[mask].long()
        if self.train_labels.numel() == 0:
            raise TrainingError("there are no personal samples to train on (all are held out); add more samples")
        if config.strategy == "replay" and mnist_train is None:
            raise TrainingError("the replay strategy needs MNIST to mix in: point the app at MNIST, "
                                "or choose the 'head' strategy")
        self.config = config
        self.preprocess = preprocess or PreprocessConfig()
        self.control = control or Control()
        self.base = base
        self.device = resolve_device(config.device)
        torch.manual_seed(config.seed)
        self.model = copy.deepcopy(base).to(self.device).to(memory_format=torch.channels_last)
        self.mnist_train = Pool(*mnist_train) if mnist_train is not None else None
        g = torch.Generator().manual_seed(config.seed)
        if mnist_eval is not None and mnist_eval[1].numel() > config.mnist_eval_size:
            idx = torch.randperm(mnist_eval[1].numel(), generator=g)[: config.mnist_eval_size]
            mnist_eval = (mnist_eval[0][idx], mnist_eval[1][idx])
        self.mnist_eval = mnist_eval
        self.generator = g
        #: the training drawings re-drawn with stroke-level variation (see core.handwriting)
        self.stroke_pool = self._stroke_pool(personal_strokes, personal_labels, mask.numpy())
        if config.strategy == "head":
            for p in self.model.features.parameters():
                p.requires_grad_(False)
        params = [p for p in self.model.parameters() if p.requires_grad]
        self.optimizer = torch.optim.AdamW(params, lr=config.effective_lr, weight_decay=config.weight_decay)
        self.augment = AugmentConfig(strength=config.augment_strength if config.augment else 0.0)
        self.batch_step = BatchStep(self.model, self.optimizer, device=self.device, preprocess=self.preprocess,
                                    augment=self.augment, generator=g, freeze_bn=True)
        self.history: dict[str, list] = {"step": [], "personal_train_accuracy": [], "heldout_accuracy": [],
                                         "mnist_accuracy": []}

    def _stroke_pool(self, strokes, labels: torch.Tensor, held: np.ndarray) -> Pool | None:
        c = self.config
        if not strokes or c.stroke_variants == 0 or not c.augment:
            return None
        from mnistgui.core.handwriting import pen_pool
        from mnistgui.core.preprocess import StrokeSample

        drawn = [StrokeSample(strokes=st, label=int(labels[i]))
                 for i, st in enumerate(strokes) if st and not held[i]]
        if not drawn:
            return None
        images, pool_labels = pen_pool(drawn, c.stroke_variants, c.seed + 1, self.preprocess,
                                       strength=c.augment_strength, augment_first=True)
        return Pool(images, pool_labels)

    def _evaluate(self, step: int, start: float) -> FinetuneEval:
        m = self.model
        ev = FinetuneEval(
            step=step,
            steps=self.config.steps,
            personal_train_accuracy=_accuracy(m, self.train_images, self.train_labels, self.preprocess),
            heldout_accuracy=_accuracy(m, self.heldout_images, self.heldout_labels, self.preprocess),
            mnist_accuracy=(_accuracy(m, *self.mnist_eval, self.preprocess) if self.mnist_eval else float("nan")),
            seconds=time.perf_counter() - start,
        )
        for k in ("personal_train_accuracy", "heldout_accuracy", "mnist_accuracy"):
            self.history[k].append(getattr(ev, k))
        self.history["step"].append(step)
        return ev

    def run(self) -> Iterator[BatchMetrics | FinetuneEval | Snapshot | Finished | Failed]:
        c = self.config
        self.batch_step.restart_clock()
        start = self.batch_step.start
        n = self.train_labels.numel()
        k = min(c.batch_size, n)
        k_drawn = k if self.stroke_pool is not None else 0
        r = int(round((k + k_drawn) * c.replay_ratio)) if c.strategy == "replay" else 0
        draws = [(self.mnist_train, r)] if r > 0 else []
        if k_drawn:
            draws.append((self.stroke_pool, k_drawn))
        yield self._evaluate(0, start)
        perm = torch.randperm(n, generator=self.generator)
        pos = 0
        reason = "completed"
        self.batch_step.restart_rate()
        for step in range(1, c.steps + 1):
            self.control.wait_while_paused()
            if self.control.stopped:
                reason = "stopped"
                break
            if pos + k > n:
                perm = torch.randperm(n, generator=self.generator)
                pos = 0
            idx = perm[pos : pos + k]
            pos += k
            lr = c.effective_lr * lr_factor("cosine", (step - 1) / c.steps, c.warmup)
            try:
                res = self.batch_step(self.train_images[idx], self.train_labels[idx], lr, draws=draws,
                                      batch=step, batches=c.steps, step=step)
            except NonFiniteLoss as exc:
                yield Failed(f"the fine-tuning loss became {exc.loss} at step {step}: stopped. "
                             "Lower the learning rate and try again.")
                return
            yield res.metrics
            if step % c.eval_every == 0 or step == c.steps:
                yield self._evaluate(step, start)
                self.batch_step.restart_rate()
        self.model.eval()
        if reason == "stopped" and (not self.history["step"] or self.history["step"][-1] != step - 1):
            yield self._evaluate(step - 1, start)
        yield Snapshot(epoch=1, state_dict=cpu_state_dict(self.model), is_best=True)
        yield Finished(reason=reason, epochs_run=1, best_epoch=1, best_val_loss=float("nan"),
                       best_val_accuracy=self.history["heldout_accuracy"][-1],
                       seconds=time.perf_counter() - start)

    def tuned_model(self) -> DigitCNN:
        """A CPU copy of the fine-tuned model, in eval mode."""
        m = copy.deepcopy(self.model).to("cpu").to(memory_format=torch.contiguous_format)
        for p in m.parameters():
            p.requires_grad_(True)
        return m.eval()


def compare(base: nn.Module, tuned: nn.Module, heldout_images: torch.Tensor, heldout_labels: torch.Tensor,
            pre: PreprocessConfig, mnist_test: tuple[torch.Tensor, torch.Tensor] | None = None) -> Comparison:
    """Side-by-side figures of the base and the fine-tuned model."""
    def per_digit(model):
        if heldout_labels.numel() == 0:
            return float("nan"), [None] * 10
        rep = report_from_logits(predict_logits(model, heldout_images, pre), heldout_labels)
        return rep.accuracy, [float(rep.recall[d]) if rep.support[d] else None for d in range(10)]

    b_acc, b_per = per_digit(base)
    t_acc, t_per = per_digit(tuned)
    support = [int((heldout_labels == d).sum()) for d in range(10)]
    bm = tm = None
    mc = 0
    if mnist_test is not None:
        bm = _accuracy(base, *mnist_test, pre)
        tm = _accuracy(tuned, *mnist_test, pre)
        mc = int(mnist_test[1].numel())
    return Comparison(int(heldout_labels.numel()), b_acc, t_acc, b_per, t_per, support, mc, bm, tm)


#: with fewer held-out samples than this, the personal figures are cross-validated instead
MIN_HELDOUT = 5
#: folds of that cross-validation
CV_FOLDS = 5


def fold_of(labels: np.ndarray | torch.Tensor, k: int = CV_FOLDS) -> np.ndarray:
    """Each sample's fold, 0..k-1, stratified: the samples of each digit are dealt to the folds
    in turn, each digit starting where the last left off, so the folds are of even size."""
    labels = np.asarray(labels)
    fold = np.zeros(len(labels), dtype=np.int64)
    start = 0
    for d in range(10):
        idx = np.nonzero(labels == d)[0]
        fold[idx] = (start + np.arange(len(idx))) % k
        start += len(idx)
    return fold


def cross_validate(base: DigitCNN, config: FinetuneConfig, images: torch.Tensor, labels: torch.Tensor, *,
                   preprocess: PreprocessConfig, mnist_train: tuple[torch.Tensor, torch.Tensor] | None = None,
                   strokes: Sequence[list | None] | None = None, control: Control | None = None,
                   k: int = CV_FOLDS) -> Iterator[tuple[int, int] | tuple[np.ndarray, np.ndarray]]:
    """Fine-tune ``k`` times, each time on all the samples but one fold, exactly as the real
    fine-tune does, and read the fold left out: every sample is read once by a model that never
    saw it. Yields ``(fold, k)`` before each fold, then, last, the base model's and the
    fine-tuned models' predictions of every sample (two arrays). Stops early, yielding nothing
    more, when ``control`` is stopped."""
    control = control or Control()
    labels = labels.long()
    n = int(labels.numel())
    k = max(2, min(k, n))
    fold = fold_of(labels.numpy(), k)
    base_pred = predict_logits(base, images, preprocess).argmax(1).numpy()
    tuned_pred = np.full(n, -1, dtype=np.int64)
    for i in range(k):
        yield (i, k)
        out = fold == i
        if not out.any() or out.all():
            continue
        inner = Control()
        tuner = FineTuner(base, replace(config, eval_every=config.steps + 1), images, labels, out,
                          preprocess=preprocess, mnist_train=mnist_train, control=inner,
                          personal_strokes=strokes)
        for ev in tuner.run():
            if control.stopped:
                inner.stop()
            if isinstance(ev, Failed):
                return
        if control.stopped:
            return
        idx = torch.as_tensor(np.nonzero(out)[0])
        tuned_pred[out] = predict_logits(tuner.tuned_model(), images[idx], preprocess).argmax(1).numpy()
    yield base_pred, tuned_pred


def comparison_from_predictions(labels: torch.Tensor, base_pred: np.ndarray, tuned_pred: np.ndarray,
                                method: str, mnist: Comparison | None = None) -> Comparison:
    """A :class:`Comparison` from predictions of the personal samples (e.g. cross-validated),
    with the MNIST figures of ``mnist`` if given."""
    y = np.asarray(labels)
    read = tuned_pred >= 0
    y, base_pred, tuned_pred = y[read], base_pred[read], tuned_pred[read]
    support = [int((y == d).sum()) for d in range(10)]

    def per(pred):
        return [float((pred[y == d] == d).mean()) if support[d] else None for d in range(10)]

    acc = (lambda pred: float((pred == y).mean())) if len(y) else (lambda pred: float("nan"))
    return Comparison(int(len(y)), acc(base_pred), acc(tuned_pred), per(base_pred), per(tuned_pred), support,
                      mnist.mnist_count if mnist else 0, mnist.base_mnist_accuracy if mnist else None,
                      mnist.tuned_mnist_accuracy if mnist else None, method)


def finetune_checkpoint(base_ckpt, tuner: FineTuner, comparison: Comparison, *, name: str,
                        samples: str, command: str = ""):
    """The fine-tuned model as a new checkpoint that records its base, strategy and figures."""
    from mnistgui.core.checkpoint import Checkpoint, make_provenance

    tuned = tuner.tuned_model()
    return Checkpoint(
        model_config=tuned.config,
        state_dict=tuned.state_dict(),
        preprocess=tuner.preprocess,
        history={"finetune": tuner.history, "base": base_ckpt.history if base_ckpt else {}},
        metrics={
            "test_accuracy": comparison.tuned_mnist_accuracy,
            "heldout_accuracy": comparison.tuned_heldout_accuracy,
            "comparison": comparison.to_dict(),
        },
        provenance=make_provenance(
            tuner.config.to_dict(), command, kind="finetune",
            base=(base_ckpt.name if base_ckpt else ""), samples=samples,
            train_samples=int(tuner.train_labels.numel()), heldout_samples=int(tuner.heldout_labels.numel()),
        ),
        name=name,
        calibration=dict(base_ckpt.calibration) if base_ckpt else {},
    )
