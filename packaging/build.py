#!/usr/bin/env python3
"""Build the distributable for the current OS.

    python packaging/build.py [--distpath DIR] [--workpath DIR] [--no-installer]
                              [--no-archive] [--no-trim] [--clean] [--json FILE]

Steps:
  1. PyInstaller with packaging/hospital_sec_desk.spec -> DIST/hospital-sec-desk/ (onedir)
  2. Windows: Inno Setup (ISCC.exe, when installed) with packaging/windows/installer.iss
     -> DIST/hospital-sec-desk-<version>-setup.exe
     Linux:   a .desktop file and the icon in the bundle, then
     -> DIST/hospital-sec-desk-<version>-linux-<arch>.tar.gz
  3. Prints the bundle size and the build time (and writes them to --json FILE).

Needs PyInstaller in the running Python (`pip install .[package]`). On Linux
PyInstaller also needs objdump (binutils). Standard library only otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "hospital_sec_desk.spec"
ISS = PACKAGING / "windows" / "installer.iss"
DESKTOP_TEMPLATE = PACKAGING / "linux" / "hospital-sec-desk.desktop"
DESKTOP_INSTALLER = PACKAGING / "linux" / "install-desktop-entry.sh"
APP_ICON_PNG = ROOT / "resources" / "icons" / "app.png"

IS_WIN = sys.platform == "win32"
IS_LINUX = sys.platform.startswith("linux")


def project_meta() -> tuple[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return meta["name"], meta["version"]


def tree_size(path: Path) -> int:
    """Bytes of all regular files below path (symlinks are not followed or counted)."""
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            p = Path(dirpath, name)
            if not p.is_symlink():
                total += p.stat().st_size
    return total


def human(n: int) -> str:
    return f"{n / 1e6:.1f} MB ({n / 2**20:.1f} MiB)"


def run_pyinstaller(dist: Path, work: Path, trim: bool, clean: bool) -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("PyInstaller is not installed in this Python. Install it with:\n"
                 f"  {Path(sys.executable).name} -m pip install .[package]")
    # A fresh work folder for this spec, so nothing of an earlier (e.g. untrimmed) build is
    # reused; PyInstaller's own cache of stripped binaries is kept unless --clean.
    shutil.rmtree(work / SPEC.stem, ignore_errors=True)
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work)]
    if clean:
        cmd.append("--clean")
    if not trim:
        cmd += ["--", "--no-trim"]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)


# ----------------------------------------------------------------------------- Windows
def find_iscc() -> Path | None:
    """ISCC.exe of Inno Setup 6: on PATH, or in the usual per-machine / per-user folders."""
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    bases = [os.environ.get(v) for v in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA")]
    for base in filter(None, bases):
        for sub in ("Inno Setup 6", r"Programs\Inno Setup 6"):
            cand = Path(base) / sub / "ISCC.exe"
            if cand.is_file():
                return cand
    return None


def numeric_version(version: str) -> str:
    """'1.2.3rc1' -> '1.2.3.0': Windows file versions are four numbers."""
    m = re.match(r"\d+(?:\.\d+)*", version)
    nums = m.group(0).split(".")[:4] if m else []
    return ".".join((nums + ["0"] * 4)[:4])


def build_installer(bundle: Path, dist: Path, version: str) -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        print("Inno Setup (ISCC.exe) not found: skipping the installer. "
              "Install Inno Setup 6 from https://jrsoftware.org/isdl.php and run again.")
        return None
    cmd = [str(iscc), "/Q", f"/DAppVersion={version}", f"/DFileVersion={numeric_version(version)}",
           f"/DBundleDir={bundle}", f"/O{dist}", str(ISS)]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ISS.parent, check=True)
    out = dist / f"{bundle.name}-{version}-setup.exe"
    return out if out.exists() else None


# ----------------------------------------------------------------------------- Linux
def add_desktop_entry(bundle: Path, name: str, version: str) -> None:
    """Put the .desktop file, the icon and a helper that installs both for the user
    into the bundle (the .desktop needs absolute paths, known only after unpacking)."""
    text = DESKTOP_TEMPLATE.read_text(encoding="utf-8")
    text = text.replace("@VERSION@", version).replace("@NAME@", name)
    (bundle / f"{name}.desktop").write_text(text, encoding="utf-8")
    shutil.copy2(APP_ICON_PNG, bundle / f"{name}.png")
    helper = bundle / DESKTOP_INSTALLER.name
    shutil.copy2(DESKTOP_INSTALLER, helper)
    helper.chmod(0o755)


def make_tarball(bundle: Path, dist: Path, name: str, version: str) -> Path:
    arch = platform.machine().lower() or "unknown"
    arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(arch, arch)
    out = dist / f"{name}-{version}-linux-{arch}.tar.gz"
    top = f"{name}-{version}"

    def normalize(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=top, filter=normalize)  # symlinks stay symlinks
    return out


# ----------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--distpath", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    ap.add_argument("--workpath", type=Path, default=ROOT / "build", help="PyInstaller work folder (default: build/)")
    ap.add_argument("--no-installer", action="store_true", help="Windows: do not run Inno Setup")
    ap.add_argument("--no-archive", action="store_true", help="Linux: do not write the .desktop file and tar.gz")
    ap.add_argument("--no-trim", action="store_true", help="keep all Qt parts (only to measure what trimming saves)")
    ap.add_argument("--clean", action="store_true", help="also empty PyInstaller's cache first (slower)")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)

    name, version = project_meta()
    dist, work = args.distpath.resolve(), args.workpath.resolve()
    started = time.monotonic()
    run_pyinstaller(dist, work, trim=not args.no_trim, clean=args.clean)
    bundle_seconds = time.monotonic() - started
    bundle = dist / name
    exe = bundle / (f"{name}.exe" if IS_WIN else name)
    if not exe.exists():
        sys.exit(f"build finished but {exe} is missing")
    size = tree_size(bundle)  # measured before the .desktop extras are added

    artifacts: list[Path] = []
    if IS_WIN and not args.no_installer:
        setup = build_installer(bundle, dist, version)
        if setup:
            artifacts.append(setup)
    if IS_LINUX and not args.no_archive:
        add_desktop_entry(bundle, name, version)
        artifacts.append(make_tarball(bundle, dist, name, version))
    total_seconds = time.monotonic() - started

    print()
    print(f"{name} {version} ({sys.platform}, Python {platform.python_version()})")
    print(f"  bundle:     {bundle}")
    print(f"  size:       {human(size)}")
    for art in artifacts:
        print(f"  artifact:   {art}  {human(art.stat().st_size)}")
    print(f"  build time: {bundle_seconds:.0f} s (PyInstaller), {total_seconds:.0f} s in all")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "name": name, "version": version, "platform": sys.platform,
            "bundle": str(bundle), "executable": str(exe), "bundle_bytes": size,
            "bundle_mb": round(size / 1e6, 1), "bundle_mib": round(size / 2**20, 1),
            "trimmed": not args.no_trim, "pyinstaller_seconds": round(bundle_seconds, 1),
            "total_seconds": round(total_seconds, 1),
            "artifacts": {a.name: a.stat().st_size for a in artifacts},
        }, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
