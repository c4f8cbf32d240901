"""The PyInstaller bundle: build it with packaging/build.py, start it with --smoke, report its size,
and let the frozen executable write every kind of file (.docx, .xlsx, PDF), so that a trim of
lxml / python-docx / openpyxl / reportlab that goes too far fails here.

Marked slow (the build takes about half a minute): deselect locally with `-m "not slow"`;
CI runs it. Skipped only when PyInstaller is not importable; the `test` extra installs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (pip install .[package])")

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "packaging" / "build.py"
IS_LINUX = sys.platform.startswith("linux")
# The README's goal for the Linux onedir bundle is 130 MB (measured: 127.9 MB, see
# docs/packaging.md). The test's cap is a regression guard 5 MB above the goal, for
# build-to-build noise (a newer wheel of PySide6, Pillow, lxml): a Qt module or plugin set
# that sneaks back in (Quick/Qml, WebEngine, QtNetwork's OpenSSL) breaks it. Smaller slips
# are caught by name in test_bundle_leaves_unused_qt_parts_out / ..._unused_python_parts_out,
# and the figure is printed against the goal in every run.
GOAL_MB = 130.0
MAX_MB = float(os.environ.get("HSD_BUNDLE_MAX_MB", "135"))
# Installed for the tests only (the `test` extra): never in the bundle.
TEST_ONLY = ("jsonschema", "jsonschema_specifications", "referencing", "rpds", "hypothesis", "pytest",
             "_pytest", "pytestqt", "importlinter", "grimp", "pypdf", "PyInstaller")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build once for the module: returns build.py's figures (see its --json)."""
    base = tmp_path_factory.mktemp("bundle")
    report = base / "build.json"
    cmd = [sys.executable, str(BUILD), "--distpath", str(base / "dist"), "--workpath", str(base / "work"),
           "--no-installer", "--json", str(report)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}"
    figures = json.loads(report.read_text(encoding="utf-8"))
    figures["base"] = str(base)
    return figures


def frozen_env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("HOSPITAL_SEC_DESK_DATA_DIR", None)
    env.pop("PYTHONPATH", None)  # the frozen app must not find the checkout's modules
    return env


def run_smoke(exe: Path, data: Path) -> tuple[subprocess.CompletedProcess, float]:
    env = frozen_env()
    started = time.perf_counter()
    proc = subprocess.run([str(exe), "--smoke", "--data-dir", str(data)], capture_output=True, text=True,
                          env=env, timeout=300)
    return proc, time.perf_counter() - started


