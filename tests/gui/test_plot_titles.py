"""Plot titles fit their plots: the legend moves to a line of its own, and a title to two lines,
where the plot is too narrow, so no plot is cropped."""

from __future__ import annotations

import pyqtgraph as pg

from mnistgui.gui.train.plots import TrainingPlots, style_plot


def _whole(view: pg.GraphicsView) -> bool:
    """The view's scene fits the view: nothing of the plots is cut on the right."""
    return view.centralWidget.size().width() <= view.width() + 0.5


def test_the_curves_titles_take_two_lines_where_the_plots_are_narrow_and_one_where_wide(qtbot):
    plots = TrainingPlots()
    qtbot.addWidget(plots)
    plots.show()
    qtbot.waitExposed(plots)
    for width, one_line in ((380, False), (1100, True), (380, False)):
        plots.resize(width, 600)
        for view, plot in zip(plots.views[:4], plots.plots[:4]):
            fitter = plot._title_fitter
            qtbot.waitUntil(lambda: ("<br>" not in fitter.shown) == one_line)
            assert fitter.shown in fitter.forms
            assert ("smoothed" if plot in (plots.batch_loss, plots.batch_acc) else "validation") in fitter.shown
            qtbot.waitUntil(lambda: _whole(view))
            # the title's row holds all of its lines
            label = plot.titleLabel
            assert label.itemRect().height() <= plot.layout.rowMinimumHeight(0) + 0.5


def test_two_plots_side_by_side_both_fit_a_narrow_view(qtbot):
    view = pg.GraphicsLayoutWidget()
    qtbot.addWidget(view)
    a, b = view.addPlot(row=0, col=0), view.addPlot(row=0, col=1)
    style_plot(a, "Validation accuracy per epoch, %", percent=True)
    style_plot(b, "Training loss per batch, smoothed")
    one_a, two_a = a._title_fitter.forms
    assert two_a == "Validation accuracy<br>per epoch, %"
    view.show()
    qtbot.waitExposed(view)
    view.resize(1000, 260)
    qtbot.waitUntil(lambda: a._title_fitter.shown == one_a)
    assert b._title_fitter.shown == "Training loss per batch, smoothed"
    # a width at which each plot has room for its title on two lines, not on one
    widths = a._title_fitter._widths
    view.resize(int(2 * (sum(widths) / 2 + 44 + 12) + 30), 260)
    qtbot.waitUntil(lambda: a._title_fitter.shown == two_a and "<br>" in b._title_fitter.shown)
    qtbot.waitUntil(lambda: _whole(view))
    assert b.mapRectToScene(b.boundingRect()).right() <= view.width() + 0.5
    assert a.titleLabel.itemRect().width() <= a.size().width()
