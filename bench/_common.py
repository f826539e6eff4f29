"""Shared bits for the benchmarks: argument parsing, percentiles, the last-line JSON."""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_MNIST = ROOT.parent / "shared" / "mnist"
sys.path.insert(0, str(ROOT))


def parser(doc: str, data: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=doc)
    if data:
        p.add_argument("--data", default=str(DEFAULT_MNIST), help="folder holding MNIST")
    return p


def percentile(values, q: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(values, dtype=float), q))


def finish(figures: dict) -> None:
    """Print the figures as the last line, one JSON object."""
    print(json.dumps(figures), flush=True)
