"""The Fine-tune tab: collecting, the Draw tab's correction, the gallery, import/export, fine-tuning
and model versions, through the widgets as a user drives them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from digits import TEMPLATES, place
from helpers import densify, draw
from mnistgui import paths
from mnistgui.core.finetune import FinetuneConfig
from mnistgui.core.library import SHIPPED, version_key
from mnistgui.core.samples import SampleStore
from mnistgui.core.synth import synth_samples, writer_samples
from mnistgui.gui.finetune.collect_panel import FREE, GUIDED
from mnistgui.gui.finetune.tab import FinetuneTab
from mnistgui.gui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _app_data_in_tmp(tmp_path, monkeypatch):
    """Samples and model versions under tmp_path; no MNIST unless a test points at it."""
    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "data")
    monkeypatch.setattr(paths, "mnist_cache_dir", lambda: tmp_path / "no-mnist")


@pytest.fixture
def tab(qtbot, predictor, model_path):
    """The tab on its own (quicker than a whole window), at the app's smaller size."""
    t = FinetuneTab(predictor, model_path=model_path)
    qtbot.addWidget(t)
    t.resize(1024, 640)
    t.show()
    qtbot.waitExposed(t)
    yield t
    t.shutdown()


@pytest.fixture
def wtab(qtbot, window):
    """The tab inside the main window, shown."""
    window.select_tab("finetune")
    t = window.finetune_tab
    qtbot.waitUntil(t.isVisible)
    return t


def stroke_list(digit, **kw):
    return [densify(s, 0.03) for s in place(TEMPLATES[digit], **kw)]


def fill(tab, samples):
    """Write samples straight to the store, as an earlier session would have."""
    store = tab.library.store
    for s in samples:
        store.add(s.label, s.strokes, source="free", pen_width=s.meta.get("pen_width"))
    tab.library.changed.emit()


# ---------------------------------------------------------------------------------------------
# Collecting


def test_guided_collection_asks_saves_skips_and_undoes(qtbot, tab):
    panel = tab.collect
    assert tab.current_page() == "collect" and panel.mode == GUIDED
    canvas = panel.canvas
    asked = panel.prompt_digit
    assert panel.prompt_label.text() == str(asked)
    assert not panel.save_button.isEnabled()  # nothing drawn yet

    draw(qtbot, canvas, stroke_list(asked))
    assert panel.save_button.isEnabled()
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    rows = tab.library.samples()
    assert [(r.label, r.source) for r in rows] == [(asked, "guided")]
    assert rows[0].strokes and rows[0].image.shape == (28, 28) and rows[0].image.max() > 200
    assert canvas.is_empty() and panel.prompt_digit != asked
    assert panel.counts.counts()[asked] == 1 and "Saved a" in panel.status_label.text()

    # skip: another digit, nothing saved
    before = panel.prompt_digit
    qtbot.keyClick(canvas, Qt.Key.Key_S)
    assert panel.prompt_digit != before and len(tab.library.samples()) == 1

    # undo on an empty canvas takes the saved sample back, drawing and prompt included
    qtbot.keyClick(canvas, Qt.Key.Key_Z, CTRL)
    assert tab.library.samples() == []
    assert not canvas.is_empty() and panel.prompt_digit == asked
    qtbot.keyClick(canvas, Qt.Key.Key_Z, CTRL)  # now it is a stroke undo on the canvas
    assert canvas.is_empty() and tab.library.samples() == []

    # the prompts stay balanced: ten saves ask for ten different digits
    asked_for = []
    for _ in range(10):
        d = panel.prompt_digit
        asked_for.append(d)
        canvas.replay(stroke_list(d))
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert sorted(asked_for) == list(range(10))
    assert tab.library.counts() == [1] * 10


