"""Learn how the raster path weighs its candidate digits: the weights of
``SegmentConfig.image_weights`` (a sum over :func:`mnistgui.core.ink.edge_features`), or with
``--scorer`` the learnt scorer the app ships (resources/models/number_scorer.json, see
:mod:`mnistgui.core.scorer`).

Numbers are composed from the pen-recorded digits of ``--strokes`` (default
../shared/handwriting/train.json; never dev.json, which measures) and rendered to images as
bench/number_accuracy.py does, with other seeds than its own (and, with ``--overlap``, touching
digits that overlap further than there; one value, or one per seed). Each image is read once with
every candidate digit's features kept, and each candidate is matched against the digits the image
was drawn from: how much of one true digit's ink it holds, and how much of its ink is that digit's.
Numbers where some way of good candidates reads them right are learnt from:

* the weights by a structured perceptron (averaged): the way of least cost should read them right;
* the scorer (one hidden layer of ``--hidden`` units) as a conditional random field over the
  candidates: the right way should be the likely one, every way weighted by exp(-its cost); Adam,
  ``--epochs`` passes, seeded.

    python bench/fit_number_weights.py [--per-length 100] [--seeds 11,13] [--epochs 20] [--overlap 0.08]
    python bench/fit_number_weights.py --scorer OUT.json [--hidden 32] ...

The shipped weights: ``--overlap 0.15 --per-length 200 --epochs 30``. The shipped scorer:
``--scorer resources/models/number_scorer.json --seeds 11,13,17 --overlap 0.15,0.15,0.08
--per-length 200 --epochs 8``. ``--cache DIR`` keeps each seed's candidates there and reads them
again on the next run with the same settings (delete it when the model, the candidates' features
or the segmentation's settings change).

Prints the weights as a tuple for SegmentConfig (or writes the scorer) and, as the last line, a
JSON object with the share of training numbers read right before and after.
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
        number.read_image(pred, gray, replace(number.SegmentConfig(), image_weights=(0.0,) * dim, image_scorer=False))
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


def fit_scorer(data, hidden: int, epochs: int, seed: int = 0):
    """A :class:`~mnistgui.core.scorer.Scorer` learnt as a conditional random field over the
    candidates of ``data`` (the numbers with a right way)."""
    import numpy as np
    import torch

    from mnistgui.core.scorer import Scorer

    torch.manual_seed(seed)
    rows = [(n, [e[0] for e in edges], [e[1] for e in edges], np.stack([e[2] for e in edges]), way)
            for n, edges, _, way in data if way is not None]
    feats = np.concatenate([r[3] for r in rows])
    mean, scale = feats.mean(0), feats.std(0) + 1e-6
    mean[0], scale[0] = 0.0, 1.0  # the constant stays 1
    mean[14:], scale[14:] = 0.0, 1.0  # which digit it reads as (and its width as that digit) as they are
    dim = feats.shape[1]
    net = torch.nn.Sequential(torch.nn.Linear(dim, hidden), torch.nn.Tanh(), torch.nn.Linear(hidden, 1)).double()
    opt = torch.optim.Adam(net.parameters(), lr=0.003)
    tensors = []
    for n, us, vs, f, way in rows:
        into = collections.defaultdict(list)  # the candidates ending at each place
        for k, v in enumerate(vs):
            into[v].append(k)
        tensors.append((n, us, into, torch.from_numpy((f - mean) / scale), way))
    order = np.random.default_rng(seed)
    for _ in range(epochs):
        for i in order.permutation(len(tensors)):
            n, us, into, f, way = tensors[i]
            cost = net(f).squeeze(-1)
            alpha = [torch.zeros((), dtype=torch.float64)] + [None] * n  # log of the ways' weights into a place
            for v in range(1, n + 1):
                terms = [alpha[us[k]] - cost[k] for k in into.get(v, ()) if alpha[us[k]] is not None]
                if terms:
                    alpha[v] = torch.logsumexp(torch.stack(terms), 0)
            if alpha[n] is None:
                continue
            loss = cost[torch.tensor(way)].sum() + alpha[n]  # minus the log of the right way's probability
            opt.zero_grad()
            loss.backward()
            opt.step()
    w1, b1, w2, b2 = (t.detach().numpy() for t in (net[0].weight, net[0].bias, net[2].weight[0], net[2].bias))
    return Scorer(mean, scale, w1.copy(), b1.copy(), w2.copy(), float(b2[0]))


def main() -> None:
    p = parser(__doc__, data=False)
    p.add_argument("--strokes", default=str(DEFAULT_TRAIN), help="labelled pen digits with writers (never dev.json)")
    p.add_argument("--model", default=None, help="checkpoint (default: the shipped model)")
    p.add_argument("--per-length", type=int, default=100, help="numbers of each length 2-8, per seed")
    p.add_argument("--seeds", default="11,13")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--overlap", default=None,
                   help="how far (h) the ink of touching digits overlaps at most, for all seeds or one per seed "
                        "(default: as bench/number_accuracy.py)")
    p.add_argument("--scorer", default=None, help="learn the scorer and write it here (JSON) instead of the weights")
    p.add_argument("--hidden", type=int, default=32, help="the scorer's hidden units")
    p.add_argument("--cache", default=None, help="a folder keeping each seed's candidates for the next run")
    a = p.parse_args()
    import dataclasses
    import pathlib
    import pickle
    import shlex
    import sys

    import numpy as np
    import torch

    from mnistgui.core import number
    from mnistgui.core.predict import Predictor
    from number_accuracy import OVERLAP, composed_numbers, digits_by_writer, render_photo

    seeds = [int(v) for v in a.seeds.split(",")]
    overlaps = [float(v) for v in (a.overlap or str(OVERLAP)).split(",")]
    if len(overlaps) == 1:
        overlaps *= len(seeds)
    if len(overlaps) != len(seeds):
        p.error("--overlap takes one value, or one per seed")

    torch.set_num_threads(1)
    pred = Predictor.load(a.model)
    dim = len(number.SegmentConfig().image_weights)
    by_writer = None
    data = []  # (places, candidates, truth, the way of good candidates that reads it, or None)
    for seed, overlap in zip(seeds, overlaps):
        cached = (pathlib.Path(a.cache) / f"candidates-{pathlib.Path(a.strokes).stem}-{pred.name}-seed{seed}"
                  f"-n{a.per_length}-overlap{overlap:g}.pkl") if a.cache else None
        if cached is not None and cached.is_file():
            with open(cached, "rb") as f:
                data.extend(pickle.load(f))
            continue
        by_writer = by_writer or digits_by_writer(a.strokes)
        rng = np.random.default_rng(seed)
        part = []
        for digits, truth, (strokes, pen, groups, _) in composed_numbers(by_writer, rng, a.per_length, overlap):
            length = len(digits)
            gray, scale, lo = render_photo(strokes, pen, rng)
            n, edges = lattice(pred, gray, owners(strokes, pen, groups, scale, lo), length, dim)
            way = decode(n, edges, lambda e: (1 - e[3]) + (0 if e[3] >= GOOD and str(e[5]) == truth[e[4]] else 5))
            if way is None or [edges[k][4] for k in way] != list(range(length)) or any(
                    edges[k][3] < GOOD or str(edges[k][5]) != truth[edges[k][4]] for k in way):
                way = None
            part.append((n, edges, truth, way))
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            with open(cached, "wb") as f:
                pickle.dump(part, f)
        data.extend(part)

    def right(cost):
        ok = 0
        for n, edges, truth, _ in data:
            way = decode(n, edges, cost)
            ok += way is not None and "".join(str(edges[k][5]) for k in way) == truth
        return ok / len(data)

    fig = {"numbers": len(data), "reachable": sum(d[3] is not None for d in data), "source": str(a.strokes),
           "seeds": a.seeds, "overlap": overlaps}
    if a.scorer:
        before = right(lambda e: float(e[2] @ np.asarray(number.SegmentConfig().image_weights)))
        from mnistgui.core.scorer import save

        scorer = fit_scorer(data, a.hidden, a.epochs)
        args = list(sys.argv[1:])
        if "--cache" in args:  # where the candidates were kept does not change what is learnt
            del args[args.index("--cache"):args.index("--cache") + 2]
        args = [v for v in args if not v.startswith("--cache=")]
        scorer = dataclasses.replace(scorer, about="python bench/fit_number_weights.py "
                                     + " ".join(shlex.quote(v) for v in args) + f" (model {pred.name})")
        save(scorer, a.scorer)
        after = right(lambda e: scorer.cost(e[2]))
        fig.update({"right_shipped_weights": round(before, 4), "right_after": round(after, 4), "scorer": a.scorer,
                    "hidden": a.hidden, "epochs": a.epochs})
        print(f"model {pred.name}: {len(data)} numbers from {a.strokes}, {fig['reachable']} with a right way through "
              f"their candidates; read right {before:.1%} with SegmentConfig.image_weights, {after:.1%} with the "
              f"scorer written to {a.scorer}")
        finish(fig)
        return

    w = np.zeros(dim)
    w[1], w[5], w[6] = -1.0, 3.0, 6.0  # to start: the model's uncertainty, and low and wide shapes
    start = right(lambda e: float(e[2] @ w))
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
    fig.update({"right_before": round(start, 4), "right_after": round(right(lambda e: float(e[2] @ avg)), 4),
                "weights": weights})
    print(f"model {pred.name}: {len(data)} numbers from {a.strokes}, {fig['reachable']} with a right way through "
          f"their candidates; read right {start:.1%} with the starting weights, {fig['right_after']:.1%} after")
    print("image_weights = (" + ", ".join(f"{v:g}" for v in weights) + ")")
    finish(fig)


if __name__ == "__main__":
    main()
