"""Reading a whole written number: the writing cut into digits, each digit read as one digit is.

Two kinds of input, one path once the pieces are found:

* strokes (a canvas, a stroke file): every stroke is a piece;
* grey images (a photo, a scan, what a canvas holds): every connected component of the ink is a
  piece, after specks are dropped; a component too wide for one digit (digits that touch) may be
  cut at the columns where it has least ink, each cut along the paths of least ink there (straight,
  or winding between digits that overlap in x), one of them or none chosen by the search.

Pieces are taken left to right. Pieces that mostly overlap in x are one digit at once (a 4 or a 5
written in two strokes, a digit broken in two); where a clear gap runs between pieces, the number
is cut there. In between, the model decides (segmentation by recognition): every way of grouping
the consecutive pieces of a block into digits is scored by how sure the model is of each digit,
with a cost for each digit and for groups much wider or much smaller than the line's digits; the
grouping of least cost wins, by dynamic programming. So slices of touching digits are kept apart
where the halves read well and joined again where they do not, and a 1's flag or a 7's bar joins
its digit. Groups of strokes whose shape alone costs more than their pieces read one by one are
never read. In images, a candidate digit's cost weighs more of what is known of it (the cuts'
ink, its shape as the digit it reads as, see :func:`~mnistgui.core.ink.edge_features`), by a small
network learnt from composed numbers (:mod:`mnistgui.core.scorer`; a weighted sum of the same
features where its file cannot be used), and a speck may be read as no digit at all.

Each digit then goes through the app's own preprocessing (:func:`preprocess_strokes` for strokes,
:func:`preprocess_image` for images) and the predictor's model, calibration and unsure rule, so a
digit of a number reads exactly as the same digit drawn alone would.

Coordinates: strokes are ``[x, y]`` points in any unit (y down), e.g. a square canvas's 0..1 or a
strip's height as 1; a reading's boxes are in the same unit. For images, boxes are in pixels.
"""

from __future__ import annotations

import collections
import math
import threading
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from mnistgui.core.errors import PreprocessError
from mnistgui.core.ink import (between, component_boxes, cut_sites, edge_features, label_components,
                               without_crumbs, work_copy)
from mnistgui.core.preprocess import (Stroke, checked_gray, estimate_stroke_width, preprocess_image,
                                      preprocess_strokes)
from mnistgui.core.scorer import Scorer, ScorerError
from mnistgui.core.scorer import load as load_scorer

