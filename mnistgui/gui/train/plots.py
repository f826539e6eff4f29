"""The live training curves: per batch loss and accuracy, per epoch train/validation, learning rate.

Every curve is created once. Its points live in preallocated numpy buffers that double when
full; a refresh hands the curve views of the filled part (``setData``), and only curves that
received points since the last refresh are touched. Long histories stay cheap to draw through
``setDownsampling(auto=True, mode='peak')`` and ``setClipToView(True)``.

Refreshes are coalesced by a timer, so however often points arrive each plot redraws a few
times a second; and each plot is a view of its own, refreshed in turn, so their repaints fall in
separate passes of the event loop instead of one long one.

Every line is drawn with a one-pixel cosmetic pen, told apart by colour: Qt strokes wider lines,
antialiased or not, several times slower (with 200k points per curve, a repaint of the five
plots takes about 2 ms with one-pixel pens and 17 ms with two-pixel ones; bench/plot_refresh.py).
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from mnistgui.core.events import BatchMetrics, EpochMetrics
from mnistgui.gui.widgets import style

TRAIN = "#2f6fed"
TRAIN_RAW = "#b9cdf8"
VAL = "#e8590c"
BEST = "#16a34a"
LR = "#7c3aed"
PATIENCE = (232, 89, 12, 16)

REFRESH_MS = 250  # a plot with new points is redrawn within this: each about 3-4 times a second
ENVELOPE_ABOVE = 4096  # points; see Series
MAX_SYMBOLS = 60  # epochs shown with a marker each; beyond, the epoch curves are plain lines
SMOOTHING = 0.95  # exponential moving average of the per-batch curves, with bias correction


class Series:
    """x and y in preallocated buffers that double when full, drawn by one curve.

    Up to :data:`ENVELOPE_ABOVE` points the curve is handed views of the buffers themselves, and
    pyqtgraph's peak downsampling and clip-to-view reduce them to what the plot's width can show.
    Longer histories would make every refresh cost time in proportion to their length (pyqtgraph
    downsamples and bounds the whole array on each ``setData``), so beyond that the series also
    keeps a min/max envelope, bins of 2^k points that merge pairwise when there are too many,
    updated only for the new points; the curve is handed views of the envelope instead, and the
    cost of a refresh stays flat. When the view is zoomed in to fewer points than that, the
    curve gets the full-resolution buffers again (clip-to-view keeps that cheap).
    """

    def __init__(self, curve: pg.PlotDataItem, capacity: int = 1024) -> None:
        self.curve = curve
        self.n = 0
        self.x = np.empty(capacity, dtype=np.float64)
        self.y = np.empty(capacity, dtype=np.float64)
        self.dirty = False
        self.ymin, self.ymax = np.inf, -np.inf  # of every point so far
        self._bin = 1  # raw points per envelope bin
        self._bins = 0  # complete bins in the envelope
        self._ex = np.empty(2 * ENVELOPE_ABOVE + 4, dtype=np.float64)
        self._ey = np.empty(2 * ENVELOPE_ABOVE + 4, dtype=np.float64)
        self.full_resolution = True  # what the curve was last handed

    def extend(self, x: np.ndarray, y: np.ndarray) -> None:
        k = len(x)
        if k == 0:
            return
        need = self.n + k
        if need > len(self.x):
            cap = len(self.x)
            while cap < need:
                cap *= 2
            for name in ("x", "y"):
                old = getattr(self, name)
                new = np.empty(cap, dtype=old.dtype)
                new[: self.n] = old[: self.n]
                setattr(self, name, new)
        self.x[self.n : need] = x
        self.y[self.n : need] = y
        self.n = need
        self.dirty = True
        self.ymin = min(self.ymin, float(np.min(y)))
        self.ymax = max(self.ymax, float(np.max(y)))
        if self.n > ENVELOPE_ABOVE:
            self._update_envelope()

    def _update_envelope(self) -> None:
        if self._bin == 1:  # first time over the limit: start with bins of 4
            self._bin, self._bins = 4, 0
        b = self._bin
        done = self._bins * b
        full = (self.n - done) // b
        if full:
            ys = self.y[done : done + full * b].reshape(full, b)
            xs = self.x[done : done + full * b].reshape(full, b)
            i = 2 * self._bins
            j = i + 2 * full
            if j > len(self._ex):
                self._merge()
                return self._update_envelope()
            self._ex[i:j:2] = xs[:, 0]
            self._ex[i + 1 : j : 2] = xs[:, -1]
            self._ey[i:j:2] = ys.max(axis=1)
            self._ey[i + 1 : j : 2] = ys.min(axis=1)
            self._bins += full
            if 2 * self._bins > ENVELOPE_ABOVE:
                self._merge()

    def _merge(self) -> None:
        """Halve the envelope: every two bins become one."""
        pairs = self._bins // 2
        ex = self._ex[: 4 * pairs].reshape(pairs, 4)
        ey = self._ey[: 4 * pairs].reshape(pairs, 4)
        mx = ey.max(axis=1)
        mn = ey.min(axis=1)
        first, last = ex[:, 0].copy(), ex[:, 3].copy()
        self._ex[0 : 2 * pairs : 2] = first
        self._ex[1 : 2 * pairs : 2] = last
        self._ey[0 : 2 * pairs : 2] = mx
        self._ey[1 : 2 * pairs : 2] = mn
        self._bins = pairs
        self._bin *= 2

    def clear(self) -> None:
        self.n = 0
        self._bin, self._bins = 1, 0
        self.ymin, self.ymax = np.inf, -np.inf
        self.dirty = True

    def flush(self, visible_points: int | None = None) -> None:
        """Hand the curve its data if it changed. ``visible_points``: how many of the points
        the view shows (None: all)."""
        if not self.dirty:
            return
        self.dirty = False
        shown = self.n if visible_points is None else visible_points
        if self.n <= ENVELOPE_ABOVE or shown <= ENVELOPE_ABOVE:
            self.full_resolution = True
            self.curve.setData(self.x[: self.n], self.y[: self.n])
            return
        # the envelope, with the points after its last complete bin as one more bin
        i = 2 * self._bins
        tail = slice(self._bins * self._bin, self.n)
        if tail.start < self.n:
            self._ex[i], self._ex[i + 1] = self.x[tail.start], self.x[self.n - 1]
            ty = self.y[tail]
            self._ey[i], self._ey[i + 1] = ty.max(), ty.min()
            i += 2
        self.full_resolution = False
        self.curve.setData(self._ex[:i], self._ey[:i])


def _ema(values: np.ndarray, state: list[float], beta: float = SMOOTHING) -> np.ndarray:
    """Bias-corrected exponential moving average, continued from ``state`` = [ema, count]."""
    out = np.empty(len(values))
    ema, k = state
    for i, v in enumerate(values):
        k += 1
        ema = beta * ema + (1 - beta) * float(v)
        out[i] = ema / (1 - beta**k)
    state[0], state[1] = ema, k
    return out


#: the width of a plot's left axis, in pixels (see style_plot)
LEFT_AXIS = 44
_TITLE_SIZE = "8.5pt"


def style_plot(plot: pg.PlotItem, title: str, *, legend: str = "", percent: bool = False) -> None:
    """The app's look for a plot: its ``title``, and after it the ``legend`` (of :func:`_legend`),
    on one line where the plot is wide enough, else on two (see :class:`_TitleFitter`)."""
    plot.setMenuEnabled(False)
    # the plot's own settings, which it applies to every curve added to it
    plot.setDownsampling(auto=True, mode="peak")
    plot.setClipToView(True)
    if legend:
        forms = (title + "&nbsp;&nbsp;" + legend, title + "<br>" + legend)
    else:
        forms = (title, _two_lines(title))
    plot._title_fitter = _TitleFitter(plot, forms)
    for name in ("left", "bottom"):
        ax = plot.getAxis(name)
        ax.setPen(pg.mkPen(style.BORDER))
        ax.setTextPen(pg.mkPen(style.MUTED))
    plot.getAxis("left").setWidth(LEFT_AXIS)
    vb = plot.getViewBox()
    vb.setDefaultPadding(0.03)
    if percent:
        vb.setLimits(yMin=-2, yMax=102)


def make_curve(plot: pg.PlotItem, color: str, symbol: str | None = None,
               antialias: bool = True) -> pg.PlotDataItem:
    kw = {}
    if symbol:
        kw = {"symbol": symbol, "symbolSize": 6, "symbolBrush": color, "symbolPen": pg.mkPen(style.CARD, width=1)}
    item = pg.PlotDataItem(pen=pg.mkPen(color, width=1), antialias=antialias, **kw)  # see the module's docstring
    item.setSkipFiniteCheck(True)
    plot.addItem(item)
    item.setDownsampling(auto=True, method="peak")
    item.setClipToView(True)
    # peak downsampling keeps each bin's minimum and maximum, so one bin per pixel column draws
    # the same envelope as pyqtgraph's default of five, with a fifth of the points
    item.opts["autoDownsampleFactor"] = 1.0
    return item


class _TitleFitter(QObject):
    """Keeps a plot's title within the plot's width: the first of its forms (one line, then two)
    that fits the plot is shown. (A title wider than its plot would widen the plot past its view
    and crop its right side, axis and all, so the title never asks for more than the plot has.)"""

    def __init__(self, plot: pg.PlotItem, forms: Sequence[str]) -> None:
        super().__init__(plot)
        self._plot = plot
        self.forms = tuple(dict.fromkeys(forms))  # without repeats
        label = plot.titleLabel
        # pyqtgraph's label asks for its text's width whenever it is set or resized; this one asks
        # for its height only, so the plot's width is the layout's to give and picks the form
        label.updateMin = lambda: _height_only(label)
        self._widths = []
        for text in self.forms:
            self._show(text)
            self._widths.append(plot.titleLabel.item.boundingRect().width())
        self.shown = ""
        plot.geometryChanged.connect(self._on_plot_geometry_changed)
        self.fit(plot.size().width())

    def fit(self, width: float) -> None:
        """Show the first form that fits a plot ``width`` pixels wide (else the last)."""
        room = width - LEFT_AXIS - 12  # the axis, the plot's margins and a few pixels to spare
        text = next((t for t, w in zip(self.forms, self._widths) if w <= room), self.forms[-1])
        if text != self.shown:
            self._show(text)
            self.shown = text

    def _show(self, text: str) -> None:
        plot = self._plot
        plot.setTitle(text, size=_TITLE_SIZE, color=style.TEXT)
        # pyqtgraph's title row is 30 pixels high: two lines need a little more
        h = max(30.0, math.ceil(plot.titleLabel.itemRect().height()))
        plot.titleLabel.setMaximumHeight(h)
        plot.layout.setRowFixedHeight(0, h)

    @Slot()
    def _on_plot_geometry_changed(self) -> None:
        self.fit(self._plot.size().width())


def _height_only(label: pg.LabelItem) -> None:
    """What ``LabelItem.updateMin`` does, less the width: the label's text's height, as its minimum
    and preferred height, and no width of its own."""
    h = label.itemRect().height()
    label.setMinimumWidth(0)
    label.setMinimumHeight(h)
    label._sizeHint = {Qt.SizeHint.MinimumSize: (0, h), Qt.SizeHint.PreferredSize: (0, h),
                       Qt.SizeHint.MaximumSize: (-1, -1), Qt.SizeHint.MinimumDescent: (0, 0)}
    label.updateGeometry()


def _two_lines(title: str) -> str:
    """``title`` broken at the space nearest its middle (as it is, with no space)."""
    spaces = [i for i, c in enumerate(title) if c == " "]
    if not spaces:
        return title
    k = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return title[:k] + "<br>" + title[k + 1:]


def _legend(*pairs: tuple[str, str]) -> str:
    return "&nbsp; ".join(f"<span style='color:{c}'>&#9632;</span>&nbsp;{t}" for t, c in pairs)


class TrainingPlots(QWidget):
    """Five plots sharing one x axis in epochs: the run's planned length, so curves grow across."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # one view per plot: each repaints on its own, so no single paint holds the GUI thread long
        self.views = [pg.PlotWidget(background=style.CARD) for _ in range(5)]
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 10, 4)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        for (row, col, span), view in zip(((0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1), (2, 0, 2)), self.views):
            view.setMinimumSize(160, 110)
            grid.addWidget(view, row, col, 1, span)
        grid.setRowStretch(0, 5)
        grid.setRowStretch(1, 5)
        grid.setRowStretch(2, 3)
        #: why the training loss sits above the validation loss, when it does (see set_run_notes)
        self.note = QLabel("")
        self.note.setObjectName("Muted")
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        grid.addWidget(self.note, 3, 0, 1, 2)
        self.batch_loss, self.batch_acc, self.epoch_loss, self.epoch_acc, self.lr_plot = (
            v.getPlotItem() for v in self.views)
        self.plots = (self.batch_loss, self.batch_acc, self.epoch_loss, self.epoch_acc, self.lr_plot)

        raw, smoothed = self.tr("raw"), self.tr("smoothed")
        train, validation = self.tr("train"), self.tr("validation")
        per_batch, per_epoch = _legend((raw, TRAIN_RAW), (smoothed, TRAIN)), _legend((train, TRAIN), (validation, VAL))
        style_plot(self.batch_loss, self.tr("Loss per batch"), legend=per_batch)
        style_plot(self.batch_acc, self.tr("Accuracy per batch, %"), legend=per_batch, percent=True)
        style_plot(self.epoch_loss, self.tr("Loss per epoch"), legend=per_epoch)
        style_plot(self.epoch_acc, self.tr("Accuracy per epoch, %"), legend=per_epoch, percent=True)
        style_plot(self.lr_plot, self.tr("Learning rate"))
        self.lr_plot.getAxis("bottom").setLabel(self.tr("epoch"), color=style.MUTED)
        for p in (self.batch_acc, self.epoch_loss, self.epoch_acc):  # same width: zoom one, all follow
            p.setXLink(self.batch_loss)
        for p in self.plots:
            p.getViewBox().enableAutoRange(x=False, y=True)
            p.getViewBox().setAutoVisible(y=True)
        # The per-batch plots get their y range from here, with some slack, so it changes only now
        # and then: a new range redraws the axes as well as the curves, several times the work.
        # Zooming or panning by hand leaves the range to the user (until the next run).
        self._fitted = (self.batch_loss, self.batch_acc, self.lr_plot)
        self._manual: set = set()
        for p in self._fitted:
            vb = p.getViewBox()
            vb.enableAutoRange(y=False)
            vb.sigRangeChangedManually.connect(self._on_view_range_changed_manually)

        self.loss_raw = Series(make_curve(self.batch_loss, TRAIN_RAW, antialias=False))
        self.loss_smooth = Series(make_curve(self.batch_loss, TRAIN))
        self.acc_raw = Series(make_curve(self.batch_acc, TRAIN_RAW, antialias=False))
        self.acc_smooth = Series(make_curve(self.batch_acc, TRAIN))
        self.lr = Series(make_curve(self.lr_plot, LR))
        self.train_loss = Series(make_curve(self.epoch_loss, TRAIN, "o"), 64)
        self.val_loss = Series(make_curve(self.epoch_loss, VAL, "o"), 64)
        self.train_acc = Series(make_curve(self.epoch_acc, TRAIN, "o"), 64)
        self.val_acc = Series(make_curve(self.epoch_acc, VAL, "o"), 64)
        self.batch_series = (self.loss_raw, self.loss_smooth, self.acc_raw, self.acc_smooth, self.lr)
        self.series = (*self.batch_series, self.train_loss, self.val_loss, self.train_acc, self.val_acc)
        # the series each plot draws, refreshed in turn by the timer
        self.groups = ((self.batch_loss, (self.loss_raw, self.loss_smooth)),
                       (self.batch_acc, (self.acc_raw, self.acc_smooth)),
                       (self.epoch_loss, (self.train_loss, self.val_loss)),
                       (self.epoch_acc, (self.train_acc, self.val_acc)),
                       (self.lr_plot, (self.lr,)))
        self._next_group = 0
        self._symbols = True
        self.batch_loss.getViewBox().sigXRangeChanged.connect(self._on_view_x_changed)

        # the best epoch: a dashed line on both epoch plots and a star on the validation curves
        best_pen = pg.mkPen(BEST, width=1, style=Qt.PenStyle.DashLine)
        self.best_lines = []
        self.best_marks = []
        for plot in (self.epoch_loss, self.epoch_acc):
            line = pg.InfiniteLine(angle=90, movable=False, pen=best_pen)
            line.setVisible(False)
            plot.addItem(line)
            # a ring around the best validation point, under it: the point keeps its own colour
            # (the legend's), the ring says "best"
            mark = pg.ScatterPlotItem(symbol="o", size=17, brush=pg.mkBrush(None), pen=pg.mkPen(BEST, width=2))
            mark.setZValue(-5)
            plot.addItem(mark)
            self.best_lines.append(line)
            self.best_marks.append(mark)
        # early stopping: the window of epochs it waits for an improvement, shaded
        self.patience_regions = []
        for plot in (self.epoch_loss, self.epoch_acc):
            region = pg.LinearRegionItem(values=(0, 1), movable=False, brush=pg.mkBrush(*PATIENCE),
                                         pen=pg.mkPen(None))
            region.setZValue(-20)
            region.setVisible(False)
            plot.addItem(region)
            self.patience_regions.append(region)

        self._loss_ema = [0.0, 0]
        self._acc_ema = [0.0, 0]
        self._planned = 1.0
        self.best_epoch = 0
        self.epochs: list[EpochMetrics] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.lr_ticks: list[str] = []
        self._reset_y_ranges()
        self.set_planned_epochs(3)

    # ------------------------------------------------------------------------------------------
    # Feeding

    def reset(self, planned_epochs: int = 3) -> None:
        for s in self.series:
            s.clear()
        self._loss_ema = [0.0, 0]
        self._acc_ema = [0.0, 0]
        self.best_epoch = 0
        self.epochs = []
        for item in (*self.best_lines, *self.patience_regions):
            item.setVisible(False)
        for m in self.best_marks:
            m.setData([], [])
        self._manual.clear()
        for p in self._fitted:
            p.getViewBox().enableAutoRange(y=False)
        self._reset_y_ranges()
        self.set_planned_epochs(planned_epochs)
        self.refresh()

    def set_run_notes(self, label_smoothing: float, augment: bool) -> None:
        """Say, beside the curves, why the training loss levels off above the validation loss:
        it is measured on augmented digits and against smoothed labels, the validation loss on
        clean digits and plain labels."""
        why = []
        if augment:
            why.append(self.tr("on augmented (slanted, rotated, thickened) digits"))
        if label_smoothing > 0:
            why.append(self.tr("against labels smoothed by {0}, so even a perfect reading scores a loss above zero").format(
                QLocale().toString(float(label_smoothing), "g", 6)))
        self.note.setText(self.tr("The training loss is measured {0}; the validation loss on clean digits and plain "
                                  "labels. So the training loss levels off above the validation loss: that is "
                                  "expected, not a sign of trouble.").format(self.tr(" and ").join(why)) if why else "")
        self.note.setVisible(bool(why))

    def set_planned_epochs(self, epochs: float) -> None:
        """Show the x range of the whole run (0 .. planned epochs), with a margin on the right so
        the last epoch's points (at x = epochs) sit inside the plots, not on their edge."""
        self._planned = max(1.0, float(epochs))
        right = self._planned + max(0.12, 0.04 * self._planned)
        self.batch_loss.setXRange(0, right, padding=0)
        self.lr_plot.setXRange(0, right, padding=0)

    def _reset_y_ranges(self) -> None:
        """Before a run's first points: the ranges every run starts from, not the last run's."""
        for plot, (lo, hi) in ((self.batch_loss, (0.0, 2.5)), (self.epoch_loss, (0.0, 2.5)),
                               (self.batch_acc, (0.0, 100.0)), (self.epoch_acc, (0.0, 100.0)),
                               (self.lr_plot, (0.0, 1e-3))):
            plot.getViewBox().setYRange(lo, hi, padding=0.03)
        for plot in (self.epoch_loss, self.epoch_acc):  # they follow the new run's points again
            plot.getViewBox().enableAutoRange(y=True)
        self._lr_ticks(0.0, 1e-3)

    def _lr_ticks(self, lo: float, hi: float) -> None:
        """Three labelled ticks on the learning rate's axis (its values are a few thousandths:
        the axis's own labels round them all to "0")."""
        lo = max(0.0, lo)
        vals = (lo, (lo + hi) / 2, hi) if hi > lo else (hi,)
        self.lr_plot.getAxis("left").setTicks([[(v, f"{v:.2g}") for v in vals], []])
        self.lr_ticks = [f"{v:.2g}" for v in vals]

    @property
    def batch_count(self) -> int:
        return self.loss_raw.n

    def add_batches(self, batches: Sequence[BatchMetrics]) -> None:
        if not batches:
            return
        x = np.fromiter((b.step / b.batches for b in batches), dtype=np.float64, count=len(batches))
        loss = np.fromiter((b.loss for b in batches), dtype=np.float64, count=len(batches))
        acc = np.fromiter((b.accuracy * 100.0 for b in batches), dtype=np.float64, count=len(batches))
        lr = np.fromiter((b.lr for b in batches), dtype=np.float64, count=len(batches))
        self.add_batch_arrays(x, loss, acc, lr)

    def add_batch_arrays(self, x: np.ndarray, loss: np.ndarray, acc_percent: np.ndarray, lr: np.ndarray) -> None:
        self.loss_raw.extend(x, loss)
        self.loss_smooth.extend(x, _ema(loss, self._loss_ema))
        self.acc_raw.extend(x, acc_percent)
        self.acc_smooth.extend(x, _ema(acc_percent, self._acc_ema))
        self.lr.extend(x, lr)
        if len(x) and x[-1] > self._planned:
            self.set_planned_epochs(np.ceil(x[-1]))
        self._schedule()

    def add_epoch(self, e: EpochMetrics) -> None:
        self.epochs.append(e)
        ex = np.array([float(e.epoch)])
        self.train_loss.extend(ex, np.array([e.train_loss]))
        self.val_loss.extend(ex, np.array([e.val_loss]))
        self.train_acc.extend(ex, np.array([e.train_accuracy * 100.0]))
        self.val_acc.extend(ex, np.array([e.val_accuracy * 100.0]))
        if e.epochs != self._planned:
            self.set_planned_epochs(e.epochs)
        self._show_best(e)
        self._schedule()

    def _show_best(self, e: EpochMetrics) -> None:
        self.best_epoch = e.best_epoch
        if e.best_epoch < 1:
            return
        by_epoch = {m.epoch: m for m in self.epochs}
        best = by_epoch.get(e.best_epoch)
        for line in self.best_lines:
            line.setPos(e.best_epoch)
            line.setVisible(True)
        if best is not None:
            self.best_marks[0].setData([best.epoch], [best.val_loss])
            self.best_marks[1].setData([best.epoch], [best.val_accuracy * 100.0])
        if e.patience > 0:
            end = e.best_epoch + e.patience
            for region in self.patience_regions:
                region.setRegion((e.best_epoch, end))
                region.setVisible(True)
        else:
            for region in self.patience_regions:
                region.setVisible(False)

    # ------------------------------------------------------------------------------------------
    # Drawing

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start(REFRESH_MS)

    @Slot()
    def refresh(self) -> None:
        """Hand every curve that changed its new points (views of buffers, no copies)."""
        self._timer.stop()
        for plot, group in self.groups:
            self._flush(plot, group)
        self._update_symbols()

    @Slot()
    def _on_timer_timeout(self) -> None:
        """Refresh the next plot with new points; the others follow on later ticks, so the
        repaints they cause are spread over separate passes of the event loop."""
        for k in range(len(self.groups)):
            i = (self._next_group + k) % len(self.groups)
            plot, group = self.groups[i]
            if any(s.dirty for s in group):
                self._flush(plot, group)
                self._next_group = (i + 1) % len(self.groups)
                break
        self._update_symbols()
        if any(s.dirty for s in self.series):
            self._timer.start(REFRESH_MS // len(self.groups) + 1)

    def _flush(self, plot: pg.PlotItem, group) -> None:
        x0, x1 = self.batch_loss.getViewBox().viewRange()[0]
        for s in group:
            if s.n > ENVELOPE_ABOVE and s.dirty:
                lo, hi = s.x[0], s.x[s.n - 1]
                frac = (min(x1, hi) - max(x0, lo)) / max(hi - lo, 1e-12)
                s.flush(int(s.n * min(1.0, max(0.0, frac))))
            else:
                s.flush()
        if plot in self._fitted:
            self._fit_y(plot, group)

    def _fit_y(self, plot: pg.PlotItem, group) -> None:
        """Set the y range to the data's, padded, unless it holds the data and is not too loose."""
        vb = plot.getViewBox()
        if vb in self._manual or vb.autoRangeEnabled()[1]:
            return
        lo = min(s.ymin for s in group)
        hi = max(s.ymax for s in group)
        if not np.isfinite(lo) or not np.isfinite(hi):
            return
        if plot is self.lr_plot:
            lo = 0.0  # the rate from zero: its warm-up and decay read as they are
        span = max(hi - lo, 1e-9 * max(1.0, abs(hi)))
        y0, y1 = vb.viewRange()[1]
        if y0 <= lo and hi <= y1 and (y1 - y0) <= 1.5 * span + 1e-12:
            return
        pad = 0.08 * span
        vb.setYRange(lo - pad, hi + pad, padding=0)
        if plot is self.lr_plot:
            self._lr_ticks(0.0, hi)

    @Slot()
    def _on_view_range_changed_manually(self) -> None:
        vb = self.sender()
        if vb is not None:
            self._manual.add(vb)

    def _update_symbols(self) -> None:
        symbols = self.train_loss.n <= MAX_SYMBOLS
        if symbols != self._symbols:
            self._symbols = symbols
            for s in (self.train_loss, self.val_loss, self.train_acc, self.val_acc):
                s.curve.setSymbol("o" if symbols else None)

    @Slot()
    def _on_view_x_changed(self) -> None:
        """Zoomed or panned: long curves may need another resolution."""
        changed = False
        for s in self.batch_series:
            if s.n > ENVELOPE_ABOVE:
                s.dirty = changed = True
        if changed:
            self._schedule()

    def curve_lengths(self) -> dict[str, int]:
        """Points each curve shows (for tests and benchmarks)."""
        names = ("loss_raw", "loss_smooth", "acc_raw", "acc_smooth", "lr", "train_loss", "val_loss",
                 "train_acc", "val_acc")
        return {n: len(getattr(self, n).curve.xData if getattr(self, n).curve.xData is not None else ())
                for n in names}

