#!/usr/bin/env python3
"""Draw the application icon and write it in the formats the bundles need.

    python packaging/make_icons.py            # writes resources/icons/app.png, app.ico, app.icns

The drawing is done with Qt (QPainter on a QImage, offscreen platform, no window);
the multi-size containers (.ico for Windows, .icns for macOS) are written with Pillow,
which is always installed because reportlab depends on it. The generated files are
committed, so a normal build never runs this script.

The motif: a white shield (security) carrying a green cross (the Japanese safety /
first-aid green cross, not the protected red cross emblem) on a calm blue tile.
No text and no font, so the icon looks the same on every machine.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"

BLUE = "#1f5fbf"
BLUE_DARK = "#17468e"
GREEN = "#2e7d32"
WHITE = "#ffffff"

ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]


def render(size: int):
    """The icon as a QImage of size x size pixels (drawn on a 0..100 grid)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QImage, QLinearGradient, QPainter, QPainterPath, QPen

    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 100.0, size / 100.0)

    # Tile: rounded square with a gentle vertical gradient.
    grad = QLinearGradient(QPointF(0, 0), QPointF(0, 100))
    grad.setColorAt(0.0, QColor(BLUE))
    grad.setColorAt(1.0, QColor(BLUE_DARK))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(grad))
    p.drawRoundedRect(QRectF(4, 4, 92, 92), 18, 18)

    # Shield.
    shield = QPainterPath()
    shield.moveTo(50, 14)
    shield.cubicTo(62, 21, 72, 23, 80, 23)
    shield.lineTo(80, 48)
    shield.cubicTo(80, 68, 67, 80, 50, 88)
    shield.cubicTo(33, 80, 20, 68, 20, 48)
    shield.lineTo(20, 23)
    shield.cubicTo(28, 23, 38, 21, 50, 14)
    shield.closeSubpath()
    p.setBrush(QColor(WHITE))
    if size >= 48:
        p.setPen(QPen(QColor(BLUE_DARK), 1.2))
    p.drawPath(shield)

    # Green cross in the shield.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(GREEN))
    arm, length, cx, cy = 11.0, 34.0, 50.0, 48.0
    p.drawRoundedRect(QRectF(cx - arm / 2, cy - length / 2, arm, length), 2, 2)
    p.drawRoundedRect(QRectF(cx - length / 2, cy - arm / 2, length, arm), 2, 2)
    p.end()
    return img


def qimage_to_png_bytes(img) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not img.save(buf, "PNG"):
        raise RuntimeError("PNG encoding failed")
    buf.close()
    return bytes(data)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (needed for QPainter)
    OUT.mkdir(parents=True, exist_ok=True)

    # Each size is drawn natively (no downscaling blur at 16/32 px).
    pngs: dict[int, bytes] = {s: qimage_to_png_bytes(render(s)) for s in sorted(set(ICO_SIZES + [512]))}
    images = {s: Image.open(io.BytesIO(b)).convert("RGBA") for s, b in pngs.items()}

    written = []
    main_png = OUT / "app.png"  # the Linux .desktop icon and the window icon
    main_png.write_bytes(pngs[256])
    written.append(main_png)

    # Windows: classic BMP entries for small sizes (best compatibility with the shell,
    # Inno Setup and the PE resource updater), PNG-compressed 256 px entry.
    ico = OUT / "app.ico"
    big = images[256]
    big.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES],
             append_images=[images[s] for s in ICO_SIZES if s != 256], bitmap_format="bmp")
    written.append(ico)

    # macOS (optional bundle target).
    icns = OUT / "app.icns"
    images[512].save(icns, format="ICNS",
                     append_images=[images[s] for s in (16, 32, 64, 128, 256)])
    written.append(icns)

    for path in written:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:>7} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