if TYPE_CHECKING:  # the predictor's module loads torch
    from mnistgui.core.predict import Prediction, Predictor

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class SegmentConfig:
    """The segmentation's rules, in units of the line's digit height (``h``) and nats of cost."""

    gap: float = 0.04  # pieces further apart than this (h) are different digits, without asking
    join_overlap: float = 0.6  # pieces overlapping in x by this share of the narrower one ...
    join_min: float = 0.15  # ... and by at least this much (h) are one digit, without asking
    max_pieces: int = 5  # the most pieces one digit is made of
    hopeless: float = 4.0  # groups of pieces whose shape alone costs more than this are not read
    digit_cost: float = 0.5  # the cost of each digit (a bias against cutting where nothing reads better)
    join_cost: float = 1.0  # the cost of joining two pieces that do not overlap in x (less as they do)
    wide_from: float = 1.05  # groups wider than this (h) cost ...
    wide_cost: float = 6.0  # ... this much per h beyond
    low_below: float = 0.85  # groups less tall than this (h) cost ...
    low_cost: float = 6.0  # ... this much per h below
    # images
    image_digit_cost: float = 0.0  # digit_cost for images: touching digits there are one component
    image_wide_from: float = 1.05  # wide_from for images
    image_low_below: float = 0.6  # low_below for images (components are whole digits more often)
    image_max_pieces: int = 14  # max_pieces for images (cut places a digit spans)
    ink_level: float = 0.3  # grey level above which a pixel is ink for the components
    speck: float = 0.12  # components whose larger side is under this (h) and ...
    speck_area: float = 0.03  # ... whose area is under this share of the largest are dropped
    speck_size: float = 0.4  # components smaller than this (h) either way may be read as no digit ...
    speck_cost: float = 2.0  # ... at this cost
    split_from: float = 0.7  # components wider than this (h) are cut into slices ...
    split_min_height: float = 0.5  # ... if at least this high (h): a flat stroke is no two digits
    cut_margin: float = 0.08  # ... no nearer than this (h) to either end or to each other
    max_cuts: int = 12  # the most cut columns tried in one component
    crumb: float = 0.1  # a cut digit's pieces smaller than this share of its largest are dropped
    cut_reach: float = 0.06  # a straight cut's path strays this far (h) from its column at most
    wind_reach: float = 0.3  # a winding cut's path strays this far (h) from its column at most ...
    wind_step: float = 0.05  # ... each pixel it runs sideways costing this much ink ...
    wind_stray: float = 0.005  # ... and each pixel away from its column this much, every row
    work_max: int = 1600  # images are read on a copy no larger than this on either side
    # how wide each digit is written (its pen-centre width over its height; 2nd and 98th
    # percentiles of the digits of ../shared/handwriting/train.json, a flat digit drawn at most 1.3
    # times as wide as high), for :func:`edge_features`
    narrow_aspect: tuple[float, ...] = (0.4, 0.0, 0.4, 0.35, 0.35, 0.4, 0.35, 0.45, 0.3, 0.3)
    wide_aspect: tuple[float, ...] = (1.1, 0.9, 1.3, 1.15, 0.9, 1.15, 0.9, 1.15, 0.9, 0.85)
    # what a candidate digit of an image costs: these weights times its edge_features (learnt by
    # `bench/fit_number_weights.py --overlap 0.15 --per-length 200 --epochs 30` on numbers
    # composed from ../shared/handwriting/train.json as bench/number_accuracy.py composes them,
    # touching digits overlapping further); empty: the costs above, as for strokes
    # where it loads, the shipped learnt scorer costs a candidate digit of an image instead
    # (resources/models/number_scorer.json, see mnistgui.core.scorer); these weights are the
    # fallback, and the features' count
    image_scorer: bool = True
    image_weights: tuple[float, ...] = (3.135, -2.543, 1.169, 2.096, -6.798, 12.4, 7.191, -0.02465,
        9.606, -0.5499, 0.6628, 2.455, 1.037, 1.034, -3.329, 3.06, 2.846, 3.778, -3.285, 3.119,
        1.762, 1.403, -3.332, -2.887, 1.754, -4.083, -0.8358, -1.926, 0.5876, -1.351, 0.5047,
        0.09405, 5.239, 2.112)


@dataclass
class DigitReading:
    """One digit of a number: the model's reading of it and where it is."""

    prediction: Prediction
    box: Box  # (x0, y0, x1, y1) in the input's coordinates (stroke units or image pixels)
    strokes: tuple[int, ...] = ()  # for strokes: the indices of the strokes it is made of

    @property
    def digit(self) -> int:
        return self.prediction.digit

    @property
    def probability(self) -> float:
        return self.prediction.confidence

    @property
    def unsure(self) -> bool:
        return self.prediction.unsure

    def to_dict(self, decimals: int = 4) -> dict:
        return {"digit": self.digit, "probability": round(self.probability, 6), "unsure": bool(self.unsure),
                "box": [round(float(v), decimals) for v in self.box]}


@dataclass
class NumberReading:
    """A number as read: its digits from left to right."""

    digits: list[DigitReading] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(str(d.digit) for d in self.digits)

    @property
    def unsure(self) -> bool:
        return any(d.unsure for d in self.digits)

    def to_dict(self, decimals: int = 4) -> dict:
        return {"number": self.text, "unsure": self.unsure,
                "digits": [d.to_dict(decimals) for d in self.digits]}


# ---------------------------------------------------------------------------------------------
# The search, the same for strokes and images


@dataclass
class _Piece:
    box: Box  # ink extents
    key: tuple  # what the renderer needs to draw it (stroke indices; or labels and columns)
    whole: int = -1  # slices of one component share this (a cut, not two pieces that meet)

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


