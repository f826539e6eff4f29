import numpy as np
import pytest
import torch

from mnistgui.core.explain import (
    PROBES,
    activations,
    grad_cam,
    gradient_x_input,
    integrated_gradients,
    kernels,
    last_conv_block,
    pca_embedding,
    penultimate,
    receptive_field,
    robustness_probe,
    weight_histograms,
)
from mnistgui.core.model import ModelConfig, build_model
from mnistgui.core.predict import Predictor
from mnistgui.core.preprocess import PreprocessConfig


@pytest.fixture(scope="module")
def pred():
    return Predictor.load()


@pytest.fixture(scope="module")
def seven(mnist_small):
    # the first MNIST test image is a 7
    assert int(mnist_small.test_labels[0]) == 7
    return mnist_small.test_images[0].numpy().astype(np.float32) / 255


def test_activations_cover_every_layer_with_shapes(pred, seven):
    acts = activations(pred.model, seven, pred.preprocess)
    names = [a.name for a in acts]
    assert names[0] == "conv1" and names[-1] == "softmax"
    by = {a.name: a for a in acts}
    assert by["conv1"].kind == "conv" and by["conv1"].shape == (32, 26, 26)
    assert by["pool1"].kind == "pool" and by["relu1"].kind == "relu"
    assert by["fc1"].shape == (128,) and by["fc2"].shape == (10,)
    assert by["softmax"].values.sum() == pytest.approx(1.0, abs=1e-5)
    assert int(np.argmax(by["softmax"].values)) == 7
    assert (by["relu1"].values >= 0).all()


def test_kernels_and_histograms(pred):
    k = kernels(pred.model)
    assert k.shape == (32, 1, 3, 3)
    assert kernels(pred.model, "conv2").shape == (64, 32, 3, 3)
    h = weight_histograms(pred.model)
    assert set(h) == {"conv1", "conv2", "fc1", "fc2"}
    counts, edges = h["conv1"]
    assert counts.sum() == 32 * 9 and len(edges) == len(counts) + 1


@pytest.mark.parametrize("method", [grad_cam, gradient_x_input, integrated_gradients])
def test_saliency_is_computed_for_the_chosen_class(pred, seven, method):
    h, t = method(pred.model, seven, pred.preprocess)
    assert t == 7 and h.shape == (28, 28)
    assert h.max() == pytest.approx(1.0) and h.min() >= 0
    h1, t1 = method(pred.model, seven, pred.preprocess, target=1)
    assert t1 == 1 and not np.allclose(h, h1)
    # the model is left clean: no gradients, still in eval mode
    assert all(p.grad is None for p in pred.model.parameters()) and not pred.model.training


def test_saliency_sits_on_the_ink(pred, seven):
    h, _ = gradient_x_input(pred.model, seven, pred.preprocess)
    assert h[seven == 0].max() == 0.0  # gradient x input vanishes where there is no ink


def test_embedding_and_projection(pred, mnist_small):
    e = pca_embedding(pred.model, mnist_small.test_images[:500], mnist_small.test_labels[:500], pred.preprocess)
    assert e.points.shape == (500, 2) and 0 < sum(e.explained) <= 1
    f = penultimate(pred.model, mnist_small.test_images[:3], pred.preprocess)
    assert np.allclose(e.project(f), e.points[:3], atol=1e-3)
    # digits of the same class sit closer to their own class centre than to others'
    c = np.stack([e.points[e.labels == d].mean(0) for d in range(10)])
    own = np.linalg.norm(e.points - c[e.labels], axis=1).mean()
    other = np.linalg.norm(e.points[:, None] - c[None], axis=2).mean()
    assert own < other


@pytest.mark.parametrize("kind", PROBES)
def test_robustness_probe_sweeps(pred, seven, kind):
    vals, probs = robustness_probe(pred.model, seven, pred.preprocess, kind)
    assert probs.shape == (len(vals), 10)
    assert np.allclose(probs.sum(1), 1, atol=1e-4)
    mid = len(vals) // 2
    assert probs[mid].argmax() == 7 or kind == "thickness"


def test_robustness_probe_identity_matches_prediction(pred, seven):
    vals, probs = robustness_probe(pred.model, seven, pred.preprocess, "rotation", [0.0],
                                   temperature=pred.calibration.temperature)
    assert np.allclose(probs[0], pred.probabilities(seven[None])[0], atol=1e-5)
    with pytest.raises(ValueError):
        robustness_probe(pred.model, seven, pred.preprocess, "colour")


