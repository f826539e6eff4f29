"""Command line: no subcommand opens the app; a subcommand works headless over the same core.

    mnistgui                                   open the app
    mnistgui train --data DIR --out FILE       train a model (kept as a run, as in the Train tab)
    mnistgui evaluate --model FILE --data DIR  accuracy, per-class figures, confusion matrix
    mnistgui predict [--model FILE] IMAGE...   read digits from images or a stroke file
    mnistgui predict --number IMAGE...         read whole written numbers
    mnistgui finetune --samples PATH --out F   adapt a model to personal samples
    mnistgui data download | check             get or verify MNIST
    mnistgui export --format onnx --out FILE   export a model (ONNX, TorchScript, int8) for use elsewhere

Each subcommand parses its arguments and calls the core workflow the app uses for the same job
(:mod:`mnistgui.core.jobs`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shlex
import sys
import time
from pathlib import Path
from typing import Sequence

from mnistgui.cli_parser import SUBCOMMAND_HELP, SUBCOMMANDS, CliError, build_parser  # noqa: F401


def _finite(v):
    """JSON has no NaN or infinity: such numbers are written as null."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite(x) for x in v]
    return v


def _emit(obj: dict) -> None:
    print(json.dumps(_finite(obj), allow_nan=False), flush=True)