def test_bundle_starts_and_creates_the_database(built, tmp_path, capsys):
    from hospital_sec_desk.storage.database import DB_NAME

    data = tmp_path / "data"
    proc, seconds = run_smoke(Path(built["executable"]), data)
    assert proc.returncode == 0, f"--smoke exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    assert (data / DB_NAME).is_file(), f"no {DB_NAME} in {sorted(p.name for p in data.iterdir())}"

    size = built["bundle_bytes"]
    summary = {
        "bundle_bytes": size,
        "bundle_mb": round(size / 1e6, 1),
        "bundle_mib": round(size / 2**20, 1),
        "pyinstaller_seconds": built["pyinstaller_seconds"],
        "build_seconds": built["total_seconds"],
        "smoke_seconds": round(seconds, 2),
        "platform": built["platform"],
        "artifacts": built["artifacts"],
    }
    (Path(built["base"]) / "bundle_report.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    with capsys.disabled():  # shown in CI logs even without -s
        print(f"\n[bundle] {summary['bundle_mb']} MB ({summary['bundle_mib']} MiB) onedir on {built['platform']} "
              f"(goal {GOAL_MB:.0f} MB: {'met' if size <= GOAL_MB * 1e6 else 'MISSED'}; cap {MAX_MB} MB); "
              f"build {summary['build_seconds']:.0f} s; --smoke {seconds:.2f} s; "
              f"report: {Path(built['base']) / 'bundle_report.json'}")
    assert size <= MAX_MB * 1e6, f"bundle is {size / 1e6:.1f} MB, more than {MAX_MB} MB"


def test_bundle_leaves_unused_qt_parts_out(built):
    internal = Path(built["bundle"]) / "_internal"
    names = [p.relative_to(internal).as_posix() for p in internal.rglob("*")]
    unwanted = ("Qt6Quick", "Qt6Qml", "Qt6WebEngine", "Qt6Designer", "Qt6Multimedia", "Qt6Sql",
                "Qt6Test", "QtNetwork.", "/tls/", "/sqldrivers/", "/qml/", "libssl", "libcrypto", "tkinter")
    found = [n for n in names if any(u.lower() in n.lower() for u in unwanted)]
    assert not found, f"left-out parts are in the bundle: {found[:20]}"
    translations = sorted(Path(n).name for n in names if n.endswith(".qm"))
    assert translations and set(translations) <= {"qtbase_ja.qm", "qt_ja.qm"}, translations
    assert (internal / "resources" / "fonts" / "ipaexg.ttf").is_file()
    assert any((internal / "resources" / "questionnaires").glob("*.toml"))


@pytest.mark.skipif(not IS_LINUX, reason="the tar.gz and .desktop file are made on Linux")
def test_linux_archive_has_the_app_and_desktop_entry(built):
    archives = [Path(built["base"]) / "dist" / name for name in built["artifacts"] if name.endswith(".tar.gz")]
    assert len(archives) == 1, built["artifacts"]
    with tarfile.open(archives[0]) as tar:
        names = set(tar.getnames())
    top = archives[0].name.split("-linux-")[0]  # hospital-sec-desk-<version>
    for member in ("hospital-sec-desk", "hospital-sec-desk.desktop", "hospital-sec-desk.png",
                   "install-desktop-entry.sh", "_internal/resources/fonts/ipaexg.ttf"):
        assert f"{top}/{member}" in names, member


def pyz_modules(exe: Path) -> set[str]:
    """Names of the Python modules in the executable's PYZ archive."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(exe))
    names: set[str] = set()
    for name, entry in archive.toc.items():
        if entry[-1] == "z":  # the PYZ archive
            names |= set(archive.open_embedded_archive(name).toc)
    return names


def test_bundle_leaves_unused_python_parts_out(built):
    internal = Path(built["bundle"]) / "_internal"
    modules = pyz_modules(Path(built["executable"]))
    assert "lxml.etree" not in modules and (internal / "lxml").is_dir()  # lxml.etree is an extension
    assert {"docx", "openpyxl", "et_xmlfile", "reportlab"} <= {m.split(".")[0] for m in modules}
    tops = {m.split(".")[0] for m in modules} | {p.name.split(".")[0].split("-")[0] for p in internal.iterdir()}
    assert not tops & set(TEST_ONLY), sorted(tops & set(TEST_ONLY))
    # lxml: etree (+ _elementpath) only; python-docx and openpyxl use nothing else.
    lxml_parts = sorted(p.name.split(".")[0] for p in (internal / "lxml").iterdir())
    assert lxml_parts == ["_elementpath", "etree"], lxml_parts
    assert not {m for m in modules if m.startswith(("lxml.html", "lxml.objectify", "lxml.isoschematron"))}
    assert "charset_normalizer" not in tops
    # python-docx: the templates it opens, not their unpacked source; docx/parts exists (see the spec).
    templates = internal / "docx" / "templates"
    assert (templates / "default.docx").is_file() and (templates / "default-header.xml").is_file()
    assert not (templates / "default-docx-template").exists()
    assert (internal / "docx" / "parts").is_dir()


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory):
    """A data folder with a realistic year (facility, contacts, answers, action plan, drills)."""
    from hospital_sec_desk.app.context import AppContext
    from tests.planning.sample import YEAR, populate

    folder = tmp_path_factory.mktemp("frozen") / "data"
    ctx = AppContext.open(folder)
    try:
        populate(ctx)
    finally:
        ctx.close()
    return folder, YEAR


def run_frozen(built, folder: Path, *argv: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([built["executable"], "--data-dir", str(folder), *argv], capture_output=True,
                          text=True, env=frozen_env(), timeout=300)
    assert proc.returncode == 0, f"{argv} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_frozen_app_writes_word_and_excel(built, sample_folder, tmp_path):
    from openpyxl import load_workbook

    from tests.planning.sample import DRILL_TOPIC, HOSPITAL, VENDOR_EHR

    folder, year = sample_folder
    docx, xlsx = tmp_path / "BCP.docx", tmp_path / "計画.xlsx"
    run_frozen(built, folder, "bcp", "--year", str(year), "--out", str(docx))
    run_frozen(built, folder, "xlsx", "--year", str(year), "--out", str(xlsx))
    with zipfile.ZipFile(docx) as z:
        names = set(z.namelist())
        body = z.read("word/document.xml").decode("utf-8")
        parts = "".join(z.read(n).decode("utf-8") for n in names if n.startswith("word/header")
                        or n.startswith("word/footer"))
    assert HOSPITAL in body and VENDOR_EHR in body
    assert any(n.startswith("word/header") for n in names) and parts  # the header python-docx loads
    book = load_workbook(xlsx)
    assert book.sheetnames == ["行動計画", "回答", "研修・訓練"], book.sheetnames
    owners = {c.value for row in book["行動計画"].iter_rows(min_row=2) for c in row}
    assert "事務長" in owners, owners  # an action plan row of the sample
    assert DRILL_TOPIC in {c.value for row in book["研修・訓練"].iter_rows(min_row=2) for c in row}


def test_frozen_app_writes_the_pdfs(built, sample_folder, tmp_path):
    folder, year = sample_folder
    outs = {"bcp": tmp_path / "BCP.pdf", "print": tmp_path / "報告書.pdf", "poster": tmp_path / "掲示.pdf"}
    run_frozen(built, folder, "bcp", "--year", str(year), "--out", str(outs["bcp"]))
    run_frozen(built, folder, "print", "--year", str(year), "--out", str(outs["print"]))
    run_frozen(built, folder, "poster", "--out", str(outs["poster"]))
    for what, path in outs.items():
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and b"/FontFile2" in data, what  # the Japanese font embedded
