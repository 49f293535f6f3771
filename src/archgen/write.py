"""Write stage: a set of files appears whole or not at all, and only inside the folder named.

Each folder is opened once, without following a symbolic link (unless the user named the folder
and may have made it a link), and every file operation goes through that open folder, so a link
swapped in meanwhile cannot redirect a write. The folder is locked while its set is written: two
renders into the same OUT/NAME take turns and the last one leaves a complete set, never a mix.
Files are staged as hidden temp files next to their targets and renamed into place only when all
are staged; staged files are removed on any failure, Ctrl-C or SIGTERM, and the temp files of a
run killed outright are swept by the next write there.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import signal
from collections.abc import Iterator
from pathlib import Path

from archgen.errors import Diagnostic, InputError

# Temp files are `.TARGET.XXXXXXXX.tmp`: eight characters from [a-z0-9_] (tempfile's alphabet;
# archgen writes hex) after the name of the file they stand in for.
_TEMP_TAIL = r"\.[a-z0-9_]{8}\.tmp"


def write_atomic(path: Path, data: bytes) -> None:
    """One file into a folder the user named (`--out`, `--specs`), which may be a link they made."""
    write_all({path: data}, folder_may_be_link=True)


def write_all(files: dict[Path, bytes], *, folder_may_be_link: bool = False) -> None:
    """Write every file, folder by folder; within a folder, all files or none replace the old ones.

    By default the folders are archgen's own (OUT/NAME), so a symbolic link there was planted by
    someone else and is refused rather than followed.
    """
    by_folder: dict[Path, dict[str, bytes]] = {}
    for path, data in sorted(files.items()):
        by_folder.setdefault(path.parent, {})[path.name] = data
    for folder, named in by_folder.items():
        with _locked_folder(folder, folder_may_be_link) as handle:
            _sweep_stale_temp_files(handle, folder.name, list(named))
            _replace_together(handle, named)


@contextlib.contextmanager
def _locked_folder(folder: Path, may_be_link: bool) -> Iterator[int]:
    folder.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        folder.mkdir()
    if folder.is_symlink() and not may_be_link:
        raise InputError([Diagnostic(
            f"`{folder}` is a symbolic link; archgen writes a design's outputs only into a real folder",
            None, "remove the link (archgen recreates the folder), or pass --out with the folder it points to")])
    flags = os.O_RDONLY | os.O_DIRECTORY | (0 if may_be_link else os.O_NOFOLLOW)
    handle = os.open(folder, flags)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield handle
    finally:
        os.close(handle)


def _replace_together(folder: int, files: dict[str, bytes]) -> None:
    """Stage every file first, then rename them all: a failure leaves the old outputs in place."""
    staged: list[tuple[str, str]] = []
    try:
        _stage_all(folder, files, staged)
        with _signals_deferred():
            for temp, name in staged:
                os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
        with contextlib.suppress(OSError):  # durability of the renames; some file systems refuse it
            os.fsync(folder)
    finally:
        for temp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp, dir_fd=folder)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM for the few microseconds of renaming, so a set is never half replaced.
    (Blocked in the calling thread: the main one, where Python runs signal handlers; the drawing
    threads have finished by the time a set is written.)"""
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _stage_all(folder: int, files: dict[str, bytes], staged: list[tuple[str, str]]) -> None:
    """Stage every file, several at once: each waits on its own fsync (a render writes ~20 files,
    and one after another they cost 70-500 ms of wall time on a shared VM). `staged` gets every temp
    that was written, even when another failed or a signal arrived, so the caller can remove them all."""
    from concurrent.futures import ThreadPoolExecutor, wait

    pool = ThreadPoolExecutor(max_workers=min(8, len(files)))
    futures = [(pool.submit(_stage, folder, name, data), name) for name, data in files.items()]
    try:
        wait([future for future, _ in futures])
    finally:  # a second signal is dropped (__main__), so this wait is not cut short
        pool.shutdown(wait=True)
        staged.extend((future.result(), name) for future, name in futures if future.exception() is None)
    failures = [future.exception() for future, _ in futures if future.exception() is not None]
    if failures:
        raise failures[0]


def _stage(folder: int, name: str, data: bytes) -> str:
    while True:
        temp = f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=folder)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        os.unlink(temp, dir_fd=folder)
        raise
    return temp


def _sweep_stale_temp_files(folder: int, folder_name: str, names: list[str]) -> None:
    """Remove temp files a killed run left. Safe under the folder's lock: no live run is staging.

    Matched: the temps of the files being written, and of any `NAME….ext` output in folder NAME
    (a killed run may have been writing a view or format this one is not).
    """
    own_outputs = re.escape(folder_name) + r"[A-Za-z0-9_.-]*\.[A-Za-z0-9]{1,8}"
    targets = "|".join([re.escape(name) for name in names] + [own_outputs])
    stale = re.compile(rf"\.(?:{targets}){_TEMP_TAIL}")
    with os.scandir(folder) as entries:
        leftovers = [entry.name for entry in entries if stale.fullmatch(entry.name)]
    for name in leftovers:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
            os.unlink(name, dir_fd=folder)
