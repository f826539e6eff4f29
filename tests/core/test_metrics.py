import numpy as np
import pytest
import torch

from mnistgui.core.checkpoint import load_checkpoint
from mnistgui.core.metrics import confusion_matrix, evaluate, format_report, report_from_logits
from mnistgui.core.predict import shipped_model_path


def test_confusion_and_per_class_figures_by_hand():
    y = torch.tensor([0, 0, 1, 1, 2, 2])
    pred = torch.tensor([0, 1, 1, 1, 2, 0])
    logits = torch.nn.functional.one_hot(pred, 3).float() * 5
    r = report_from_logits(logits, y)
    assert r.accuracy == pytest.approx(4 / 6)
    assert r.confusion.tolist() == [[1, 1, 0], [0, 2, 0], [1, 0, 1]]
    assert r.precision.tolist() == pytest.approx([0.5, 2 / 3, 1.0])
    assert r.recall.tolist() == pytest.approx([0.5, 1.0, 0.5])
    assert r.f1[1] == pytest.approx(0.8)
    assert r.misclassified.tolist() == [1, 5]
    assert r.support.tolist() == [2, 2, 2]
    d = r.to_dict()
    assert d["accuracy"] == pytest.approx(4 / 6) and d["errors"] == 2
    assert "confusion matrix" in format_report(r)


def test_classes_never_predicted_get_zero_precision_not_nan():
    r = report_from_logits(torch.tensor([[5.0, 0.0, 0.0]] * 3), torch.tensor([0, 1, 2]))
    assert np.isfinite(r.precision).all() and r.precision[1] == 0.0 and r.f1[2] == 0.0


def test_confusion_matrix_counts():
    m = confusion_matrix(np.array([1, 1, 2]), np.array([1, 2, 2]), 3)
    assert m.sum() == 3 and m[1, 2] == 1


def test_shipped_model_reaches_99_3_percent_on_mnist_test(mnist_dir):
    from mnistgui.core.data import load_mnist

    data = load_mnist(mnist_dir, limit_train=1)
    ck = load_checkpoint(shipped_model_path())
    r = evaluate(ck.build_model(), data.test_images, data.test_labels, ck.preprocess)
    assert r.accuracy >= 0.993
    assert r.confusion.sum() == 10000
