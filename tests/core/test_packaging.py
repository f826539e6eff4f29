"""The desktop entry and the AppStream metadata say what the app is, consistently.

packaging/build.sh validates both with desktop-file-validate and appstreamcli; here they are
read and checked against the project itself, with or without those tools.
"""

from __future__ import annotations

import configparser
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import mnistgui
from mnistgui.paths import APPLICATION

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
#: freedesktop.org's main categories: an entry should name exactly one
MAIN_CATEGORIES = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics",
                   "Network", "Office", "Science", "Settings", "System", "Utility"}
URL = "https://example.org/mnistgui"


def _desktop() -> configparser.SectionProxy:
    cp = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    cp.optionxform = str
    cp.read_string((PACKAGING / "mnistgui.desktop").read_text(encoding="utf-8"))
    return cp["Desktop Entry"]


def _metainfo() -> ET.Element:
    text = (PACKAGING / "mnistgui.metainfo.xml.in").read_text(encoding="utf-8")
    text = text.replace("@APPID@", "org.example.mnistgui").replace("@URL@", URL).replace("@VERSION@", mnistgui.__version__)
    assert "@" not in text.split("-->", 1)[1]  # every setting is one build.sh fills in
    return ET.fromstring(text)


def test_the_desktop_entry_starts_the_installed_command_with_the_shipped_icon():
    d = _desktop()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert d["Type"] == "Application" and d["Terminal"] == "false"
    assert d["Exec"].split()[0] in scripts
    assert (ROOT / "resources" / "icons" / f"{d['Icon']}.svg").is_file()
    assert d["StartupWMClass"] == APPLICATION  # the window is matched to its launcher
    categories = [c for c in d["Categories"].split(";") if c]
    assert d["Categories"].endswith(";") and len(MAIN_CATEGORIES.intersection(categories)) == 1


def test_the_appstream_file_describes_the_app_with_screenshots_and_release_notes():
    m = _metainfo()
    assert m.get("type") == "desktop-application"
    assert m.findtext("launchable[@type='desktop-id']") == "mnistgui.desktop"
    assert (PACKAGING / m.findtext("launchable")).is_file()
    assert m.findtext("provides/binary") == _desktop()["Exec"].split()[0]
    assert m.findtext("metadata_license") == "CC0-1.0" and m.findtext("project_license") == "MIT"
    assert 0 < len(m.findtext("summary")) <= 80 and not m.findtext("summary").endswith(".")
    assert len(m.findall("description/p")) >= 1 and len(m.findall("description/ul/li")) >= 3
    shots = m.findall("screenshots/screenshot")
    assert [s.get("type") for s in shots].count("default") == 1
    for s in shots:
        image = s.findtext("image")
        assert image.startswith(URL + "/") and s.findtext("caption")
        assert (ROOT / image.split("/raw/main/", 1)[1]).is_file(), image  # a picture the repository has
    [release] = m.findall("releases/release")
    assert release.get("version") == mnistgui.__version__ and release.get("date")
    assert len(release.findall("description/ul/li")) >= 1
    assert m.find("content_rating") is not None
