"""The app's look: Fusion with a light palette, and a few rules for cards and tool buttons."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QLabel

ACCENT = "#2f6fed"
ACCENT_SOFT = "#a9c2f7"
UNSURE = "#d97706"
TEXT = "#1f2937"
MUTED = "#6b7280"
FAINT = "#9aa3af"
WINDOW = "#f3f4f6"
CARD = "#ffffff"
BORDER = "#e1e4e9"
BAR = "#c9ced6"

STYLESHEET = f"""
QTabWidget::pane {{ border: none; border-top: 1px solid {BORDER}; background: {WINDOW}; }}
QTabBar::tab {{
    padding: 7px 18px; margin: 0 2px 0 0; border: none; color: {MUTED};
    border-bottom: 2px solid transparent; background: transparent;
}}
QTabBar::tab:selected {{ color: {TEXT}; border-bottom: 2px solid {ACCENT}; }}
QTabBar::tab:hover:!selected {{ color: {TEXT}; }}
QFrame#Card {{ background: {CARD}; border: 1px solid {BORDER}; border-radius: 10px; }}
QLabel#CardTitle {{ color: {MUTED}; font-weight: 600; }}
QLabel#Muted {{ color: {MUTED}; }}
QLabel#Faint {{ color: {FAINT}; }}
QToolButton#Tool {{
    border: 1px solid transparent; border-radius: 6px; padding: 4px 10px; color: {TEXT};
    background: transparent;
}}
QToolButton#Tool:hover {{ background: #e4e7ec; }}
QToolButton#Tool:checked {{ background: #dde7fd; border-color: {ACCENT_SOFT}; color: #1d4ed8; }}
QToolButton#Tool:disabled {{ color: #b3b9c2; }}
QToolButton#Tool:focus {{ border-color: {ACCENT}; }}
QPushButton#Link {{ border: none; color: {ACCENT}; padding: 2px 0; text-align: left; background: transparent; }}
QPushButton#Link:hover {{ text-decoration: underline; }}
QPushButton#Link:focus {{ text-decoration: underline; }}
QStatusBar {{ background: {CARD}; border-top: 1px solid {BORDER}; color: {MUTED}; }}
QStatusBar QLabel {{ color: {MUTED}; padding: 0 10px; }}
QStatusBar::item {{ border: none; }}
"""


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    pal = QPalette()
    colors = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: CARD,
        QPalette.ColorRole.AlternateBase: "#f8f9fb",
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: "#f7f8fa",
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#fffef5",
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.PlaceholderText: FAINT,
        QPalette.ColorRole.Link: ACCENT,
        QPalette.ColorRole.Mid: BORDER,
    }
    for role, c in colors.items():
        pal.setColor(role, QColor(c))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#a7adb6"))
    app.setPalette(pal)
    app.setStyleSheet(STYLESHEET)


def font(base: QFont, point_delta: float = 0.0, weight: QFont.Weight | None = None,
         pixel_size: int | None = None) -> QFont:
    f = QFont(base)
    if pixel_size is not None:
        f.setPixelSize(pixel_size)
    elif point_delta:
        f.setPointSizeF(max(6.0, f.pointSizeF() + point_delta))
    if weight is not None:
        f.setWeight(weight)
    return f


def fix_size(label: QLabel, widest: str, lines: int = 1, pad: int = 4) -> None:
    """Give ``label`` the fixed size of its widest expected text.

    For labels whose text changes often (a live reading): a widget of fixed size does not make
    its layouts, and the window's, be redone when its text changes, so only it is repainted.
    """
    fm = QFontMetrics(label.font())
    width = max(fm.horizontalAdvance(t) for t in widest.split("\n")) + pad
    label.setFixedSize(width, fm.lineSpacing() * lines + 2)
