"""Compiled write-up templates kept between runs, so a render does not compile Jinja2 source again.

Compiling the write-up templates from source costs each render about 0.4 s (issue 12's profile);
loading their compiled code costs a few milliseconds. Jinja2 keys each entry by the template's
name and source, so an edited or custom template is compiled afresh. A cache file that is torn,
corrupted or written by another program fails its own SHA-256 and is ignored and rewritten:
cached code is never run unchecked.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

_DIGEST_BYTES = 32


class CheckedBytecodeCache(BytecodeCache):
    """One file per template: SHA-256 of the payload, then Jinja2's own bytecode payload."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        digest, payload = data[:_DIGEST_BYTES], data[_DIGEST_BYTES:]
        if hashlib.sha256(payload).digest() != digest:
            return
        try:
            bucket.bytecode_from_string(payload)
        except Exception:  # a payload from another Python or Jinja2: compile from source instead
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        payload = bucket.bytecode_to_string()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=self.directory)
            with os.fdopen(fd, "wb") as handle:
                handle.write(hashlib.sha256(payload).digest() + payload)
            os.replace(temp, self._path(bucket))
        except OSError:
            return  # a read-only or full cache folder only costs the next run a compile

    def _path(self, bucket: Bucket) -> Path:
        return self.directory / f"{bucket.key}.jinja"


def cache_root() -> Path:
    """`$ARCHGEN_CACHE_DIR`, else the XDG cache folder (`~/.cache/archgen`)."""
    if os.environ.get("ARCHGEN_CACHE_DIR"):
        return Path(os.environ["ARCHGEN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "archgen"


@cache
def template_cache(environment_code: Path) -> CheckedBytecodeCache:
    """The cache for environments built by `environment_code`: its source and the Jinja2 version name the
    folder, because lexer options (trim_blocks, finalize, ...) shape the compiled code but not Jinja2's key."""
    digest = hashlib.sha256(jinja2.__version__.encode() + environment_code.read_bytes()).hexdigest()[:16]
    return CheckedBytecodeCache(cache_root() / f"templates-{digest}")
