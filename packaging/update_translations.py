"""Bring the interface's translations up to date with the GUI's sources.

    python packaging/update_translations.py          # update the .ts files, then build the .qm
    python packaging/update_translations.py --check  # change nothing; exit 1 if anything is stale

``pyside6-lupdate`` collects every string of ``mnistgui/gui`` marked for translation (``self.tr``,
``QCoreApplication.translate``, ``QT_TRANSLATE_NOOP``) into ``resources/translations/*.ts``, keeping
the translations already made; a translator fills in the new ones (Qt Linguist:
``pyside6-linguist resources/translations/mnistgui_zh_CN.ts``); then ``pyside6-lrelease`` compiles
each ``.ts`` into the ``.qm`` the app loads. Both are committed, so an install needs no build step.

``--check`` (run by tests/gui/test_translations.py) reports a ``.ts`` missing strings of the
sources or keeping strings they no longer have, a translation left unfinished, and a ``.qm``
that is not what its ``.ts`` compiles to.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "mnistgui" / "gui"
TRANSLATIONS = ROOT / "resources" / "translations"
#: Simplified Chinese in full; English only for its plural forms ("1 sample", "2 samples" from "%n sample(s)")
LOCALES = ("zh_CN", "en")


def _tool(name: str) -> str:
    """A Qt tool that PySide6 installs beside the interpreter (``pyside6-lupdate``...)."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials into this environment")
    return found


def ts_path(locale: str) -> Path:
    return TRANSLATIONS / f"mnistgui_{locale}.ts"


def qm_path(locale: str) -> Path:
    return TRANSLATIONS / f"mnistgui_{locale}.qm"


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))


def lupdate(ts: Path) -> None:
    """Update ``ts`` from the sources: new strings added (unfinished), vanished ones dropped.
    No line numbers are kept, so moving code about leaves the file as it is."""
    locale = ts.stem.split("_", 1)[1]
    plural_only = ["-pluralonly"] if locale == "en" else []
    subprocess.run([_tool("pyside6-lupdate"), *sources(), "-locations", "none", "-no-obsolete", *plural_only,
                    "-source-language", "en", "-target-language", locale,
                    "-ts", str(ts)], cwd=ROOT, check=True, capture_output=True, text=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True,
                   capture_output=True, text=True)


def unfinished(ts: Path) -> list[str]:
    """The source texts of ``ts`` whose translation is unfinished (or empty)."""
    import xml.etree.ElementTree as ET

    out = []
    for message in ET.parse(ts).getroot().iter("message"):
        tr = message.find("translation")
        text = "".join(tr.itertext()).strip() if tr is not None else ""
        if tr is None or tr.get("type") == "unfinished" or not text:
            out.append(message.findtext("source", ""))
    return out


def problems(locale: str) -> list[str]:
    """What is stale about ``locale``'s translation; empty when it is up to date."""
    ts, qm = ts_path(locale), qm_path(locale)
    if not ts.is_file():
        return [f"{ts.relative_to(ROOT)} is missing"]
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / ts.name
        shutil.copyfile(ts, fresh)
        lupdate(fresh)
        if fresh.read_bytes() != ts.read_bytes():
            old = set(re.findall(r"<source>(.*?)</source>", ts.read_text("utf-8"), re.S))
            new = set(re.findall(r"<source>(.*?)</source>", fresh.read_text("utf-8"), re.S))
            added, gone = sorted(new - old), sorted(old - new)
            found.append(f"{ts.name} is not up to date with the sources ({len(added)} new strings, "
                         f"{len(gone)} gone; first new: {added[:3]}, first gone: {gone[:3]})")
        left = unfinished(ts)
        if left:
            found.append(f"{ts.name}: {len(left)} unfinished translations, the first: {left[:5]}")
        built = Path(tmp) / qm.name
        lrelease(ts, built)
        if not qm.is_file() or built.read_bytes() != qm.read_bytes():
            found.append(f"{qm.name} is not what {ts.name} compiles to")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is stale")
    args = parser.parse_args(argv)
    if args.check:
        found = [p for locale in LOCALES for p in problems(locale)]
        for p in found:
            print(p)
        if found:
            print("run: python packaging/update_translations.py, translate what is unfinished, run it again")
        return 1 if found else 0
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for locale in LOCALES:
        ts = ts_path(locale)
        lupdate(ts)
        lrelease(ts, qm_path(locale))
        left = unfinished(ts)
        print(f"{ts.relative_to(ROOT)}: {len(left)} unfinished translations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