class _ProgressBar:
    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.last = 0.0

    def update(self, text: str, frac: float, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.1:
            return
        self.last = now
        width = 28
        filled = int(round(frac * width))
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {text}\x1b[K")
        self.stream.flush()

    def done(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def _default_data_dir() -> Path:
    from mnistgui.paths import mnist_cache_dir

    return mnist_cache_dir()


def _default_runs_dir() -> Path:
    from mnistgui.paths import runs_dir

    return runs_dir()


def _check_out(path: Path) -> None:
    """``--out`` names a file that can be written, checked before any work is done."""
    if path.is_dir():
        raise CliError(f"--out {path}: is a folder; give a file name, e.g. {path / 'model.pt'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"--out {path}: cannot create the folder {path.parent} ({exc.strerror or exc})") from None
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CliError(f"--out {path}: cannot write there (no permission)")


def _command(argv: Sequence[str]) -> str:
    return "mnistgui " + " ".join(shlex.quote(x) for x in argv)


def _cmd_train(a: argparse.Namespace, argv: Sequence[str]) -> int:
    from mnistgui.core.checkpoint import load_checkpoint
    from mnistgui.core.data import load_mnist
    from mnistgui.core.distributed import init_from_env, shutdown
    from mnistgui.core.train import TrainConfig

    try:
        cfg = TrainConfig(
            arch=a.arch, dropout=a.dropout, optimizer=a.optimizer, lr=a.lr,
            weight_decay=a.weight_decay, batch_size=a.batch_size, epochs=a.epochs,
            schedule=a.schedule, warmup=a.warmup, augment=not a.no_augment,
            augment_strength=a.augment_strength, patience=a.patience, seed=a.seed,
            device=a.device, precision=a.precision, val_size=a.val_size, label_smoothing=a.label_smoothing,
            synthetic=a.synthetic, pen_data=a.pen_data, pen=a.pen, pen_variants=a.pen_variants,
            pen_blend=a.pen_blend, pen_neighbours=a.pen_neighbours, keep=a.keep,
        )
    except ValueError as exc:
        raise CliError(str(exc)) from None
    _check_out(Path(a.out))
    resume = None
    if a.resume:
        resume = load_checkpoint(a.resume)
        if resume.trainer_state is None:
            raise CliError(f"{a.resume}: holds no training state to resume from")
        cfg = TrainConfig.from_dict({**resume.provenance.get("config", {}), "epochs": a.epochs, "device": a.device,
                                     "precision": a.precision})
    data_dir = Path(a.data) if a.data else _default_data_dir()
    data = load_mnist(data_dir, limit_train=a.limit_train, limit_test=a.limit_test)
    n = data.train_images.shape[0]
    if cfg.val_size >= n:
        raise CliError(f"--val-size {cfg.val_size} leaves no training images out of {n}")
    world = init_from_env(cfg.device, a.timeout)
    try:
        return _train(a, argv, cfg, data, resume, world)
    finally:
        shutdown()


def _train(a: argparse.Namespace, argv: Sequence[str], cfg, data, resume, world) -> int:
    from mnistgui.core.events import BatchMetrics, EpochMetrics, Failed
    from mnistgui.core.jobs import TrainDone, start_train_run, train_job
    from mnistgui.core.runs import RunStore

    out = Path(a.out)
    store = RunStore(Path(a.runs) if a.runs else _default_runs_dir())
    run = start_train_run(store, cfg, data, name=a.name or out.stem, command=_command(argv), resume=resume)
    trainer = run.trainer
    bar = None if a.json or not world.main else _ProgressBar()
    done: TrainDone | None = None
    for ev in train_job(run, test=(data.test_images, data.test_labels), out=out):
        if isinstance(ev, BatchMetrics) and bar is not None:
            frac = (ev.epoch - 1 + ev.batch / ev.batches) / trainer.total_epochs
            bar.update(
                f"epoch {ev.epoch}/{trainer.total_epochs} batch {ev.batch}/{ev.batches} "
                f"loss {ev.loss:.4f} acc {ev.accuracy * 100:5.1f}% {ev.samples_per_s:,.0f} samples/s",
                frac,
            )
        elif isinstance(ev, EpochMetrics) and world.main:
            if a.json:
                _emit({"event": "epoch", **{k: getattr(ev, k) for k in ev.__dataclass_fields__}})
            else:
                bar.done()
                print(
                    f"epoch {ev.epoch}: train loss {ev.train_loss:.4f} acc {ev.train_accuracy * 100:.2f}%  "
                    f"val loss {ev.val_loss:.4f} acc {ev.val_accuracy * 100:.2f}%  "
                    f"({ev.seconds:.1f} s){'  *best*' if ev.best_epoch == ev.epoch else ''}",
                    flush=True,
                )
        elif isinstance(ev, Failed):
            if bar is not None:
                bar.done()
            if a.json and world.main:
                _emit({"event": "error", "message": ev.message})
            raise CliError(ev.message)
        elif isinstance(ev, TrainDone):
            done = ev
    assert done is not None
    if not world.main:
        return 0
    fin, rep = done.finished, done.evaluation.report
    if done.evaluation.note:
        print(f"mnistgui: warning: {done.evaluation.note}", file=sys.stderr)
    summary = {
        "event": "summary",
        "reason": fin.reason,
        "epochs": fin.epochs_run,
        "best_epoch": fin.best_epoch,
        "val_accuracy": fin.best_val_accuracy,
        "test_accuracy": rep.accuracy,
        "test_loss": rep.loss,
        "seconds": fin.seconds,
        "precision": trainer.precision,
        "processes": world.size,
        "out": str(out),
        "run": done.run.id,
        "runs": str(store.root),
    }
    if a.json:
        _emit(summary)
    else:
        print(
            f"done ({fin.reason}) in {fin.seconds:.0f} s: best epoch {fin.best_epoch}, "
            f"test accuracy {rep.accuracy * 100:.2f}%; saved {out} (run {done.run.name!r} in {store.root})"
        )
    return 0


def _load_predictor(path: str | None):
    from mnistgui.core.predict import Predictor

    return Predictor.load(path)


def _cmd_evaluate(a: argparse.Namespace) -> int:
    from mnistgui.core.jobs import evaluate_samples
    from mnistgui.core.metrics import evaluate, format_report
    from mnistgui.core.preprocess import load_strokes

    from mnistgui.core.errors import PreprocessError

    pred = _load_predictor(a.model)
    if a.data:
        from mnistgui.core.data import load_mnist

        data = load_mnist(a.data, limit_train=1, limit_test=a.limit)
        rep = evaluate(pred.model, data.test_images, data.test_labels, pred.preprocess)
        source = {"data": str(a.data)}
    else:
        samples = load_strokes(a.strokes)
        if a.limit:
            samples = samples[: a.limit]
        try:
            rep = evaluate_samples(pred, samples)
        except PreprocessError as exc:
            raise CliError(f"{a.strokes}: {exc}") from None
        source = {"strokes": str(a.strokes)}
    if a.json:
        _emit({**source, "model": pred.name, **rep.to_dict()})
    else:
        print(f"model {pred.name}: {', '.join(f'{k} {v}' for k, v in source.items())}")
        print(format_report(rep))
    return 0


def _cmd_predict(a: argparse.Namespace) -> int:
    if not a.images and not a.strokes:
        raise CliError("give one or more IMAGE files or --strokes FILE.json")
    if a.images and a.strokes:
        raise CliError("give IMAGE files or --strokes, not both")
    pred = _load_predictor(a.model)
    if a.number:
        return _predict_numbers(a, pred)
    status = 0
    for name, p in _read_inputs(a, lambda s: pred.predict_canvas(s.strokes, None, s.meta.get("pen_width")),
                                pred.predict_file):
        if p is None:
            status = 1
            continue
        probs = [round(float(v), 6) for v in p.probabilities]
        if a.json:
            _emit({"input": name, "digit": p.digit, "unsure": bool(p.unsure), "probabilities": probs})
        else:
            bars = "  ".join(f"{d}:{v * 100:5.1f}%" for d, v in enumerate(p.probabilities))
            flag = "  (unsure)" if p.unsure else ""
            print(f"{name}: {p.digit}  ({p.confidence * 100:.1f}%; next {p.runner_up}){flag}\n  {bars}")
    return status


def _read_inputs(a: argparse.Namespace, read_sample, read_file):
    """``(name, reading)`` for each sample of ``--strokes`` (``read_sample(sample)``) or each
    IMAGE (``read_file(path)``). An input that cannot be read is reported (a JSON line with
    ``--json``) and yields a reading of None, and the others are still read."""
    from mnistgui.core.errors import PreprocessError
    from mnistgui.core.preprocess import load_strokes

    if a.strokes:
        items = [(f"{a.strokes}#{i}", lambda s=s: read_sample(s)) for i, s in enumerate(load_strokes(a.strokes))]
    else:
        items = [(path, lambda path=path: read_file(path)) for path in a.images]
    for name, read in items:
        try:
            yield name, read()
        except PreprocessError as exc:
            msg = str(exc)
            for said in (name, str(Path(name))):  # the message names the file already: once is enough
                if msg.startswith(f"{said}: "):
                    msg = msg[len(said) + 2:]
                    break
            if a.json:
                _emit({"input": name, "error": msg})
            else:
                print(f"{name}: error: {msg}", file=sys.stderr)
            yield name, None


def _predict_numbers(a: argparse.Namespace, pred) -> int:
    """``predict --number``: each image, or each sample of the stroke file, is one number."""
    from mnistgui.core import number

    if a.images and (problem := number.image_scorer()[1]):
        print(f"note: {problem}", file=sys.stderr)
    status = 0
    for name, r in _read_inputs(a, lambda s: number.read_strokes(pred, s.strokes, s.meta.get("pen_width")),
                                lambda path: number.read_file(pred, path)):
        if r is None:
            status = 1
            continue
        if a.json:
            _emit({"input": name, **r.to_dict()})
        else:
            each = ", ".join(f"{d.digit} {d.probability * 100:.1f}%{' (unsure)' if d.unsure else ''}" for d in r.digits)
            print(f"{name}: {r.text}{'  (unsure)' if r.unsure else ''}\n  {each}")
    return status


def _cmd_data(a: argparse.Namespace) -> int:
    from mnistgui.core.data import check_mnist
    from mnistgui.core.download import DEFAULT_MIRRORS, download_mnist

    if a.data_command == "download":
        dest = Path(a.dest) if a.dest else _default_data_dir()
        bar = _ProgressBar()

        def progress(pr) -> None:
            total = pr.total_bytes or 0
            frac = (pr.file_index + (pr.done_bytes / total if total else 0)) / pr.file_count
            bar.update(f"{pr.file} {pr.done_bytes / 1e6:.1f}/{total / 1e6:.1f} MB", frac)

        download_mnist(dest, mirrors=tuple(a.mirror) if a.mirror else DEFAULT_MIRRORS, progress=progress)
        bar.update("done", 1.0, force=True)
        bar.done()
        print(f"MNIST is in {dest}")
        return 0
    info = check_mnist(a.dir)
    if a.json:
        _emit(info)
    else:
        print(f"{info['folder']}: MNIST is complete and valid")
        print(f"  train {info['train']} images, test {info['test']} images")
        print(f"  train per digit: {info['train_per_digit']}")
        print(f"  pixel mean {info['mean']:.4f}, std {info['std']:.4f}")
    return 0


def _cmd_finetune(a: argparse.Namespace, argv: Sequence[str]) -> int:
    from dataclasses import asdict

    from mnistgui.core.errors import TrainingError
    from mnistgui.core.events import Failed
    from mnistgui.core.finetune import FinetuneConfig, FinetuneEval
    from mnistgui.core.jobs import FinetuneJob, JobDone, MnistRequest, finetune_job, model_copy
    from mnistgui.core.predict import Predictor
    from mnistgui.core.samples import read_samples

    if a.strategy == "replay" and not a.data:
        raise CliError("the replay strategy needs MNIST: add --data DIR, or use --strategy head")
    _check_out(Path(a.out))
    base = Predictor.load(a.model)
    found = read_samples(a.samples, base.preprocess)
    for item, why in found.report.skipped:
        print(f"skipped {item}: {why}", file=sys.stderr)
    try:
        cfg = FinetuneConfig(strategy=a.strategy, seed=a.seed, device=a.device,
                             **({"steps": a.steps} if a.steps else {}))
    except ValueError as exc:
        raise CliError(str(exc)) from None
    out = Path(a.out)
    job = FinetuneJob(base_model=model_copy(base.model), base_checkpoint=base.checkpoint, preprocess=base.preprocess,
                      config=cfg, images=found.images, labels=found.labels, heldout=found.heldout,
                      samples_desc=str(a.samples), mnist=MnistRequest(str(a.data)) if a.data else None,
                      out=str(out), name=out.stem, command=_command(argv), strokes=found.strokes)
    done: JobDone | None = None
    for ev in finetune_job(job):
        if isinstance(ev, FinetuneEval):
            if a.json:
                _emit({"event": "eval", **asdict(ev)})
            else:
                print(f"step {ev.step}/{ev.steps}: personal train {ev.personal_train_accuracy * 100:.1f}%, "
                      f"held out {ev.heldout_accuracy * 100:.1f}%, MNIST {ev.mnist_accuracy * 100:.2f}%", flush=True)
        elif isinstance(ev, Failed):
            raise TrainingError(ev.message)
        elif isinstance(ev, JobDone):
            done = ev
    assert done is not None and done.comparison is not None
    if a.json:
        _emit({"event": "summary", **done.comparison.to_dict(), "out": done.path})
    else:
        print(done.comparison.summary())
        print(f"saved {done.path}")
    return 0


def _cmd_export(a: argparse.Namespace) -> int:
    from mnistgui.core.checkpoint import load_checkpoint
    from mnistgui.core.export import export_job
    from mnistgui.core.resources import shipped_model_path

    path = Path(a.model) if a.model else shipped_model_path()
    ckpt = load_checkpoint(path)
    mnist = (Path(a.data) if a.data else _default_data_dir()) if a.int8 else None
    r = export_job(ckpt, a.format, a.out, int8=a.int8, mnist_dir=mnist)
    if a.json:
        _emit({"model": str(path), "format": r.format, "int8": r.int8, "out": str(r.path),
               "preprocessing": str(r.spec_path), "bytes": r.size_bytes})
    else:
        print(f"exported {path.name} as {r.format}{' int8' if r.int8 else ''}: {r.path} "
              f"({r.size_bytes / 1e6:.2f} MB); what it expects is in {r.spec_path}")
    return 0


def _run_gui(a: argparse.Namespace) -> int:
    try:
        from mnistgui.gui.app import run_app
    except ImportError as exc:
        raise CliError(f"cannot start the app ({exc}); the subcommands work without it (see 'mnistgui --help')") from None
    return run_app(a)


def _one_line(message: str) -> str:
    parts = [p.strip().lstrip("- ").strip() for p in message.splitlines()]
    return " ".join(p if p.endswith((":", ".", ";")) else p + ";" for p in parts if p).rstrip(";")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from mnistgui.core.errors import MnistguiError

    try:
        parser = build_parser(argv)
        a = parser.parse_args(argv)
        if a.command == "train":
            return _cmd_train(a, argv)
        if a.command == "evaluate":
            return _cmd_evaluate(a)
        if a.command == "predict":
            return _cmd_predict(a)
        if a.command == "data":
            return _cmd_data(a)
        if a.command == "finetune":
            return _cmd_finetune(a, argv)
        if a.command == "export":
            return _cmd_export(a)
        return _run_gui(a)
    except CliError as exc:
        print(f"mnistgui: error: {exc}", file=sys.stderr)
        return 2
    except MnistguiError as exc:
        print(f"mnistgui: error: {_one_line(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nmnistgui: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"mnistgui: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
