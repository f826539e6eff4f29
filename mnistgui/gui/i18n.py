"""The interface's language: which one, its translations, and numbers written for its locale.

The language is the system's unless one is chosen in View > Language (kept in QSettings under
``ui/language``, read at start-up: a change takes effect on the next start). :func:`install` puts
the app's translation (``resources/translations/mnistgui_<locale>.qm``) and Qt's own (its dialogs'
buttons) in place, and makes the interface's locale the default QLocale, before any widget is made.

Numbers shown to the user go through :func:`number`, :func:`integer` and :func:`percent`, so their
digits, separators and percent sign are the interface locale's.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from mnistgui.core.resources import translations_dir

SETTINGS_KEY = "ui/language"
#: the languages the interface speaks: (code, name in that language); "" is the system's
LANGUAGES = (("en", "English"), ("zh_CN", "简体中文"))
#: the translation files' base name: mnistgui_zh_CN.qm
CATALOGUE = "mnistgui"

_installed: list[QTranslator] = []


def chosen_language() -> str:
    """The language chosen in View > Language: a code of :data:`LANGUAGES`, or "" (the system's)."""
    value = QSettings().value(SETTINGS_KEY, "")
    value = value if isinstance(value, str) else ""
    return value if value in {code for code, _name in LANGUAGES} else ""


def choose_language(code: str) -> None:
    """Keep ``code`` ("" for the system's) for the next start."""
    s = QSettings()
    if code:
        s.setValue(SETTINGS_KEY, code)
    else:
        s.remove(SETTINGS_KEY)
    s.sync()


def interface_locale(code: str | None = None, system: QLocale | None = None) -> QLocale:
    """The locale the interface uses for ``code`` (None: the chosen one; "": the system's).

    Chinese written in simplified characters (China, Singapore) is Simplified Chinese; any English
    locale is kept as it is (its date and number habits); every other is US English."""
    code = chosen_language() if code is None else code
    if code:
        return QLocale(code)
    loc = system if system is not None else QLocale.system()
    if loc.language() == QLocale.Language.Chinese and loc.script() != QLocale.Script.TraditionalChineseScript \
            and loc.territory() not in (QLocale.Country.Taiwan, QLocale.Country.HongKong, QLocale.Country.Macao):
        return QLocale(QLocale.Language.Chinese, QLocale.Script.SimplifiedChineseScript, QLocale.Country.China)
    if loc.language() == QLocale.Language.English:
        return loc
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def install(app: QCoreApplication, code: str | None = None) -> QLocale:
    """Install the translations for ``code`` (None: the chosen language; "": the system's) and make
    its locale the default; the locale. English is the source language: its translation holds
    only plural forms ("%n sample(s)" -> "1 sample", "2 samples"). Call before any widget is made;
    calling again replaces what an earlier call installed."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    locale = interface_locale(code)
    QLocale.setDefault(locale)
    ours = QTranslator(app)
    if ours.load(locale, CATALOGUE, "_", str(translations_dir())):
        app.installTranslator(ours)
        _installed.append(ours)
    if locale.language() == QLocale.Language.English:
        return locale
    qt = QTranslator(app)  # Qt's own words: the standard buttons of its dialogs, its file dialog
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return locale


# ---------------------------------------------------------------------------------------------
# Numbers, written for the interface's locale (QLocale's default, set by install())


def number(value: float, decimals: int = 2) -> str:
    """``value`` with ``decimals`` decimals: 0.25 -> "0.25" (with the locale's separators)."""
    return QLocale().toString(float(value), "f", decimals)


def integer(value: int) -> str:
    """A whole number with the locale's digit grouping: 60000 -> "60,000"."""
    return QLocale().toString(int(value))


def percent(fraction: float, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.9943 -> "99.4%" (the locale's digits and percent sign)."""
    loc = QLocale()
    return loc.toString(float(fraction) * 100.0, "f", decimals) + loc.percent()


def signed(value: float, decimals: int = 1) -> str:
    """``value`` with its sign always written: 2.5 -> "+2.5", -1 -> "-1.0"."""
    loc = QLocale()
    text = loc.toString(float(value), "f", decimals)
    return text if text.startswith(loc.negativeSign()) else loc.positiveSign() + text


def plain(text: str) -> str:
    """An action's text without its mnemonic: "&Save" -> "Save", and the Chinese way of one,
    "保存(&S)" -> "保存" (Qt's own tooltip keeps it as "保存(S)")."""
    return re.sub(r"(?<=\S)\(&?[A-Za-z0-9]\)", "", text).replace("&", "")
