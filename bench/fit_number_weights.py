"""Learn the weights with which the raster path weighs its candidate digits
(``SegmentConfig.image_weights``, see :func:`mnistgui.core.ink.edge_features`).

Numbers are composed from the pen-recorded digits of ``--strokes`` (default
../shared/handwriting/train.json; never dev.json, which measures) and rendered to images as
bench/number_accuracy.py does, with other seeds than its own (and, with ``--overlap``, touching
digits that overlap further than there). Each image is read once with every
candidate digit's features kept, and each candidate is matched against the digits the image was
drawn from: how much of one true digit's ink it holds, and how much of its ink is that digit's. A
structured perceptron (averaged) then finds weights under which the way of least cost through the
candidates reads the number right, where some way of good candidates does.

    python bench/fit_number_weights.py [--per-length 100] [--seeds 11,13] [--epochs 20] [--overlap 0.08]

The shipped weights: ``--overlap 0.15 --per-length 200 --epochs 30``.

Prints the weights as a tuple for SegmentConfig and, as the last line, a JSON object with them and
the share of training numbers read right before and after.
"""

from __future__ import annotations

import collections

from _common import ROOT, finish, parser

DEFAULT_TRAIN = ROOT.parent / "shared" / "handwriting" / "train.json"
GOOD = 0.7  # a candidate holding this share of one true digit's ink, and of its own, is that digit


def owners(strokes, pen, groups, scale, lo):
    """Which true digit each pixel of the rendered image is ink of (0: none)."""
    import numpy as np

    from mnistgui.core.render import render_strokes

    pts = np.concatenate([np.asarray(s).reshape(-1, 2) for s in strokes])
    hi = pts.max(0) + 0.3 + pen  # as render_photo frames it
    side = float((hi - lo).max())
    size = int(round(side * scale))
    w, h = int(round((hi[0] - lo[0]) * scale)), int(round((hi[1] - lo[1]) * scale))
    inks = np.stack([render_strokes([[((x - lo[0]) / side, (y - lo[1]) / side) for x, y in strokes[i]] for i in g],
                                    size, pen / side, 2)[:h, :w] for g in groups])
    return np.where(inks.max(0) > 0.2, inks.argmax(0) + 1, 0)


def lattice(pred, gray, own, n_digits, dim):
    """The candidates of one image: ``(places, [(u, v, features, quality, true digit, reading)])``."""
    import numpy as np

    from mnistgui.core import number

    seen, feats = {}, []
    real_least, real_features = number.least_cost, number.edge_features

    def features(*a):
        feats.append(real_features(*a))
        return feats[-1]

    def least(n, edges, h, cfg, predictor, render, key=None, cache=None, edge_cost=None):
        def cost(e, p):
            c = edge_cost(e, p)
            seen.setdefault(e, feats[-1])
            return c
        seen["n"], seen["edges"] = n, edges
        return real_least(n, edges, h, cfg, predictor, render, key, cache, cost)

    number.least_cost, number.edge_features = least, features
    try:
        from dataclasses import replace
        number.read_image(pred, gray, replace(number.SegmentConfig(), image_weights=(0.0,) * dim))
    finally:
        number.least_cost, number.edge_features = real_least, real_features
    total = np.bincount(own.ravel(), minlength=n_digits + 1)
    out = []
    for e, f in ((e, f) for e, f in seen.items() if isinstance(e, int)):
        u, v, group = seen["edges"][e]
        count = np.zeros(n_digits + 1)
        for py, px, m in (p.key for p in group):
            count += np.bincount(own[py:py + m.shape[0], px:px + m.shape[1]][m], minlength=n_digits + 1)
        d = int(np.argmax(count[1:]))
        q = min(count[1 + d] / max(total[1 + d], 1), count[1 + d] / max(count[1:].sum(), 1))
        out.append((u, v, f, q, d, int(np.argmax(f[14:24]))))
    return seen["n"], out


