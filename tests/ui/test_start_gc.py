"""The garbage collector is paused for the start and runs again after the first paint
(ui/launch.collect_from_now_on), with what the start made frozen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import gc, sys
sys.argv = ["hospital_sec_desk", "--data-dir", sys.argv[1], "--smoke"]
import hospital_sec_desk.ui.main_window as mw
from hospital_sec_desk.cli import dispatch
seen = {}
init = mw.MainWindow.__init__
def watched(self, *a, **k):
    seen["building the window"] = gc.isenabled()
    init(self, *a, **k)
mw.MainWindow.__init__ = watched
code = dispatch.main()
print(code, seen["building the window"], gc.isenabled(), gc.get_freeze_count() > 0)
"""


def test_paused_for_the_start_and_running_after_the_first_paint(tmp_path: Path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "data")], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    code, during, after, frozen = proc.stdout.split()
    assert (code, during, after, frozen) == ("0", "False", "True", "True")
