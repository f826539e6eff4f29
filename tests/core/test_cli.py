"""The command line end to end, on a small real subset of MNIST."""

import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from mnistgui.cli import main
from mnistgui.core.render import render_strokes

ONE = [[[0.5, 0.15], [0.5, 0.85]]]
ZERO = [[[0.5 + 0.3 * np.sin(t / 16 * 2 * np.pi), 0.5 - 0.4 * np.cos(t / 16 * 2 * np.pi)] for t in range(17)]]


def jsonl(text):
    return [json.loads(l) for l in text.splitlines() if l.strip()]


@pytest.fixture(scope="module")
def trained(tmp_path_factory, mnist_dir):
    where = tmp_path_factory.mktemp("cli")
    out = where / "small.pt"
    code = main(["train", "--data", str(mnist_dir), "--limit-train", "1500", "--val-size", "300",
                 "--limit-test", "500", "--epochs", "2", "--batch-size", "64", "--out", str(out), "--json",
                 "--runs", str(where / "runs")])
    assert code == 0
    return out


def test_train_json_lines_checkpoint_and_a_run_like_the_train_tabs(trained, capsys, mnist_dir, tmp_path):
    from mnistgui.core.checkpoint import load_checkpoint
    from mnistgui.core.jobs import start_train_run, train_job
    from mnistgui.core.runs import RunStore
    from mnistgui.core.train import TrainConfig

    out = tmp_path / "m.pt"
    code = main(["train", "--data", str(mnist_dir), "--limit-train", "600", "--val-size", "100",
                 "--limit-test", "200", "--epochs", "2", "--out", str(out), "--json", "--seed", "1",
                 "--runs", str(tmp_path / "runs")])
    assert code == 0
    lines = jsonl(capsys.readouterr().out)
    assert [l["event"] for l in lines] == ["epoch", "epoch", "summary"]
    assert lines[0]["epoch"] == 1 and 0 <= lines[1]["val_accuracy"] <= 1
    summary = lines[-1]
    assert 0 <= summary["test_accuracy"] <= 1 and summary["out"] == str(out)
    c = load_checkpoint(out)
    assert "--seed 1" in c.provenance["command"] and c.provenance["config"]["seed"] == 1
    assert c.metrics["test_accuracy"] == pytest.approx(summary["test_accuracy"])
    assert len(c.history["val_loss"]) == 2 and c.name == "m"

    # the run is in the store, with what the Train tab lists for a run of its own
    [run] = RunStore(tmp_path / "runs").list()
    assert run.id == summary["run"] and run.name == "m" and run.status == "completed" and run.has_model
    assert run.epochs_run == 2 and run.history["epoch"] == [1, 2] and len(run.history["val_loss"]) == 2
    assert run.metrics["test_accuracy"] == pytest.approx(summary["test_accuracy"])
    assert run.metrics["evaluated_epoch"] == run.best_epoch and len(run.metrics["confusion"]) == 10
    assert run.data["train_size"] == 500 and run.data["val_size"] == 100 and run.data["test_size"] == 200
    store = RunStore(tmp_path / "runs")
    assert len(store.load_batches(run.id)["step"]) == 2 * 4  # 500 images in batches of 128
    assert store.load_evaluation(run.id).report.accuracy == pytest.approx(summary["test_accuracy"])
    # a run the Train tab makes (the same core functions, test evaluated on demand) has the same fields
    from mnistgui.core.data import load_mnist

    data = load_mnist(mnist_dir, limit_train=600, limit_test=200)
    tab_store = RunStore(tmp_path / "tab-runs")
    tab_run = start_train_run(tab_store, TrainConfig(epochs=1, val_size=100), data)
    events = list(train_job(tab_run))
    assert type(events[-2]).__name__ == "Finished" and events[-1].evaluation is None
    [listed] = tab_store.list()
    assert set(vars(listed)) == set(vars(run)) and set(listed.data) == set(run.data)
    assert set(listed.history) == set(run.history) and set(listed.metrics) < set(run.metrics)


def test_train_records_in_the_apps_run_store_by_default(mnist_dir, tmp_path, capsys, app_folders_in_tmp):
    from mnistgui import paths
    from mnistgui.core.runs import RunStore

    assert paths.runs_dir().is_relative_to(app_folders_in_tmp)  # the tests keep the app's folders in tmp
    code = main(["train", "--data", str(mnist_dir), "--limit-train", "300", "--val-size", "100",
                 "--limit-test", "100", "--epochs", "1", "--out", str(tmp_path / "d.pt"), "--json"])
    assert code == 0
    summary = jsonl(capsys.readouterr().out)[-1]
    assert summary["runs"] == str(paths.runs_dir())
    assert summary["run"] in [r.id for r in RunStore(paths.runs_dir()).list()]


def test_train_resume_adds_epochs(trained, capsys, mnist_dir, tmp_path):
    out = tmp_path / "more.pt"
    code = main(["train", "--data", str(mnist_dir), "--limit-train", "1500", "--val-size", "300",
                 "--limit-test", "500", "--epochs", "3", "--resume", str(trained), "--out", str(out), "--json",
                 "--runs", str(tmp_path / "runs")])
    assert code == 0
    lines = jsonl(capsys.readouterr().out)
    assert [l["epoch"] for l in lines if l["event"] == "epoch"] == [3]


