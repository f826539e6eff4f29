"""Reading whole numbers: the segmentation of strokes and of images, and each digit's reading."""

import numpy as np
import pytest

from mnistgui.core import number
from mnistgui.core.errors import PreprocessError
from mnistgui.core.predict import Predictor
from written_numbers import PEN, digit as _digit, image_of, row


@pytest.fixture(scope="module")
def pred():
    return Predictor.load()


def test_digits_with_gaps_read_as_a_number_with_their_strokes_and_boxes(pred):
    digits = [_digit(1, 0), _digit(9, 0), _digit(8, 0), _digit(4, 0)]
    strokes, groups = row(digits, [0.4, 0.3, 0.35])
    r = number.read_strokes(pred, strokes, PEN)
    assert r.text == "1984"
    assert [list(d.strokes) for d in r.digits] == groups
    for d, g in zip(r.digits, groups):
        pts = np.concatenate([np.asarray(strokes[i]) for i in g])
        assert d.box[0] == pytest.approx(pts[:, 0].min() - PEN / 2) and d.box[2] == pytest.approx(pts[:, 0].max() + PEN / 2)
        assert 0.0 < d.probability <= 1.0 and d.unsure == (d.probability < pred.calibration.unsure_below)
    js = r.to_dict()
    assert js["number"] == "1984" and [x["digit"] for x in js["digits"]] == [1, 9, 8, 4]
    assert all(len(x["box"]) == 4 for x in js["digits"])


def test_a_4_a_5_a_crossed_7_and_a_1_with_a_base_in_two_strokes_stay_one_digit_each(pred):
    digits = [_digit(4, 0), _digit(5, 1), _digit(7, 1), _digit(1, 3)]
    assert all(len(d) == 2 for d in digits)
    strokes, groups = row(digits, [0.3, 0.3, 0.3])
    r = number.read_strokes(pred, strokes, PEN)
    assert [list(d.strokes) for d in r.digits] == groups
    assert r.text == "4571"


def test_strokes_written_out_of_order_still_join_their_digit(pred):
    """A 5's flag added after the next digit was written still belongs to the 5."""
    strokes, groups = row([_digit(5, 1), _digit(3, 0)], [0.3])
    late = [strokes[0], strokes[2], strokes[1]]  # the 5's flag last
    r = number.read_strokes(pred, late, PEN)
    assert r.text == "53"
    assert [sorted(d.strokes) for d in r.digits] == [[0, 2], [1]]


def test_touching_and_overlapping_digits_from_strokes_are_kept_apart(pred):
    digits = [_digit(2, 0), _digit(3, 0), _digit(1, 0), _digit(7, 0)]
    strokes, groups = row(digits, [-0.05, 0.0, -0.04])
    r = number.read_strokes(pred, strokes, PEN)
    assert [list(d.strokes) for d in r.digits] == groups
    assert r.text == "2317"


def test_an_image_of_a_number_reads_as_its_strokes_do(pred):
    strokes, _ = row([_digit(1, 0), _digit(9, 0), _digit(8, 0), _digit(4, 0)], [0.4, 0.3, 0.35])
    g = image_of(strokes)
    r = number.read_image(pred, g)
    assert r.text == "1984"
    xs = [(d.box[0] + d.box[2]) / 2 for d in r.digits]
    assert xs == sorted(xs) and all(0 <= d.box[0] < d.box[2] <= g.shape[1] for d in r.digits)
    # any size
    assert number.read_image(pred, image_of(strokes, px=300)).text == "1984"


def test_touching_digits_in_an_image_are_split(pred):
    """Digits whose ink touches are one connected component; it is cut where they meet."""
    strokes, _ = row([_digit(2, 0), _digit(3, 0), _digit(5, 0)], [-0.1, -0.1])
    g = image_of(strokes)
    labels, n = number.label_components(g > 0.3)
    assert n == 1  # really touching
    r = number.read_image(pred, g)
    assert r.text == "235"


