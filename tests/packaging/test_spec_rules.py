"""The spec's trimming rules, without building: the same rules must hold for the Windows layout
(Qt DLLs directly in PySide6/, plugins in PySide6/plugins/) as for Linux (PySide6/Qt/lib, …).

The Windows bundle cannot be built here; these checks keep its half of the spec consistent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (pip install .[package])")

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "hospital_sec_desk.spec"
MARK = "# --------------------------------------------------------------------------- analysis"


@pytest.fixture(scope="module")
def spec():
    """The spec's definitions (everything before the Analysis), as a namespace."""
    text = SPEC.read_text(encoding="utf-8")
    assert MARK in text
    namespace = {"SPECPATH": str(SPEC.parent), "__name__": "hospital_sec_desk_spec"}
    argv, sys.argv = sys.argv, ["hospital_sec_desk.spec"]
    try:
        exec(compile(text.split(MARK)[0], str(SPEC), "exec"), namespace)
    finally:
        sys.argv = argv
    return namespace


WINDOWS = {  # destination -> kept
    "PySide6/Qt6Core.dll": True, "PySide6/Qt6Gui.dll": True, "PySide6/Qt6Widgets.dll": True,
    "PySide6/Qt6Pdf.dll": True, "PySide6/Qt6PdfWidgets.dll": True, "PySide6/Qt6PrintSupport.dll": True,
    "PySide6/Qt6Network.dll": True,  # Qt6Pdf links it
    "PySide6/Qt6Quick.dll": False, "PySide6/Qt6Qml.dll": False, "PySide6/Qt6Svg.dll": False,
    "PySide6/opengl32sw.dll": False,
    "PySide6/plugins/platforms/qwindows.dll": True, "PySide6/plugins/platforms/qoffscreen.dll": True,
    "PySide6/plugins/platforms/qminimal.dll": False, "PySide6/plugins/styles/qmodernwindowsstyle.dll": True,
    "PySide6/plugins/imageformats/qico.dll": True, "PySide6/plugins/imageformats/qjpeg.dll": False,
    "PySide6/plugins/imageformats/qsvg.dll": False, "PySide6/plugins/tls/qschannelbackend.dll": False,
    "PySide6/plugins/printsupport/windowsprintersupport.dll": True,
    "PySide6/plugins/networkinformation/qnetworklistmanager.dll": False,
    "PySide6/translations/qtbase_ja.qm": True, "PySide6/translations/qtbase_de.qm": False,
    "PySide6/qml/QtQuick/qmldir": False,
}


def linux(dest: str) -> str:
    """The same file in the Linux layout."""
    rest = dest.removeprefix("PySide6/")
    if not rest.endswith(".dll"):
        return "PySide6/Qt/" + rest
    if "/" not in rest:
        return "PySide6/Qt/lib/lib" + rest.replace(".dll", ".so.6")
    return "PySide6/Qt/" + rest.replace(".dll", ".so").replace("/q", "/libq")


@pytest.mark.parametrize("dest", sorted(WINDOWS))
def test_windows_and_linux_layouts_keep_the_same_qt_parts(spec, dest):
    keep = spec["keep_file"]
    assert keep(dest) is WINDOWS[dest], dest
    assert keep(dest.replace("/", "\\")) is WINDOWS[dest], "backslash separators"
    if "windows" not in dest and "opengl32sw" not in dest:  # Windows-only files
        assert keep(linux(dest)) is WINDOWS[dest], linux(dest)


def test_the_python_excludes_cover_the_test_tools_and_unused_lxml(spec):
    excludes = set(spec["EXCLUDES"])
    assert {"pytest", "_pytest", "hypothesis", "pypdf", "jsonschema", "referencing", "rpds",
            "importlinter", "grimp", "PyInstaller"} <= excludes
    assert {"lxml.objectify", "lxml.html", "lxml.isoschematron"} <= excludes
    # What python-docx, openpyxl and reportlab need is never excluded.
    needed = ("lxml", "lxml.etree", "lxml._elementpath", "docx", "openpyxl", "et_xmlfile", "reportlab",
              "PIL", "PIL.Image", "_rl_accel", "_codecs_jp", "_codecs_iso2022", "unicodedata", "sqlite3")
    assert not [n for n in needed if n in excludes]


def test_the_linux_only_steps_leave_other_platforms_alone(spec):
    binaries = [("pillow.libs/libXau-0123abcd.so.6.0.0", __file__, "BINARY"),
                ("libgssapi_krb5.so.2", __file__, "BINARY")]
    saved = spec["IS_LINUX"]
    try:
        spec["IS_LINUX"] = False
        assert spec["replace_padded"](binaries) is binaries
        assert spec["prune_unlinked"](binaries) is binaries
    finally:
        spec["IS_LINUX"] = saved
    # The patterns themselves never name a Windows or macOS library.
    for pattern in spec["HOST_LIBS"] + list(spec["PADDED_WHEEL_LIBS"]):
        assert ".so" in pattern and not pattern.endswith((".dll", ".dylib")), pattern
