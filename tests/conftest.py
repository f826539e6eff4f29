"""Shared fixtures: the MNIST folder the tests read (never a copy inside the project)."""

from __future__ import annotations

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
MNIST_DIR = ROOT.parent / "shared" / "mnist"


@pytest.fixture(scope="session")
def mnist_dir() -> pathlib.Path:
    assert (MNIST_DIR / "t10k-images-idx3-ubyte.gz").is_file(), (
        f"the tests read MNIST from {MNIST_DIR}; it is missing"
    )
    return MNIST_DIR


@pytest.fixture(scope="session")
def mnist_small(mnist_dir):
    """The first 3000 training and 1000 test images, loaded once."""
    from mnistgui.core.data import load_mnist

    return load_mnist(mnist_dir, limit_train=3000, limit_test=1000)
