"""Writer adaptation on real handwriting: does fine-tuning on a few of one person's digits fix the
model's mistakes on that person's other digits, without forgetting MNIST?

For every writer of ``--strokes`` (default: ../shared/handwriting/dev.json, writers the shipped
model has never seen) whom the base model reads below ``--below`` (98%), that writer's digits are
placed on the canvas as drawn and split, digit by digit, into two halves. A throw-away copy of the
model is fine-tuned on one half (the app's default strategy and settings, as the Fine-tune tab
runs them) and checked on the other, then the other way round, so every digit is checked once by
a model that never saw it; errors and MNIST's full test set are measured before and after. Targets: check-half errors at least halved, MNIST test down by at most
0.3 points, for every such writer.
"""

from __future__ import annotations

from _common import ROOT, finish, parser

DEFAULT_DEV = ROOT.parent / "shared" / "handwriting" / "dev.json"


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--strokes", default=str(DEFAULT_DEV))
    p.add_argument("--model", default=None, help="base checkpoint (default: the shipped model)")
    p.add_argument("--below", type=float, default=0.98, help="adapt writers read below this accuracy")
    p.add_argument("--strategy", default=None)
    p.add_argument("--stroke-variants", type=int, default=None,
                   help="re-drawings of each fine-tuning drawing (default: the app's setting)")
    p.add_argument("--steps", type=int, default=None)
    p.add_argument("--lr", type=float, default=None)
    p.add_argument("--seed", type=int, default=123)
    p.add_argument("--max-writers", type=int, default=0, help="stop after this many writers (0: all)")
    a = p.parse_args()
    import numpy as np
    import torch

    from mnistgui.core.data import load_mnist, split_indices
    from mnistgui.core.finetune import FinetuneConfig, FineTuner, compare
    from mnistgui.core.handwriting import load_pen_digits, render_as_drawn, writer_of
    from mnistgui.core.predict import Predictor

    base = Predictor.load(a.model)
    data = load_mnist(a.data)
    tr, va = split_indices(data.train_images.shape[0], 5000, 0)
    chosen_cfg = {"strategy": a.strategy, "stroke_variants": a.stroke_variants, "steps": a.steps, "lr": a.lr}
    cfg = FinetuneConfig(**{k: v for k, v in chosen_cfg.items() if v is not None})
    images, labels, kept = render_as_drawn(load_pen_digits(a.strokes), a.seed, base.preprocess)
    reads = base.probabilities(images).argmax(1)
    writers = np.array([writer_of(s) for s in kept])
    chosen = [w for w in sorted(set(writers)) if (reads[writers == w] == labels[writers == w]).mean() < a.below]
    if a.max_writers:
        chosen = chosen[: a.max_writers]
    print(f"{len(chosen)} of {len(set(writers))} writers read below {a.below * 100:.0f}% by {base.name}", flush=True)
    mnist_test = (data.test_images, data.test_labels)
    rows = []
    for w in chosen:
        idx = np.flatnonzero(writers == w)
        x = torch.from_numpy(np.round(images[idx] * 255).astype(np.uint8))
        y = torch.from_numpy(labels[idx]).long()
        be = te = n = 0
        drop = 0.0
        for fold in (0, 1):  # each half fine-tunes once and is checked once
            held = np.zeros(len(idx), dtype=bool)
            for d in range(10):
                held[np.flatnonzero(labels[idx] == d)[fold::2]] = True
            t = FineTuner(base.model, cfg, x, y, held, preprocess=base.preprocess,
                          mnist_train=(data.train_images[tr], data.train_labels[tr]),
                          mnist_eval=(data.train_images[va], data.train_labels[va]),
                          personal_strokes=[kept[i].strokes for i in idx])
            for _ev in t.run():
                pass
            hm = torch.from_numpy(held)
            c = compare(base.model, t.tuned_model(), x[hm], y[hm], base.preprocess, mnist_test)
            be += round((1 - c.base_heldout_accuracy) * c.heldout_count)
            te += round((1 - c.tuned_heldout_accuracy) * c.heldout_count)
            n += c.heldout_count
            drop = max(drop, (c.base_mnist_accuracy - c.tuned_mnist_accuracy) * 100)
        ok = te <= be / 2 and drop <= 0.3
        rows.append({"writer": w, "digits": n, "base_errors": be, "tuned_errors": te,
                     "mnist_drop_points": round(drop, 3), "met": ok})
        print(f"{w}: errors on checked halves {be}/{n} -> {te}/{n}; MNIST test {c.base_mnist_accuracy * 100:.2f}% "
              f"-> worst drop {drop:.2f} points{'' if ok else '  MISSED'}", flush=True)
    base_err = sum(r["base_errors"] for r in rows)
    tuned_err = sum(r["tuned_errors"] for r in rows)
    print(f"all: {base_err} -> {tuned_err} check-half errors; {sum(r['met'] for r in rows)}/{len(rows)} writers "
          "meet both targets")
    finish({"writers": len(rows), "met": sum(r["met"] for r in rows),
            "base_errors": base_err, "tuned_errors": tuned_err,
            "error_ratio": round(tuned_err / base_err, 3) if base_err else None,
            "max_mnist_drop_points": max((r["mnist_drop_points"] for r in rows), default=None),
            "config": cfg.to_dict(), "per_writer": rows})


if __name__ == "__main__":
    main()
