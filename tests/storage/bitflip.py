"""Random bit flips in a closed database: does the next start crash, refuse, or read changed data?

    .venv/bin/python tests/storage/bitflip.py [N] [SEED] [any|data]

Builds a data folder from tests/fixtures/make_fixture_db.py's content (with a start backup),
then for each of N runs flips one random bit of the database file and opens the folder as
the app does, reading everything through the Store API. Each run is one of:
  refused   — a StorageError (damage found, moved aside, backups offered)  — fine
  same      — opened, content identical (the bit was in unused space)       — fine
  changed   — opened, content differs: a silent change (no checksum can see every one)
  traceback — any other exception: a bug
`data` flips only bits of non-zero bytes (most of a file is free space: `any` mostly hits
zeros nobody reads). Prints the counts. Also importable: run(n, seed) returns them.
"""

from __future__ import annotations

import importlib.util
import random
import shutil
import sqlite3
import sys
import tempfile
import traceback
from pathlib import Path

HERE = Path(__file__).resolve()
_spec = importlib.util.spec_from_file_location("make_fixture_db", HERE.parents[1] / "fixtures" / "make_fixture_db.py")
maker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(maker)


def run(n: int = 200, seed: int = 1, keep: list | None = None, where: str = "any") -> dict[str, int]:
    from hospital_sec_desk.storage.database import DB_NAME, open_store
    from hospital_sec_desk.storage.errors import StorageError

    counts = {"refused": 0, "same": 0, "changed": 0, "traceback": 0}
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        store = open_store(base)
        maker.fill(store)
        original = maker.snapshot(store)
        store.close()
        open_store(base).close()  # a start backup exists, the file is checkpointed
        conn = sqlite3.connect(base / DB_NAME)
        conn.execute("VACUUM")  # compact: most flips land in data, not in free space
        conn.close()
        data = (base / DB_NAME).read_bytes()
        used = [i for i, b in enumerate(data) if b] if where == "data" else None
        for i in range(n):
            folder = Path(tmp) / f"run{i}"
            shutil.copytree(base, folder)
            flipped = bytearray(data)
            bit = rng.randrange(len(data) * 8) if used is None else rng.choice(used) * 8 + rng.randrange(8)
            flipped[bit // 8] ^= 1 << (bit % 8)
            (folder / DB_NAME).write_bytes(bytes(flipped))
            try:
                store = open_store(folder)
                try:
                    got = maker.snapshot(store)
                finally:
                    store.close()
                counts["same" if got == original else "changed"] += 1
            except StorageError:
                counts["refused"] += 1
            except Exception:  # noqa: BLE001 - counted: this is what the measurement is for
                counts["traceback"] += 1
                if keep is not None:
                    keep.append(f"bit {bit}: {traceback.format_exc(limit=3)}")
            shutil.rmtree(folder, ignore_errors=True)
    return counts


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[2]))
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    where = sys.argv[3] if len(sys.argv) > 3 else "any"
    shown: list[str] = []
    print(f"{n} bit flips (seed {seed}, {where}):", run(n, seed, shown, where))
    for line in shown[:5]:
        print(line)
