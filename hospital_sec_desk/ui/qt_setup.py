"""QApplication setup: bundled Japanese font as fallback, Japanese Qt translations."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from .. import APP_NAME, APP_TITLE, __version__
from ..paths import font_path, resource

BUNDLED_FAMILY = "IPAexGothic"
BASE_POINT_SIZE = 11
# Windows and macOS have Japanese UI fonts (Yu Gothic UI / Meiryo, Hiragino): there the bundled
# font is only a fallback and is registered after the first paint (ui/launch.py). Linux may have
# none, so there it is registered before anything is drawn.
DEFER_FONT = sys.platform in ("win32", "darwin")
_translators: list[QTranslator] = []


def register_bundled_font() -> str:
    """Add ipaexg.ttf to Qt's font database; returns its family name."""
    fid = QFontDatabase.addApplicationFont(str(font_path()))
    if fid < 0:
        raise RuntimeError(f"cannot load bundled font {font_path()}")
    families = QFontDatabase.applicationFontFamilies(fid)
    return families[0] if families else BUNDLED_FAMILY


def install_translations(app: QApplication) -> bool:
    """Load Qt's own qtbase_ja.qm so standard buttons and dialogs are Japanese."""
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    loaded = False
    candidates = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), str(resource("translations"))]
    for name in ("qtbase_ja", "qt_ja"):
        for folder in candidates:
            tr = QTranslator(app)
            if tr.load(name, folder):
                app.installTranslator(tr)
                _translators.append(tr)
                loaded = True
                break
    return loaded


def make_app(argv: list[str] | None = None, *, defer_font: bool = False) -> QApplication:
    """`defer_font`: name the bundled family as the fallback now, register its file later
    (register_bundled_font, after the first paint)."""
    app = QApplication.instance()
    if app is None:
        # High-DPI rounding: Qt 6's default, PassThrough (150 % stays 150 %); not set here, as
        # that would touch the Qt namespace (see widgets.PLAIN_TEXT).
        app = QApplication(argv or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("hospital-sec-desk")
    icon = resource("icons", "app.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    family = BUNDLED_FAMILY if defer_font else register_bundled_font()
    font = QFont(app.font())
    # The platform's UI font first (Yu Gothic UI / Meiryo on Windows), the bundled
    # font as the Japanese fallback, so Japanese renders on a machine without one.
    base = font.family()
    font.setFamilies([base, family] if base and base != family else [family])
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    install_translations(app)
    return app