def test_free_collection_saves_with_the_digit_pressed_or_clicked(qtbot, tab):
    panel = tab.collect
    qtbot.mouseClick(panel.mode_switch.buttons[FREE], Qt.MouseButton.LeftButton)
    assert panel.mode == FREE and panel.pages.currentIndex() == FREE
    canvas = panel.canvas
    qtbot.keyClick(canvas, Qt.Key.Key_7)  # nothing drawn: nothing saved
    assert tab.library.samples() == []
    draw(qtbot, canvas, stroke_list(7))
    qtbot.keyClick(canvas, Qt.Key.Key_7)
    draw(qtbot, canvas, stroke_list(3, scale=0.6))
    qtbot.mouseClick(panel.digit_buttons[3], Qt.MouseButton.LeftButton)
    assert [(r.label, r.source) for r in tab.library.samples()] == [(7, "free"), (3, "free")]
    assert canvas.is_empty()
    qtbot.keyClick(canvas, Qt.Key.Key_Return)  # Enter saves only in guided mode
    assert len(tab.library.samples()) == 2
    assert tab.summary_label.text().startswith("2 samples")


def test_the_draw_tab_correction_saves_the_drawing_with_the_right_label(qtbot, window, wtab):
    tab = wtab
    window.select_tab("draw")
    draw_tab = window.draw_tab
    bar = draw_tab.correction_bar
    assert not any(b.isEnabled() for b in bar.buttons)  # nothing drawn, nothing to correct
    draw(qtbot, draw_tab.canvas, stroke_list(1))
    qtbot.waitUntil(lambda: draw_tab.prediction is not None)
    read = draw_tab.prediction.digit
    assert bar.buttons[read].isEnabled() and bar.buttons[read].property("read")  # a right reading can be kept too
    right = 7 if read != 7 else 1
    qtbot.mouseClick(bar.buttons[right], Qt.MouseButton.LeftButton)
    rows = tab.library.samples()
    assert [(r.label, r.source) for r in rows] == [(right, "correction")]
    assert rows[0].strokes == [[list(p) for p in s] for s in draw_tab.canvas.strokes()]
    assert rows[0].pen_width == draw_tab.canvas.pen_width()
    assert not any(b.isEnabled() for b in bar.buttons) and "saved as a" in bar.note.text()
    assert "Saved the drawing" in window.statusBar().currentMessage()
    draw(qtbot, draw_tab.canvas, [densify([(0.2, 0.9), (0.3, 0.95)], 0.02)])  # a changed drawing
    qtbot.waitUntil(lambda: any(b.isEnabled() for b in bar.buttons))


class _Doubtful:
    """The app's predictor, made unsure between 4 and 9 about whatever is drawn."""

    def __init__(self, predictor):
        self._predictor = predictor
        self.preprocess = predictor.preprocess

    def predict_canvas(self, strokes, background, pen_width):
        real = self._predictor.predict_canvas(strokes, background, pen_width)
        probs = np.full(10, 0.04)
        probs[4], probs[9] = 0.36, 0.32
        return dataclasses.replace(real, probabilities=probs, unsure_below=0.6)


def test_an_unsure_reading_saves_the_candidate_clicked(qtbot, monkeypatch, window, wtab):
    window.select_tab("draw")
    draw_tab = window.draw_tab
    panel, q = draw_tab.prediction_panel, draw_tab.prediction_panel.question
    monkeypatch.setattr(draw_tab, "predictor", _Doubtful(draw_tab.predictor))
    draw(qtbot, draw_tab.canvas, stroke_list(4))
    qtbot.waitUntil(lambda: panel.asking)
    assert [b.digit for b in q.buttons] == [4, 9]
    qtbot.mouseClick(q.buttons[1], Qt.MouseButton.LeftButton)  # "It's a 9"
    rows = wtab.library.samples()
    assert [(r.label, r.source) for r in rows] == [(9, "unsure")]
    assert rows[0].strokes == [[list(p) for p in s] for s in draw_tab.canvas.strokes()]
    assert rows[0].pen_width == draw_tab.canvas.pen_width()
    assert q.question_label.text() == "✓ Saved as a 9 — thanks" and not panel.asking
    assert q.buttons[1].chosen and not q.buttons[0].chosen
    assert not any(b.isEnabled() for b in q.buttons)  # asked and answered: nothing more to click
    assert not any(b.isEnabled() for b in draw_tab.correction_bar.buttons)
    qtbot.mouseClick(q.buttons[0], Qt.MouseButton.LeftButton)
    assert len(wtab.library.samples()) == 1
    draw(qtbot, draw_tab.canvas, [densify([(0.2, 0.9), (0.3, 0.95)], 0.02)])  # a changed drawing
    qtbot.waitUntil(lambda: panel.asking)  # is asked about again


