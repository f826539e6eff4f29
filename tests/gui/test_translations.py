"""The interface in Simplified Chinese: translations up to date, chosen from the locale or the
View menu, and no English left on the screen but names (MNIST, CNN, ONNX...)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

from mnistgui.gui import i18n

ROOT = Path(__file__).resolve().parents[2]

#: Words that stay as they are in Chinese: names of data sets, methods, formats, keys and units.
ALLOWED = {
    "mnist", "mnistgui", "cnn", "pca", "grad", "cam", "onnx", "runtime", "torchscript", "pytorch", "libtorch",
    "relu", "softmax", "logit", "logits", "dropout", "sgd", "adam", "adamw", "nesterov", "cpu", "gpu", "cuda",
    "mps", "apple", "json", "png", "jpeg", "jpg", "bmp", "gif", "tif", "tiff", "webp", "npz", "pt", "gz",
    "int8", "fp32", "utc", "mb", "px", "ctrl", "shift", "esc", "enter", "delete", "tab", "cycle", "one",
    "std", "idx", "numpy", "english", "ubyte", "conv", "fc", "bn", "pool", "standard", "classic", "wide", "default", "version",
}


def _update_script():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "packaging" / "update_translations.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def english_words(text: str) -> list[str]:
    """The English words of ``text`` that are not names of :data:`ALLOWED` (markup, paths,
    numbers and the model's layer names left out)."""
    text = re.sub(r"<[^>]*>|&\w+;", " ", text)
    text = re.sub(r"\S*[/\\]\S*", " ", text)  # paths
    text = re.sub(r"(mnistgui \w+ )?--[\w-]+", " ", text)  # the command line's options
    text = re.sub(r"'\w+'|\b\d+(\.\d+)?e-?\d+\b", " ", text)  # quoted keys, 3e-3
    text = re.sub(r"\b[a-z]+\d+\w*\b", " ", text)  # layer names: conv1, fc2, relu_fc1
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    return [w for w in words if len(w) > 1  # a key (Ctrl+Z, S) or a mnemonic
            and not all(p.lower() in ALLOWED for p in re.split(r"[-'’]", w) if p)]


@pytest.fixture
def chinese(qapp):
    """The interface in Simplified Chinese, as chosen in View > Language; English again after."""
    i18n.choose_language("zh_CN")
    locale = i18n.install(qapp)
    yield locale
    i18n.install(qapp, "en")


def _visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) for everything of the window a user reads: menus, tabs, buttons, labels,
    lists, tables, spin boxes' units, placeholders, tooltips, and the plots' titles and axes."""
    import pyqtgraph as pg

    out: list[tuple[str, str]] = []

    def menu(m: QMenu, where: str) -> None:
        out.append((where, m.title()))
        for a in m.actions():
            if a.isSeparator():
                continue
            if a.menu() is not None:
                menu(a.menu(), f"{where} > {a.text()}")
            else:
                out.append((f"{where} > action", a.text()))
                out.append((f"{where} > {a.text()} tip", a.statusTip()))

    for a in window.menuBar().actions():
        menu(a.menu(), "menu")
    for w in window.findChildren(QWidget):
        name = type(w).__name__
        if isinstance(w, QTabWidget):
            out += [(f"{name} tab", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QAbstractButton):
            out.append((f"{name} button", w.text()))
        elif isinstance(w, QLabel):
            out.append((f"{name} label", w.text()))
        elif isinstance(w, QGroupBox):
            out.append((f"{name} title", w.title()))
        elif isinstance(w, QComboBox):
            out += [(f"{name} item", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QLineEdit):
            out.append((f"{name} placeholder", w.placeholderText()))
        elif isinstance(w, QAbstractSpinBox):
            out += [(f"{name} unit", w.suffix()), (f"{name} unit", w.prefix()),
                    (f"{name} special", w.specialValueText())]
        if isinstance(w, QTableWidget):
            out += [(f"{name} header", w.horizontalHeaderItem(i).text()) for i in range(w.columnCount())
                    if w.horizontalHeaderItem(i) is not None]
        if isinstance(w, QTreeWidget):
            out += [(f"{name} header", w.headerItem().text(i)) for i in range(w.columnCount())]
        if isinstance(w, pg.GraphicsView):
            for item in w.scene().items():
                if isinstance(item, pg.PlotItem):
                    out.append((f"{name} plot title", item.titleLabel.text))
                elif isinstance(item, pg.AxisItem) and item.label.isVisible():
                    out.append((f"{name} axis", item.labelText))
        out.append((f"{name} tooltip", w.toolTip()))
    for a in window.findChildren(QAction):
        if type(a.parent()).__module__.startswith("pyqtgraph"):
            continue  # the plots' own context menus, which the app turns off
        out += [("action", a.text()), ("action tip", a.toolTip() if a.toolTip() != a.text().replace("&", "") else "")]
    return [(where, t) for where, t in out if t]


def test_the_translations_are_up_to_date_with_the_sources_and_compiled():
    """Every string the GUI marks for translation is in each .ts and translated there, and each
    committed .qm is what its .ts compiles to (packaging/update_translations.py brings them up to date)."""
    script = _update_script()
    for locale in script.LOCALES:
        assert script.problems(locale) == [], locale


def test_the_contexts_of_the_translations_are_names_of_the_code():
    """lupdate put each string under the class (or the explicit context) it belongs to: a
    context it made up from a misread line would never be found at run time."""
    text = (ROOT / "resources" / "translations" / "mnistgui_zh_CN.ts").read_text("utf-8")
    contexts = re.findall(r"<name>(.*?)</name>", text)
    assert contexts and all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", c) for c in contexts), contexts


def test_the_language_follows_the_system_unless_one_is_chosen(qapp):
    assert i18n.interface_locale("", QLocale("zh_CN")).name() == "zh_CN"
    assert i18n.interface_locale("", QLocale("zh_SG")).name() == "zh_CN"
    assert i18n.interface_locale("", QLocale("zh_TW")).language() == QLocale.Language.English
    assert i18n.interface_locale("", QLocale("de_DE")).name() == "en_US"
    assert i18n.interface_locale("", QLocale("en_GB")).name() == "en_GB"
    assert i18n.chosen_language() == ""
    i18n.choose_language("zh_CN")
    assert i18n.chosen_language() == "zh_CN" and i18n.interface_locale().name() == "zh_CN"
    QSettings().setValue(i18n.SETTINGS_KEY, "xx")  # a value from nowhere: the system's language
    assert i18n.chosen_language() == ""


def test_view_language_keeps_the_choice_for_the_next_start(window):
    menus = window.menus
    assert menus.language_actions[""].isChecked()  # nothing chosen yet: the system's language
    menus.language_actions["zh_CN"].trigger()
    assert QSettings().value(i18n.SETTINGS_KEY) == "zh_CN" and menus.language_actions["zh_CN"].isChecked()
    assert "starts again" in window.statusBar().currentMessage()
    menus.language_actions[""].trigger()
    assert QSettings().value(i18n.SETTINGS_KEY) is None and i18n.chosen_language() == ""


def test_numbers_are_written_for_the_locale(qapp):
    try:
        i18n.install(qapp, "zh_CN")
        assert (i18n.integer(60000), i18n.percent(0.9943, 2), i18n.signed(1.25, 1)) == ("60,000", "99.43%", "+1.3")
        QLocale.setDefault(QLocale("de_DE"))
        assert (i18n.integer(60000), i18n.percent(0.9943, 2), i18n.number(0.5, 2)) == ("60.000", "99,43%", "0,50")
    finally:
        i18n.install(qapp, "en")


def test_english_plurals_come_from_the_english_translation(qapp):
    t = QCoreApplication.translate
    assert t("SampleGallery", "Wrote %n sample(s) to {0}{1}.", None, 1) == "Wrote 1 sample to {0}{1}."
    assert t("SampleGallery", "Wrote %n sample(s) to {0}{1}.", None, 4) == "Wrote 4 samples to {0}{1}."


def test_in_chinese_no_english_is_left_on_any_page(chinese, qtbot, predictor, model_path):
    """Menus, tab titles and buttons, and every other text of every page: Chinese, but for names."""
    from mnistgui.gui.main_window import TABS, MainWindow

    assert chinese.name() == "zh_CN"
    w = MainWindow(predictor, model_path=model_path, restore_state=False, persist_state=False,
                   build_pages_later=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    for name, _title in TABS:
        w.select_tab(name)  # builds the page
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == ["手写", "训练", "微调", "网络内部"]
    assert w.menuBar().actions()[0].text() == "文件(&F)"
    texts = _visible_texts(w)
    assert len(texts) > 300  # the walk reached every page
    left = [(where, t, english_words(t)) for where, t in texts if english_words(t)]
    assert left == []
    w.close()


def test_the_core_texts_the_gui_translates_are_the_core_texts():
    """The core speaks English without Qt; the GUI translates some of its words by their English
    text. Those texts must be the core's own, or the translation would silently fall away."""
    from mnistgui.core.finetune import STRATEGY_DESCRIPTIONS
    from mnistgui.core.model import ARCHITECTURE_DESCRIPTIONS
    from mnistgui.gui.finetune.core_text import STRATEGY_TEXT
    from mnistgui.gui.train.settings import ARCHITECTURE_TEXT

    assert STRATEGY_TEXT == STRATEGY_DESCRIPTIONS
    assert ARCHITECTURE_TEXT == ARCHITECTURE_DESCRIPTIONS


def test_every_literal_meant_for_translation_is_where_lupdate_finds_it():
    """lupdate finds strings in ``self.tr``, ``QCoreApplication.translate`` and ``QT_TRANSLATE_NOOP``
    only: a literal handed to a helper of one's own (``_tr("Model")``) is never collected, so it
    would stay English whatever the language."""
    found = []
    for path in sorted((ROOT / "mnistgui" / "gui").rglob("*.py")):
        for no, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if re.search(r"(?<![\w.])_?tr\(\s*f?[\"']", line) or re.search(r"\btr\(\s*f[\"']", line):
                found.append(f"{path.relative_to(ROOT)}:{no}: {line.strip()}")
    assert found == []


def test_an_actions_text_loses_its_mnemonic_in_either_language():
    assert i18n.plain("&Save Drawing…") == "Save Drawing…" and i18n.plain("保存手写(&S)…") == "保存手写…"
    assert i18n.plain("保存手写(S)") == "保存手写"  # Qt's own tooltip of that action
    assert i18n.plain("Draw (P)") == "Draw (P)" and i18n.plain("书写（P）") == "书写（P）"  # keys said on purpose
