"""Fine-tuning speed: 100 personal samples, the default strategy, on this CPU.

Times the whole fine-tune as the app runs it (MNIST replay, evaluations included) from the
loaded base model to the finished model. Target: under 20 s. Last line: a JSON object.
"""

from __future__ import annotations

import statistics
import time

from _common import finish, parser


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    import numpy as np
    import torch

    from mnistgui.core.data import load_mnist, split_indices
    from mnistgui.core.finetune import FinetuneConfig, FineTuner
    from mnistgui.core.predict import Predictor
    from mnistgui.core.preprocess import preprocess_strokes
    from mnistgui.core.samples import holdout_mask
    from mnistgui.core.synth import writer_samples

    base = Predictor.load()
    data = load_mnist(a.data)
    tr, va = split_indices(60000, 5000, 0)
    samples = writer_samples(10, seed=1)  # 100 samples
    imgs = np.stack([preprocess_strokes(s.strokes, base.preprocess, s.meta["pen_width"]).image for s in samples])
    images = torch.from_numpy(np.round(imgs * 255).astype(np.uint8))
    labels = torch.tensor([s.label for s in samples])
    mask = holdout_mask(labels.tolist())
    times = []
    cfg = FinetuneConfig()
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        t = FineTuner(base.model, cfg, images, labels, mask, preprocess=base.preprocess,
                      mnist_train=(data.train_images[tr], data.train_labels[tr]),
                      mnist_eval=(data.train_images[va], data.train_labels[va]))
        for _ev in t.run():
            pass
        times.append(time.perf_counter() - t0)
        print(f"fine-tune of {len(samples)} samples ({cfg.strategy}, {cfg.steps} steps): {times[-1]:.1f} s", flush=True)
    finish({"seconds": round(statistics.median(times), 2), "runs": [round(t, 2) for t in times],
            "samples": len(samples), "strategy": cfg.strategy, "steps": cfg.steps})


if __name__ == "__main__":
    main()