def test_a_correction_while_unsure_answers_the_question_too(qtbot, monkeypatch, window, wtab):
    window.select_tab("draw")
    draw_tab = window.draw_tab
    panel = draw_tab.prediction_panel
    monkeypatch.setattr(draw_tab, "predictor", _Doubtful(draw_tab.predictor))
    draw(qtbot, draw_tab.canvas, stroke_list(7))
    qtbot.waitUntil(lambda: panel.asking)
    qtbot.mouseClick(draw_tab.correction_bar.buttons[7], Qt.MouseButton.LeftButton)  # neither: a 7
    assert [(r.label, r.source) for r in wtab.library.samples()] == [(7, "correction")]
    assert not panel.asking and panel.question.question_label.text() == "✓ Saved as a 7 — thanks"
    assert not any(b.chosen or b.isEnabled() for b in panel.question.buttons)


# ---------------------------------------------------------------------------------------------
# The store and the gallery


def test_samples_persist_across_restarts(qtbot, window, wtab, predictor, model_path, tmp_path):
    fill(wtab, synth_samples(12, seed=2))
    window.close()  # closes the database
    t2 = FinetuneTab(predictor, model_path=model_path)  # as the next start of the app would
    qtbot.addWidget(t2)
    t2.show()
    t2.select_page("samples")
    assert t2.gallery.model.rowCount() == 12
    assert t2.library.path == tmp_path / "data" / "samples.db"
    assert t2.gallery.filter.buttons[0].text() == "All · 12"
    with SampleStore(tmp_path / "data" / "samples.db") as s:
        assert s.integrity_ok() and len(s) == 12


def test_gallery_filters_relabels_deletes_and_undoes(qtbot, tab):
    fill(tab, synth_samples(20, seed=4))
    tab.select_page("samples")
    g = tab.gallery
    view = g.view
    assert g.model.rowCount() == 20 and g.filter.buttons[3].text() == "2 · 2"

    # select two tiles with the mouse (click, then Ctrl+click) and relabel them with a key
    first, second = g.model.index(0), g.model.index(1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(first).center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, CTRL, pos=view.visualRect(second).center())
    ids = g.selected_ids()
    assert len(ids) == 2 and g.relabel_button.isEnabled()
    old = [tab.library.store.get(i).label for i in ids]
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_9)
    assert [tab.library.store.get(i).label for i in ids] == [9, 9]
    assert g.selected_ids() == ids  # the selection survives the refresh

    # delete them (the store's soft delete), then undo both edits
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert g.model.rowCount() == 18 and len(tab.library.store) == 18
    assert "Delete 2 samples" in g.undo_button.toolTip()
    qtbot.mouseClick(g.undo_button, Qt.MouseButton.LeftButton)
    assert g.model.rowCount() == 20
    qtbot.mouseClick(g.undo_button, Qt.MouseButton.LeftButton)
    assert [tab.library.store.get(i).label for i in ids] == old
    qtbot.mouseClick(g.redo_button, Qt.MouseButton.LeftButton)
    assert [tab.library.store.get(i).label for i in ids] == [9, 9]

    # filter by digit
    qtbot.mouseClick(g.filter.buttons[10], Qt.MouseButton.LeftButton)
    assert g.filter_digit == 9
    assert {r.label for r in g.model.records} == {9} and g.model.rowCount() == 4
    g.set_filter(None)
    assert g.model.rowCount() == 20


