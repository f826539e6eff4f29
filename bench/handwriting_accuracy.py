"""How well drawn digits read, end to end: pen-stroke digits (several styles per digit, varied
slant, size, position on the canvas and pen width) replayed through the same path as the canvas
and `mnistgui predict --strokes`. Prints top-1 accuracy, per digit, and the commonest confusions.

Without --strokes it uses the built-in synthetic writer (mnistgui.core.synth); with
--strokes FILE.json it reads labelled samples, e.g. recorded from real people.
"""

from __future__ import annotations

import collections

from _common import finish, parser


def main() -> None:
    p = parser(__doc__, data=False)
    p.add_argument("--n", type=int, default=3000)
    p.add_argument("--seed", type=int, default=123)
    p.add_argument("--model", default=None, help="checkpoint (default: the shipped model)")
    p.add_argument("--strokes", default=None, help="labelled stroke JSON instead of synthetic digits")
    a = p.parse_args()
    import numpy as np

    from mnistgui.core.predict import Predictor
    from mnistgui.core.preprocess import load_strokes
    from mnistgui.core.synth import synth_samples

    pred = Predictor.load(a.model)
    samples = load_strokes(a.strokes) if a.strokes else synth_samples(a.n, seed=a.seed)
    samples = [s for s in samples if s.label is not None]
    correct = np.zeros(10)
    total = np.zeros(10)
    confusions = collections.Counter()
    by_style = collections.Counter()
    style_total = collections.Counter()
    for s in samples:
        r = pred.predict_strokes(s.strokes, s.meta.get("pen_width"))
        total[s.label] += 1
        key = (s.label, s.meta.get("style"))
        style_total[key] += 1
        if r.digit == s.label:
            correct[s.label] += 1
            by_style[key] += 1
        else:
            confusions[(s.label, r.digit)] += 1
    acc = float(correct.sum() / total.sum())
    print(f"model {pred.name}: {int(correct.sum())}/{int(total.sum())} read correctly = {acc * 100:.2f}%")
    print("per digit: " + "  ".join(f"{d}:{correct[d] / max(total[d], 1) * 100:.1f}%" for d in range(10)))
    if not a.strokes:
        weak = sorted(((by_style[k] / style_total[k], k) for k in style_total))[:5]
        print("weakest styles: " + ", ".join(f"{k[0]}/style{k[1]} {v * 100:.0f}%" for v, k in weak))
    print("commonest confusions (true->read): " + ", ".join(f"{t}->{p}: {c}" for (t, p), c in confusions.most_common(8)))
    finish({"accuracy": round(acc, 4), "n": int(total.sum()),
            "per_digit": [round(float(correct[d] / max(total[d], 1)), 4) for d in range(10)]})


if __name__ == "__main__":
    main()
