"""The command line's arguments: the app's options, each subcommand's options and their checks.

``build_parser`` builds only as much as the command line given uses, so that opening the app (or
asking for ``--help``/``--version``) never imports torch; :mod:`mnistgui.cli` runs what it parses.
"""

from __future__ import annotations

import argparse
from typing import Sequence

from mnistgui import __version__

#: The subcommands, with the one line of help that ``mnistgui --help`` shows for each.
SUBCOMMAND_HELP = {
    "train": "train a model on MNIST",
    "evaluate": "evaluate a model on MNIST's test set or on labelled strokes",
    "predict": "read digits from images or a stroke file",
    "data": "download or check MNIST",
    "finetune": "adapt a model to personal samples without forgetting MNIST",
    "export": "export a model as ONNX or TorchScript (float or int8) for use elsewhere",
}
SUBCOMMANDS = tuple(SUBCOMMAND_HELP)


class CliError(Exception):
    """A one-line error for the user; exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage block
        raise CliError(f"{message} (see '{self.prog} --help')")


def _number(kind: type, minimum: float, inclusive: bool, describe: str):
    """An argparse type: a finite number of ``kind`` above (or at) ``minimum``."""

    def parse(text: str):
        try:
            v = kind(text)
        except ValueError:
            noun = "a whole number" if kind is int else "a number"
            raise argparse.ArgumentTypeError(f"expected {noun}, got {text!r}") from None
        ok = v >= minimum if inclusive else v > minimum
        if not ok or v != v or v in (float("inf"), float("-inf")):
            raise argparse.ArgumentTypeError(f"{describe}, got {text}")
        return v

    return parse


_positive_int = _number(int, 1, True, "must be at least 1")
_nonneg_int = _number(int, 0, True, "must not be negative")
_pos_float = _number(float, 0.0, False, "must be a positive number")
_nonneg_float = _number(float, 0.0, True, "must be zero or more")


def _app_parser(bare_subcommands: bool = False):
    """The top level: the app's options and the subcommands (``bare_subcommands``: parsers with
    no options, not even ``--help``, that only recognise the subcommands' names)."""
    p = _Parser(prog="mnistgui", description="Draw digits, train and fine-tune a CNN on MNIST, and look inside it.")
    p.add_argument("--version", action="version", version=f"mnistgui {__version__}")
    p.add_argument("--screenshot", metavar="FILE.png", help="render the window offscreen to a PNG and exit")
    p.add_argument("--tab", default=None, help="tab to show: draw, train, finetune, inside")
    p.add_argument("--strokes", metavar="FILE.json", help="replay this stroke file on the canvas")
    p.add_argument("--size", metavar="WxH", help="window size, e.g. 1280x800")
    p.add_argument("--model", metavar="FILE", help="checkpoint to load instead of the shipped model")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    if bare_subcommands:
        for name, text in SUBCOMMAND_HELP.items():
            sub.add_parser(name, help=text, add_help=False)
    return p, sub


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line; given ``argv``, only as much of it as ``argv`` uses.

    The options of ``train`` and ``finetune`` take their choices and defaults from modules that
    import torch. When ``argv`` names no subcommand (opening the app, ``--help``, ``--version``)
    the subcommands are only listed, so that the app starts without loading torch.
    """
    if argv is not None:
        p, _ = _app_parser(bare_subcommands=True)
        if p.parse_known_args(list(argv))[0].command is None:
            return p
    from mnistgui.core.model import ARCHITECTURES
    from mnistgui.core.distributed import DEFAULT_TIMEOUT_S
    from mnistgui.core.train import DEVICES, KEEP_CHOICES, OPTIMIZERS, PRECISION_CHOICES, SCHEDULES, TrainConfig

    from mnistgui.core.jobs import PRESETS

    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--preset", choices=PRESETS, default="default")
    preset = pre.parse_known_args(list(argv or []))[0].preset
    d = PRESETS[preset]
    p, sub = _app_parser()

    t = sub.add_parser("train", help=SUBCOMMAND_HELP["train"], description=TRAIN_DESCRIPTION,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    t.add_argument("--data", metavar="DIR", help="folder holding the MNIST IDX files (default: the app's download cache)")
    t.add_argument("--out", metavar="FILE", required=True, help="where to write the checkpoint (.pt)")
    t.add_argument("--preset", choices=PRESETS, default=preset,
                   help="the recipe the other options start from: default, or quick (two epochs at batch 256, "
                        "lighter augmentation: 99%% on MNIST's test set in a fraction of the default's time)")
    t.add_argument("--arch", choices=ARCHITECTURES, default=d.arch)
    t.add_argument("--optimizer", choices=OPTIMIZERS, default=d.optimizer)
    t.add_argument("--lr", type=_pos_float, default=d.lr, help=f"peak learning rate (default {d.lr})")
    t.add_argument("--weight-decay", type=_nonneg_float, default=d.weight_decay)
    t.add_argument("--dropout", type=_nonneg_float, default=d.dropout)
    t.add_argument("--batch-size", type=_positive_int, default=d.batch_size,
                   help="the global batch: under torchrun, shared by the processes (each trains on about "
                        "BATCH_SIZE / processes images of it), so --lr means the same whatever their number "
                        f"(default {d.batch_size})")
    t.add_argument("--epochs", type=_positive_int, default=d.epochs)
    t.add_argument("--schedule", choices=SCHEDULES, default=d.schedule)
    t.add_argument("--warmup", type=_nonneg_float, default=d.warmup, help="fraction of the run spent warming up")
    t.add_argument("--no-augment", action="store_true", help="train without augmentation")
    t.add_argument("--augment-strength", type=_nonneg_float, default=d.augment_strength)
    t.add_argument("--synthetic", type=_nonneg_float, default=d.synthetic,
                   help="fraction of each batch taken from synthetic pen-drawn digits (0: none)")
    t.add_argument("--pen-data", metavar="FILE.json", default=d.pen_data,
                   help="labelled pen-recorded digits (stroke JSON with writers) to mix into training")
    t.add_argument("--pen", type=_nonneg_float, default=d.pen,
                   help="fraction of each batch taken from --pen-data, augmented at the stroke level (0: none)")
    t.add_argument("--pen-variants", type=_positive_int, default=d.pen_variants,
                   help="augmented renderings of each pen-recorded digit")
    t.add_argument("--pen-blend", type=_nonneg_float, default=d.pen_blend,
                   help="share of those renderings that first blend the digit with another writer's writing of "
                        "the same digit, traced point for point (new styles between writers; 0: none)")
    t.add_argument("--pen-neighbours", type=_nonneg_float, default=d.pen_neighbours,
                   help="share of those renderings that come with a piece of another digit at one side, or lose "
                        "a strip of their own there, as the cuts between touching digits of a number leave them (0: none)")
    t.add_argument("--label-smoothing", type=_nonneg_float, default=d.label_smoothing)
    t.add_argument("--keep", choices=KEEP_CHOICES, default=d.keep,
                   help="the weights the run keeps as its model: the epoch with the lowest validation loss (best), "
                        "or the last epoch (last; a one-cycle or cosine schedule ends on its most settled weights)")
    t.add_argument("--patience", type=_nonneg_int, default=d.patience, help="early stopping after N epochs without improvement (0: off)")
    t.add_argument("--seed", type=int, default=d.seed)
    t.add_argument("--device", choices=DEVICES, default=d.device)
    t.add_argument("--precision", choices=PRECISION_CHOICES, default=d.precision,
                   help="arithmetic of training: fp32, or bf16/fp16 mixed precision (autocast; fp16 with a gradient "
                        "scaler); auto: the fastest that keeps the accuracy on the device (bf16 on CPUs with "
                        "native bf16 and on recent GPUs, fp16 on older GPUs, else fp32)")
    t.add_argument("--timeout", type=_pos_float, default=DEFAULT_TIMEOUT_S, metavar="SECONDS",
                   help="under torchrun: how long a process waits for the others before the run fails "
                        f"(default {DEFAULT_TIMEOUT_S:.0f})")
    t.add_argument("--val-size", type=_nonneg_int, default=d.val_size)
    t.add_argument("--limit-train", type=_positive_int, metavar="N", help="use only the first N training images")
    t.add_argument("--limit-test", type=_positive_int, metavar="N", help="use only the first N test images")
    t.add_argument("--resume", metavar="FILE", help="continue the run saved in this checkpoint")
    t.add_argument("--name", default="", help="a name for the model and its run (default: the --out file's name)")
    t.add_argument("--runs", metavar="DIR", help="the run store to record the run in (default: the app's, "
                   "so the run is listed in the Train tab)")
    t.add_argument("--json", action="store_true", help="one JSON object per epoch and a final summary")

    e = sub.add_parser("evaluate", help=SUBCOMMAND_HELP["evaluate"])
    e.add_argument("--model", metavar="FILE", help="checkpoint (default: the shipped model)")
    src = e.add_mutually_exclusive_group(required=True)
    src.add_argument("--data", metavar="DIR", help="folder holding MNIST (its 10,000 test images are used)")
    src.add_argument("--strokes", metavar="FILE.json", help="stroke file whose samples carry labels")
    e.add_argument("--limit", type=_positive_int, metavar="N", help="evaluate only the first N images")
    e.add_argument("--json", action="store_true")

    pr = sub.add_parser("predict", help=SUBCOMMAND_HELP["predict"])
    pr.add_argument("--model", metavar="FILE", help="checkpoint (default: the shipped model)")
    pr.add_argument("images", nargs="*", metavar="IMAGE")
    pr.add_argument("--strokes", metavar="FILE.json")
    pr.add_argument("--number", action="store_true",
                    help="read a whole written number (several digits in a row), not one digit")
    pr.add_argument("--json", action="store_true")

    da = sub.add_parser("data", help=SUBCOMMAND_HELP["data"])
    dsub = da.add_subparsers(dest="data_command", parser_class=_Parser, required=True)
    dl = dsub.add_parser("download", help="download MNIST (md5-verified, resumable)")
    dl.add_argument("--dest", metavar="DIR", help="folder to download into (default: the app's cache)")
    dl.add_argument("--mirror", action="append", metavar="URL", help="mirror base URL (repeatable; default: torchvision's mirrors)")
    dc = dsub.add_parser("check", help="verify a folder of MNIST files")
    dc.add_argument("dir", metavar="DIR")
    dc.add_argument("--json", action="store_true")

    from mnistgui.core.finetune import DEFAULT_STRATEGY, STRATEGIES, FinetuneConfig

    f = sub.add_parser("finetune", help=SUBCOMMAND_HELP["finetune"])
    f.add_argument("--model", metavar="BASE", help="base checkpoint (default: the shipped model)")
    f.add_argument("--samples", metavar="PATH", required=True,
                   help="a sample database, a labelled stroke JSON file, or a folder of PNGs per digit")
    f.add_argument("--out", metavar="FILE", required=True)
    f.add_argument("--data", metavar="MNIST_DIR", help="MNIST, for replay and the before/after test figures")
    f.add_argument("--strategy", choices=STRATEGIES, default=DEFAULT_STRATEGY)
    f.add_argument("--steps", type=_positive_int, default=None)
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--device", choices=DEVICES, default=FinetuneConfig().device)
    f.add_argument("--json", action="store_true")

    from mnistgui.core.export import FORMATS

    x = sub.add_parser("export", help=SUBCOMMAND_HELP["export"])
    x.add_argument("--model", metavar="FILE", help="checkpoint (default: the shipped model)")
    x.add_argument("--format", choices=FORMATS, required=True)
    x.add_argument("--out", metavar="PATH", required=True,
                   help="the model file to write; its preprocessing goes beside it, in PATH.json")
    x.add_argument("--int8", action="store_true",
                   help="quantise to int8 (post-training static, calibrated on MNIST training images)")
    x.add_argument("--data", metavar="DIR", help="MNIST, for --int8's calibration (default: the app's download cache)")
    x.add_argument("--json", action="store_true")
    return p


TRAIN_DESCRIPTION = """\
Train a model on MNIST; the run is kept as in the Train tab.

On several processes, GPUs or machines, start it with torchrun, e.g.
  torchrun --nproc_per_node=4 -m mnistgui train --data DIR --out model.pt
Each process trains on its own rows of every global batch (--batch-size is the
global batch, the same on any number of processes), gradients are averaged
(gloo on the CPU, nccl on CUDA, one GPU per process), and the first process
alone writes the checkpoint, the run folder and the output. --resume works with
any number of processes."""
