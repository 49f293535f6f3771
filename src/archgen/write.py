"""Write stage: files appear whole or not at all (temp file in the same folder, then rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_all(files: dict[Path, bytes]) -> None:
    """Stage every file first, then rename them all: a failure leaves the old outputs in place."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in sorted(files.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o644)
            staged.append((temp, path))
        for temp, path in staged:
            os.replace(temp, path)
    finally:
        for temp, _ in staged:
            Path(temp).unlink(missing_ok=True)
