"""Help > Getting Started and Help > Keyboard Shortcuts: what a first-time user needs, in two boxes.

The shortcuts are read from the window's own actions, so the list says what the keys do now.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from mnistgui.gui import i18n

if TYPE_CHECKING:
    from mnistgui.gui.main_window import MainWindow


def getting_started_html() -> str:
    steps = [
        (QCoreApplication.translate("Help", "Draw"), QCoreApplication.translate("Help", "Write a digit on the paper with the mouse, a pen or a finger: the network reads it "
                          "as you write. <i>Show the steps</i> shows the 28×28 image it actually sees. Read "
                          "wrong? Click the right digit under <i>That's a</i> to keep your drawing as a sample.")),
        (QCoreApplication.translate("Help", "Train"), QCoreApplication.translate("Help", "Train a network of your own on MNIST: press <b>Download</b> (about 11 MB) or choose "
                           "a folder that holds it, then <b>Start</b>. The curves grow as it learns; Pause, Stop "
                           "and Continue whenever you like. <i>Evaluation</i> shows which digits it confuses; "
                           "click a cell, then an image, to read it in the Draw tab.")),
        (QCoreApplication.translate("Help", "Fine-tune"), QCoreApplication.translate("Help", "Teach the model your handwriting: <i>Collect</i> about ten of each digit, then "
                               "<i>Fine-tune</i>. The report compares the model before and after on samples "
                               "of yours it did not train on; <i>Models</i> switches or rolls back.")),
        (QCoreApplication.translate("Help", "Inside"), QCoreApplication.translate("Help", "Look inside the network for the digit you draw: each layer's feature maps, the "
                            "kernels, which pixels mattered (saliency), a map of MNIST digits with yours on "
                            "it, and how the reading holds up as the digit is shifted, turned or thickened.")),
    ]
    items = "".join(f"<li><b>{escape(t)}</b>: {d}</li>" for t, d in steps)
    intro = QCoreApplication.translate("Help", "mnistgui has four tabs, each one step further into the network:")
    outro = QCoreApplication.translate(
        "Help", "Help > Keyboard Shortcuts lists the keys. Your drawings, samples, runs and models stay on this computer.")
    return f"<p>{intro}</p><ol>{items}</ol><p>{outro}</p>"


def shortcut_rows(window: MainWindow) -> list[tuple[str, str]]:
    """(keys, what they do) for every action of the window that has a shortcut, once each."""
    seen: set[int] = set()
    rows = []
    actions = list(window.findChildren(QAction))
    for a in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in a.shortcuts() if not k.isEmpty()]
        if not keys or id(a) in seen:
            continue
        seen.add(id(a))
        what = i18n.plain(a.toolTip() if a.toolTip() and i18n.plain(a.toolTip()) != i18n.plain(a.text()) else a.text())
        what = re.sub(r"\s*\([^()]*\)$", "", what) or what  # "Thinner pen ([)": the key is beside it already
        if a in getattr(getattr(window, "menus", None), "tab_actions", ()):
            what = QCoreApplication.translate("Help", "Show the {0} tab").format(what)
        rows.append((" / ".join(list(dict.fromkeys(keys))[:2]), what))  # not the platform's extra bindings
    rows.append((QCoreApplication.translate("Help", "Right button drag"), QCoreApplication.translate("Help", "Erase, on any canvas")))
    return sorted(rows, key=lambda r: r[1].lower())


def shortcuts_html(window: MainWindow) -> str:
    body = "".join(f"<tr><td style='padding-right:16px'><b>{escape(k)}</b></td><td>{escape(w)}</td></tr>"
                   for k, w in shortcut_rows(window))
    return f"<table width='440' cellspacing='0' cellpadding='2'>{body}</table>"


def show_box(window: MainWindow, title: str, html: str) -> QMessageBox:
    """A window-modal box that does not block the event loop (it deletes itself when closed)."""
    box = QMessageBox(QMessageBox.Icon.NoIcon, title, html, QMessageBox.StandardButton.Close, window)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()
    window.last_message = box
    return box
