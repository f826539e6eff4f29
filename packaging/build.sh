#!/usr/bin/env bash
# The one-folder desktop bundle, in one command: packaging/build.sh  (see packaging/README.md)
#
#   1. a build environment (packaging/build/venv) with torch for the CPU and the app as a wheel
#   2. PyInstaller (packaging/mnistgui.spec) -> packaging/dist/mnistgui/
#   3. the desktop entry, icon and AppStream file under packaging/dist/mnistgui/share/, validated
#   4. the smoke test (packaging/smoke_test.py): the bundled executable reads digits and renders
#      its window offscreen
#
# Settings (environment):
#   PYTHON        the interpreter to build with (default: python3, 3.10 or newer)
#   TORCH         what pip installs as torch (default: torch from PyTorch's CPU wheel index,
#                 TORCH_INDEX); a CPU wheel file works too. A CUDA torch also builds, with its
#                 CUDA libraries in the bundle (gigabytes).
#   TORCH_INDEX   default https://download.pytorch.org/whl/cpu
#   MNISTGUI_URL  the project's web address: the AppStream homepage and where its screenshots are
#                 (default https://github.com/mnistgui/mnistgui)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$here/build
dist=$here/dist
venv=$build/venv
url=${MNISTGUI_URL:-https://github.com/mnistgui/mnistgui}
say() { printf '\n== %s\n' "$*"; }

say "build environment: $venv"
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)
if [ -n "${TORCH:-}" ]; then
    "${pip[@]}" install "$TORCH"
else
    "${pip[@]}" install torch --index-url "${TORCH_INDEX:-https://download.pytorch.org/whl/cpu}"
fi
rm -rf "$build/wheel"
"${pip[@]}" wheel --no-deps -w "$build/wheel" "$root"
"${pip[@]}" install --force-reinstall --no-deps "$build"/wheel/mnistgui-*.whl
"${pip[@]}" install "$(ls "$build"/wheel/mnistgui-*.whl)[bundle]"  # the app's dependencies and PyInstaller
"$venv/bin/python" -c "import torch; print('torch', torch.__version__, '(CUDA)' if torch.version.cuda else '(CPU)')"

say "PyInstaller"
rm -rf "$dist/mnistgui"
"$venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$dist" --workpath "$build/work" "$here/mnistgui.spec"

say "desktop entry, icon and AppStream metadata"
version=$("$venv/bin/python" -c "import mnistgui; print(mnistgui.__version__)")
host_path=${url#https://}
host=${host_path%%/*}
case $host in  # the AppStream ID: the address's host reversed, then its path (io.github.<owner>.<name>)
    github.com | gitlab.com) appid=io.${host%.com} ;;
    *) appid=$(printf '%s' "$host" | awk -F. '{for (i = NF; i > 0; i--) printf "%s%s", $i, (i > 1 ? "." : "")}') ;;
esac
appid="$appid.$(printf '%s' "${host_path#*/}" | tr '/' '.')"
appid=${appid//-/_}
share=$dist/mnistgui/share
install -Dm644 "$here/mnistgui.desktop" "$share/applications/mnistgui.desktop"
install -Dm644 "$root/resources/icons/mnistgui.svg" "$share/icons/hicolor/scalable/apps/mnistgui.svg"
mkdir -p "$share/metainfo"
sed -e "s|@APPID@|$appid|g; s|@URL@|$url|g; s|@VERSION@|$version|g" "$here/mnistgui.metainfo.xml.in" \
    > "$share/metainfo/$appid.metainfo.xml"
missing=()
command -v desktop-file-validate >/dev/null || missing+=(desktop-file-utils)
command -v appstreamcli >/dev/null || missing+=(appstream)
if [ ${#missing[@]} -gt 0 ]; then
    echo "the validators are missing: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
desktop-file-validate "$share/applications/mnistgui.desktop"
appstreamcli validate --no-net "$share/metainfo/$appid.metainfo.xml"

say "smoke test"
"$venv/bin/python" "$here/smoke_test.py" "$dist/mnistgui/mnistgui"

say "bundle: $dist/mnistgui ($(du -sh "$dist/mnistgui" | cut -f1); run it as $dist/mnistgui/mnistgui)"