def test_the_digit_filter_drops_its_counts_where_the_window_is_too_narrow_for_them(qtbot, window, wtab):
    fill(wtab, synth_samples(20, seed=4))
    wtab.select_page("samples")
    f, host = wtab.gallery.filter, window._hosts["finetune"]
    for size, short in (((800, 600), True), ((1280, 800), False), ((800, 600), True)):
        window.resize(*size)
        qtbot.waitUntil(lambda: f.showing_short() == short)
        texts = [b.text() for b in f.buttons]
        assert texts == (["All"] + [str(d) for d in range(10)] if short
                         else ["All · 20"] + [f"{d} · 2" for d in range(10)])
        # every page of the tab fits the window's width: none scrolls sideways
        assert not host.horizontalScrollBar().isVisible()
        assert f.buttons[3].toolTip() == "2 samples of 2" and f.buttons[0].toolTip() == "All your samples: 20"
        right = f.buttons[-1].mapTo(f, f.buttons[-1].rect().topRight()).x()
        assert right < f.width()  # the last button is whole


def _wait_import(qtbot, tab, kind, source):
    with qtbot.waitSignal(tab.library.imported, timeout=30000) as sig:
        assert tab.gallery.import_samples(kind, source)
    qtbot.waitUntil(lambda: not tab.library.busy)
    return sig.args[0]


def _wait_export(qtbot, tab, kind, target):
    with qtbot.waitSignal(tab.library.exported, timeout=30000) as sig:
        assert tab.gallery.export_samples(kind, target)
    qtbot.waitUntil(lambda: not tab.library.busy)
    return sig.args[0]


def test_import_and_export_round_trips_and_bad_files_are_reported(qtbot, tab, tmp_path):
    fill(tab, synth_samples(10, seed=5))
    tab.select_page("samples")
    g = tab.gallery
    original = tab.library.samples()

    png = tmp_path / "png"
    assert _wait_export(qtbot, tab, "png", png).count == 10
    js = tmp_path / "s.json"
    assert _wait_export(qtbot, tab, "json", js).count == 10
    npz = tmp_path / "s.npz"
    assert _wait_export(qtbot, tab, "npz", npz).count == 10
    assert "Wrote 10 samples" in tab.last_message.text()
    with np.load(npz) as z:
        assert z["images"].shape == (10, 28, 28)
        assert z["labels"].tolist() == [r.label for r in original]
        assert np.array_equal(z["images"][0], original[0].image)

    (png / "3" / "broken.png").write_bytes(b"not a png at all")
    res = _wait_import(qtbot, tab, "png", png)
    assert res.report.imported == 10 and len(res.report.skipped) == 1
    dlg = g.last_dialog
    assert dlg.isVisible() and dlg.skipped_list.topLevelItemCount() == 1
    assert dlg.skipped_list.topLevelItem(0).text(0) == "broken.png"
    dlg.accept()
    assert sum(tab.library.counts()) == 20 and g.model.rowCount() == 20

    res = _wait_import(qtbot, tab, "json", js)
    assert res.report.imported == 10 and not res.report.skipped
    imported = [r for r in tab.library.samples() if r.id in res.ids]
    for a, b in zip(imported, original):  # the stroke format keeps five decimals
        assert len(a.strokes) == len(b.strokes)
        assert all(np.allclose(sa, sb, atol=1e-5) for sa, sb in zip(a.strokes, b.strokes))
    assert [r.label for r in imported] == [r.label for r in original]

    res = _wait_import(qtbot, tab, "npz", npz)
    assert res.report.imported == 10
    assert [r.image.tolist() for r in tab.library.samples() if r.id in res.ids] == \
        [r.image.tolist() for r in original]
    assert len(tab.library.samples()) == 40

    # an import is one undoable step
    qtbot.mouseClick(g.undo_button, Qt.MouseButton.LeftButton)
    assert len(tab.library.samples()) == 30 and g.model.rowCount() == 30

    # a file that is not an archive at all is refused with a message, and nothing changes
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"zzz")
    with qtbot.waitSignal(tab.library.failed, timeout=30000):
        g.import_samples("npz", bad)
    qtbot.waitUntil(lambda: not tab.library.busy)
    assert tab.last_message.icon() == QMessageBox.Icon.Warning and "bad.npz" in tab.last_message.text()
    assert len(tab.library.samples()) == 30


