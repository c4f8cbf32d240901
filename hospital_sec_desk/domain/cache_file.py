"""The app's private cache files (the editions cache, the report fonts cache): how an entry
knows its source file is unchanged (`stat_key`), and how a cache file is written (`write_private`).

A cache file holds pickled objects, so it lives where only the user can write: a 0700 folder
inside the data folder (never created by itself: the data folder must exist), the file 0600.
It is written to a temporary file in the same folder and moved into place, so a reader sees
the old cache or the new one, never half of one. Callers ignore the errors: a cache is optional.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def stat_key(path: str | os.PathLike) -> tuple[int, int, int, int] | None:
    """What changes whenever a file is written: size, modification and change times, file id
    (None when it cannot be read). Equal keys: the file was not written since."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def write_private(target: Path, payload: bytes) -> None:
    """Write `payload` to `target` atomically, private to the user; raises OSError."""
    target.parent.mkdir(mode=0o700, exist_ok=True)  # never creates the data folder itself
    if os.name == "posix":
        os.chmod(target.parent, 0o700)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)  # mkstemp: mode 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