def test_a_digit_broken_in_two_in_an_image_is_joined(pred):
    strokes, _ = row([_digit(1, 1), _digit(7, 0), _digit(3, 0)], [0.4, 0.4])
    g = image_of(strokes)
    labels, n = number.label_components(g > 0.3)
    assert n == 3
    seven = labels == labels[:, g.shape[1] // 2].max()
    rows = np.flatnonzero(seven.any(axis=1))
    y = (rows[0] + rows[-1]) // 2
    g[y - 1:y + 2] *= ~seven[y - 1:y + 2]  # a break across the 7's stroke, as a worn scan has
    assert number.label_components(g > 0.3)[1] == 4
    r = number.read_image(pred, g)
    assert r.text == "173"


def test_components_are_8_connected_and_labelled_from_1():
    m = np.zeros((6, 8), bool)
    m[0, 0] = m[1, 1] = m[2, 2] = True  # a diagonal: one component
    m[4:6, 5:8] = True
    m[0, 6] = True
    labels, n = number.label_components(m)
    assert n == 3
    assert labels[0, 0] == labels[1, 1] == labels[2, 2] != 0
    assert len({labels[0, 0], labels[4, 5], labels[0, 6]}) == 3
    assert (labels > 0).sum() == m.sum() and (labels[~m] == 0).all()
    assert number.label_components(np.zeros((3, 3), bool))[1] == 0


def test_a_canvas_reads_strokes_an_image_or_both_with_boxes_in_canvas_units(pred):
    strokes, groups = row([_digit(2, 0), _digit(6, 0)], [0.4])
    strip = [[(x + 0.3, y * 0.6 + 0.2) for x, y in s] for s in strokes]  # on a strip 1 high
    aspect = 3.0
    a = number.read_canvas(pred, strip, None, PEN * 0.6, aspect)
    assert a.text == "26"
    g = image_of(strokes)
    b = number.read_canvas(pred, [], g, None, aspect)
    assert b.text == "26"
    for d in b.digits:
        assert 0 <= d.box[0] < d.box[2] <= aspect and 0 <= d.box[1] < d.box[3] <= 1
    c = number.read_canvas(pred, [[(2.6, 0.2), (2.6, 0.8)]], g, PEN * 0.6, aspect)  # a 1 written beside it
    assert c.text == "261"


def test_an_image_alone_on_a_resized_strip_is_read_once_and_its_boxes_follow_the_strip(pred, monkeypatch):
    from mnistgui.core.canvas import Background

    bg = Background(np.ascontiguousarray(image_of(row([_digit(5, 0), _digit(8, 0)], [0.4])[0]), np.float32))
    real, reads = number.read_image, []
    monkeypatch.setattr(number, "read_image", lambda *a, **k: reads.append(1) or real(*a, **k))
    cache = number.ReadingCache()
    wide = number.read_canvas(pred, [], bg, None, 4.0, cache=cache)
    narrow = number.read_canvas(pred, [], bg, None, 2.5, cache=cache)
    assert len(reads) == 1 and wide.text == narrow.text == "58"
    for aspect, r in ((4.0, wide), (2.5, narrow)):
        assert all(0 <= d.box[0] < d.box[2] <= aspect and 0 <= d.box[1] < d.box[3] <= 1 for d in r.digits)
    # the image fills the strip's height either way, centred across it: the boxes move by half the change
    for a, b in zip(wide.digits, narrow.digits):
        assert a.box[0] - b.box[0] == pytest.approx(0.75) and a.box[1] == pytest.approx(b.box[1])
    again = number.read_canvas(pred, [], bg, None, 4.0, cache=cache)
    assert [d.box for d in again.digits] == [d.box for d in wide.digits]  # the kept reading was not moved
    other = Background(bg.gray.copy())
    number.read_canvas(pred, [], other, None, 4.0, cache=cache)
    assert len(reads) == 2  # another image is read


def test_nothing_to_read_says_so(pred):
    with pytest.raises(PreprocessError, match="nothing drawn"):
        number.read_strokes(pred, [])
    with pytest.raises(PreprocessError, match="no ink"):
        number.read_image(pred, np.zeros((40, 90), np.float32))
    with pytest.raises(PreprocessError, match="2-D"):
        number.read_image(pred, np.zeros((4, 4, 3), np.float32))


def test_a_cache_reads_again_only_what_a_new_stroke_changed(pred, monkeypatch):
    strokes, groups = row([_digit(4, 0), _digit(2, 0), _digit(7, 0)], [0.3, 0.3])
    cache = number.ReadingCache()
    first = number.read_strokes(pred, strokes, PEN, cache=cache)
    drawn = []
    real = number.preprocess_strokes
    monkeypatch.setattr(number, "preprocess_strokes", lambda *a, **k: drawn.append(1) or real(*a, **k))
    again = number.read_strokes(pred, strokes, PEN, cache=cache)
    assert drawn == [] and again.text == first.text == "427"
    assert [d.probability for d in again.digits] == [d.probability for d in first.digits]
    more, _ = row([_digit(4, 0), _digit(2, 0), _digit(7, 0), _digit(1, 0)], [0.3, 0.3, 0.3])
    assert number.read_strokes(pred, more, PEN, cache=cache).text == "4271"
    assert len(drawn) == 1  # only the new 1


def test_groups_of_strokes_that_cannot_win_are_never_read_and_the_reading_is_the_same(pred, monkeypatch):
    """A group of several pieces whose shape alone costs more than its pieces read one by one is
    not drawn: the search gives what it gives when every group is read."""
    strokes, groups = row([_digit(2, 0), _digit(3, 0), _digit(1, 0), _digit(7, 0)], [-0.05, 0.0, -0.04])
    real = number.least_cost
    seen = {}

    def both(n, edges, h, cfg, predictor, render, key=None, cache=None, edge_cost=None):
        drawn = []
        pruned = real(n, edges, h, cfg, predictor, lambda g: drawn.append(g) or render(g), key, cache)
        every = real(n, edges, h, cfg, predictor, render, key, cache,
                     lambda e, p: number._reading_cost(p) + number._shape_cost(edges[e][2], h, cfg))
        seen.update(edges=edges, drawn=drawn, pruned=pruned, every=every)
        return pruned

    monkeypatch.setattr(number, "least_cost", both)
    r = number.read_strokes(pred, strokes, PEN)
    assert r.text == "2317" and [list(d.strokes) for d in r.digits] == groups
    edges, drawn = seen["edges"], seen["drawn"]
    singles = [g for u, v, g in edges if v == u + 1]
    assert len(edges) > len(singles)  # groups of several pieces were candidates ...
    assert len(singles) <= len(drawn) < len(edges)  # ... some of them never drawn
    assert all(any(g is d for d in drawn) for g in singles)
    assert [[p.key for p in g] for g, _ in seen["pruned"]] == [[p.key for p in g] for g, _ in seen["every"]]
    for (_, a), (_, b) in zip(seen["pruned"], seen["every"]):
        assert a.digit == b.digit and np.allclose(a.probabilities, b.probabilities, atol=1e-6)


@pytest.mark.parametrize("digits, styles, gaps", [([5, 3, 9], [3, 0, 2], [-0.05, -0.05]),
                                                  ([5, 7, 2], [1, 3, 1], [-0.15, -0.05]),
                                                  ([8, 4, 8], [0, 0, 0], [-0.15, -0.05])])
def test_digits_that_touch_and_overlap_in_an_image_are_cut_apart(pred, digits, styles, gaps):
    strokes, _ = row([_digit(d, s) for d, s in zip(digits, styles)], gaps)
    g = image_of(strokes)
    assert number.label_components(g > 0.3)[1] == 1  # one piece of ink
    assert number.read_image(pred, g).text == "".join(map(str, digits))


def test_a_speck_of_dirt_beside_a_number_is_no_digit(pred):
    strokes, _ = row([_digit(2, 0), _digit(6, 0)], [0.4])
    g = image_of(strokes)  # 60 pixels to the line's height, 0.4 of it blank around the digits
    cols = np.flatnonzero((g > 0.3).any(axis=0))
    x = cols[-1] + 10
    g[-22:-12, x:x + 8] = 1.0  # a blot a sixth of a digit high, apart from the digits, low on the line
    assert number.label_components(g > 0.3)[1] == 3
    r = number.read_image(pred, g)
    assert r.text == "26"
    assert all(d.box[2] < x for d in r.digits)


def test_a_candidate_digit_has_a_weight_for_each_of_its_features():
    cfg = number.SegmentConfig()
    p = np.full(10, 0.01)
    p[4] = 0.91
    f = number.edge_features(p, [(0, 0, 30, 60), (25, 5, 50, 58)], 900, 60.0, 5.0, (1.0, 0.0), cfg)
    assert f.shape == (len(cfg.image_weights),)
    assert f[0] == 1.0 and f[1] == pytest.approx(np.log(0.91)) and f[14 + 4] == 1.0  # reads as a 4
    assert f[3] == pytest.approx(50 / 60) and f[11] == 1.0 and f[12] == 1.0  # its width; one cut, through a stroke
