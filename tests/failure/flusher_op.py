"""Helper process for test_flusher_faults.py: saves answers while strace watches or fails the
fsync of the -wal (storage/flusher.py).

    python flusher_op.py eio|kill|trace|close FOLDER

Lines on stdout (each flushed, written only after what it names has happened):
- `BEGIN` before the save (the flusher has synced everything before it), `SAVED yes` when
  save_answer returned, `CLOSING` before close(), `CLOSED` after;
- eio: after SAVED, waits for the flusher, then `TOLD <message>` (the Japanese error the wizard
  shows, from app.sessions.sync_problem) or `TOLD-NOTHING`; then two more saves, each printing
  `SAVED no` or `REFUSED <message>`;
- kill: SIGKILLs itself right after `SAVED yes` (the flusher may not have run yet);
- close: closes right after the save (the flusher's fsync, held back by strace, is still running);
- trace: one save before BEGIN (the first commit into a new -wal, whose header SQLite itself
  syncs on the saving thread), then sleeps 1.5 s after SAVED (the flusher's fsync must come
  before CLOSING, not at close).
The log of the "hospital_sec_desk" logger goes to stderr (one line each, no traceback). Exit 0, or 3 on a StorageError; a
traceback is a failure of the app.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from pathlib import Path

from hospital_sec_desk.app.context import AppContext
from hospital_sec_desk.app.sessions import sync_problem
from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.storage.errors import StorageError


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run(op: str, folder: Path) -> None:
    ctx = AppContext.open(folder)
    store = ctx.store
    aid = store.ensure_assessment(2026, "survey", "r6")
    if op == "trace":  # the first commit into a new -wal: SQLite syncs its header (and the folder)
        store.save_answer(aid, "security_officer", AnswerRecord({"choice": "yes"}))
    store.flusher.wait()
    say("BEGIN")
    store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))
    say("SAVED yes")
    if op == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if op == "trace":
        time.sleep(1.5)
    if op == "eio":
        store.flusher.wait()
        problem = sync_problem(ctx)
        say(f"TOLD {problem}" if problem is not None else "TOLD-NOTHING")
        for _ in range(2):
            try:
                store.save_answer(aid, "bcp", AnswerRecord({"choice": "no"}))
                say("SAVED no")
            except StorageError as exc:
                say(f"REFUSED {exc}")
    say("CLOSING")
    ctx.close()
    say("CLOSED")


class OneLine(logging.Formatter):
    """The log's lines without their tracebacks: a traceback on stderr is then an uncaught one."""

    def formatException(self, ei) -> str:  # noqa: N802 (logging API)
        return ""


def main() -> int:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine("LOG %(message)s"))
    logging.getLogger("hospital_sec_desk").addHandler(handler)
    try:
        run(sys.argv[1], Path(sys.argv[2]))
    except StorageError as exc:
        sys.stderr.write(f"STORAGE-ERROR {exc}\n")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
