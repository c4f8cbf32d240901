"""reports/rl_import: PIL.Image and PyFontify are loaded on first use; images and Python source still draw."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(r"""
    import io, struct, sys, zlib

    import hospital_sec_desk.reports.report  # noqa: F401 - reportlab imported the app's way
    assert "PIL.ExifTags" not in sys.modules, "PIL.Image ran at import"

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    w, h = 3, 2  # red, green, blue / white, black, grey
    rows = [bytes([255, 0, 0, 0, 255, 0, 0, 0, 255]), bytes([255, 255, 255, 0, 0, 0, 128, 128, 128])]
    raw = b"".join(b"\0" + r for r in rows)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))

    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    reader = ImageReader(io.BytesIO(png))
    assert reader.getSize() == (3, 2)
    assert reader.getRGBData() == b"".join(rows)
    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawImage(reader, 10, 10, 30, 20)
    c.save()
    pdf = buf.getvalue()
    assert b"/Subtype /Image" in pdf and b"/Width 3" in pdf and b"/Height 2" in pdf
    from PIL import Image
    assert isinstance(Image.open(io.BytesIO(png)), Image.Image) and "PIL.ExifTags" in sys.modules
    print("ok")
""")


def test_pil_image_loads_on_first_use_and_images_draw():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"


PYFONTIFY = textwrap.dedent(r"""
    import io, sys, types

    import hospital_sec_desk.reports.report  # noqa: F401 - reportlab imported the app's way
    module = sys.modules["reportlab.lib.PyFontify"]
    assert type(module) is not types.ModuleType, "PyFontify ran at import"

    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import SimpleDocTemplate
    from reportlab.platypus.xpreformatted import PythonPreformatted

    buf = io.BytesIO()
    SimpleDocTemplate(buf).build([PythonPreformatted("def f(x):\n    return x  # note", getSampleStyleSheet()["Code"])])
    assert buf.getvalue().startswith(b"%PDF") and type(module) is types.ModuleType
    from reportlab.lib import PyFontify
    assert PyFontify is module and PyFontify.fontify("import os")[0][0] == "keyword"
    print("ok")
""")


def test_pyfontify_loads_on_first_use_and_python_source_draws():
    proc = subprocess.run([sys.executable, "-c", PYFONTIFY], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"
