"""From scratch to 99.0% MNIST test accuracy with the default architecture and settings.

Trains with the default TrainConfig (the same as `mnistgui train` with no options) and measures
the test accuracy every quarter epoch; the clock runs through evaluation too. Target: under 30 s.
"""

from __future__ import annotations

import time

from _common import finish, parser


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--target", type=float, default=0.99)
    p.add_argument("--checks-per-epoch", type=int, default=4)
    a = p.parse_args()
    import torch

    from mnistgui.core.data import load_mnist, split_indices
    from mnistgui.core.events import BatchMetrics
    from mnistgui.core.train import TrainConfig, Trainer, evaluate_loss_accuracy

    cfg = TrainConfig()
    data = load_mnist(a.data)
    tr, va = split_indices(60000, cfg.val_size, cfg.seed)
    t0 = time.perf_counter()
    t = Trainer(cfg, data.train_images[tr], data.train_labels[tr], data.train_images[va], data.train_labels[va])
    every = max(1, t.batches_per_epoch // a.checks_per_epoch)
    reached = None
    acc = 0.0
    eval_s = 0.0
    for ev in t.run():
        if isinstance(ev, BatchMetrics) and (ev.batch % every == 0 or ev.batch == ev.batches):
            e0 = time.perf_counter()
            _, acc = evaluate_loss_accuracy(t.model, data.test_images, data.test_labels, t.preprocess)
            eval_s += time.perf_counter() - e0
            el = time.perf_counter() - t0
            print(f"epoch {ev.epoch} batch {ev.batch}/{ev.batches}: test accuracy {acc * 100:.2f}% at {el:.1f} s", flush=True)
            if acc >= a.target:
                reached = el
                t.control.stop()
    total = time.perf_counter() - t0
    if reached is None:
        print(f"did not reach {a.target * 100:.1f}% in {cfg.epochs} epochs ({total:.0f} s); best {acc * 100:.2f}%")
    finish({"seconds": round(reached, 1) if reached is not None else None,
            "reached": reached is not None, "final_accuracy": round(acc, 4),
            "eval_seconds": round(eval_s, 1), "epochs_planned": cfg.epochs, "threads": torch.get_num_threads()})


if __name__ == "__main__":
    main()
