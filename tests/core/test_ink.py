"""Cut paths through touching ink (the straight and the winding search of several bands at once),
and the crumbs a cut leaves."""

import numpy as np

from mnistgui.core.ink import cut_paths, label_components, winding_paths, without_crumbs


def _two_overlapping_shapes(h=40, w=30):
    """An L on the left whose foot runs right under a mirrored L on the right whose arm runs left
    over it: every column between them crosses a stroke, a path that turns between the two does not."""
    ink = np.zeros((h, w))
    ink[:, 4:7] = 1.0
    ink[35:38, 4:19] = 1.0  # the left shape's foot
    ink[:, 22:25] = 1.0
    ink[3:6, 10:25] = 1.0  # the right shape's arm
    return ink


def test_a_winding_path_keeps_to_its_band_and_runs_between_strokes():
    ink = _two_overlapping_shapes()
    (path,) = winding_paths(ink, [(15, 2, 28)], 0.05, 0.005)
    assert path.shape == (ink.shape[0],)
    assert path.min() >= 2 and path.max() < 28
    assert min(ink[:, c].sum() for c in range(7, 22)) >= 3  # no column between them is free
    assert ink[np.arange(len(path)), path].sum() == 0  # the path crosses no ink at all
    left = np.arange(ink.shape[1])[None, :] < path[:, None]
    assert ink[:, 4:7][left[:, 4:7] == 0].sum() == 0 and ink[35:38, 4:19][~left[35:38, 4:19]].sum() == 0
    assert ink[:, 22:25][left[:, 22:25]].sum() == 0 and ink[3:6, 10:25][left[3:6, 10:25]].sum() == 0


def test_bands_searched_together_find_what_each_finds_alone():
    rng = np.random.default_rng(3)
    for _ in range(40):
        h, w = int(rng.integers(6, 50)), int(rng.integers(8, 90))
        ink = np.round((rng.random((h, w)) < 0.35) * rng.random((h, w)), 1)  # ties too
        bands = []
        for _ in range(int(rng.integers(2, 6))):
            c = int(rng.integers(0, w))
            bands.append((c, int(rng.integers(-2, c + 1)), int(rng.integers(c, w + 3))))
        together = winding_paths(ink, bands, 0.05, 0.005)
        for band, path in zip(bands, together):
            (alone,) = winding_paths(ink, [band], 0.05, 0.005)
            assert np.array_equal(path, alone)
            c, lo, hi = band
            if min(hi, w) - max(lo, 0) >= 2:
                assert path.min() >= max(lo, 0) and path.max() < min(hi, w)


def test_a_band_too_narrow_to_wind_is_its_column():
    ink = np.ones((5, 10))
    assert np.array_equal(winding_paths(ink, [(4, 4, 5)], 0.05, 0.005)[0], np.full(5, 4))


def test_straight_cuts_searched_together_find_what_each_finds_alone():
    rng = np.random.default_rng(5)
    for _ in range(60):
        h, w = int(rng.integers(1, 40)), int(rng.integers(1, 60))
        ink = np.round((rng.random((h, w)) < 0.4) * rng.random((h, w)), 1)  # ties too
        cols = [int(c) for c in rng.integers(0, w, int(rng.integers(1, 6)))]
        reach = int(rng.integers(0, 9))
        together = cut_paths(ink, cols, reach)
        for c, path in zip(cols, together):
            (alone,) = cut_paths(ink, [c], reach)
            assert np.array_equal(path, alone)
            assert path.shape == (h,) and (np.abs(np.diff(path)) <= 1).all()
            if min(w - 1, c + reach + 1) > max(1, c - reach):  # a band to search in
                assert path.min() >= max(1, c - reach) and path.max() < min(w - 1, c + reach + 1)
            else:
                assert (path == c).all()


def test_a_straight_cut_goes_round_ink_where_it_can():
    ink = np.zeros((12, 20))
    ink[:, 9:11] = 1.0  # a stroke down the column the cut starts from...
    ink[:4, 9:11] = 0.0  # ...that leaves the top free
    ink[:, 13] = 1.0  # and a wall to its right
    (path,) = cut_paths(ink, [10], 4)
    assert ink[np.arange(12), path].sum() == 0
    assert (path < 13).all()


def test_a_cut_slice_loses_its_crumbs_and_keeps_its_pieces():
    m = np.zeros((10, 12), bool)
    m[1:9, 1:4] = True  # 24 pixels
    m[2:8, 7:10] = True  # 18: more than a third of the largest, kept
    m[0, 11] = True  # a crumb of one pixel
    m[9, 5:7] = True  # and one of two, diagonally beside nothing
    out = without_crumbs(m, 1 / 3)
    assert out.dtype == bool and out.shape == m.shape
    assert np.array_equal(out, m & ~((np.arange(10)[:, None] == 0) & (np.arange(12)[None, :] == 11))
                          & ~((np.arange(10)[:, None] == 9) & (np.arange(12)[None, :] >= 5)))
    assert label_components(out)[1] == 2
    one = np.zeros((4, 4), bool)
    one[1:3, 1:3] = True
    assert without_crumbs(one, 0.5) is one  # a single piece comes back as it is
    assert not without_crumbs(np.zeros((3, 3), bool), 0.5).any()


def test_components_are_numbered_as_their_runs_are_joined():
    """A U: its arms are two components until the bottom run joins them; the labels are the
    same whichever pixel of the U is asked, and the pieces beside it keep their own."""
    m = np.zeros((7, 9), bool)
    m[0:5, 1] = m[0:5, 5] = True
    m[5, 1:6] = True
    m[0, 7:9] = True
    m[6, 8] = True
    labels, n = label_components(m)
    assert n == 3
    u = labels[0, 1]
    assert (labels[m & (np.arange(9)[None, :] <= 6)] == u).all()
    assert len({u, labels[0, 7], labels[6, 8]}) == 3
    assert sorted(np.unique(labels[m]).tolist()) == [1, 2, 3]
