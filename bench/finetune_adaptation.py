"""Adaptation: for several writers whose style the base model reads poorly (synthetic writers
with a strong slant, tilt and width of their own), fine-tune on about 10 samples per digit and
report the held-out errors before and after, and MNIST's test accuracy before and after.

Targets: errors on the writer's held-out samples cut at least in half; MNIST test accuracy down
by at most 0.3 points. --strokes FILE.json runs one real writer's labelled samples instead.
"""

from __future__ import annotations

from _common import finish, parser


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--writers", type=int, default=5)
    p.add_argument("--per-digit", type=int, default=10)
    p.add_argument("--strategy", default=None)
    p.add_argument("--strokes", default=None)
    a = p.parse_args()
    import numpy as np
    import torch

    from mnistgui.core.data import load_mnist, split_indices
    from mnistgui.core.finetune import FinetuneConfig, FineTuner, compare
    from mnistgui.core.predict import Predictor
    from mnistgui.core.preprocess import load_strokes, preprocess_strokes
    from mnistgui.core.samples import holdout_mask
    from mnistgui.core.synth import writer_samples

    base = Predictor.load()
    data = load_mnist(a.data)
    tr, va = split_indices(60000, 5000, 0)
    cfg = FinetuneConfig(**({"strategy": a.strategy} if a.strategy else {}))
    sets = [load_strokes(a.strokes)] if a.strokes else [writer_samples(a.per_digit, seed=s) for s in range(a.writers)]
    rows = []
    for i, samples in enumerate(sets):
        imgs = np.stack([preprocess_strokes(s.strokes, base.preprocess, s.meta.get("pen_width")).image for s in samples])
        images = torch.from_numpy(np.round(imgs * 255).astype(np.uint8))
        labels = torch.tensor([s.label for s in samples])
        mask = holdout_mask(labels.tolist())
        t = FineTuner(base.model, cfg, images, labels, mask, preprocess=base.preprocess,
                      mnist_train=(data.train_images[tr], data.train_labels[tr]),
                      mnist_eval=(data.train_images[va], data.train_labels[va]))
        for _ev in t.run():
            pass
        held = torch.as_tensor(mask)
        c = compare(base.model, t.tuned_model(), images[held], labels[held], base.preprocess,
                    (data.test_images, data.test_labels))
        be, te = 1 - c.base_heldout_accuracy, 1 - c.tuned_heldout_accuracy
        drop = (c.base_mnist_accuracy - c.tuned_mnist_accuracy) * 100
        rows.append((be, te, drop))
        print(f"writer {i}: held-out errors {be * 100:.0f}% -> {te * 100:.0f}% "
              f"({c.heldout_count} samples); MNIST test {c.base_mnist_accuracy * 100:.2f}% -> "
              f"{c.tuned_mnist_accuracy * 100:.2f}% (drop {drop:.2f} points)", flush=True)
    be = float(np.mean([r[0] for r in rows]))
    te = float(np.mean([r[1] for r in rows]))
    finish({"base_heldout_error": round(be, 4), "tuned_heldout_error": round(te, 4),
            "error_ratio": round(te / be, 3) if be > 0 else None,
            "max_mnist_drop_points": round(max(r[2] for r in rows), 3),
            "writers": len(rows), "strategy": cfg.strategy})


if __name__ == "__main__":
    main()
