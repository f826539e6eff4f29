"""Training throughput: mnistgui's trainer against the classic pipeline, in the same run.

Classic: torchvision ``datasets.MNIST`` + per-sample transforms (ToTensor, RandomAffine when
augmenting, Normalize) + ``DataLoader``, at the best of num_workers 0, 1 and 2. Both train the
default architecture with the default batch size and optimiser for the same number of batches.
Prints samples/s for both, with and without augmentation; the last line is a JSON object.
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from _common import finish, parser


def classic(root: Path, batches: int, workers: int, augment: bool, cfg) -> float:
    import torch
    import torch.nn.functional as F
    from torch.utils.data import DataLoader
    from torchvision import datasets, transforms

    from mnistgui.core.model import build_model

    tf = [transforms.ToTensor()]
    if augment:
        tf.append(transforms.RandomAffine(degrees=12, translate=(0.08, 0.08), scale=(0.85, 1.15), shear=15))
    tf.append(transforms.Normalize((0.1307,), (0.3081,)))
    ds = datasets.MNIST(str(root), train=True, download=False, transform=transforms.Compose(tf))
    dl = DataLoader(ds, batch_size=cfg.batch_size, shuffle=True, num_workers=workers,
                    persistent_workers=workers > 0)
    torch.manual_seed(0)
    model = build_model(cfg.model_config())
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    model.train()
    it = iter(dl)
    n = 0
    t0 = None
    for b in range(batches + 5):
        if b == 5:  # after warm-up
            t0 = time.perf_counter()
            n = 0
        x, y = next(it)
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        n += x.shape[0]
    return n / (time.perf_counter() - t0)


def ours(data, batches: int, augment: bool, cfg) -> float:
    import dataclasses

    from mnistgui.core.events import BatchMetrics
    from mnistgui.core.train import Trainer

    c = dataclasses.replace(cfg, augment=augment, epochs=1)
    n = (batches + 5) * c.batch_size
    t = Trainer(c, data.train_images[:n], data.train_labels[:n], data.train_images[:0], data.train_labels[:0])
    t0 = None
    seen = 0
    for ev in t.run():
        if isinstance(ev, BatchMetrics):
            if ev.batch == 5:
                t0 = time.perf_counter()
                seen = 0
            elif t0 is not None:
                seen += c.batch_size
            if ev.batch == batches + 5:
                break
    return seen / (time.perf_counter() - t0)


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--batches", type=int, default=120)
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    import torch

    from mnistgui.core.data import FILES, find_mnist_files, load_mnist
    from mnistgui.core.train import TrainConfig

    cfg = TrainConfig()
    data = load_mnist(a.data)
    tmp = Path(tempfile.mkdtemp())
    raw = tmp / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for key, path in find_mnist_files(a.data).items():  # torchvision wants uncompressed files
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as src, open(raw / FILES[key], "wb") as dst:
            shutil.copyfileobj(src, dst)
    results = {}
    try:
        for augment in (True, False):
            best_classic = 0.0
            for w in (0, 1, 2):
                r = statistics.median(classic(tmp, a.batches, w, augment, cfg) for _ in range(a.repeats))
                print(f"classic pipeline, augment={augment}, num_workers={w}: {r:,.0f} samples/s", flush=True)
                best_classic = max(best_classic, r)
            r_ours = statistics.median(ours(data, a.batches, augment, cfg) for _ in range(a.repeats))
            print(f"mnistgui trainer, augment={augment}: {r_ours:,.0f} samples/s "
                  f"= {r_ours / best_classic:.2f}x the best classic", flush=True)
            results[augment] = (r_ours, best_classic)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ours_aug, classic_aug = results[True]
    ours_plain, classic_plain = results[False]
    finish({
        "samples_per_s": round(ours_aug), "baseline_samples_per_s": round(classic_aug),
        "ratio": round(ours_aug / classic_aug, 2),
        "no_augment_samples_per_s": round(ours_plain), "no_augment_baseline_samples_per_s": round(classic_plain),
        "no_augment_ratio": round(ours_plain / classic_plain, 2),
        "batch_size": cfg.batch_size, "arch": cfg.arch, "threads": torch.get_num_threads(),
    })


if __name__ == "__main__":
    main()
