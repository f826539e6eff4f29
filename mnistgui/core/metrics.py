"""Accuracy, per-class precision/recall/F1, confusion matrix and the misclassified samples."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from mnistgui.core.preprocess import PreprocessConfig


def confusion_matrix(target: np.ndarray, pred: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """Rows are the true class, columns the predicted one."""
    m = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(m, (np.asarray(target, dtype=np.int64), np.asarray(pred, dtype=np.int64)), 1)
    return m


@dataclass
class Report:
    accuracy: float
    loss: float
    precision: np.ndarray  # (C,)
    recall: np.ndarray
    f1: np.ndarray
    support: np.ndarray  # true samples per class
    confusion: np.ndarray  # (C, C), rows true, columns predicted
    predictions: np.ndarray  # (N,)
    probabilities: np.ndarray  # (N, C) float32
    misclassified: np.ndarray  # indices into the evaluated set

    def to_dict(self, include_predictions: bool = False) -> dict:
        d = {
            "accuracy": float(self.accuracy),
            "loss": float(self.loss),
            "count": int(self.support.sum()),
            "errors": int(len(self.misclassified)),
            "per_class": [
                {
                    "digit": i,
                    "precision": float(self.precision[i]),
                    "recall": float(self.recall[i]),
                    "f1": float(self.f1[i]),
                    "support": int(self.support[i]),
                }
                for i in range(len(self.support))
            ],
            "confusion": self.confusion.tolist(),
            "misclassified": self.misclassified.tolist(),
        }
        if include_predictions:
            d["predictions"] = self.predictions.tolist()
        return d


def report_from_logits(logits: torch.Tensor, labels: torch.Tensor) -> Report:
    labels = labels.long().cpu()
    logits = logits.float().cpu()
    num_classes = logits.shape[1]
    loss = float(F.cross_entropy(logits, labels)) if len(labels) else float("nan")
    probs = torch.softmax(logits, dim=1).numpy()
    pred = probs.argmax(axis=1)
    y = labels.numpy()
    cm = confusion_matrix(y, pred, num_classes)
    tp = np.diag(cm).astype(np.float64)
    pred_count = cm.sum(axis=0)
    true_count = cm.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(pred_count > 0, tp / np.maximum(pred_count, 1), 0.0)
        recall = np.where(true_count > 0, tp / np.maximum(true_count, 1), 0.0)
        denom = precision + recall
        f1 = np.where(denom > 0, 2 * precision * recall / np.where(denom > 0, denom, 1), 0.0)
    acc = float((pred == y).mean()) if len(y) else float("nan")
    return Report(
        accuracy=acc,
        loss=loss,
        precision=precision,
        recall=recall,
        f1=f1,
        support=true_count,
        confusion=cm,
        predictions=pred,
        probabilities=probs.astype(np.float32),
        misclassified=np.nonzero(pred != y)[0],
    )


def evaluate(
    model: torch.nn.Module,
    images_u8: torch.Tensor,
    labels: torch.Tensor,
    preprocess: PreprocessConfig | None = None,
    world=None,
) -> Report:
    """Evaluate on uint8 images (N, 28, 28) that are already in MNIST form (shared out among
    the processes of ``world``, a :class:`~mnistgui.core.distributed.World`, when given)."""
    from mnistgui.core.train import predict_logits

    return report_from_logits(predict_logits(model, images_u8, preprocess, world=world), labels)


def format_report(r: Report) -> str:
    lines = [f"accuracy {r.accuracy * 100:.2f}%  ({len(r.misclassified)} errors in {int(r.support.sum())})", ""]
    lines.append("digit  precision  recall     f1  support")
    for i in range(len(r.support)):
        lines.append(
            f"{i:>5}  {r.precision[i] * 100:8.2f}%  {r.recall[i] * 100:5.2f}%  {r.f1[i] * 100:5.2f}%  {int(r.support[i]):>7}"
        )
    lines += ["", "confusion matrix (rows: true digit, columns: predicted)"]
    lines.append("      " + " ".join(f"{j:>5}" for j in range(r.confusion.shape[1])))
    for i, row in enumerate(r.confusion):
        lines.append(f"{i:>5} " + " ".join(f"{v:>5}" for v in row))
    return "\n".join(lines)
