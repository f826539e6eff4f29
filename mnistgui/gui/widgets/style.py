"""The app's look: Fusion with a light palette, its colours, and the one style sheet of the app."""

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
OK = "#15803d"

#: Every style rule of the app, set once on the QApplication. Widgets take a rule by their
#: object name (``Card``, ``Primary``, ``Banner``, ...); the tabs' own rules are scoped by theirs.
STYLESHEET = f"""
/* the window and its tabs */
QTabWidget::pane {{ border: none; border-top: 1px solid {BORDER}; background: {WINDOW}; }}
QTabBar::tab {{
    padding: 7px 18px; margin: 0 2px 0 0; border: none; color: {MUTED};
    border-bottom: 2px solid transparent; background: transparent;
}}
QTabBar::tab:selected {{ color: {TEXT}; border-bottom: 2px solid {ACCENT}; }}
QTabBar::tab:hover:!selected {{ color: {TEXT}; }}
QStatusBar {{ background: {CARD}; border-top: 1px solid {BORDER}; color: {MUTED}; }}
QStatusBar QLabel {{ color: {MUTED}; padding: 0 10px; }}
QStatusBar::item {{ border: none; }}

/* cards and text */
QFrame#Card {{ background: {CARD}; border: 1px solid {BORDER}; border-radius: 10px; }}
QFrame#Figure {{ background: #f7f8fa; border-radius: 8px; }}
QLabel#CardTitle {{ color: {MUTED}; font-weight: 600; }}
QLabel#Muted {{ color: {MUTED}; }}
QLabel#Faint {{ color: {FAINT}; }}
QLabel#Ok {{ color: {OK}; }}
QLabel#Warn {{ color: #b45309; }}
QLabel#Unsure {{ color: {UNSURE}; }}
QLabel#Big {{ color: {TEXT}; }}
QFrame#Separator {{ color: #d9dde3; }}
QFrame#Banner {{ background: #fff7e6; border: 1px solid #f5d9a8; border-radius: 8px; }}
QLabel#Banner {{ padding: 8px 12px; color: #7a4b00; }}
QLabel#ErrorBanner {{
    background: #fdecea; border: 1px solid #f3c2bd; border-radius: 8px; padding: 8px 12px; color: #8a1c12;
}}

/* buttons */
QPushButton {{
    border: 1px solid #cfd4db; border-radius: 6px; padding: 5px 14px; background: #f9fafb; color: {TEXT};
}}
QPushButton:hover {{ background: #eef1f5; }}
QPushButton:pressed {{ background: #e3e7ed; }}
QPushButton:disabled {{ color: #b3b9c2; border-color: {BORDER}; background: #f6f7f9; }}
QPushButton:focus {{ border-color: {ACCENT}; }}
QPushButton::menu-indicator {{ subcontrol-position: right center; right: 6px; }}
QPushButton[menu="true"] {{ padding-right: 22px; }}
QPushButton#Primary {{
    background: {ACCENT}; color: white; border: 1px solid {ACCENT}; padding: 5px 18px; font-weight: 600;
}}
QPushButton#Primary:hover {{ background: #285fd0; }}
QPushButton#Primary:disabled {{ background: #b9cbf3; border-color: #b9cbf3; color: #f4f7fe; }}
QPushButton#Danger {{ color: #b42318; }}
QPushButton#Digit {{ padding: 0; font-weight: 600; min-width: 34px; min-height: 34px; }}
QPushButton#Digit:checked {{ background: #e8effd; border-color: {ACCENT}; color: #1d4ed8; }}
QPushButton#CorrectionDigit {{
    border: 1px solid #d5dae1; border-radius: 5px; background: #f9fafb; color: {TEXT};
    font-weight: 600; padding: 0; min-width: 24px; min-height: 26px;
}}
QPushButton#CorrectionDigit:hover {{ background: #e8effd; border-color: {ACCENT_SOFT}; color: #1d4ed8; }}
QPushButton#CorrectionDigit:disabled {{ color: #c3c8cf; border-color: #eceef1; background: #fafbfc; }}
QPushButton#CorrectionDigit[read="true"] {{ border-color: {OK}; color: {OK}; }}
QPushButton#Link {{ border: none; color: {ACCENT}; padding: 2px 0; text-align: left; background: transparent; }}
QPushButton#Link:hover {{ text-decoration: underline; }}
QPushButton#Link:focus {{ text-decoration: underline; }}
QToolButton#Tool {{
    border: 1px solid transparent; border-radius: 6px; padding: 4px 10px; color: {TEXT};
    background: transparent;
}}
QToolButton#Tool:hover {{ background: #e4e7ec; }}
QToolButton#Tool:checked {{ background: #dde7fd; border-color: {ACCENT_SOFT}; color: #1d4ed8; }}
QToolButton#Tool:disabled {{ color: #b3b9c2; }}
QToolButton#Tool:focus {{ border-color: {ACCENT}; }}
QToolButton#Segment {{
    border: 1px solid {BORDER}; border-radius: 0; padding: 5px 16px; color: {MUTED}; background: {CARD};
}}
QToolButton#Segment[first="true"] {{ border-top-left-radius: 7px; border-bottom-left-radius: 7px; }}
QToolButton#Segment[last="true"] {{ border-top-right-radius: 7px; border-bottom-right-radius: 7px; }}
QToolButton#Segment:hover {{ color: {TEXT}; background: #f4f6f9; }}
QToolButton#Segment:checked {{ color: #1d4ed8; background: #e8effd; border-color: {ACCENT_SOFT}; }}
QToolButton#Segment:focus {{ border-color: {ACCENT}; }}
QRadioButton {{ spacing: 8px; color: {TEXT}; font-weight: 600; }}
QRadioButton:disabled {{ color: #a7adb6; }}

/* lists, tables, progress */
QListView#Gallery, QTableWidget#VersionTable, QTableWidget#ReportTable {{
    background: {CARD}; border: 1px solid {BORDER}; border-radius: 8px;
}}
QTableWidget#VersionTable, QTableWidget#ReportTable {{ gridline-color: #eef0f3; }}
QTableWidget#RunsTable::item:selected {{ background: #dde7fd; color: {TEXT}; }}
QHeaderView::section {{
    background: #f7f8fa; border: none; border-bottom: 1px solid {BORDER}; padding: 5px 8px;
    color: {MUTED}; font-weight: 600;
}}
QTableWidget#DigitTable QHeaderView::section {{ padding: 4px 4px; }}
QProgressBar {{ border: none; background: #e7eaef; border-radius: 3px; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 3px; }}
QProgressBar#RunProgress {{ background: #e6e9ee; border-radius: 4px; }}
QProgressBar#RunProgress::chunk {{ border-radius: 4px; }}

/* the tabs' own pieces */
QWidget#TrainingTab, QWidget#FinetuneTab {{ background: {WINDOW}; }}
QScrollArea#SideScroll, QWidget#SideInner {{ background: transparent; border: none; }}
QScrollArea#FinetuneSettings, QScrollArea#FinetuneSettings > QWidget > QWidget {{ background: {WINDOW}; }}
QTabWidget#Views::pane {{ border: 1px solid {BORDER}; border-radius: 10px; background: {CARD}; top: -1px; }}
QTabWidget#InsidePages::pane {{ border: none; background: transparent; }}
QTabWidget#InsidePages > QTabBar::tab {{
    padding: 5px 10px; margin: 0 3px 0 0; border: 1px solid transparent; border-radius: 6px;
    color: {MUTED}; background: transparent;
}}
QTabWidget#InsidePages > QTabBar::tab:selected {{
    color: #1d4ed8; background: #dde7fd; border: 1px solid {ACCENT_SOFT};
}}
QTabWidget#InsidePages > QTabBar::tab:hover:!selected {{ color: {TEXT}; background: #e4e7ec; }}
QWidget#InsidePage, QScrollArea > QWidget > QWidget#InsidePage {{ background: {WINDOW}; }}
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
