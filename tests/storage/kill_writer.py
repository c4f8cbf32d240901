"""Helper process for test_storage_durability: save answers, then die by SIGKILL.

    python kill_writer.py FOLDER SEED count|timer

Each key is printed (one line, flushed) only AFTER save_answer has returned. In `count`
mode the process kills itself before its n-th save; in `timer` mode another thread kills
it after a random delay, wherever the main thread happens to be (inside a commit, an
fsync or a WAL checkpoint included).
"""

from __future__ import annotations

import os
import random
import signal
import sys
import threading
from pathlib import Path

from hospital_sec_desk.domain.answers import AnswerRecord
from hospital_sec_desk.storage.database import open_store


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    folder, seed, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    store = open_store(folder)
    aid = store.ensure_assessment(2026, "survey", "r6")
    limit = rng.randint(0, 1500) if mode == "count" else -1
    print("READY", flush=True)
    if mode == "timer":
        threading.Timer(rng.uniform(0.01, 1.0), die).start()
    i = 0
    while True:
        if i == limit:
            die()
        key = f"k{seed}_{i:05d}"
        store.save_answer(aid, key, AnswerRecord({"choice": key}, memo="記録" * rng.randint(0, 1500)))
        sys.stdout.write(key + "\n")
        sys.stdout.flush()
        i += 1


if __name__ == "__main__":
    main()
