"""The vector eraser's geometry (no Qt needed)."""

from __future__ import annotations

import math

import pytest

from mnistgui.gui.canvas.strokes import as_stroke, erase, erase_stroke, eraser_centres, stroke_length

LINE = as_stroke([(0.1, 0.5), (0.9, 0.5)])


def test_erasing_the_middle_of_a_line_splits_it_in_two():
    out = erase([LINE], [(0.5, 0.5)], 0.1)
    assert out is not None and len(out) == 2
    left, right = sorted(out)
    assert left[0] == (0.1, 0.5) and left[-1][0] == pytest.approx(0.4, abs=1e-4)
    assert right[0][0] == pytest.approx(0.6, abs=1e-4) and right[-1] == (0.9, 0.5)


def test_eraser_away_from_ink_changes_nothing():
    assert erase([LINE], [(0.5, 0.8)], 0.1) is None


def test_erasing_an_end_shortens_the_stroke():
    out = erase([LINE], [(0.1, 0.5)], 0.1)
    assert out is not None and len(out) == 1
    assert out[0][0][0] == pytest.approx(0.2, abs=1e-4) and out[0][-1] == (0.9, 0.5)


def test_an_eraser_drag_along_a_stroke_removes_it_entirely():
    assert erase([LINE], [(0.0, 0.5), (1.0, 0.5)], 0.05) == []


def test_a_fast_eraser_drag_leaves_no_gaps():
    # two samples far apart: the circles between them are filled in
    centres = eraser_centres([(0.5, 0.0), (0.5, 1.0)], 0.05)
    assert max(math.dist(a, b) for a, b in zip(centres, centres[1:])) <= 0.025 + 1e-9
    out = erase([LINE], [(0.5, 0.0), (0.5, 1.0)], 0.05)
    assert out is not None and len(out) == 2


def test_dots_are_erased_whole_and_untouched_strokes_are_kept_by_identity():
    dot = as_stroke([(0.3, 0.3)])
    other = as_stroke([(0.8, 0.1), (0.9, 0.1)])
    out = erase([dot, other], [(0.3, 0.31)], 0.05)
    assert out == [other] and out[0] is other


def test_a_polyline_is_cut_at_every_crossing():
    zigzag = as_stroke([(0.1, 0.2), (0.5, 0.8), (0.9, 0.2)])
    # a vertical eraser line through both legs at x=0.3 and x=0.7
    out = erase([zigzag], [(0.3, 0.0), (0.3, 1.0)], 0.02)
    out = erase(out, [(0.7, 0.0), (0.7, 1.0)], 0.02)
    assert len(out) == 3
    total = sum(stroke_length(s) for s in out)
    assert total < stroke_length(zigzag)


def test_crumbs_are_dropped():
    short = as_stroke([(0.5, 0.5), (0.5005, 0.5)])
    assert erase_stroke(short, [(0.5, 0.5)], 0.0004) == []