def test_receptive_fields():
    m = build_model(ModelConfig(arch="standard"))
    assert receptive_field(m, "conv1", 0, 0) == (0, 0, 3, 3)
    assert receptive_field(m, "relu2", 2, 2) == (8, 8, 18, 18)
    w = build_model(ModelConfig(arch="wide"))
    x0, y0, x1, y1 = receptive_field(w, "conv1", 5, 5)
    assert (x0, y0, x1, y1) == (4, 4, 7, 7)  # padded 3x3 centred on the unit
    assert last_conv_block(m) == "relu2"


def test_one_pass_explanation_matches_the_separate_functions(pred, seven):
    from mnistgui.core.explain import explain_input

    e = explain_input(pred.model, seven, pred.preprocess)
    acts = activations(pred.model, seven, pred.preprocess)
    assert [a.name for a in e.layers] == [a.name for a in acts]
    assert all(a.kind == b.kind and np.allclose(a.values, b.values, atol=1e-6) for a, b in zip(e.layers, acts))
    assert e.digit == e.target == 7 and e.penultimate.shape == (128,)
    assert np.allclose(e.penultimate, penultimate(pred.model, seven[None], pred.preprocess)[0], atol=1e-5)
    assert np.allclose(e.grad_cam, grad_cam(pred.model, seven, pred.preprocess)[0], atol=1e-6)
    assert np.allclose(e.gradient_x_input, gradient_x_input(pred.model, seven, pred.preprocess)[0], atol=1e-6)
    e3 = explain_input(pred.model, seven, pred.preprocess, target=3)
    assert e3.target == 3 and np.allclose(e3.grad_cam, grad_cam(pred.model, seven, pred.preprocess, 3)[0], atol=1e-6)
    assert all(p.grad is None for p in pred.model.parameters()) and not pred.model.training
    quick = explain_input(pred.model, seven, pred.preprocess, saliency=False)
    assert quick.grad_cam is None and np.allclose(quick.probabilities, e.probabilities, atol=1e-6)


def test_input_extent_lays_the_input_back_over_the_drawing(pred):
    import torch.nn.functional as F

    from mnistgui.core.explain import input_extent
    from mnistgui.core.preprocess import preprocess_strokes
    from mnistgui.core.synth import synth_samples

    for s in synth_samples(6, seed=3):
        r = preprocess_strokes(s.strokes, pred.preprocess, s.meta.get("pen_width"))
        x0, y0, x1, y1 = input_extent(r)
        assert x1 - x0 == pytest.approx(y1 - y0)  # square pixels
        # the drawing, sampled over that rectangle at 28x28, is the input again (up to the pen)
        h, w = r.source.shape
        xs = torch.tensor((x0 + (np.arange(28) + 0.5) * (x1 - x0) / 28) / w * 2 - 1, dtype=torch.float32)
        ys = torch.tensor((y0 + (np.arange(28) + 0.5) * (y1 - y0) / 28) / h * 2 - 1, dtype=torch.float32)
        gy, gx = torch.meshgrid(ys, xs, indexing="ij")
        back = F.grid_sample(torch.from_numpy(r.source)[None, None], torch.stack([gx, gy], -1)[None],
                             align_corners=False)[0, 0].numpy()
        yy, xx = np.mgrid[:28, :28]
        com = np.array([(xx * back).sum(), (yy * back).sum()]) / back.sum()
        assert np.abs(com - 14.0).max() < 1.2  # the input's centre of mass is at (14, 14)
        assert np.corrcoef(back.ravel(), r.image.ravel())[0, 1] > 0.5


def test_all_probes_in_one_pass_match_each_probe(pred, seven):
    from mnistgui.core.explain import robustness_probes

    every = robustness_probes(pred.model, seven, pred.preprocess)
    assert list(every) == list(PROBES)
    for kind in PROBES:
        vals, probs = robustness_probe(pred.model, seven, pred.preprocess, kind)
        assert np.allclose(every[kind][0], vals) and np.allclose(every[kind][1], probs, atol=1e-5)


def test_embedding_from_an_mnist_folder_keeps_its_images(pred, mnist_dir, tmp_path):
    from mnistgui.core.errors import DataError
    from mnistgui.core.explain import load_test_images, mnist_embedding

    steps = []
    e = mnist_embedding(pred.model, mnist_dir, pred.preprocess, n=700, progress=steps.append)
    images, labels = load_test_images(mnist_dir, 700)
    assert e.points.shape == (700, 2) and np.array_equal(e.images, images.numpy())
    assert np.array_equal(e.labels, labels.numpy()) and steps[-1] == 1.0
    assert mnist_embedding(pred.model, mnist_dir, pred.preprocess, n=700, cancelled=lambda: True) is None
    with pytest.raises(DataError):
        load_test_images(tmp_path)
