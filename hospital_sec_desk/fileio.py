"""Writing user files safely: a temporary file beside the target, fsync, then os.replace.

A crash or a full disk leaves either the old file or the new one, never half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(target: str | os.PathLike, data: bytes | str) -> None:
    target = Path(target)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
