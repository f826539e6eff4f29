"""Cut paths through touching ink: the winding search of several bands at once."""

import numpy as np

from mnistgui.core.ink import winding_paths


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