# ---------------------------------------------------------------------------------------------
# Fine-tuning and model versions


def test_without_mnist_replay_is_explained_and_head_is_offered(qtbot, tab):
    tab.select_page("finetune")
    p = tab.finetune
    assert not p.strategy_buttons["replay"].isEnabled()
    assert p.strategy() == "head"
    assert "Not found" in p.mnist_label.text() and "Head only" in p.mnist_label.text()
    assert not p.start()  # no samples yet
    assert "Collect some samples" in p.status_label.text()

    # with samples, head-only runs without MNIST; stopping it saves nothing
    fill(tab, synth_samples(12, seed=6))
    p.refresh()
    assert "12 to train on, 0 held out" in p.samples_label.text()
    assert "Too few are held out" in p.samples_label.text() and "cross-validation" in p.samples_label.text()
    p.steps_spin.setValue(2000)
    before = tab.manager.current
    with qtbot.waitSignal(p.run_finished, timeout=60000) as sig:
        qtbot.mouseClick(p.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: p.progress.value() > 0, timeout=30000)
        qtbot.mouseClick(p.stop_button, Qt.MouseButton.LeftButton)
    assert sig.args[0].reason == "stopped" and sig.args[0].version is None
    qtbot.waitUntil(lambda: not p.running)
    assert "nothing was saved" in p.status_label.text()
    assert tab.manager.current is before and tab.manager.versions.versions() == []
    assert p.start_button.isEnabled() and not p.strategy_buttons["replay"].isEnabled()


def test_a_damaged_sample_database_is_reported_not_fatal(qtbot, predictor, model_path, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "samples.db").write_bytes(b"this is not a database" * 100)
    t = FinetuneTab(predictor, model_path=model_path)
    qtbot.addWidget(t)
    t.show()
    qtbot.waitUntil(lambda: t.last_message is not None)
    assert t.last_message.icon() == QMessageBox.Icon.Warning and "samples.db" in t.last_message.text()
    assert "moved aside" in t.last_message.text()  # kept, and a new collection started
    asides = list((tmp_path / "data").glob("samples.db.damaged-*"))
    assert len(asides) == 1 and asides[0].read_bytes() == b"this is not a database" * 100
    t.collect.canvas.replay(stroke_list(4))
    assert t.collect.save() is not None and sum(t.library.counts()) == 1


