"""Pen-recorded digits: writer splits, placement as drawn, stroke-level augmentation, and their
use in training and calibration."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from mnistgui.core.errors import PreprocessError
from mnistgui.core.handwriting import (
    BLEND_MAX_DISTANCE,
    _extent,
    augment_strokes,
    blend_strokes,
    clip_x,
    load_pen_digits,
    match_strokes,
    pen_pool,
    place,
    random_placement,
    render_as_drawn,
    split_writers,
    with_neighbour,
    writer_of,
)
from mnistgui.core.preprocess import StrokeSample, preprocess_strokes, save_strokes
from mnistgui.core.synth import synth_samples


def _pen_set(writers: int = 6, per_writer: int = 20, seed: int = 0) -> list[StrokeSample]:
    out = []
    for w, samples in enumerate(np.array_split(np.array(synth_samples(writers * per_writer, seed=seed)), writers)):
        for s in samples:
            out.append(StrokeSample(strokes=s.strokes, label=s.label, meta={"writer": f"w{w}", "source": "test"}))
    return out


def test_writers_are_never_on_both_sides_of_a_split():
    samples = _pen_set(writers=10)
    train, val = split_writers(samples, 0.3, seed=1)
    tw, vw = {writer_of(s) for s in train}, {writer_of(s) for s in val}
    assert len(vw) == 3 and len(tw) == 7 and not tw & vw
    assert len(train) + len(val) == len(samples)
    assert split_writers(samples, 0.3, seed=1)[1] == val  # reproducible


def test_place_sets_the_larger_side_and_the_centre():
    strokes = [[(0.1, 0.2), (0.3, 0.6)], [(0.2, 0.4), (0.25, 0.5)]]
    x0, y0, x1, y1 = _extent(place(strokes, 0.5, 0.3, 0.7))
    assert max(x1 - x0, y1 - y0) == pytest.approx(0.5)
    assert ((x0 + x1) / 2, (y0 + y1) / 2) == pytest.approx((0.3, 0.7))


def test_random_placement_stays_on_the_canvas():
    rng = np.random.default_rng(0)
    s = _pen_set(1, 30)
    for sample in s:
        x0, y0, x1, y1 = _extent(random_placement(sample.strokes, rng))
        assert -1e-9 <= x0 and x1 <= 1 + 1e-9 and -1e-9 <= y0 and y1 <= 1 + 1e-9
        assert 0.35 - 1e-9 <= max(x1 - x0, y1 - y0) <= 0.85 + 1e-9


def test_augmented_strokes_differ_but_still_read_as_a_digit_of_similar_extent():
    rng = np.random.default_rng(3)
    sample = _pen_set(1, 10)[7]
    variants = [augment_strokes(sample.strokes, rng) for _ in range(20)]
    assert all(v != sample.strokes for v in variants)
    bx0, by0, bx1, by1 = _extent(sample.strokes)
    side = max(bx1 - bx0, by1 - by0)
    for v in variants:
        x0, y0, x1, y1 = _extent(v)
        assert 0.6 < max(x1 - x0, y1 - y0) / side < 1.6
        preprocess_strokes(random_placement(v, rng))  # renders without error


def test_augmentation_at_strength_zero_keeps_the_digit():
    rng = np.random.default_rng(0)
    s = _pen_set(1, 10)[3]
    same = augment_strokes(s.strokes, rng, strength=0.0)
    np.testing.assert_allclose(np.concatenate(same), np.concatenate(s.strokes), atol=1e-9)


def test_pen_pool_and_render_as_drawn():
    samples = _pen_set(2, 10)
    images, labels = pen_pool(samples, variants=3, seed=0)
    assert images.dtype == torch.uint8 and images.shape == (60, 28, 28)
    assert labels.tolist() == [s.label for s in samples] * 3
    a, la, kept = render_as_drawn(samples, seed=5)
    b, _, _ = render_as_drawn(samples, seed=5)
    c, _, _ = render_as_drawn(samples, seed=6)
    assert a.shape == (20, 28, 28) and np.array_equal(a, b) and not np.array_equal(a, c)
    assert la.tolist() == [s.label for s in kept]


def _polyline(points, n=40):
    pts = np.asarray(points, dtype=np.float64)
    seg = np.linspace(0, len(pts) - 1, n)
    i = np.minimum(seg.astype(int), len(pts) - 2)
    f = (seg - i)[:, None]
    return [tuple(q) for q in pts[i] * (1 - f) + pts[i + 1] * f]


def test_blending_follows_stroke_order_and_direction_and_lands_between_the_two():
    # a 7 written with the bar first, and a wider 7 written with the stem first and the bar drawn
    # right to left: matched, the bar goes with the bar, and the halfway blend lies halfway
    bar, stem = _polyline([(0.0, 0.0), (1.0, 0.0)]), _polyline([(1.0, 0.0), (0.4, 1.0)])
    wide_bar, wide_stem = _polyline([(1.2, 0.0), (-0.2, 0.0)]), _polyline([(1.2, 0.0), (0.5, 1.0)])
    a, b = [bar, stem], [wide_stem, wide_bar]
    ua, ub, distance = match_strokes(a, b)
    assert distance < BLEND_MAX_DISTANCE
    assert np.ptp(ub[0][:, 1]) < 1e-9  # the bar first, as in a
    assert ub[0][0][0] < ub[0][-1][0]  # and turned round to run left to right, as a's
    half = blend_strokes(a, b, 0.5)
    assert len(half) == 2
    np.testing.assert_allclose(np.asarray(half[0]), (ua[0] + ub[0]) / 2, atol=1e-9)
    np.testing.assert_allclose(np.asarray(blend_strokes(a, b, 0.0)[1]), ua[1], atol=1e-9)
    np.testing.assert_allclose(np.asarray(blend_strokes(a, b, 1.0)[1]), ub[1], atol=1e-9)


def test_digits_written_differently_are_not_blended():
    one = [_polyline([(0.5, 0.0), (0.5, 1.0)])]
    two_strokes = [_polyline([(0.5, 0.0), (0.5, 1.0)]), _polyline([(0.3, 1.0), (0.7, 1.0)])]
    circle = [[(0.5 + 0.5 * np.cos(t), 0.5 + 0.5 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 40)]]
    assert match_strokes(one, two_strokes) is None and blend_strokes(one, two_strokes, 0.5) is None
    assert blend_strokes(one, circle, 0.5) is None  # same stroke count, but another shape


def test_pen_pool_blends_only_across_writers_and_stays_reproducible(monkeypatch):
    import mnistgui.core.handwriting as hw

    samples = _pen_set(3, 20)
    plain, labels = pen_pool(samples, variants=3, seed=4)
    blended, blended_labels = pen_pool(samples, variants=3, seed=4, blend=1.0)
    again, _ = pen_pool(samples, variants=3, seed=4, blend=1.0)
    assert torch.equal(labels, blended_labels) and torch.equal(blended, again)
    n = len(samples)
    assert torch.equal(plain[:n], blended[:n])  # the first rendering of each digit is only placed
    assert not torch.equal(plain[n:], blended[n:])
    writer = {id(s.strokes): writer_of(s) for s in samples}
    pairs = []
    real = hw.blend_strokes

    def recorded(a, b, weight, *args):
        pairs.append((writer[id(a)], writer[id(b)], weight))
        return real(a, b, weight, *args)

    monkeypatch.setattr(hw, "blend_strokes", recorded)
    pen_pool(samples, variants=3, seed=4, blend=1.0)
    assert len(pairs) > n // 2
    assert all(wa != wb and 0.2 <= w <= 0.8 for wa, wb, w in pairs)


def test_unlabelled_pen_digits_are_refused(tmp_path):
    path = tmp_path / "d.json"
    save_strokes(path, [StrokeSample(strokes=[[(0.1, 0.1), (0.2, 0.9)]])])
    with pytest.raises(PreprocessError, match="no label"):
        load_pen_digits(path)


def test_trainer_mixes_pen_digits_in_and_calibrates_on_held_out_writers(tmp_path, mnist_small):
    from mnistgui.core.train import PEN_VAL_PLACEMENTS, TrainConfig, Trainer, drain

    path = tmp_path / "pen.json"
    save_strokes(path, _pen_set(writers=5, per_writer=20))
    cfg = TrainConfig(epochs=1, batch_size=64, pen=0.25, pen_data=str(path), pen_variants=2,
                      pen_val_writers=0.2, val_size=0)
    d = mnist_small
    t = Trainer(cfg, d.train_images[:640], d.train_labels[:640], d.test_images[:200], d.test_labels[:200])
    pool, frac = t.mix[-1]
    assert frac == 0.25 and pool.images.shape[0] == 4 * 20 * 2  # four training writers, two variants
    assert t.pen_val[0].shape[0] == 20 * PEN_VAL_PLACEMENTS  # the fifth writer, held out, placed four ways
    first = t.pen_val[0][:20]
    assert all(not torch.equal(first, t.pen_val[0][20 * k:20 * (k + 1)]) for k in range(1, PEN_VAL_PLACEMENTS))
    assert t.pen_val[1].tolist() == t.pen_val[1][:20].tolist() * PEN_VAL_PLACEMENTS
    drain(t.run())
    cal = t.calibrate()
    assert 0.05 <= cal.temperature <= 20 and 0 < cal.unsure_below < 1


def test_a_stop_while_the_pools_render_ends_the_preparation_and_keeps_no_run(tmp_path, mnist_small):
    from mnistgui.core.errors import Cancelled
    from mnistgui.core.events import Control
    from mnistgui.core.jobs import prepare_run_task
    from mnistgui.core.runs import RunStore
    from mnistgui.core.train import TrainConfig

    path = tmp_path / "pen.json"
    save_strokes(path, _pen_set(writers=4, per_writer=100))
    asked = []

    def cancelled() -> bool:  # says stop on the third time it is asked, inside the rendering
        asked.append(1)
        return len(asked) >= 3

    with pytest.raises(Cancelled):
        pen_pool(_pen_set(1, 300), variants=4, seed=0, cancelled=cancelled)
    assert len(asked) == 3  # asked every 64 renderings, so it stopped after about 130 of 1,200

    asked.clear()
    store = RunStore(tmp_path / "runs")
    cfg = TrainConfig(epochs=1, pen=0.2, pen_data=str(path), pen_variants=4, val_size=100)
    run = prepare_run_task(store, cfg, mnist_small, 600, Control(), progress=lambda text: None,
                           cancelled=cancelled)
    assert run is None and store.list() == []


def test_clip_x_cuts_each_stroke_where_it_crosses_the_line():
    # a zigzag crossing x = 0.5 three times: left of it, two pieces, each ending on the line
    zig = [[(0.0, 0.0), (1.0, 0.1), (0.0, 0.2), (1.0, 0.3)]]
    left = clip_x(zig, 0.5, keep_left=True)
    right = clip_x(zig, 0.5, keep_left=False)
    assert [len(s) for s in left] == [2, 3] and [len(s) for s in right] == [3, 2]
    np.testing.assert_allclose(left[0], [(0.0, 0.0), (0.5, 0.05)], atol=1e-12)
    np.testing.assert_allclose(left[1], [(0.5, 0.15), (0.0, 0.2), (0.5, 0.25)], atol=1e-12)
    assert all(x <= 0.5 for s in left for x, _ in s) and all(x >= 0.5 for s in right for x, _ in s)
    assert clip_x([[(0.2, 0.5)]], 0.5, keep_left=True) == [[(0.2, 0.5)]]  # a dot on its side stays
    assert clip_x([[(0.7, 0.5)]], 0.5, keep_left=True) == []


def test_a_neighbours_piece_is_small_and_the_digit_stays_whole_or_nearly():
    from mnistgui.core.handwriting import _ink_length

    def scale(strokes):  # the factor that brings a digit to height 1 (a flat one: 1.3 wide)
        pts = np.concatenate([np.asarray(st, dtype=np.float64).reshape(-1, 2) for st in strokes])
        w, h = np.ptp(pts, axis=0)
        return min(1.0 / max(h, 1e-9), 1.3 / max(w, 1e-9))

    samples = _pen_set(2, 10)
    rng = np.random.default_rng(3)
    gained = lost = 0
    for k in range(80):
        a, b = samples[k % len(samples)], samples[(7 * k + 3) % len(samples)]
        own = _ink_length(a.strokes) * scale(a.strokes)
        most = own + 0.35 * 1.15 * _ink_length(b.strokes) * scale(b.strokes)
        got = _ink_length(with_neighbour(a.strokes, b.strokes, rng))
        assert 0.8 * own - 1e-6 <= got <= most + 1e-6
        gained += got > own * 1.001
        lost += got < own * 0.999
    assert gained > lost > 0  # mostly a piece of the neighbour, sometimes a strip of its own


def test_pen_pool_with_neighbours_changes_only_the_varied_renderings_and_is_reproducible():
    samples = _pen_set(2, 10)
    plain, labels = pen_pool(samples, variants=3, seed=4)
    mixed, mixed_labels = pen_pool(samples, variants=3, seed=4, neighbours=1.0)
    again, _ = pen_pool(samples, variants=3, seed=4, neighbours=1.0)
    n = len(samples)
    assert torch.equal(labels, mixed_labels) and torch.equal(mixed, again)
    assert torch.equal(plain[:n], mixed[:n]) and not torch.equal(plain[n:], mixed[n:])
