"""Where to read the live prediction grid: on the GUI thread from each snapshot, or in the core.

Measures, for the default architecture and the grid of 40 test digits the Train tab shows:

- ``gui_read_ms``: what the GUI thread spends when a snapshot arrives if it reads the grid itself
  (load the snapshot's weights into its own model, one forward pass of 40 images; one torch thread,
  as the GUI thread has);
- ``paint_ms``: painting the grid (the cost either way);
- ``snapshot_copy_ms``: the baseline the training thread already pays per epoch (a CPU copy of the
  weights for the snapshot); reading in the core would add ``core_read_ms`` to it, every epoch, and
  the GUI thread would then only paint.

A frame is 16.7 ms. Measured on the shared two-core machine the read alone takes two frames or
more, so the Train tab reads the grid in the training thread (``core.preview.with_grid_readings``)
and the GUI thread only paints.
"""

from __future__ import annotations

import time

from _common import finish, parser, percentile


def main() -> None:
    p = parser(__doc__, data=False)
    p.add_argument("--repeats", type=int, default=40)
    a = p.parse_args()

    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import numpy as np
    import torch
    from PySide6.QtWidgets import QApplication

    from mnistgui.core.model import ModelConfig, build_model
    from mnistgui.core.preview import GridPredictor
    from mnistgui.core.train import cpu_state_dict
    from mnistgui.gui.train.prediction_grid import PredictionGrid

    torch.set_num_threads(1)
    app = QApplication.instance() or QApplication([])
    cfg = ModelConfig()
    trained = build_model(cfg)
    images = torch.randint(0, 256, (40, 28, 28), dtype=torch.uint8)
    labels = torch.arange(40) % 10
    grid = GridPredictor(cfg, images, labels)
    view = PredictionGrid()
    view.resize(900, 420)
    view.set_images(images.numpy(), labels.numpy())
    view.show()
    app.processEvents()

    copy_ms, read_ms, paint_ms = [], [], []
    for i in range(a.repeats):
        t0 = time.perf_counter()
        sd = cpu_state_dict(trained)
        t1 = time.perf_counter()
        reading = grid.read(i + 1, sd)
        t2 = time.perf_counter()
        view.set_reading(reading)
        view.tiles.repaint()  # paints now, synchronously
        t3 = time.perf_counter()
        copy_ms.append((t1 - t0) * 1e3)
        read_ms.append((t2 - t1) * 1e3)
        paint_ms.append((t3 - t2) * 1e3)
    figures = {
        "grid_images": int(len(images)),
        "snapshot_copy_ms": round(percentile(copy_ms, 50), 3),
        "gui_read_ms": round(percentile(read_ms, 50), 3),
        "gui_read_p95_ms": round(percentile(read_ms, 95), 3),
        "core_read_ms": round(percentile(read_ms, 50), 3),
        "paint_ms": round(percentile(paint_ms, 50), 3),
        "gui_thread_ms_per_epoch": round(percentile(np.add(read_ms, paint_ms), 50), 3),
        "frame_ms": 16.7,
    }
    print(f"GUI thread per snapshot: read {figures['gui_read_ms']} ms (p95 {figures['gui_read_p95_ms']}), "
          f"paint {figures['paint_ms']} ms; the snapshot copy itself costs the training thread "
          f"{figures['snapshot_copy_ms']} ms")
    finish(figures)


if __name__ == "__main__":
    main()
