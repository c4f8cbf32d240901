"""Helper process for the fault tests: one storage operation on a data folder, nothing else.

    python fault_op.py first|backup|restore|inapp|migrate FOLDER

Run under strace by test_fault_injection.py (kill -9 or an injected ENOSPC/EIO at one
system call). Exit 0 = done; 3 = a StorageError (its Japanese message on stderr); any
traceback is a failure of the app.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.storage import backup as backups
from hospital_sec_desk.storage.database import open_store, restore_open
from hospital_sec_desk.storage.errors import StorageError


def run(op: str, folder: Path) -> None:
    if op == "first":  # the very first start: create, WAL, migrations, one answer
        store = open_store(folder)
        aid = store.ensure_assessment(2026, "survey", "r6")
        store.save_answer(aid, "bcp", AnswerRecord({"choice": "yes"}))
        store.close()
    elif op in ("backup", "migrate"):  # a start that takes a backup (and, on v1, migrates)
        open_store(folder).close()
    elif op == "restore":
        backups.restore_folder(folder, backups.list_backups(folder)[-1])
    elif op == "inapp":  # the app's own restore: same lock, then the first open of the restored file
        store = open_store(folder)
        store, _moved, error = restore_open(store, backups.list_backups(folder)[-1])
        store.close()
        if error:
            raise error
    else:
        raise SystemExit(f"unknown op {op}")


def main() -> int:
    op, folder = sys.argv[1], Path(sys.argv[2])
    try:
        run(op, folder)
    except StorageError as exc:
        sys.stderr.write(f"STORAGE-ERROR {exc}\n")
        return 3
    sys.stdout.write("OK\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
