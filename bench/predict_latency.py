"""One drawing to ten probabilities with the shipped model on the CPU, preprocessing included.

Prints p50/p95 in milliseconds over many realistic drawings (stroke templates at varied sizes,
positions and pen widths). Target: p95 under 5 ms.
"""

from __future__ import annotations

import time

from _common import finish, parser, percentile


def main() -> None:
    p = parser(__doc__, data=False)
    p.add_argument("--n", type=int, default=600)
    a = p.parse_args()
    import torch

    from mnistgui.core.predict import Predictor
    from mnistgui.core.synth import synth_samples

    torch.set_num_threads(1)  # as the app does: one image gains nothing from more threads
    pred = Predictor.load()
    samples = synth_samples(a.n, seed=1)
    for s in samples[:20]:  # warm-up
        pred.predict_canvas(s.strokes, None, s.meta.get("pen_width"))
    times = []
    pre_times = []
    for s in samples:
        t0 = time.perf_counter()
        r = pred.predict_canvas(s.strokes, None, s.meta.get("pen_width"))
        t1 = time.perf_counter()
        times.append((t1 - t0) * 1000)
        t2 = time.perf_counter()
        from mnistgui.core.preprocess import preprocess_strokes

        preprocess_strokes(s.strokes, pred.preprocess, s.meta.get("pen_width"))
        pre_times.append((time.perf_counter() - t2) * 1000)
        assert r.probabilities.shape == (10,)
    fig = {
        "p50_ms": round(percentile(times, 50), 3),
        "p95_ms": round(percentile(times, 95), 3),
        "preprocess_p50_ms": round(percentile(pre_times, 50), 3),
        "n": len(times),
        "threads": torch.get_num_threads(),
    }
    print(f"predict latency over {len(times)} drawings: p50 {fig['p50_ms']} ms, p95 {fig['p95_ms']} ms "
          f"(preprocessing alone p50 {fig['preprocess_p50_ms']} ms); target p95 < 5 ms")
    finish(fig)


if __name__ == "__main__":
    main()
