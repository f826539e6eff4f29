"""mnistgui: draw digits, train and fine-tune a CNN on MNIST, and look inside it."""

__version__ = "0.1.0"