def test_a_fine_tune_through_the_tab_becomes_the_active_version(qtbot, window, wtab, mnist_dir):
    tab = wtab
    # one writer: five each of 0-4 (the fifth of each is held out), three each of 5-9
    samples = [s for i, s in enumerate(writer_samples(5, seed=1)) if s.label < 5 or i < 30]
    fill(tab, samples)
    assert tab.mnist.set_folder(mnist_dir)
    tab.mnist.limit_train, tab.mnist.limit_test = 3000, 1000  # views of the one shared copy
    tab.select_page("finetune")
    p = tab.finetune
    assert p.strategy_buttons["replay"].isEnabled() and "Found" in p.mnist_label.text()
    p.set_strategy("replay")
    p.base_config = FinetuneConfig(eval_every=3, mnist_eval_size=200)
    p.steps_spin.setValue(10)
    original = window.predictor

    with qtbot.waitSignal(p.run_finished, timeout=90000) as sig:
        qtbot.mouseClick(p.start_button, Qt.MouseButton.LeftButton)
        assert p.running and not p.start_button.isEnabled()
    done = sig.args[0]
    qtbot.waitUntil(lambda: not p.running)
    assert done.reason == "completed" and done.version is not None
    v = done.version
    assert v.strategy == "replay" and v.train_samples == 35 and v.heldout_samples == 5

    # live curves: evaluations at steps 0, 3, 6, 9, 10, with MNIST validation
    xs, _ = p.curves.series["heldout_accuracy"].view()
    assert xs.tolist() == [0, 3, 6, 9, 10]
    assert p.curves.series["mnist_accuracy"].n == 5

    # the report: held out overall and per digit, MNIST test
    c = p.report.comparison
    assert c.heldout_count == 5 and c.heldout_support == [1] * 5 + [0] * 5 and c.mnist_count == 1000
    assert p.report.table.item(1, 1).text().endswith("%") and p.report.table.item(1, 7).text() == "–"
    assert "→" in p.report.mnist_figure.value.text()

    # the new version is in use: in the Draw tab and the status bar
    assert window.predictor is not original and window.predictor.name == v.name == "fine-tuned v1"
    assert window.draw_tab.predictor is window.predictor
    assert v.name in window.model_label.text()
    key = version_key(v.id)
    assert tab.manager.versions.active_id == v.id and tab.manager.in_use() == key

    # the Models page lists it with its lineage; compare it with the shipped model, then roll back
    tab.select_page("models")
    vp = tab.versions_panel
    assert vp.table.rowCount() == 2 and vp._row_ids == [SHIPPED, key]
    assert vp.table.item(1, 0).text() == "● in use" and vp.table.item(0, 0).text() == ""
    assert vp.table.item(1, 2).text() == f"fine-tuned from {original.name}"
    vp.select(SHIPPED)
    with qtbot.waitSignal(vp.compared, timeout=60000) as cmp:
        qtbot.mouseClick(vp.compare_button, Qt.MouseButton.LeftButton)
    res = cmp.args[0]
    assert res.comparison.heldout_count == 5 and res.after_label == original.name
    assert vp.roll_back_button.isEnabled() and vp.roll_back_button.text() == f"Roll back to {original.name}"
    qtbot.mouseClick(vp.roll_back_button, Qt.MouseButton.LeftButton)
    assert window.predictor is original and tab.manager.in_use() == SHIPPED
    assert vp.table.item(0, 0).text() == "● in use"
    # the shipped model has no parent: the button no longer offers a roll back (to the newer model)
    assert not vp.roll_back_button.isEnabled() and vp.roll_back_button.text() == "Roll back"
    # the roll back is a switch: undo returns to the fine-tuned model, redo repeats the roll back
    assert vp.undo_button.isEnabled() and v.name in vp.undo_button.toolTip()
    assert not vp.redo_button.isEnabled()
    qtbot.mouseClick(vp.undo_button, Qt.MouseButton.LeftButton)
    assert window.predictor.name == v.name and vp.table.item(1, 0).text() == "● in use"
    assert vp.redo_button.isEnabled() and original.name in vp.redo_button.toolTip()
    qtbot.mouseClick(vp.redo_button, Qt.MouseButton.LeftButton)
    assert window.predictor is original
    # and switch to it again by double-clicking it
    vp._on_table_cell_double_clicked(1, 1)
    assert window.predictor.name == v.name


def test_the_version_in_use_is_restored_at_start_up(qtbot, predictor, model_path, tmp_path):
    from mnistgui.core.checkpoint import load_checkpoint
    from mnistgui.core.versions import VersionStore

    ck = load_checkpoint(model_path)
    vs = VersionStore(tmp_path / "data" / "models")
    v = vs.add(ck, name="mine {id}")
    w = MainWindow(predictor, model_path=model_path, restore_state=True, persist_state=False)
    qtbot.addWidget(w)
    tab = w.finetune_tab  # built now (the window builds it soon after the first paint anyway)
    assert w.predictor.name == "mine 1" and w.draw_tab.predictor is w.predictor
    assert tab.manager.in_use() == version_key(v.id)
    w.close()
    # an explicitly chosen model (not the one that ships) wins over the stored choice
    other = tmp_path / "other.pt"
    other.write_bytes(model_path.read_bytes())
    t2 = FinetuneTab(predictor, model_path=other)
    qtbot.addWidget(t2)
    assert not t2.restore_active_version() and t2.manager.current is predictor