def decode(n, edges, cost):
    """The edges of the way of least cost from place 0 to place n (None: there is none)."""
    best, back = [float("inf")] * (n + 1), [None] * (n + 1)
    best[0] = 0.0
    into = collections.defaultdict(list)
    for k, e in enumerate(edges):
        into[e[1]].append(k)
    for v in range(1, n + 1):
        for k in into[v]:
            c = best[edges[k][0]] + cost(edges[k])
            if c < best[v]:
                best[v], back[v] = c, k
    if back[n] is None:
        return None
    path, v = [], n
    while v > 0:
        path.append(back[v])
        v = edges[back[v]][0]
    return path[::-1]


def main() -> None:
    p = parser(__doc__, data=False)
    p.add_argument("--strokes", default=str(DEFAULT_TRAIN), help="labelled pen digits with writers (never dev.json)")
    p.add_argument("--model", default=None, help="checkpoint (default: the shipped model)")
    p.add_argument("--per-length", type=int, default=100, help="numbers of each length 2-8, per seed")
    p.add_argument("--seeds", default="11,13")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--overlap", type=float, default=None,
                   help="how far (h) the ink of touching digits overlaps at most (default: as bench/number_accuracy.py)")
    a = p.parse_args()
    import numpy as np
    import torch

    from mnistgui.core import number
    from mnistgui.core.predict import Predictor
    from number_accuracy import OVERLAP, composed_numbers, digits_by_writer, render_photo

    a.overlap = OVERLAP if a.overlap is None else a.overlap

    torch.set_num_threads(1)
    pred = Predictor.load(a.model)
    dim = len(number.SegmentConfig().image_weights)
    by_writer = digits_by_writer(a.strokes)
    data = []  # (places, candidates, truth, the way of good candidates that reads it, or None)
    for seed in (int(v) for v in a.seeds.split(",")):
        rng = np.random.default_rng(seed)
        for digits, truth, (strokes, pen, groups, _) in composed_numbers(by_writer, rng, a.per_length, a.overlap):
            length = len(digits)
            gray, scale, lo = render_photo(strokes, pen, rng)
            n, edges = lattice(pred, gray, owners(strokes, pen, groups, scale, lo), length, dim)
            way = decode(n, edges, lambda e: (1 - e[3]) + (0 if e[3] >= GOOD and str(e[5]) == truth[e[4]] else 5))
            if way is None or [edges[k][4] for k in way] != list(range(length)) or any(
                    edges[k][3] < GOOD or str(edges[k][5]) != truth[edges[k][4]] for k in way):
                way = None
            data.append((n, edges, truth, way))

    def right(w):
        ok = 0
        for n, edges, truth, _ in data:
            way = decode(n, edges, lambda e: float(e[2] @ w))
            ok += way is not None and "".join(str(edges[k][5]) for k in way) == truth
        return ok / len(data)

    w = np.zeros(dim)
    w[1], w[5], w[6] = -1.0, 3.0, 6.0  # to start: the model's uncertainty, and low and wide shapes
    before = right(w)
    total, count = np.zeros(dim), 0
    order = np.random.default_rng(0)
    for _ in range(a.epochs):
        for i in order.permutation(len(data)):
            n, edges, truth, way = data[i]
            if way is None:
                continue
            got = decode(n, edges, lambda e: float(e[2] @ w))
            if "".join(str(edges[k][5]) for k in got) != truth:
                w += 0.1 * (sum(edges[k][2] for k in got) - sum(edges[k][2] for k in way))
            total += w
            count += 1
    avg = total / max(count, 1)
    weights = [float(f"{v:.4g}") for v in avg]
    fig = {"numbers": len(data), "reachable": sum(d[3] is not None for d in data), "right_before": round(before, 4),
           "right_after": round(right(avg), 4), "weights": weights, "source": str(a.strokes), "seeds": a.seeds,
           "overlap": a.overlap}
    print(f"model {pred.name}: {len(data)} numbers from {a.strokes}, {fig['reachable']} with a right way through "
          f"their candidates; read right {before:.1%} with the starting weights, {fig['right_after']:.1%} after")
    print("image_weights = (" + ", ".join(f"{v:g}" for v in weights) + ")")
    finish(fig)


if __name__ == "__main__":
    main()
