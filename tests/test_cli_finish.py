"""cli.finish.exit_now: the process ends at once, after the exit functions and the flushes."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(body: str, tmp_path) -> subprocess.CompletedProcess:
    script = textwrap.dedent(f"""
        import atexit, sys, threading, time
        from pathlib import Path
        from hospital_sec_desk.cli.finish import exit_now
        mark = Path({str(tmp_path / "mark")!r})
        atexit.register(lambda: mark.write_text("exit functions ran"))
        sys.stdout.write("buffered, no newline")
        sys.stderr.write("err text")
    """) + textwrap.dedent(body)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)


def test_exit_now_runs_exit_functions_flushes_and_ends(tmp_path):
    proc = _run("""
        exit_now(0)
        print("after exit_now")
        sys.exit(5)
    """, tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == "buffered, no newline" and proc.stderr == "err text"
    assert (tmp_path / "mark").read_text() == "exit functions ran"


def test_exit_now_returns_while_another_thread_runs(tmp_path):
    proc = _run("""
        t = threading.Thread(target=time.sleep, args=(0.3,))
        t.start()
        exit_now(0)
        print(" returned")
        sys.exit(3)
    """, tmp_path)
    assert proc.returncode == 3 and proc.stdout.endswith(" returned\n")
    assert (tmp_path / "mark").read_text() == "exit functions ran"


def test_print_command_exits_early_with_its_file_and_message(tmp_path):
    from hospital_sec_desk.app.context import AppContext
    from hospital_sec_desk.app.facility import save_facility

    folder, out = tmp_path / "data", tmp_path / "r.pdf"
    ctx = AppContext.open(folder)
    save_facility(ctx, 2026, name="終了病院", respondent_name="鈴木")
    ctx.ensure_year(2026)
    ctx.close()
    cmd = [sys.executable, "-m", "hospital_sec_desk", "--data-dir", str(folder)]
    proc = subprocess.run(cmd + ["print", "--out", str(out), "--parts", "cover"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "保存しました" in proc.stdout and out.read_bytes().rstrip().endswith(b"%%EOF")
    # the database was closed before the end (an open WAL connection leaves -wal and -shm)
    assert not list(folder.glob("*.sqlite3-wal")) and not list(folder.glob("*.sqlite3-shm"))
    failed = subprocess.run(cmd + ["print", "--year", "2019", "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1 and "2019年度" in failed.stderr