def _union(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def line_height(pieces: Sequence[_Piece]) -> float:
    """The height of the line's digits: the median piece height, or 3/4 of the tallest if more (a
    line of digits is about as high as its tallest; pieces of broken or many-stroke digits are
    lower)."""
    hs = sorted(p.height for p in pieces)
    return max(hs[len(hs) // 2], 0.75 * hs[-1], 1e-6)


def join_overlapping(pieces: list[_Piece], h: float, cfg: SegmentConfig,
                     merge_keys: Callable[[list[tuple]], tuple]) -> list[_Piece]:
    """Pieces that overlap in x by most of the narrower one (and by enough) made one."""
    pieces = sorted(pieces, key=lambda p: (p.box[0], p.box[2]))
    changed = True
    while changed and len(pieces) > 1:
        changed = False
        for i in range(len(pieces)):
            for j in range(i + 1, len(pieces)):
                a, b = pieces[i], pieces[j]
                if b.box[0] >= a.box[2]:
                    break  # sorted by x0: no later piece overlaps a
                overlap = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
                narrow = max(min(a.width, b.width), 1e-9)
                if overlap >= cfg.join_min * h and overlap >= cfg.join_overlap * narrow:
                    pieces[i] = _Piece(_union([a.box, b.box]), merge_keys([a.key, b.key]))
                    del pieces[j]
                    changed = True
                    break
            if changed:
                break
    return sorted(pieces, key=lambda p: (p.box[0], p.box[2]))


def _blocks(pieces: list[_Piece], h: float, cfg: SegmentConfig) -> list[list[_Piece]]:
    """Runs of pieces with no clear gap between them (sorted by x0)."""
    out: list[list[_Piece]] = []
    right = -math.inf
    for p in pieces:
        if not out or p.box[0] > right + cfg.gap * h:
            out.append([p])
        else:
            out[-1].append(p)
        right = max(right, p.box[2])
    return out


def _shape_cost(group: Sequence[_Piece], h: float, cfg: SegmentConfig) -> float:
    """What a group costs as one digit, before the model's say: its shape, and how little its
    pieces overlap in x."""
    box = _union([p.box for p in group])
    w, hh = (box[2] - box[0]) / h, (box[3] - box[1]) / h
    cost = cfg.digit_cost + cfg.wide_cost * max(0.0, w - cfg.wide_from)
    cost += cfg.low_cost * max(0.0, cfg.low_below - hh)
    left = group[0].box
    for prev, p in zip(group, group[1:]):
        if p.whole < 0 or p.whole != prev.whole:  # two pieces, not two slices of one
            overlap = min(left[2], p.box[2]) - max(left[0], p.box[0])
            narrow = max(min(left[2] - left[0], p.width), 1e-9)
            cost += cfg.join_cost * (1.0 - min(1.0, max(0.0, overlap / narrow)))
        left = _union([left, p.box])
    return cost


def _reading_cost(probabilities: np.ndarray) -> float:
    """What the model's reading of a group costs: minus the log of its probability."""
    return -math.log(max(float(np.max(probabilities)), 1e-12))


class ReadingCache:
    """Readings of candidate digits kept between readings of a number that grows: while a number
    is written, a new stroke changes only the candidates it is part of, so the canvas reads again
    only those. Keyed by what a candidate is drawn from; the least recently used go past ``size``
    (the digits on the canvas are used at every reading, the states of a stroke being drawn once)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: dict = {}
        #: the last image read alone, ``(image, config, reading in its pixels)``: the same image on
        #: a strip of another width reads the same, only its boxes move. Known by the image
        #: array's identity, so an image must not be changed in place (a canvas's never is)
        self.image: tuple | None = None

    def get(self, key):
        hit = self._items.pop(key, None)
        if hit is not None:
            self._items[key] = hit  # the most recently used, last
        return hit

    def put(self, key, value) -> None:
        self._items[key] = value
        while len(self._items) > self.size:
            del self._items[next(iter(self._items))]

    def clear(self) -> None:
        self._items.clear()
        self.image = None


def search(pieces: list[_Piece], h: float, cfg: SegmentConfig, predictor: Predictor,
           render: Callable[[list[_Piece]], object], key: Callable[[list[_Piece]], object] | None = None,
           cache: ReadingCache | None = None) -> list[tuple[list[_Piece], Prediction]]:
    """The grouping of ``pieces`` (sorted, already joined) into digits of least cost, each with its
    reading. ``render`` turns a group into a :class:`~mnistgui.core.preprocess.PreprocessResult`;
    with a ``cache``, ``key`` names what a group is drawn from."""
    # every candidate group: one run of consecutive pieces within a block
    edges: list[tuple[int, int, list[_Piece]]] = []
    start = 0
    for blk in _blocks(pieces, h, cfg):
        n = len(blk)
        for i in range(n):
            for j in range(i + 1, min(n, i + cfg.max_pieces) + 1):
                group = pieces[start + i:start + j]
                if j == i + 1 or _shape_cost(group, h, cfg) <= cfg.hopeless:
                    edges.append((start + i, start + j, group))
        start += n
    return least_cost(len(pieces), edges, h, cfg, predictor, render, key, cache)


def least_cost(n: int, edges: list[tuple[int, int, list[_Piece]]], h: float, cfg: SegmentConfig,
               predictor: Predictor, render: Callable[[list[_Piece]], object],
               key: Callable[[list[_Piece]], object] | None = None, cache: ReadingCache | None = None,
               edge_cost: Callable[[int, np.ndarray], float] | None = None) -> list[tuple[list[_Piece], Prediction]]:
    """The way from place 0 to place ``n`` of least cost along ``edges`` ``(u, v, group)`` (u < v:
    ``group`` is the ink between places u and v, read as one digit), each group with its reading;
    ``edge_cost(e, probabilities)`` is what edge e costs once read (default: the model's
    uncertainty plus the group's shape cost). An edge with no group passes over a speck at
    ``cfg.speck_cost``."""
    from mnistgui.core.predict import Prediction

    preds: dict[int, Prediction] = {}

    def read(which: list[int]) -> None:
        """Read the groups of these edges, from the cache where it has them, in one batch."""
        fresh, images = [], []
        for e in which:
            group = edges[e][2]
            k = key(group) if cache is not None and key is not None else None
            hit = cache.get(k) if k is not None else None
            if hit is not None:
                preds[e] = hit
                continue
            try:
                pre = render(group)
            except PreprocessError:
                continue
            fresh.append((e, k, pre))
            images.append(pre.image)
        if images:
            probs = predictor.probabilities(np.stack(images))
            for (e, k, pre), p in zip(fresh, probs):
                preds[e] = Prediction(p, pre, predictor.calibration.unsure_below)
                if k is not None:
                    cache.put(k, preds[e])

    digits = [e for e, (_, _, g) in enumerate(edges) if g]
    if edge_cost is not None:
        read(digits)
    else:
        # Groups of one piece first. A group of several costs at least its shape (the model's
        # share is never below 0); where that is more than reading its pieces one by one costs,
        # it can be in no way of least cost, and is not read at all.
        single = [e for e in digits if edges[e][1] == edges[e][0] + 1]
        read(single)
        one = [math.inf] * n  # what reading piece u alone costs
        for e in single:
            if e in preds:
                u, _, group = edges[e]
                one[u] = _reading_cost(preds[e].probabilities) + _shape_cost(group, h, cfg)
        upto = np.concatenate([[0.0], np.cumsum(one)])  # inf from the first piece that did not read
        read([e for e in digits if edges[e][1] > edges[e][0] + 1
              and not _shape_cost(edges[e][2], h, cfg) > upto[edges[e][1]] - upto[edges[e][0]]])
    if not preds:
        raise PreprocessError("nothing drawn: the image has no ink")

    # dynamic programming: best[v] is the least cost of reading the ink before place v
    into: list[list[int]] = [[] for _ in range(n + 1)]
    for e in sorted(set(preds) | {e for e, (_, _, g) in enumerate(edges) if not g}):
        into[edges[e][1]].append(e)
    best = [math.inf] * (n + 1)
    back = [-1] * (n + 1)
    best[0] = 0.0
    for v in range(1, n + 1):
        for e in into[v]:
            u, _, group = edges[e]
            if best[u] == math.inf:
                continue
            if not group:
                cost = best[u] + cfg.speck_cost
            elif edge_cost is not None:
                cost = best[u] + edge_cost(e, preds[e].probabilities)
            else:
                cost = best[u] + _reading_cost(preds[e].probabilities) + _shape_cost(group, h, cfg)
            if cost < best[v]:
                best[v], back[v] = cost, e
    if best[n] == math.inf:
        raise PreprocessError("the writing could not be cut into digits")
    out = []
    v = n
    while v > 0:
        e = back[v]
        if edges[e][2]:
            out.append((edges[e][2], preds[e]))
        v = edges[e][0]
    return out[::-1]


# ---------------------------------------------------------------------------------------------
# Strokes


def _stroke_box(stroke: Stroke, pen: float) -> Box:
    a = np.asarray(stroke, dtype=np.float64).reshape(-1, 2)
    r = pen / 2.0
    return (float(a[:, 0].min()) - r, float(a[:, 1].min()) - r, float(a[:, 0].max()) + r, float(a[:, 1].max()) + r)


def alone(strokes: Sequence[Stroke], pen: float) -> tuple[list[list[tuple[float, float]]], float]:
    """One digit's strokes as a digit drawn alone is: moved and scaled onto the unit square (its
    larger side 0.7 of it, as pen-recorded digits are stored), with the pen scaled alike. What a
    digit of a number is read from, and what a correction of it keeps."""
    arrays = [np.asarray(st, dtype=np.float64).reshape(-1, 2) for st in strokes]
    pts = np.concatenate(arrays)
    lo, hi = pts.min(0), pts.max(0)
    side = max(float((hi - lo).max()), pen, 1e-6)
    s = 0.7 / side
    c = (lo + hi) / 2.0
    return [list(map(tuple, ((a - c) * s + 0.5).tolist())) for a in arrays], pen * s


def read_strokes(predictor: Predictor, strokes: Sequence[Stroke], pen_width: float | None = None,
                 cfg: SegmentConfig | None = None, cache: ReadingCache | None = None) -> NumberReading:
    """Read the number that ``strokes`` write (``pen_width`` in the strokes' unit; default the
    model's pen). With a ``cache`` (one per canvas and model), digits read before are not read
    again."""
    cfg = cfg or SegmentConfig()
    pen = predictor.preprocess.pen_width if pen_width is None else float(pen_width)
    idx = [i for i, s in enumerate(strokes) if len(s)]
    if not idx:
        raise PreprocessError("nothing drawn: there are no strokes")
    pieces = [_Piece(_stroke_box(strokes[i], pen), (i,)) for i in idx]
    h = line_height(pieces)
    pieces = join_overlapping(pieces, h, cfg, lambda keys: tuple(sorted(sum(keys, ()))))

    def render(group: list[_Piece]):
        members = sorted(i for p in group for i in p.key)
        norm, pen_n = alone([strokes[i] for i in members], pen)
        return preprocess_strokes(norm, predictor.preprocess, pen_n)

    def key(group: list[_Piece]):
        members = sorted(i for p in group for i in p.key)
        return (pen, tuple(tuple(tuple(pt) for pt in strokes[i]) for i in members))

    found = search(pieces, h, cfg, predictor, render, key, cache)
    return NumberReading([DigitReading(pr, _union([p.box for p in g]), tuple(sorted(i for p in g for i in p.key)))
                          for g, pr in found])


# ---------------------------------------------------------------------------------------------
# Images


def read_image(predictor: Predictor, gray: np.ndarray, cfg: SegmentConfig | None = None) -> NumberReading:
    """Read the number in a grey image (ink = 1, any size: see
    :func:`~mnistgui.core.preprocess.image_to_gray` for photos and scans)."""
    cfg = cfg or SegmentConfig()
    src = checked_gray(gray)
    img, back = work_copy(np.clip(src, 0.0, 1.0), cfg)
    labels, n = label_components(img > cfg.ink_level)
    if n == 0:
        raise PreprocessError("nothing drawn: the image has no ink")
    x0, y0, x1, y1, area = component_boxes(labels, n)
    comps = [_Piece((float(x0[i]), float(y0[i]), float(x1[i]), float(y1[i])), (frozenset([i + 1]), 0, 0))
             for i in range(n)]
    h = line_height(comps)
    big = area.max()
    comps = [c for i, c in enumerate(comps)
             if max(c.width, c.height) >= cfg.speck * h or area[i] >= cfg.speck_area * big]
    h = line_height(comps)
    kept = np.isin(labels, [next(iter(c.key[0])) for c in comps])
    pen = estimate_stroke_width(np.where(kept, img, 0.0))

    def merge(keys):
        return (frozenset().union(*(k[0] for k in keys)), 0, 0)

    atoms = join_overlapping(comps, h, cfg, merge)
    scfg = replace(cfg, digit_cost=cfg.image_digit_cost, wide_from=cfg.image_wide_from,
                   low_below=cfg.image_low_below)
    # the places between digits: before and after each atom (a joined component), and in a wide
    # atom the cuts at each of its sites, in as many ways as a cut may run there
    masks, places = [], [(-1, -1, None)]  # a place: (atom, site or -1 after the atom, cut)
    hard = {0}  # places no digit reaches across (a clear gap)
    crossed: dict[int, float] = {}  # how much ink each cut goes through, in strokes
    right = -math.inf
    for n_atom, a in enumerate(atoms):
        bx0, by0, bx1, by1 = (int(v) for v in a.box)
        members = np.isin(labels[by0:by1, bx0:bx1], list(a.key[0]))
        masks.append(members)
        if a.box[0] > right + cfg.gap * h and n_atom:
            hard.add(len(places) - 1)
        right = max(right, a.box[2])
        if a.width > cfg.split_from * h and a.height >= cfg.split_min_height * h:
            ink = np.where(members, img[by0:by1, bx0:bx1], 0.0)
            for site, alts in enumerate(cut_sites(members, ink, h, cfg)):
                for cut in alts:
                    places.append((n_atom, site, cut))
                    rows = np.arange(len(cut))
                    inside = cut < members.shape[1]
                    crossed[len(places) - 1] = float(ink[rows[inside], cut[inside]].sum()) / max(pen, 1.0)
        places.append((n_atom, -1, None))
    parts: dict = {}

    def part(k: int, left, right) -> _Piece | None:
        """Atom ``k`` between two of its cuts (None: its edge), without the crumbs a cut leaves."""
        key = (k, id(left), id(right))
        if key not in parts:
            m = masks[k] if left is None and right is None else between(masks[k], left, right)
            if cfg.crumb > 0 and (left is not None or right is not None):
                m = without_crumbs(m, cfg.crumb)
            ys, xs = np.nonzero(m)
            piece = None
            if ys.size:
                ox, oy = int(atoms[k].box[0]), int(atoms[k].box[1])
                y0_, y1_, x0_, x1_ = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
                piece = _Piece((float(ox + x0_), float(oy + y0_), float(ox + x1_), float(oy + y1_)),
                               (oy + y0_, ox + x0_, m[y0_:y1_, x0_:x1_]), k)
            parts[key] = piece
        return parts[key]

    edges = []
    for k, a in enumerate(atoms):  # a speck of dirt, not a digit
        if max(a.width, a.height) < cfg.speck_size * h:
            edges.append((places.index((k - 1, -1, None)) if k else 0, places.index((k, -1, None)), []))
    for u, (au, su, cu) in enumerate(places[:-1]):
        steps = 0
        for v in range(u + 1, len(places)):
            av, sv, cv = places[v]
            if sv >= 0 and (av, sv) == (au, su):
                continue  # another way of the same cut
            if sv < 0 or places[v - 1][:2] != (av, sv):
                steps += 1
            if steps > cfg.image_max_pieces:
                break
            first = au if su >= 0 else au + 1
            group = [p for k in range(first, av + 1)
                     if (p := part(k, cu if k == au else None, cv if k == av else None)) is not None]
            if group and (steps == 1 or _shape_cost(group, h, scfg) <= cfg.hopeless):
                edges.append((u, v, group))
            if v in hard:
                break

    def render(group: list[_Piece]):
        gx0, gy0, gx1, gy1 = (int(v) for v in _union([p.box for p in group]))
        pad = 2
        gx0, gy0 = max(0, gx0 - pad), max(0, gy0 - pad)
        gx1, gy1 = min(img.shape[1], gx1 + pad), min(img.shape[0], gy1 + pad)
        sub = labels[gy0:gy1, gx0:gx1]
        keep = np.zeros(sub.shape, bool)
        for p in group:
            py, px, m = p.key
            keep[py - gy0:py - gy0 + m.shape[0], px - gx0:px - gx0 + m.shape[1]] |= m
        # the faint anti-aliased edge around the ink goes with it (a pixel's reach)
        grown = keep.copy()
        grown[1:] |= keep[:-1]
        grown[:-1] |= keep[1:]
        grown[:, 1:] |= grown[:, :-1].copy()
        grown[:, :-1] |= grown[:, 1:].copy()
        own = (sub == 0) | keep
        return preprocess_image(img[gy0:gy1, gx0:gx1] * (grown & own), predictor.preprocess)

    weights = np.asarray(cfg.image_weights, dtype=np.float64) if cfg.image_weights else None
    scorer = image_scorer()[0] if cfg.image_scorer and weights is not None else None

    def cost(e: int, probabilities: np.ndarray) -> float:
        u, v, group = edges[e]
        f = edge_features(probabilities, [p.box for p in group], sum(int(p.key[2].sum()) for p in group), h, pen,
                          (crossed.get(u, 0.0), crossed.get(v, 0.0)), cfg)
        if scorer is not None and scorer.features == f.shape[0]:
            c = scorer.cost(f)
            if math.isfinite(c):
                return c
        return float(f @ weights)

    found = least_cost(len(places) - 1, edges, h, scfg, predictor, render,
                       edge_cost=cost if weights is not None else None)
    digits = []
    for g, pr in found:
        bx0, by0, bx1, by1 = _union([p.box for p in g])
        digits.append(DigitReading(pr, (bx0 * back, by0 * back, bx1 * back, by1 * back)))
    return NumberReading(digits)


_scorer: tuple | None = None  # (Scorer or None, what went wrong or None), once read
_scorer_lock = threading.Lock()  # readings may start on several worker threads at once


def image_scorer() -> tuple[Scorer | None, str | None]:
    """The shipped scorer of image candidates (read once), or None and why it cannot be used
    (the image path then weighs candidates with :attr:`SegmentConfig.image_weights`)."""
    global _scorer
    with _scorer_lock:
        if _scorer is None:
            from mnistgui.core.resources import scorer_path

            try:
                _scorer = (load_scorer(scorer_path(), len(SegmentConfig().image_weights)), None)
            except ScorerError as exc:
                _scorer = (None, f"{exc}; images are read with the simpler weighing of their digits")
            except Exception as exc:  # noqa: BLE001 - whatever a damaged file does, the app reads on
                _scorer = (None, f"the number scorer cannot be used ({type(exc).__name__}: {str(exc)[:80]}); "
                                 "images are read with the simpler weighing of their digits")
        return _scorer


def read_file(predictor: Predictor, path, cfg: SegmentConfig | None = None) -> NumberReading:
    """Read the number in an image file (PNG, JPEG, ...; dark on light or the reverse)."""
    from mnistgui.core.preprocess import load_image

    return read_image(predictor, load_image(path), cfg)


def read_canvas(predictor: Predictor, strokes: Sequence[Stroke], background=None,
                pen_width: float | None = None, aspect: float = 1.0,
                cfg: SegmentConfig | None = None, cache: ReadingCache | None = None) -> NumberReading:
    """Read the number a canvas holds: strokes in units of its height (x from 0 to ``aspect``),
    over an optional background image (a :class:`~mnistgui.core.canvas.Background` or a grey
    array, letterboxed into the canvas). Boxes come back in the canvas's units either way.

    Strokes alone are read as strokes (as ``mnistgui predict --number --strokes``); an image alone
    at its full resolution (as ``mnistgui predict --number IMAGE``); ink over an image is composed
    on a raster ``raster_size`` high first and read as an image.
    """
    from mnistgui.core.render import render_strokes

    if background is None:  # a reading's stroke indices are into ``strokes`` as given
        return read_strokes(predictor, strokes, pen_width, cfg, cache)
    strokes = [s for s in strokes if len(s)]
    gray = np.asarray(getattr(background, "gray", background), dtype=np.float32)
    gh, gw = gray.shape
    s = min(1.0 / gh, aspect / gw)
    ox, oy = (aspect - gw * s) / 2.0, (1.0 - gh * s) / 2.0
    if not strokes:
        if cache is not None and cache.image is not None and cache.image[0] is gray and cache.image[1] == cfg:
            r = cache.image[2]
        else:
            r = read_image(predictor, gray, cfg)
            if cache is not None:
                cache.image = (gray, cfg, r)
        return NumberReading([DigitReading(d.prediction, (d.box[0] * s + ox, d.box[1] * s + oy,
                                                          d.box[2] * s + ox, d.box[3] * s + oy))
                              for d in r.digits])
    from mnistgui.core.preprocess import _resize

    rows = predictor.preprocess.raster_size
    cols = max(4, int(round(aspect * rows)))
    canvas = np.zeros((rows, cols), np.float32)
    fitted = _resize(gray, max(1, round(gh * s * rows)), max(1, round(gw * s * rows)))
    y0, x0 = int(round(oy * rows)), int(round(ox * rows))
    canvas[y0:y0 + fitted.shape[0], x0:x0 + fitted.shape[1]] = fitted[: rows - y0, : cols - x0]
    side = max(rows, cols)
    pen = predictor.preprocess.pen_width if pen_width is None else pen_width
    ink = render_strokes([[(x * rows / side, y * rows / side) for x, y in st] for st in strokes], side,
                         pen * rows / side, predictor.preprocess.supersample)[:rows, :cols]
    r = read_image(predictor, np.maximum(canvas, ink), cfg)
    for d in r.digits:
        d.box = tuple(v / rows for v in d.box)
    return r