def test_train_progress_bar_without_json(capsys, mnist_dir, tmp_path):
    code = main(["train", "--data", str(mnist_dir), "--limit-train", "300", "--val-size", "100",
                 "--limit-test", "100", "--epochs", "1", "--out", str(tmp_path / "p.pt"),
                 "--runs", str(tmp_path / "runs")])
    assert code == 0
    cap = capsys.readouterr()
    assert "epoch 1:" in cap.out and "test accuracy" in cap.out
    assert "[" in cap.err and "samples/s" in cap.err


def test_evaluate_json(trained, capsys, mnist_dir):
    assert main(["evaluate", "--model", str(trained), "--data", str(mnist_dir), "--limit", "400", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert 0.5 < r["accuracy"] <= 1.0
    assert len(r["per_class"]) == 10 and len(r["confusion"]) == 10
    assert sum(map(sum, r["confusion"])) == 400


def test_evaluate_text(trained, capsys, mnist_dir):
    assert main(["evaluate", "--model", str(trained), "--data", str(mnist_dir), "--limit", "100"]) == 0
    assert "confusion matrix" in capsys.readouterr().out


def test_evaluate_labelled_strokes(capsys, tmp_path):
    f = tmp_path / "s.json"
    f.write_text(json.dumps([{"strokes": ONE, "label": 1}, {"strokes": ZERO, "label": 0}]))
    assert main(["evaluate", "--strokes", str(f), "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["accuracy"] == 1.0
    f.write_text(json.dumps([ONE]))
    assert main(["evaluate", "--strokes", str(f)]) == 2
    assert "label" in capsys.readouterr().err


def test_predict_strokes_and_images_agree(capsys, tmp_path):
    f = tmp_path / "s.json"
    f.write_text(json.dumps([ONE, {"strokes": ZERO}]))
    assert main(["predict", "--strokes", str(f), "--json"]) == 0
    rows = jsonl(capsys.readouterr().out)
    assert [r["digit"] for r in rows] == [1, 0]
    assert all(len(r["probabilities"]) == 10 and abs(sum(r["probabilities"]) - 1) < 1e-4 for r in rows)
    # the canvas's raster of the same drawing, saved as a PNG, reads the same
    paths = []
    for i, strokes in enumerate((ONE, ZERO)):
        g = render_strokes(strokes, 256, 0.04, 2)
        p = tmp_path / f"d{i}.png"
        Image.fromarray((255 * (1 - g)).round().astype(np.uint8)).save(p)
        paths.append(str(p))
    assert main(["predict", *paths, "--json"]) == 0
    rows2 = jsonl(capsys.readouterr().out)
    assert [r["input"] for r in rows2] == paths
    for a, b in zip(rows, rows2):
        assert np.allclose(a["probabilities"], b["probabilities"], atol=0.02)


def test_predict_text_output(capsys, tmp_path):
    f = tmp_path / "s.json"
    f.write_text(json.dumps([ONE]))
    assert main(["predict", "--strokes", str(f)]) == 0
    assert "1" in capsys.readouterr().out


def test_predict_bad_image_reports_and_goes_on(capsys, tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"junk")
    good = tmp_path / "good.png"
    g = render_strokes(ONE, 128)
    Image.fromarray((255 * g).astype(np.uint8)).save(good)
    assert main(["predict", str(bad), str(good), "--json"]) == 1
    rows = jsonl(capsys.readouterr().out)
    assert rows[0]["input"] == str(bad) and "not an image file" in rows[0]["error"] and rows[1]["digit"] == 1
    assert str(bad) not in rows[0]["error"]  # the input is named once, in its own field
    missing = tmp_path / "missing.png"
    for typed in (str(missing), f"{tmp_path}/./missing.png"):  # as given, and as a user might type it
        assert main(["predict", typed, str(good)]) == 1
        [line] = capsys.readouterr().err.splitlines()
        assert line.startswith(f"{typed}: error: ") and "missing.png" not in line[len(typed):] and "no such" in line


def test_data_check(capsys, mnist_dir, tmp_path):
    assert main(["data", "check", str(mnist_dir), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["train"] == 60000 and info["test"] == 10000
    assert main(["data", "check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mnistgui: error:") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args, code, needle",
    [
        (["train", "--out", "x.pt", "--lr", "abc"], 2, "--lr"),
        (["train", "--out", "x.pt", "--epochs", "0"], 2, "at least 1"),
        (["evaluate", "--data", "/nonexistent/mnist"], 1, "does not exist"),
        (["predict", "--model", "/nonexistent.pt", "x.png"], 1, "no such file"),
        (["predict"], 2, "IMAGE"),
        (["frobnicate"], 2, "invalid choice"),
    ],
)
def test_bad_arguments_end_with_one_line_and_non_zero_exit(capsys, args, code, needle):
    assert main(args) == code
    err = capsys.readouterr().err
    assert needle in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bad_checkpoint_through_the_real_command(tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"\x80\x04garbage")
    r = subprocess.run([sys.executable, "-m", "mnistgui", "predict", "--model", str(bad), "x.png"],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "bad.pt" in r.stderr
