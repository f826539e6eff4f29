"""From scratch to 99.0% MNIST test accuracy: how long, wall clock, evaluations included.

Trains a preset (``--preset quick`` by default: the recipe ``mnistgui train --preset quick`` and
the Train tab's "quick recipe" use; ``--preset default`` for the default settings) on the 55,000
training images, and measures the test accuracy ``--checks-per-epoch`` times an epoch. The clock
starts before the trainer is made and runs through its validation passes and these test checks
(fp32, inference mode, channels-last, batches of 2,000: what the app reads with). Target for the
quick preset: under 20 s on a 2-core CPU. ``--to-end`` trains every planned epoch and reports the
final accuracy too (to check that the default preset keeps its accuracy in the device's default
precision). Runs ``--repeats`` times and gives the median; the machine's load average is printed with
the figures, since on a shared machine they are only as good as its quiet. The last line is a
JSON object.

    nice -n 10 .venv/bin/python bench/time_to_accuracy.py --repeats 3
    nice -n 10 .venv/bin/python bench/time_to_accuracy.py --preset default --to-end
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import time

from _common import finish, parser


def one_run(data, cfg, target: float, checks: int, to_end: bool) -> dict:
    import torch

    from mnistgui.core.data import split_indices
    from mnistgui.core.events import BatchMetrics
    from mnistgui.core.train import Trainer, evaluate_loss_accuracy

    tr, va = split_indices(60000, cfg.val_size, cfg.seed)
    t0 = time.perf_counter()
    t = Trainer(cfg, data.train_images[tr], data.train_labels[tr], data.train_images[va], data.train_labels[va])
    every = max(1, t.batches_per_epoch // checks)
    reached, acc, eval_s, curve = None, 0.0, 0.0, []
    for ev in t.run():
        if isinstance(ev, BatchMetrics) and (ev.batch % every == 0 or ev.batch == ev.batches):
            e0 = time.perf_counter()
            with torch.inference_mode():
                _, acc = evaluate_loss_accuracy(t.model, data.test_images, data.test_labels, t.preprocess)
            eval_s += time.perf_counter() - e0
            el = time.perf_counter() - t0
            curve.append((round(ev.epoch - 1 + ev.batch / ev.batches, 2), round(acc, 4), round(el, 1)))
            print(f"  epoch {ev.epoch} batch {ev.batch}/{ev.batches}: test accuracy {acc * 100:.2f}% at {el:.1f} s",
                  flush=True)
            if acc >= target and reached is None:
                reached = el
                if not to_end:
                    t.control.stop()
    return {"seconds": reached, "final_accuracy": acc, "eval_seconds": eval_s, "total_seconds": time.perf_counter() - t0,
            "precision": t.precision, "curve": curve}


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--preset", default="quick", help="quick or default")
    p.add_argument("--target", type=float, default=0.99)
    p.add_argument("--checks-per-epoch", type=int, default=2)
    p.add_argument("--repeats", type=int, default=1)
    p.add_argument("--to-end", action="store_true", help="train every planned epoch; report the final accuracy")
    p.add_argument("--precision", default=None, help="override the preset's precision (fp32, bf16, fp16, auto)")
    p.add_argument("--device", default=None, help="override the preset's device (cpu, cuda)")
    p.add_argument("--threads", type=int, default=None, help="torch threads (default: every core)")
    a = p.parse_args()
    import torch

    from mnistgui.core.data import load_mnist
    from mnistgui.core.jobs import PRESETS

    torch.set_num_threads(a.threads or os.cpu_count() or 1)
    cfg = PRESETS[a.preset]
    changes = {k: v for k, v in (("precision", a.precision), ("device", a.device)) if v}
    cfg = dataclasses.replace(cfg, **changes)
    data = load_mnist(a.data)
    load_before = os.getloadavg()[0]
    runs = []
    for i in range(a.repeats):
        print(f"run {i + 1}/{a.repeats} ({a.preset} preset):", flush=True)
        runs.append(one_run(data, cfg, a.target, a.checks_per_epoch, a.to_end))
    reached = [r["seconds"] for r in runs if r["seconds"] is not None]
    med = statistics.median(reached) if len(reached) == len(runs) else None
    if med is None:
        print(f"did not reach {a.target * 100:.1f}% in every run")
    print(f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")
    finish({"preset": a.preset, "seconds": round(med, 1) if med is not None else None,
            "runs_seconds": [round(s, 1) if s is not None else None for s in (r["seconds"] for r in runs)],
            "reached": med is not None, "target": a.target,
            "final_accuracy": round(statistics.median(r["final_accuracy"] for r in runs), 4),
            "eval_seconds": round(statistics.median(r["eval_seconds"] for r in runs), 1),
            "total_seconds": round(statistics.median(r["total_seconds"] for r in runs), 1),
            "epochs_planned": cfg.epochs, "batch_size": cfg.batch_size, "precision": runs[0]["precision"],
            "threads": torch.get_num_threads(), "load_average": round(load_before, 2)})


if __name__ == "__main__":
    main()
