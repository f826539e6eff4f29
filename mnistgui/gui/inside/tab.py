"""The Inside tab: what the network does with the current input, live as the user draws.

On the left, a second view of the Draw tab's canvas (same strokes, same undo history: drawing
here is drawing there), the 28x28 input the network reads with a heat map over it, and one
feature map enlarged with the receptive field of a unit marked on the input. On the right, pages:
every layer's output, the kernels and weights, saliency maps, a map of MNIST digits with the
drawing placed on it, and a robustness probe.

Refreshes are coalesced (:class:`~mnistgui.gui.inside.pacing.RefreshPacer`). However many changes arrive (every point of a stroke is one), the tab
refreshes at most once per display frame, and never more often than leaves the canvas at least
half of the time; while the tab is hidden a change only marks it out of date. A refresh runs one
forward and one backward pass (:func:`~mnistgui.core.explain.explain_input`) and updates the left
column, lets the event loop take and paint the stroke's next points, then updates the page on
show (and only its cards in sight). Work of tens of passes (the robustness probe, integrated
gradients) waits while a stroke is being drawn. The MNIST map is computed once per model, in a
worker thread (:class:`~mnistgui.gui.inside.digit_map.DigitMapMaker`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal, Slot
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from mnistgui.core.explain import (
    PROBES,
    Embedding,
    Explanation,
    explain_input,
    integrated_gradients,
    last_conv_block,
    receptive_field,
    robustness_probes,
)
from mnistgui.core.predict import Prediction, Predictor
from mnistgui.gui import i18n, mnist_folder
from mnistgui.gui.canvas.drawing import Drawing
from mnistgui.gui.inside import digit_map
from mnistgui.gui.inside.digit_map import DigitMapMaker
from mnistgui.gui.inside.convolution_view import ConvolutionPage
from mnistgui.gui.inside.embedding_view import EmbeddingPage
from mnistgui.gui.inside.feature_maps import FeatureMapsPage
from mnistgui.gui.inside.input_panel import HEAT_CHOICES, InputPanel
from mnistgui.gui.inside.kernels_view import KernelsPage
from mnistgui.gui.inside.pacing import RefreshPacer
from mnistgui.gui.inside.robustness_view import RobustnessPage
from mnistgui.gui.inside.saliency_view import method_title
from mnistgui.gui.inside.saliency_view import SaliencyPage
from mnistgui.gui.inside.views import signed_scale
from mnistgui.gui.widgets.model_summary import ModelSummaryView

#: The pages, as code and tests name them, with their titles.
PAGES = (
    ("layers", QT_TRANSLATE_NOOP("InsideTab", "Layers")),
    ("convolution", QT_TRANSLATE_NOOP("InsideTab", "Convolution")),
    ("kernels", QT_TRANSLATE_NOOP("InsideTab", "Kernels")),
    ("saliency", QT_TRANSLATE_NOOP("InsideTab", "Saliency")),
    ("embedding", QT_TRANSLATE_NOOP("InsideTab", "Map of digits")),
    ("robustness", QT_TRANSLATE_NOOP("InsideTab", "Robustness")),
    ("summary", QT_TRANSLATE_NOOP("InsideTab", "Summary")),
)

def as_image28(image: np.ndarray) -> np.ndarray:
    """A 28x28 image as the network reads it: float 0..1 with ink = 1 (uint8 is divided by 255)."""
    a = np.asarray(image)
    if a.shape != (28, 28):
        raise ValueError(f"expected a 28x28 image, got shape {a.shape}")
    if a.dtype == np.uint8:
        return a.astype(np.float32) / 255.0
    return np.clip(a.astype(np.float32), 0.0, 1.0)


class _TabLayout(QHBoxLayout):
    """The tab's own layout: it fills whatever room it is given and never asks for more.

    Square image panes and wrapped labels inside have a height that depends on their width; a
    scroll area around the tab would otherwise grow the tab to those heights (taller than the
    window) instead of giving it the room it has.
    """

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False


class InsideTab(QWidget):
    """Feature maps, kernels, saliency, the map of digits and a robustness probe, kept live."""

    #: a refresh has been drawn (tests and benchmarks wait on it)
    refreshed = Signal()
    #: the map of digits is ready (or could not be made: see ``embedding_error``)
    embedding_finished = Signal()

    def __init__(self, predictor: Predictor, drawing: Drawing | None = None,
                 undo_stack: QUndoStack | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("InsideTab")
        self.predictor = predictor
        self.explanation: Explanation | None = None
        self.heats: dict[str, np.ndarray] = {}
        self.embedding: Embedding | None = None
        self.embedding_error: str | None = None
        self.current_point: np.ndarray | None = None

        self._prediction: Prediction | None = None
        self._image: np.ndarray | None = None  # an image handed over with show_image
        self._target: int | None = None
        self._selected: tuple[str, int] | None = None  # (layer, map) enlarged
        self._picked_unit: tuple[str, int, int, int] | None = None  # clicked
        self._hover_unit: tuple[str, int, int, int] | None = None  # under the pointer on the enlarged map
        self._weights_key: tuple | None = None
        self._kernels_key: tuple | None = None
        self._emb_key: tuple | None = None  # the weights the map was made with
        self._slow: dict[tuple, tuple] = {}  # slow extras: what -> (input, model key, result)
        self._maps = DigitMapMaker(predictor, self)
        self._maps.progressed.connect(self._on_maps_progressed)
        self._maps.made.connect(self._on_maps_made)
        self._maps.missing.connect(self._on_maps_missing)
        self._maps.failed.connect(self._on_maps_failed)
        self._maps.idle.connect(self._on_maps_idle)

        self._pacer = RefreshPacer(self, self._refresh_input, self._refresh_page)
        self._pacer.refreshed.connect(self.refreshed)
        self._img: np.ndarray | None = None
        self._key: tuple | None = None

        self.input_panel = InputPanel(drawing, undo_stack)
        self.canvas = self.input_panel.canvas
        self.input_panel.setMinimumWidth(250)  # the tab fits an 800-pixel window
        self.input_panel.setMaximumWidth(340)

        self.feature_page = FeatureMapsPage()
        self.conv_page = ConvolutionPage()  # one unit worked out
        self.summary_page = ModelSummaryView()  # shapes, parameters, multiply-adds
        self.kernels_page = KernelsPage()
        self.saliency_page = SaliencyPage()
        self.embedding_page = EmbeddingPage()
        self.robustness_page = RobustnessPage()
        self.pages = QTabWidget()
        self.pages.setObjectName("InsidePages")
        self.pages.setDocumentMode(True)
        for w, (_key, title) in zip(
            (self.feature_page, self.conv_page, self.kernels_page, self.saliency_page, self.embedding_page,
             self.robustness_page, self.summary_page), PAGES
        ):
            self.pages.addTab(w, QCoreApplication.translate("InsideTab", title))
        self.empty_note = QLabel(self.tr("Draw a digit on the left (or in the Draw tab) and watch it go through the network, layer by layer."))
        self.empty_note.setObjectName("Muted")
        self.empty_note.setWordWrap(True)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(4)
        right.addWidget(self.pages, 1)
        right.addWidget(self.empty_note)
        lay = _TabLayout(self)
        lay.setContentsMargins(14, 10, 10, 10)
        lay.setSpacing(14)
        # the pages take two parts of the width to the column's one (the column between its
        # minimum and maximum), so that at 1024 pixels they keep the room for all their tabs
        lay.addWidget(self.input_panel, 1)
        lay.addLayout(right, 2)

        p = self.input_panel
        p.undo_button.clicked.connect(self._on_undo_button_clicked)
        p.clear_button.clicked.connect(self._on_clear_button_clicked)
        p.back_button.clicked.connect(self.show_drawing)
        p.heat_combo.currentIndexChanged.connect(self._on_heat_combo_current_index_changed)
        p.detail_pane.hovered.connect(self._on_detail_pane_hovered)
        self.canvas.drawing.changed.connect(self._on_drawing_changed)
        self.pages.currentChanged.connect(self._on_pages_current_changed)
        self.feature_page.map_clicked.connect(self._on_feature_page_map_clicked)
        self.feature_page.unit_hovered.connect(self._on_feature_page_unit_hovered)
        self.saliency_page.target_chosen.connect(self._on_saliency_page_target_chosen)
        self.saliency_page.integrated_toggled.connect(self._on_saliency_page_integrated_toggled)
        mnist_folder.notifier().changed.connect(self._on_mnist_folder_changed)
        self.embedding_page.recompute_requested.connect(self._on_embedding_page_recompute_requested)
        self._build_for_model()
        self._clear_views()

    # ------------------------------------------------------------------------------------------
    # Public

    def set_predictor(self, predictor: Predictor) -> None:
        """Look inside another model from now on."""
        self.predictor = predictor
        self._maps.predictor = predictor
        self._selected = None
        self._picked_unit = self._hover_unit = None
        self._build_for_model()
        self._schedule()

    @Slot(object)
    def set_prediction(self, prediction: Prediction | None) -> None:
        """The Draw tab's latest reading of the drawing (None: nothing drawn)."""
        self._prediction = prediction
        if self._image is None:
            self._schedule()

    def show_image(self, image28: np.ndarray, caption: str = "") -> None:
        """Look at any 28x28 image (float 0..1 or uint8, ink bright) instead of the drawing, until
        the user draws again or goes back to the drawing. ``caption`` says where it came from."""
        self._image = as_image28(image28)
        self.set_target(None)  # another image: the saliency is for what it is read as
        p = self.input_panel
        p.banner_label.setText(self.tr("Showing <b>{0}</b>, not your drawing.").format(caption or self.tr("an image")))
        p.banner.show()
        self._schedule()

    @Slot()
    def show_drawing(self) -> None:
        """Go back to the drawing after :meth:`show_image`."""
        if self._image is None:
            return
        self._image = None
        self.input_panel.banner.hide()
        self._schedule()

    def showing_drawing(self) -> bool:
        return self._image is None

    def current_image(self) -> np.ndarray | None:
        """The 28x28 input now shown (None: nothing drawn)."""
        if self._image is not None:
            return self._image
        pred = self._prediction
        return None if pred is None or pred.preprocessed is None else pred.preprocessed.image

    def current_page(self) -> str:
        return PAGES[self.pages.currentIndex()][0]

    def select_page(self, name: str) -> None:
        keys = [k for k, _ in PAGES]
        if name not in keys:
            raise ValueError(f"unknown page {name!r}; choose one of {', '.join(keys)}")
        self.pages.setCurrentIndex(keys.index(name))

    @property
    def target(self) -> int | None:
        """The digit the saliency maps explain (None: the predicted one)."""
        return self._target

    def set_target(self, target: int | None) -> None:
        self._target = None if target is None else int(target)
        self.saliency_page.set_target(self._target)
        self._schedule()

    def set_heat_method(self, key: str) -> None:
        keys = [k for k, _ in HEAT_CHOICES]
        self.input_panel.heat_combo.setCurrentIndex(keys.index(key))

    def select_map(self, layer: str, k: int) -> None:
        """Enlarge map ``k`` of ``layer`` beside the input."""
        self._selected = (layer, int(k))
        self._picked_unit = self._hover_unit = None
        self.feature_page.select(layer, int(k))
        self._show_detail()

    @property
    def selected_map(self) -> tuple[str, int] | None:
        return self._selected

    def set_mnist_folder(self, folder: str | Path | None) -> None:
        """Use ``folder`` as the app's MNIST folder (None: the app's cache), kept in the settings
        and seen by every tab; the map of digits is made from it when it was missing."""
        mnist_folder.set_folder(folder)  # the notifier calls _on_mnist_folder_changed

    @Slot()
    def _on_mnist_folder_changed(self) -> None:
        if self.embedding is None or not self._maps.answered():
            self._maps.forget()
            self.embedding_error = None
            if self.isVisible() and self.current_page() == "embedding":
                self._start_embedding()

    def refresh_now(self) -> None:
        """Bring everything shown up to date with the current input, now."""
        self._pacer.refresh_now()

    def refresh_pending(self) -> bool:
        """A refresh is due or half done."""
        return self._pacer.pending()

    @property
    def refresh_count(self) -> int:
        return self._pacer.refresh_count

    @property
    def last_refresh_ms(self) -> float:
        return self._pacer.last_refresh_ms

    def shutdown(self) -> None:
        """Stop background work (the window is closing)."""
        self._pacer.stop()
        self._maps.stop(5000)
        self.embedding_page.getter.shutdown()

    def _schedule(self) -> None:
        """Note that what is shown is out of date; it is refreshed at the next allowed moment."""
        self._pacer.request()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._pacer.dirty:
            self._schedule()
        if self.current_page() == "embedding":
            self._ensure_embedding()

    # ------------------------------------------------------------------------------------------
    # The refresh

    def _model_key(self) -> tuple:
        """Tells one set of weights from another (a model trained further in place included)."""
        params = list(self.predictor.model.parameters())
        first, last = params[0].detach(), params[-1].detach()
        return (id(self.predictor), float(first.sum()), float(first.abs().sum()),
                float(last.sum()), float(last.abs().sum()))

    def _refresh_input(self) -> None:
        """The first half of a refresh: the passes through the network and the left column."""
        model, pre = self.predictor.model, self.predictor.preprocess
        page = self.current_page()
        img = self.current_image()
        want_ig = self.input_panel.heat_method == "integrated_gradients" or (
            page == "saliency" and self.saliency_page.integrated)
        self._key = None
        if want_ig or page in ("kernels", "embedding", "robustness"):  # the pages that keep results
            self._key = self._weights_key = self._model_key()
        self._img = img
        if img is None:
            self.explanation = None
            self.heats = {}
            self._clear_views()
            return
        e = explain_input(model, img, pre, target=self._target,
                          temperature=self.predictor.calibration.temperature)
        self.explanation = e
        self.heats = {"grad_cam": e.grad_cam, "gradient_x_input": e.gradient_x_input}
        if want_ig:
            self.heats["integrated_gradients"] = self._slow_result(
                ("integrated_gradients", e.target), img, self._key,
                lambda: integrated_gradients(model, img, pre, e.target)[0])
        self._show_input(img, e)

    def _refresh_page(self) -> None:
        """The second half: the page on show."""
        model, pre = self.predictor.model, self.predictor.preprocess
        page = self.current_page()
        e, img, key = self.explanation, self._img, self._key
        if e is not None and img is not None:
            if page == "layers":
                self.feature_page.build(model, e.layers)
                self.feature_page.show_layers(e.layers)
                if self._selected is not None:
                    self.feature_page.select(*self._selected)
            elif page == "convolution":
                self.conv_page.set_input(model, pre, img, e.layers)
            elif page == "saliency":
                self.saliency_page.show_maps(img, self.heats, e.target, e.digit,
                                             float(e.probabilities[e.target]), e.probabilities)
            elif page == "robustness":
                before = self._slow.get(("robustness",))
                probes = self._slow_result(("robustness",), img, key,
                                           lambda: robustness_probes(
                                               model, img, pre, PROBES,
                                               temperature=self.predictor.calibration.temperature))
                if before is None or probes is not before[2]:
                    self.robustness_page.show_probes(probes, e.digit, img)
                stale = before is not None and probes is before[2] and img is not before[0]
                self.robustness_page.set_waiting(stale)
        if page == "kernels" and key != self._kernels_key:
            self._kernels_key = key
            self.kernels_page.set_model(model)
        if page == "embedding":
            self._update_embedding_point()

    def _build_for_model(self) -> None:
        """Lay out the per-layer cards for the model's architecture (from a blank input), so they
        are in place, and laid out, before the first real input arrives."""
        model = self.predictor.model
        self.conv_page.set_model(model)
        self.summary_page.set_model(model, self.predictor.name)
        blank = np.zeros((28, 28), np.float32)
        layers = explain_input(model, blank, self.predictor.preprocess, saliency=False).layers
        self.feature_page.build(model, layers)
        cam = {a.name: a for a in layers}.get(last_conv_block(model))
        if cam is not None and cam.values.ndim == 3:
            self.saliency_page.set_cam_size(*cam.values.shape[1:])

    def _slow_result(self, what: tuple, img: np.ndarray, key: tuple | None, compute):
        """A slow extra (tens of passes) for this input, remembered. While a stroke is being drawn
        the last one stands in: the canvas comes first, and the extra catches up when the pen
        lifts."""
        last = self._slow.get(what)
        drawing_now = self._image is None and self.canvas.drawing.live is not None
        if last is not None and ((last[0] is img and last[1] == key) or drawing_now):
            return last[2]
        value = compute()
        self._slow[what] = (img, key, value)
        return value

    def _clear_views(self) -> None:
        self.input_panel.clear()
        self.conv_page.set_input(self.predictor.model, self.predictor.preprocess, None, [])
        self.empty_note.setVisible(True)
        self.saliency_page.show_maps(None, {}, None, None, None)
        self.robustness_page.show_probes({}, None)
        self.embedding_page.set_current(None, None)
        self.current_point = None

    def _show_input(self, img: np.ndarray, e: Explanation) -> None:
        p = self.input_panel
        self.empty_note.setVisible(False)
        p.show_input(img, e.digit, float(e.probabilities[e.digit]))
        # the heat map, on the input and on the canvas
        method = p.heat_method
        heat = self.heats.get(method) if method != "off" else None
        caption = ""
        if heat is not None:
            who = self.tr("the prediction") if self._target is None else self.tr("the chosen digit")
            caption = self.tr("{0} for <b>{1}</b> ({2}): warm marks what raised its score. Pick the digit on the "
                              "Saliency page.").format(method_title(method), e.target, who)
        p.show_heat(heat, caption)
        pred = self._prediction
        on_canvas = self._image is None and pred is not None and pred.preprocessed is not None
        p.show_heat_on_canvas(heat if on_canvas else None, pred.preprocessed if on_canvas else None)
        self._show_detail()

    def _show_detail(self) -> None:
        """The enlarged map and the receptive field of its strongest (or hovered) unit."""
        e = self.explanation
        if e is None:
            return
        maps = {a.name: a for a in e.layers if a.values.ndim == 3}
        if not maps:
            return
        if self._selected is None or self._selected[0] not in maps:
            first = next(iter(maps))
            self._selected = (first, 0)
            self.feature_page.select(first, 0)
        layer, k = self._selected
        values = maps[layer].values
        k = min(k, values.shape[0] - 1)
        m = values[k]
        scaled = signed_scale(m[None], True)[0] if self.feature_page.per_map else signed_scale(values, False)[k]
        fits = [u for u in (self._hover_unit, self._picked_unit)
                if u is not None and u[:2] == (layer, k) and u[2] < m.shape[0] and u[3] < m.shape[1]]
        if fits:
            y, x = fits[0][2], fits[0][3]
            which = self.tr("this unit")
        else:
            y, x = (int(v) for v in np.unravel_index(int(np.argmax(m)), m.shape))
            which = self.tr("its strongest unit")
        field = receptive_field(self.predictor.model, layer, y, x)
        self.input_panel.show_map(scaled, self.tr("{0} · map {1} · {2}×{3}").format(layer, k, m.shape[0], m.shape[1]),
                                  (y, x), field,
                                  self.tr("{0} of {1} map {2}: row {3}, column {4}, value {5}").format(
                                      which, layer, k, y, x, i18n.signed(float(m[y, x]), 2)),
                                  short_caption=self.tr("{0} · map {1}").format(layer, k))

    def _mark_field(self, layer: str, y: int, x: int) -> None:
        self.input_panel.mark_field(receptive_field(self.predictor.model, layer, y, x))

    # ------------------------------------------------------------------------------------------
    # The map of digits

    def _ensure_embedding(self) -> None:
        if not self._maps.answered() and not self._maps.busy:
            self._start_embedding()

    def _start_embedding(self) -> None:
        self.embedding_error = None
        self._maps.start(self._model_key())

    def _update_embedding_point(self) -> None:
        self._ensure_embedding()
        emb, e = self.embedding, self.explanation
        if emb is None:
            return
        self.embedding_page.set_stale(self._emb_key is not None and self._weights_key is not None
                                      and self._emb_key[1:] != self._weights_key[1:])
        if e is None:
            self.current_point = None
            self.embedding_page.set_current(None, None)
            return
        self.current_point = emb.project(e.penultimate)[0]
        self.embedding_page.set_current(self.current_point, e.digit)

    @Slot(float)
    def _on_maps_progressed(self, fraction: float) -> None:
        self.embedding_page.show_computing(fraction, digit_map.EMBEDDING_SIZE)

    @Slot(object, object, str)
    def _on_maps_made(self, emb: Embedding, key: tuple, mnist_source: str) -> None:
        self.embedding = emb
        self._emb_key = key
        self.embedding_page.set_embedding(emb, digit_map.mapped_layer_name(self.predictor.model), mnist_source)
        self._update_embedding_point()
        self.embedding_finished.emit()

    @Slot(str, list)
    def _on_maps_missing(self, cache: str, looked: list) -> None:
        self.embedding_error = self.tr("MNIST not found")
        self.embedding_page.show_missing(cache, looked)
        self.embedding_finished.emit()

    @Slot(str)
    def _on_maps_failed(self, message: str) -> None:
        self.embedding_error = message
        self.embedding_page.show_failed(message)
        self.embedding_finished.emit()

    @Slot()
    def _on_maps_idle(self) -> None:
        if not self._maps.answered() and self.isVisible() and self.current_page() == "embedding":
            self._start_embedding()  # the model changed while the map was being made

    @Slot()
    def _on_embedding_page_recompute_requested(self) -> None:
        self._maps.forget()
        self._start_embedding()

    # ------------------------------------------------------------------------------------------
    # Slots

    @Slot()
    def _on_drawing_changed(self) -> None:
        if not self.canvas.drawing.has_ink() and self._target is not None:
            self.set_target(None)  # a new drawing: its saliency is for what it is read as again
        if self._image is not None and self.isVisible():
            self.show_drawing()  # drawing again: look at the drawing

    @Slot(int)
    def _on_pages_current_changed(self, _i: int) -> None:
        self._schedule()
        if self.current_page() == "embedding" and self.isVisible():
            self._ensure_embedding()

    @Slot(int)
    def _on_heat_combo_current_index_changed(self, _i: int) -> None:
        self._schedule()

    @Slot(object)
    def _on_saliency_page_target_chosen(self, target) -> None:
        self._target = target
        self._schedule()

    @Slot(bool)
    def _on_saliency_page_integrated_toggled(self, _on: bool) -> None:
        self._schedule()

    @Slot(str, int, int, int)
    def _on_feature_page_map_clicked(self, layer: str, k: int, y: int, x: int) -> None:
        self.select_map(layer, k)
        self._picked_unit = (layer, k, y, x)
        self.conv_page.select(layer, k, (y, x))
        self._show_detail()

    @Slot(str, int, int, int)
    def _on_feature_page_unit_hovered(self, layer: str, k: int, y: int, x: int) -> None:
        if k < 0:
            self._show_detail()  # back to the enlarged map's field
            return
        self._mark_field(layer, y, x)

    @Slot(float, float)
    def _on_detail_pane_hovered(self, x: float, y: float) -> None:
        if self._selected is None or self.explanation is None:
            return
        layer, k = self._selected
        e = {a.name: a for a in self.explanation.layers}.get(layer)
        if e is None:
            return
        h, w = e.values.shape[1:]
        if 0 <= x < w and 0 <= y < h:
            self._hover_unit = (layer, k, int(y), int(x))
        else:
            self._hover_unit = None
        self._show_detail()

    @Slot()
    def _on_undo_button_clicked(self) -> None:
        self.canvas.undo()

    @Slot()
    def _on_clear_button_clicked(self) -> None:
        self.canvas.clear()
