"""How well whole written numbers read: numbers of 2-8 digits composed from real pen-recorded digits.

Each number is written by one writer of ``--strokes`` (default: ../shared/handwriting/dev.json,
writers the model has never seen): that writer's digits, drawn at the size of a line of writing
(each digit's height varied by +-15%), with random spacing between them, some pairs touching or
slightly overlapping, a baseline that wanders and slopes, and one pen for the number. It is read
twice through the app's own path (:mod:`mnistgui.core.number`):

* from its strokes, as the canvas's Number mode and ``mnistgui predict --number --strokes`` read it;
* rendered to an image (4 to 12 times larger or smaller, dark ink on light paper or the reverse,
  uneven lighting and noise, through :func:`~mnistgui.core.preprocess.image_to_gray` as an opened
  file is), as ``mnistgui predict --number IMAGE`` reads it.

Prints, for strokes and for images: whole numbers read exactly (overall, per length, and for
4-digit numbers), per-digit accuracy, and segmentation accuracy (numbers cut into exactly their
digits), and how long a reading takes (one thread; time it with nothing else running); and beside
them the single-digit accuracy on the same digits, each read alone by the single-digit path with
the same pen, and for images also each digit rendered alone as its number was (the same size
and pen, paper and noise drawn the same way) and read as one image. Targets: 4-digit numbers
exactly right >= 95% from strokes and >= 90% from images; per-digit accuracy within 1 point of
single-digit accuracy.

Images are read twice: as the app reads them, each candidate digit costed by the shipped scorer
(:mod:`mnistgui.core.scorer`), and, as the baseline in the same run, with the weighted sum of its
features instead (``SegmentConfig.image_weights``, what the app falls back on).

Touching digits overlap by at most 0.08 of the line's height here (``OVERLAP``); the image weights
and the scorer were learnt on numbers whose touching digits overlap further as well
(bench/fit_number_weights.py ``--overlap 0.15``), so that heavier overlaps read too.

    python bench/number_accuracy.py [--per-length 150] [--seed 7] [--strokes FILE.json] [--model CKPT]

Segmentation is developed and tuned on numbers composed from ../shared/handwriting/train.json
(``--strokes ../shared/handwriting/train.json``; bench/fit_number_weights.py learns the image
path's weights there, from other seeds); dev.json, the default, only measures.

The last line is a JSON object of the figures.
"""

from __future__ import annotations

import collections
import math
import time

from _common import ROOT, finish, parser

DEFAULT_DEV = ROOT.parent / "shared" / "handwriting" / "dev.json"
OVERLAP = 0.08  # how far (h) the ink of a touching pair overlaps at most
LABELS = {"strokes": "strokes", "images": " images", "images_baseline": " images with the weighted sum (baseline)"}


def compose(digits, rng, overlap=OVERLAP):
    """One number: ``(strokes, pen, groups (stroke indices per digit), boxes (x0, x1) per digit)``,
    in units of the line's digit height; a touching pair's ink overlaps by up to ``overlap``."""
    import numpy as np

    from mnistgui.core.handwriting import place

    strokes, groups, extents = [], [], []
    pen = float(np.exp(rng.uniform(np.log(0.04), np.log(0.15))))
    slope = float(rng.uniform(-0.08, 0.08))
    base = 0.0
    x = 0.0
    for k, s in enumerate(digits):
        pts = np.concatenate([np.asarray(st, float).reshape(-1, 2) for st in s.strokes])
        w, h = np.ptp(pts[:, 0]), np.ptp(pts[:, 1])
        height = float(rng.uniform(0.85, 1.15))
        size = height * max(w, h) / max(h, 1e-6)  # the larger side, for a digit of this height
        size = min(size, 1.3 * height)  # a flat digit is not drawn wider than that
        placed = place(s.strokes, size, 0.0, 0.0)
        p = np.concatenate([np.asarray(st).reshape(-1, 2) for st in placed])
        left, right = p[:, 0].min(), p[:, 0].max()
        if k:
            if rng.random() < 0.25:  # a touching pair: ink extents meet or overlap a little
                gap = float(rng.uniform(-overlap, 0.0))
            else:
                gap = float(rng.uniform(0.1, 0.5))
            x += gap + pen
        base += float(rng.normal(0, 0.04))
        base = float(np.clip(base, -0.12, 0.12))
        dx = x - left
        bottom = p[:, 1].max()
        dy = base + slope * x - bottom  # the digit stands on the baseline
        groups.append(list(range(len(strokes), len(strokes) + len(placed))))
        strokes.extend([[(px + dx, py + dy) for px, py in st] for st in placed])
        extents.append((left + dx - pen / 2, right + dx + pen / 2))
        x = right + dx
    return strokes, pen, groups, extents


