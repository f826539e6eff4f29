"""How well real handwriting reads: pen-recorded digits of writers the model has never seen.

Each digit of ``--strokes`` (default: ../shared/handwriting/dev.json) is placed on the canvas as a
person would draw it (a random size, 35-85% of the canvas, at a random place, with a random pen
width; the same for every run of a seed) and read through the app's own path: the canvas's
rasterisation, the preprocessing, the model and its calibrated unsure rule. Prints top-1 overall,
per source, per digit and for the ten weakest writers, the commonest confusions, the expected
calibration error, and what share of misreads and of correct readings are marked unsure. The
built-in synthetic writer's digits are measured too and reported apart. With ``--grid PNG`` the
misread digits are drawn as the model sees them.
"""

from __future__ import annotations

import collections

from _common import ROOT, finish, parser

DEFAULT_DEV = ROOT.parent / "shared" / "handwriting" / "dev.json"


def _grid(path, images, labels, reads, probs) -> None:
    import numpy as np
    from PIL import Image, ImageDraw

    n = len(images)
    cols = 16
    rows = max(1, (n + cols - 1) // cols)
    cell = 64
    sheet = Image.new("L", (cols * cell, rows * (cell + 14)), 255)
    draw = ImageDraw.Draw(sheet)
    for i in range(n):
        r, c = divmod(i, cols)
        tile = Image.fromarray(np.round((1 - images[i]) * 255).astype("uint8")).resize((cell, cell))
        sheet.paste(tile, (c * cell, r * (cell + 14)))
        draw.text((c * cell + 2, r * (cell + 14) + cell), f"{labels[i]}->{reads[i]} {probs[i]:.0%}", fill=0)
    sheet.save(path)


def main() -> None:
    p = parser(__doc__, data=False)
    p.add_argument("--strokes", default=str(DEFAULT_DEV), help="labelled pen digits (stroke JSON)")
    p.add_argument("--model", default=None, help="checkpoint (default: the shipped model)")
    p.add_argument("--seed", type=int, default=123)
    p.add_argument("--synthetic", type=int, default=2000, help="synthetic digits to read too (0: none)")
    p.add_argument("--grid", default=None, help="write the misread digits to this PNG")
    a = p.parse_args()
    import numpy as np

    from mnistgui.core.calibration import expected_calibration_error
    from mnistgui.core.handwriting import load_pen_digits, render_as_drawn, writer_of
    from mnistgui.core.predict import Predictor
    from mnistgui.core.preprocess import preprocess_strokes
    from mnistgui.core.synth import synth_samples

    pred = Predictor.load(a.model)
    samples = load_pen_digits(a.strokes)
    images, labels, kept = render_as_drawn(samples, a.seed, pred.preprocess)
    probs = np.concatenate([pred.probabilities(images[i:i + 512]) for i in range(0, len(images), 512)])
    reads = probs.argmax(1)
    ok = reads == labels
    unsure = pred.unsure(probs)
    acc = float(ok.mean())
    print(f"model {pred.name}: {int(ok.sum())}/{len(ok)} real pen digits read correctly = {acc * 100:.2f}%"
          f"  (T={pred.calibration.temperature:.3f}, unsure below {pred.calibration.unsure_below:.3f})")

    def share(mask) -> float:
        return float(ok[mask].mean()) if mask.any() else float("nan")

    sources = sorted({str(s.meta.get("source", "?")) for s in kept})
    per_source = {src: share(np.array([str(s.meta.get("source", "?")) == src for s in kept])) for src in sources}
    print("per source: " + "  ".join(f"{k}: {v * 100:.2f}%" for k, v in per_source.items()))
    per_digit = [share(labels == d) for d in range(10)]
    print("per digit: " + "  ".join(f"{d}:{v * 100:.1f}%" for d, v in enumerate(per_digit)))
    writers = np.array([writer_of(s) for s in kept])
    per_writer = {w: share(writers == w) for w in sorted(set(writers))}
    worst = sorted(per_writer.items(), key=lambda kv: kv[1])[:10]
    print("weakest writers: " + ", ".join(f"{w} {v * 100:.1f}%" for w, v in worst))
    confusions = collections.Counter((int(t), int(r)) for t, r in zip(labels[~ok], reads[~ok]))
    print("commonest confusions (true->read): "
          + ", ".join(f"{t}->{r}: {c}" for (t, r), c in confusions.most_common(10)))
    ece = expected_calibration_error(probs, labels)
    flagged_wrong = float(unsure[~ok].mean()) if (~ok).any() else float("nan")
    flagged_right = float(unsure[ok].mean())
    print(f"unsure: {flagged_wrong * 100:.1f}% of misreads flagged, {flagged_right * 100:.2f}% of correct "
          f"readings flagged; expected calibration error {ece * 100:.2f}%")
    if a.grid:
        wrong = np.flatnonzero(~ok)
        _grid(a.grid, images[wrong], labels[wrong], reads[wrong], probs[wrong].max(1))
        print(f"misread digits drawn to {a.grid}")

    figures = {
        "accuracy": round(acc, 4), "n": int(len(ok)), "errors": int((~ok).sum()),
        "per_source": {k: round(v, 4) for k, v in per_source.items()},
        "per_digit": [round(v, 4) for v in per_digit],
        "worst_digit": round(min(per_digit), 4),
        "worst_writers": {w: round(v, 4) for w, v in worst},
        "writers_below_90": sum(v < 0.9 for v in per_writer.values()),
        "misreads_flagged": round(flagged_wrong, 4), "correct_flagged": round(flagged_right, 4),
        "ece": round(ece, 4),
    }
    if a.synthetic:
        syn = synth_samples(a.synthetic, seed=a.seed)
        simgs = np.stack([preprocess_strokes(s.strokes, pred.preprocess, s.meta["pen_width"]).image for s in syn])
        sl = np.array([s.label for s in syn])
        sacc = float((pred.probabilities(simgs).argmax(1) == sl).mean())
        print(f"synthetic writer (reported apart, also used in training): {sacc * 100:.2f}% of {len(sl)}")
        figures["synthetic_accuracy"] = round(sacc, 4)
    finish(figures)


if __name__ == "__main__":
    main()
