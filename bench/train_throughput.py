"""Training throughput: mnistgui's trainer against the classic pipeline and against the CPU's
limit for this model, in the same run.

Classic: torchvision ``datasets.MNIST`` + per-sample transforms (ToTensor, RandomAffine when
augmenting, Normalize) + ``DataLoader``, at the best of num_workers 0, 1 and 2, in fp32. Both
train the default architecture with the default batch size and optimiser for the same number
of batches. mnistgui's trainer is measured in fp32 and in the device's default precision
(``auto``: bf16 on a CPU with native bf16); ``ratio`` is the default precision's against the
best classic pipeline, with augmentation.

The limit: the floating-point operations of one training sample of the model (forward and
backward, counted by torch's FlopCounterMode) against the rate of a large matrix product in the
same precision on the same threads, measured here; ``fraction_of_limit`` is how much of it the
trainer reaches (augmentation, the optimiser, the small shapes of a CNN and memory traffic are
the rest). Prints samples/s; the last line is a JSON object.

    nice -n 10 .venv/bin/python bench/train_throughput.py
    nice -n 10 .venv/bin/python bench/train_throughput.py --device cuda --batches 300
"""

from __future__ import annotations

import gzip
import os
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


def ours(data, batches: int, augment: bool, cfg, precision: str) -> float:
    import dataclasses

    from mnistgui.core.events import BatchMetrics
    from mnistgui.core.train import Trainer

    c = dataclasses.replace(cfg, augment=augment, epochs=1, precision=precision)
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


def flops_per_sample(cfg, device) -> float:
    """Floating-point operations of one training step of the model, per sample."""
    import torch
    import torch.nn.functional as F
    from torch.utils.flop_counter import FlopCounterMode

    from mnistgui.core.model import build_model

    model = build_model(cfg.model_config()).to(device)
    x = torch.randn(cfg.batch_size, 1, 28, 28, device=device)
    y = torch.randint(0, 10, (cfg.batch_size,), device=device)
    with FlopCounterMode(display=False) as counter:
        F.cross_entropy(model(x), y).backward()
    return counter.get_total_flops() / cfg.batch_size


def matmul_rate(device, precision: str, size: int = 2048, seconds: float = 1.0) -> float:
    """FLOP/s of a large square matrix product in ``precision``: the CPU's (or GPU's) peak."""
    import torch

    dtype = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[precision]
    a = torch.randn(size, size, device=device, dtype=dtype)
    b = torch.randn(size, size, device=device, dtype=dtype)
    for _ in range(2):
        a @ b
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        a @ b
        n += 1
    if device.type == "cuda":
        torch.cuda.synchronize()
    return 2 * size**3 * n / (time.perf_counter() - t0)


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--batches", type=int, default=120)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--device", default="auto", help="auto, cpu or cuda (the classic pipeline runs on the CPU)")
    p.add_argument("--skip-classic", action="store_true", help="only the trainer and the limit")
    a = p.parse_args()
    import dataclasses

    import torch

    from mnistgui.core.data import FILES, find_mnist_files, load_mnist
    from mnistgui.core.step import resolve_precision
    from mnistgui.core.train import TrainConfig, resolve_device

    cfg = dataclasses.replace(TrainConfig(), device=a.device)
    device = resolve_device(a.device)
    auto = resolve_precision("auto", device)
    data = load_mnist(a.data)
    tmp = Path(tempfile.mkdtemp())
    raw = tmp / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for key, path in find_mnist_files(a.data).items():  # torchvision wants uncompressed files
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as src, open(raw / FILES[key], "wb") as dst:
            shutil.copyfileobj(src, dst)
    results = {}
    load_before = os.getloadavg()[0]
    precisions = ["fp32"] + ([auto] if auto != "fp32" else [])
    try:
        for augment in (True, False):
            best_classic = float("nan")
            if not a.skip_classic:
                best_classic = 0.0
                for w in (0, 1, 2):
                    r = statistics.median(classic(tmp, a.batches, w, augment, cfg) for _ in range(a.repeats))
                    print(f"classic pipeline, augment={augment}, num_workers={w}: {r:,.0f} samples/s", flush=True)
                    best_classic = max(best_classic, r)
            for prec in precisions:
                r_ours = statistics.median(ours(data, a.batches, augment, cfg, prec) for _ in range(a.repeats))
                print(f"mnistgui trainer, augment={augment}, {prec}: {r_ours:,.0f} samples/s "
                      f"= {r_ours / best_classic:.2f}x the best classic", flush=True)
                results[augment, prec] = (r_ours, best_classic)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    per_sample = flops_per_sample(cfg, device)
    limits = {prec: matmul_rate(device, prec) / per_sample for prec in precisions}
    for prec, lim in limits.items():
        print(f"limit in {prec}: {per_sample / 1e6:.1f} MFLOP a sample at the matrix product's "
              f"{lim * per_sample / 1e9:.0f} GFLOP/s = {lim:,.0f} samples/s", flush=True)
    print(f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")
    ours_aug, classic_aug = results[True, auto]
    ours_plain, classic_plain = results[False, auto]
    finish({
        "samples_per_s": round(ours_aug), "baseline_samples_per_s": round(classic_aug) if classic_aug == classic_aug else None,
        "ratio": round(ours_aug / classic_aug, 2) if classic_aug == classic_aug else None, "precision": auto,
        "fp32_samples_per_s": round(results[True, "fp32"][0]),
        "no_augment_samples_per_s": round(ours_plain),
        "no_augment_baseline_samples_per_s": round(classic_plain) if classic_plain == classic_plain else None,
        "no_augment_ratio": round(ours_plain / classic_plain, 2) if classic_plain == classic_plain else None,
        "mflop_per_sample": round(per_sample / 1e6, 2),
        "limit_samples_per_s": round(limits[auto]), "fraction_of_limit": round(ours_aug / limits[auto], 3),
        "no_augment_fraction_of_limit": round(ours_plain / limits[auto], 3),
        "fp32_limit_samples_per_s": round(limits["fp32"]),
        "batch_size": cfg.batch_size, "arch": cfg.arch, "device": device.type, "threads": torch.get_num_threads(),
        "load_average": round(load_before, 2),
    })


if __name__ == "__main__":
    main()
