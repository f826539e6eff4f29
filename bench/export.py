"""The exported model against the PyTorch one: file size, single-image latency, MNIST accuracy.

Exports the model (default: the shipped one) as TorchScript and ONNX, float and int8 (static
quantisation calibrated on 1,000 MNIST training images), through the same ``export_job`` as
``mnistgui export``, then measures each beside the baseline, the PyTorch model in eager mode
(the checkpoint's network with its calibration, :func:`calibrated_net`):

- file size: the exported file; for PyTorch, the checkpoint's weights (``state_dict``) saved
  alone, and the checkpoint file as shipped (which also holds its history and provenance);
- latency of one image, ``(1, 1, 28, 28)`` to ten probabilities, on one thread (as the app reads
  a drawing): the runtimes take turns call by call, so all see the same machine; wall-clock
  p50/p95, and the same calls' CPU time (``time.thread_time``), the cost of the code itself on a
  machine shared with other work;
- top-1 accuracy on MNIST's 10,000 test images, and the largest difference of any probability
  from the PyTorch model's, with the share of readings that agree with it.

    python bench/export.py [--data ../shared/mnist] [--model FILE] [--n 1000]

The last line is a JSON object: per runtime its figures and its latency as a ratio of PyTorch's.
"""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

from _common import finish, parser, percentile


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--model", help="checkpoint (default: the shipped model)")
    p.add_argument("--n", type=int, default=1000, help="timed calls per runtime")
    a = p.parse_args()

    import numpy as np
    import torch

    from mnistgui.core.checkpoint import load_checkpoint
    from mnistgui.core.data import load_mnist
    from mnistgui.core.export import calibrated_net, export_job, load_exported
    from mnistgui.core.preprocess import to_model_input
    from mnistgui.core.resources import shipped_model_path

    torch.set_num_threads(1)
    model_path = Path(a.model) if a.model else shipped_model_path()
    ckpt = load_checkpoint(model_path)
    data = load_mnist(a.data)
    x_test = to_model_input(data.test_images.numpy() / 255.0, ckpt.preprocess).numpy()
    labels = data.test_labels.numpy()

    net = calibrated_net(ckpt)

    def run_pytorch(x):
        with torch.inference_mode():
            return net(torch.from_numpy(x))[1].numpy()

    buf = io.BytesIO()
    torch.save(ckpt.state_dict, buf)
    runtimes = {"PyTorch fp32 (eager)": (run_pytorch, len(buf.getvalue()))}
    with tempfile.TemporaryDirectory() as tmp:
        for name, fmt, int8, file in (("TorchScript fp32", "torchscript", False, "m.pt"),
                                      ("ONNX Runtime fp32", "onnx", False, "m.onnx"),
                                      ("TorchScript int8", "torchscript", True, "m-int8.pt"),
                                      ("ONNX Runtime int8", "onnx", True, "m-int8.onnx")):
            t = time.perf_counter()
            r = export_job(ckpt, fmt, Path(tmp) / file, int8=int8, mnist_dir=a.data)
            print(f"exported {name} in {time.perf_counter() - t:.1f} s", flush=True)
            runtimes[name] = (load_exported(r.path), r.size_bytes)

        reference = np.concatenate([run_pytorch(b) for b in np.array_split(x_test, 20)])
        rows = {}
        for name, (fn, size) in runtimes.items():
            probs = np.concatenate([fn(b) for b in np.array_split(x_test, 20)])
            rows[name] = {"bytes": size, "accuracy": float((probs.argmax(1) == labels).mean()),
                          "max_prob_diff": float(np.abs(probs - reference).max()),
                          "agree": float((probs.argmax(1) == reference.argmax(1)).mean())}

        one = [x_test[i: i + 1].copy() for i in range(64)]
        wall = {n: [] for n in runtimes}
        cpu = {n: [] for n in runtimes}
        for i in range(50):  # warm-up
            for fn, _ in runtimes.values():
                fn(one[i % 64])
        for i in range(a.n):
            for name, (fn, _) in runtimes.items():
                x = one[i % 64]
                c0, t0 = time.thread_time(), time.perf_counter()
                fn(x)
                wall[name].append((time.perf_counter() - t0) * 1e3)
                cpu[name].append((time.thread_time() - c0) * 1e3)

    base = "PyTorch fp32 (eager)"
    for name, row in rows.items():
        row.update(p50_ms=percentile(wall[name], 50), p95_ms=percentile(wall[name], 95),
                   cpu_p50_ms=percentile(cpu[name], 50), cpu_p95_ms=percentile(cpu[name], 95))
    for name, row in rows.items():
        row["p50_ratio"] = row["p50_ms"] / rows[base]["p50_ms"]
        row["cpu_p50_ratio"] = row["cpu_p50_ms"] / rows[base]["cpu_p50_ms"]

    print(f"\nmodel {ckpt.name or model_path.stem} ({model_path.name}, {model_path.stat().st_size / 1e6:.2f} MB "
          f"as shipped); one image, one thread, {a.n} calls each; MNIST test, 10,000 images")
    print("| runtime | file size | latency p50 / p95 | CPU p50 / p95 | MNIST test top-1 | max prob diff | same reading |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['bytes'] / 1e6:.2f} MB | {r['p50_ms']:.3f} / {r['p95_ms']:.3f} ms | "
              f"{r['cpu_p50_ms']:.3f} / {r['cpu_p95_ms']:.3f} ms | {r['accuracy'] * 100:.2f}% | "
              f"{r['max_prob_diff']:.1e} | {r['agree'] * 100:.2f}% |")
    for kind in ("TorchScript int8", "ONNX Runtime int8"):
        fp32 = kind.replace("int8", "fp32")
        print(f"{kind}: accuracy {100 * (rows[kind]['accuracy'] - rows[fp32]['accuracy']):+.2f} pt against {fp32}")
    finish({"model": str(model_path), "baseline": base, "runtimes": rows})


if __name__ == "__main__":
    main()