def render_photo(strokes, pen, rng, px_per_unit=None):
    """The number as a photo or scan of it: grey ink = 1 after :func:`image_to_gray`, and the scale
    from stroke units to its pixels (``px_per_unit``; None: drawn at random), and the offset."""
    import numpy as np
    from PIL import Image

    from mnistgui.core.preprocess import image_to_gray
    from mnistgui.core.render import render_strokes

    pts = np.concatenate([np.asarray(s).reshape(-1, 2) for s in strokes])
    margin = 0.3 + pen
    lo = pts.min(0) - margin
    hi = pts.max(0) + margin
    if px_per_unit is None:
        px_per_unit = float(rng.uniform(28, 110))  # the digits' height in pixels
    side_units = float((hi - lo).max())
    size = int(round(side_units * px_per_unit))
    norm = [[((x - lo[0]) / side_units, (y - lo[1]) / side_units) for x, y in s] for s in strokes]
    sq = render_strokes(norm, size, pen / side_units, 2)
    w = int(round((hi[0] - lo[0]) * px_per_unit))
    hgt = int(round((hi[1] - lo[1]) * px_per_unit))
    ink = sq[:hgt, :w]
    yy, xx = np.mgrid[0:hgt, 0:w]
    light = 0.85 + 0.1 * (xx / max(w, 1)) * rng.uniform(-1, 1) + 0.05 * (yy / max(hgt, 1))
    paper, pencil = light, float(rng.uniform(0.05, 0.3))
    lum = paper * (1 - ink) + pencil * ink + rng.normal(0, 0.025, ink.shape)
    if rng.random() < 0.5:
        lum = 1.0 - lum  # light ink on a dark ground (a board, an inverted scan)
    im = Image.fromarray(np.clip(lum * 255, 0, 255).astype(np.uint8), "L")
    return image_to_gray(im), px_per_unit, lo


def digits_by_writer(path):
    """The labelled pen digits of ``path``, grouped by their writer."""
    from mnistgui.core.handwriting import load_pen_digits, writer_of

    by_writer = collections.defaultdict(list)
    for s in load_pen_digits(path):
        by_writer[writer_of(s)].append(s)
    return by_writer


def composed_numbers(by_writer, rng, per_length, overlap=OVERLAP):
    """``per_length`` numbers of each length from 2 to 8 digits, each written by one writer and
    laid out by :func:`compose`: ``(digits, truth, (strokes, pen, groups, extents))``."""
    writers = sorted(by_writer)
    for length in range(2, 9):
        for _ in range(per_length):
            pool = by_writer[writers[int(rng.integers(len(writers)))]]
            digits = [pool[int(rng.integers(len(pool)))] for _ in range(length)]
            yield digits, "".join(str(d.label) for d in digits), compose(digits, rng, overlap)


def _matched(found_boxes, extents):
    """Per true digit: the index of the one found digit whose centre lies in it alone, or None."""
    centres = [(b[0] + b[2]) / 2 for b in found_boxes]
    out = []
    for lo, hi in extents:
        inside = [i for i, c in enumerate(centres) if lo <= c <= hi]
        ok = len(inside) == 1 and sum(lo2 <= centres[inside[0]] <= hi2 for lo2, hi2 in extents) == 1
        out.append(inside[0] if ok else None)
    return out


