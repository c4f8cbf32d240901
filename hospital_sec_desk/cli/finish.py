"""The end of a command's process: without the interpreter's teardown when it is safe.

After a successful command the interpreter would still collect and free every object the
command made (a report leaves ~46,000 objects and reportlab's module state): 40-50 ms of a
0.65 s cold print, for memory the OS takes back anyway. `exit_now` ends the process at once
instead, after what the ordinary exit does that matters to the user:

- the exit functions run (atexit: logging.shutdown() flushes and closes the log, weakref
  finalizers with atexit=True, anything a library registered);
- stdout and stderr are flushed; a failing flush (a closed pipe, a full disk) returns to the
  ordinary exit, which reports it as usual;
- it is only called after the command returned 0, so every file it wrote was written,
  closed and renamed into place, and the data folder (database, lock) was closed by its
  `with` block; while another thread runs it does nothing (the ordinary exit waits for it).

Only the program's own entry (`main()` without arguments) calls it; tests calling
main([...]) in-process return as before.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading


def exit_now(code: int) -> None:
    """End the process with `code` (see the module docstring); returns when it is not safe."""
    if threading.active_count() > 1:
        return
    run_exit_functions = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_functions is None:  # another interpreter: the ordinary exit
        return
    try:
        run_exit_functions()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:  # noqa: BLE001 - the ordinary exit reports it
        return
    os._exit(code)
