"""The learnt scorer of the candidate digits of images: its arithmetic, its file, the shipped one."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mnistgui.core import number, scorer
from mnistgui.core.predict import Predictor
from mnistgui.core.scorer import Scorer, ScorerError
from written_numbers import digit as _digit, image_of, row


@pytest.fixture(scope="module")
def pred():
    return Predictor.load()


def _small() -> Scorer:
    return Scorer(mean=np.array([0.0, 1.0, 2.0]), scale=np.array([1.0, 2.0, 0.5]),
                  w1=np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 0.0]]), b1=np.array([0.0, -0.25]),
                  w2=np.array([2.0, -1.0]), b2=0.5, about="by hand")


def test_a_candidate_costs_what_the_network_says():
    s = _small()
    f = np.array([1.0, 3.0, 2.5])
    z = (f - s.mean) / s.scale  # 1, 1, 1
    assert z.tolist() == [1.0, 1.0, 1.0]
    want = 2.0 * np.tanh(1.0 - 1.0) - 1.0 * np.tanh(0.5 + 0.5 - 0.25) + 0.5
    assert s.cost(f) == pytest.approx(want)
    rows = np.stack([f, s.mean])
    both = s.cost(rows)  # several at once, each as alone
    assert both.shape == (2,)
    assert both[0] == pytest.approx(want)
    assert both[1] == pytest.approx(2.0 * np.tanh(0.0) - np.tanh(-0.25) + 0.5)


def test_a_scorer_file_round_trips(tmp_path):
    path = tmp_path / "scorer.json"
    scorer.save(_small(), path)
    back = scorer.load(path, features=3)
    f = np.array([[0.3, -2.0, 7.0], [1.0, 1.0, 1.0]])
    assert np.array_equal(back.cost(f), _small().cost(f))
    assert back.about == "by hand"
    assert not list(tmp_path.glob("*.tmp*"))  # written atomically: nothing left beside it


@pytest.mark.parametrize("change, says", [
    (lambda d: d.update(format="something else"), "not a number scorer"),
    (lambda d: d.update(version=99), "version 99 is not supported"),
    (lambda d: d.pop("w2"), "malformed"),
    (lambda d: d.update(w1=[[1.0, 2.0]]), "do not fit together"),
    (lambda d: d.update(b1=[0.0]), "do not fit together"),
    (lambda d: d["w1"][0].__setitem__(1, float("nan")), "not finite"),
    (lambda d: d.update(scale=[1.0, 0.0, 1.0]), "at least"),
    (lambda d: d.update(scale=[1.0, 1e-320, 1.0]), "at least"),  # finite, but it would make costs infinite
    (lambda d: d.update(mean="abc"), "malformed"),
    (lambda d: d.update(mean=[True, False, True]), "bool values, not numbers"),
    (lambda d: d.update(b2="0.5"), "str values, not numbers"),
    (lambda d: d.update(b2=10 ** 400), "too large"),
    (lambda d: d.update(b1=[float("inf"), 0.0]), "not finite"),
    (lambda d: d.update(w2=[1e300, 0.0]), "beyond"),
    (lambda d: d.update(w1=[[1.0, 0.0, -1.0], [0.5, 0.5]]), "different lengths"),
    (lambda d: d.update(version=True), "version True is not supported"),
])
def test_a_damaged_scorer_file_is_refused_with_what_is_wrong(tmp_path, change, says):
    d = _small().to_dict()
    change(d)
    path = tmp_path / "scorer.json"
    path.write_text(json.dumps(d))
    with pytest.raises(ScorerError, match=says) as err:
        scorer.load(path)
    assert str(path) in str(err.value)


def test_a_scorer_for_other_features_a_missing_file_and_broken_json_are_refused(tmp_path):
    path = tmp_path / "scorer.json"
    scorer.save(_small(), path)
    with pytest.raises(ScorerError, match="weighs 3 features, the app describes a candidate by 34"):
        scorer.load(path, features=34)
    with pytest.raises(ScorerError, match="is missing"):
        scorer.load(tmp_path / "nowhere.json")
    path.write_text('{"format": "mnistgui-number-scorer", ')
    with pytest.raises(ScorerError, match="not valid JSON"):
        scorer.load(path)


def test_the_shipped_scorer_loads_for_the_features_the_app_describes():
    s, problem = number.image_scorer()
    assert problem is None and s is not None
    assert s.features == len(number.SegmentConfig().image_weights)
    assert s.about.startswith("python bench/fit_number_weights.py --scorer resources/models/number_scorer.json")
    assert "--cache" not in s.about


def test_without_its_scorer_the_image_path_weighs_candidates_with_the_weights(monkeypatch, pred):
    strokes, _ = row([_digit(3, 0), _digit(7, 1), _digit(0, 0)], [0.3, 0.35])
    g = image_of(strokes)
    with_scorer = number.read_image(pred, g)
    calls = []
    real = Scorer.cost
    monkeypatch.setattr(Scorer, "cost", lambda self, f: calls.append(1) or real(self, f))
    assert number.read_image(pred, g).text == with_scorer.text == "370"
    assert calls  # the scorer weighed the candidates ...
    calls.clear()
    monkeypatch.setattr(number, "_scorer", (None, "the number scorer x is missing; images are read with ..."))
    assert number.read_image(pred, g).text == "370"
    assert not calls  # ... and without it, the weights did
    monkeypatch.setattr(number, "_scorer", None)
    off = number.read_image(pred, g, number.SegmentConfig(image_scorer=False))
    assert off.text == "370" and not calls


def test_a_damaged_shipped_scorer_leaves_images_read_with_the_weights_and_says_why(monkeypatch, tmp_path, pred):
    from mnistgui.core import resources

    strokes, _ = row([_digit(3, 0), _digit(7, 1)], [0.3])
    g = image_of(strokes)
    weighted = number.read_image(pred, g, number.SegmentConfig(image_scorer=False))
    broken = tmp_path / "number_scorer.json"
    broken.write_text("[" * 100_000 + "]" * 100_000)  # nested deeper than JSON can be read
    monkeypatch.setattr(resources, "scorer_path", lambda: broken)
    monkeypatch.setattr(number, "_scorer", None)
    s, problem = number.image_scorer()
    assert s is None and str(broken) in problem and "simpler weighing" in problem
    r = number.read_image(pred, g)  # read on, the weighted sum deciding
    assert r.text == weighted.text == "37"
    assert [d.box for d in r.digits] == [d.box for d in weighted.digits]
    assert [d.probability for d in r.digits] == [d.probability for d in weighted.digits]
    assert number.image_scorer() == (s, problem)  # found once, not again at every reading