def main() -> None:
    p = parser(__doc__, data=False)
    p.add_argument("--strokes", default=str(DEFAULT_DEV), help="labelled pen digits with writers (stroke JSON)")
    p.add_argument("--model", default=None, help="checkpoint (default: the shipped model)")
    p.add_argument("--per-length", type=int, default=150, help="numbers of each length, 2 to 8 digits")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--no-images", action="store_true", help="read from strokes only")
    a = p.parse_args()
    import numpy as np
    import torch

    from mnistgui.core import number
    from mnistgui.core.predict import Predictor

    torch.set_num_threads(1)
    pred = Predictor.load(a.model)
    by_writer = digits_by_writer(a.strokes)
    rng = np.random.default_rng(a.seed)
    paths = ["strokes"] if a.no_images else ["strokes", "images", "images_baseline"]
    # the baseline, in the same run: the images read with the weighted sum of their candidates'
    # features (SegmentConfig.image_weights) instead of the shipped scorer
    weights_only = number.SegmentConfig(image_scorer=False)
    if not a.no_images and (problem := number.image_scorer()[1]):
        print(f"note: {problem}")
    stats = {k: collections.defaultdict(lambda: [0, 0]) for k in paths}  # length -> [exact, numbers]
    seg = {k: [0, 0] for k in paths}
    digit_ok = {k: [0, 0] for k in paths}
    single_ok = [0, 0]
    single_image_ok = [0, 0]  # each digit of an image rendered alone, the same way, and read alone
    alone_rng = np.random.default_rng([a.seed, 1])  # apart from the numbers' own draws
    took = {k: [] for k in paths}  # seconds per reading
    t0 = time.perf_counter()
    for digits, truth, (strokes, pen, groups, extents) in composed_numbers(by_writer, rng, a.per_length):
        length = len(digits)
        for g, d in zip(groups, digits):  # the same digit, read alone by the single-digit path
            alone, pen_alone = number.alone([strokes[i] for i in g], pen)
            single_ok[0] += pred.predict_canvas(alone, None, pen_alone).digit == d.label
            single_ok[1] += 1
        t = time.perf_counter()
        r = number.read_strokes(pred, strokes, pen)
        took["strokes"].append(time.perf_counter() - t)
        found = [list(dr.strokes) for dr in r.digits]
        stats["strokes"][length][0] += r.text == truth
        stats["strokes"][length][1] += 1
        seg["strokes"][0] += found == groups
        seg["strokes"][1] += 1
        for g, d in zip(groups, digits):
            hit = [dr for dr in r.digits if list(dr.strokes) == g]
            digit_ok["strokes"][0] += bool(hit) and hit[0].digit == d.label
            digit_ok["strokes"][1] += 1
        if "images" in paths:
            gray, scale, lo = render_photo(strokes, pen, rng)
            for g, d in zip(groups, digits):
                alone_gray = render_photo([strokes[i] for i in g], pen, alone_rng, scale)[0]
                single_image_ok[0] += pred.predict_gray(alone_gray).digit == d.label
                single_image_ok[1] += 1
            for k, cfg in (("images", None), ("images_baseline", weights_only)):
                t = time.perf_counter()
                ri = number.read_image(pred, gray, cfg)
                took[k].append(time.perf_counter() - t)
                boxes = [((b[0] / scale) + lo[0], 0, (b[2] / scale) + lo[0], 0) for b in (dr.box for dr in ri.digits)]
                match = _matched(boxes, extents)
                stats[k][length][0] += ri.text == truth
                stats[k][length][1] += 1
                seg[k][0] += len(ri.digits) == length and all(m == i for i, m in enumerate(match))
                seg[k][1] += 1
                for m, d in zip(match, digits):
                    digit_ok[k][0] += m is not None and ri.digits[m].digit == d.label
                    digit_ok[k][1] += 1
    seconds = time.perf_counter() - t0

    def pct(v):
        return round(100.0 * v[0] / max(v[1], 1), 2)

    single = pct(single_ok)
    fig = {"numbers_per_length": a.per_length, "digits": single_ok[1], "single_digit_accuracy": single,
           "source": str(a.strokes), "seed": a.seed, "seconds": round(seconds, 1)}
    print(f"model {pred.name}: {a.per_length} numbers of each length 2-8 from {a.strokes} "
          f"({len(by_writer)} writers); single-digit accuracy on the same {single_ok[1]} digits: {single}%")
    if "images" in paths:
        fig["single_digit_image_accuracy"] = pct(single_image_ok)
        print(f"         and {pct(single_image_ok)}% with each digit of an image rendered alone the same way "
              f"(the same size and pen, paper and noise drawn alike) and read as one digit")
    for k in paths:
        total = [sum(v[0] for v in stats[k].values()), sum(v[1] for v in stats[k].values())]
        per_len = {n: pct(stats[k][n]) for n in sorted(stats[k])}
        fig[f"{k}_number_accuracy"] = pct(total)
        fig[f"{k}_4digit_accuracy"] = per_len[4]
        fig[f"{k}_digit_accuracy"] = pct(digit_ok[k])
        fig[f"{k}_segmentation_accuracy"] = pct(seg[k])
        fig[f"{k}_by_length"] = per_len
        ms = np.asarray(took[k] or [math.nan]) * 1000.0
        fig[f"{k}_read_ms_median"] = round(float(np.median(ms)), 2)
        fig[f"{k}_read_ms_p95"] = round(float(np.percentile(ms, 95)), 2)
        print(f"{LABELS[k]}: whole numbers {pct(total)}% (4 digits: {per_len[4]}%), per digit {pct(digit_ok[k])}%, "
              f"segmentation {pct(seg[k])}%; a reading takes {fig[f'{k}_read_ms_median']} ms "
              f"(median), {fig[f'{k}_read_ms_p95']} ms (p95)")
        print("         by length: " + "  ".join(f"{n}: {v}%" for n, v in per_len.items()))
    targets = {"strokes": 95.0, "images": 90.0}
    for k in [k for k in paths if k in targets]:
        met = fig[f"{k}_4digit_accuracy"] >= targets[k] and fig[f"{k}_digit_accuracy"] >= single - 1.0
        fig[f"{k}_targets_met"] = met
        print(f"{k} targets (4 digits >= {targets[k]:.0f}%, per digit within 1 pt of {single}%): "
              f"{'met' if met else 'NOT met'}")
    if "images" in paths:
        near = fig["images_digit_accuracy"] >= fig["single_digit_image_accuracy"] - 1.0
        fig["images_digit_within_1pt_of_image_single"] = near
        print(f"images per digit within 1 pt of the same digits read alone from images "
              f"({fig['single_digit_image_accuracy']}%): {'yes' if near else 'no'}")
    finish(fig)


if __name__ == "__main__":
    main()
