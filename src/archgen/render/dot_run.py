"""Running Graphviz: lay out DOT with `dot`, every requested format from one run, icons embedded.

Icons are copied into a private temporary folder under names archgen chooses (a hash of their
bytes), never under a path from the spec, and the DOT given to `dot` names those copies; the SVG
it writes is then made self-contained by replacing each copy's name with a data URI.

`dot` runs in its own process group, which is killed on a timeout, Ctrl-C or SIGTERM, including
the groups that other threads started (`stop_all`). Under coreutils' `timeout`, when installed, a
`dot` outlives archgen (kill -9) by no more than --timeout. Each work folder is locked while in
use, so the next run can sweep the folders of runs that were killed before they could clean up.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import functools
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graphviz.quoting import quote

from archgen import waiting
from archgen.errors import ToolError
from archgen.render import escape

DEFAULT_TIMEOUT = 60.0
WORK_PREFIX = "archgen-"
# mkdtemp's names: the prefix and eight characters from [a-z0-9_]. Nothing else is ever swept.
_WORK_NAME = re.compile(re.escape(WORK_PREFIX) + r"[a-z0-9_]{8}")
# A live run locks its folder a few microseconds after creating it; an unlocked folder younger than
# this may be one of those, so only older ones are swept.
SWEEP_GRACE_SECONDS = 60.0
_GRAPHVIZ_FORMAT = {"svg": "svg", "png": "png:cairo"}
_IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": b"image/png", b"\xff\xd8\xff": b"image/jpeg"}


@dataclass(frozen=True)
class Diagram:
    """The DOT source and the icon files it names (the name in the DOT -> file on disk)."""

    dot: str
    images: dict[str, Path]


def run_dot(diagram: Diagram, formats: list[str], timeout: float = DEFAULT_TIMEOUT) -> dict[str, bytes]:
    """One Graphviz layout, every requested format (dot accepts several -T/-o pairs)."""
    if not formats:
        return {}
    dot = shutil.which("dot")
    if dot is None:
        raise ToolError("Graphviz is not installed (no `dot` on PATH): install it with `sudo apt-get install graphviz` "
                        "(Debian/Ubuntu), `brew install graphviz` (macOS), or see https://graphviz.org/download/")
    _sweep_once()
    icons = {name: path.read_bytes() for name, path in diagram.images.items()}
    copies = {name: copy_name(icons[name], path) for name, path in diagram.images.items()}
    with _work_folder() as work:
        image_dir = work / "images"
        image_dir.mkdir()
        for name, copy in copies.items():
            (image_dir / copy).write_bytes(icons[name])
        args = [dot, f"-Gimagepath={image_dir}"]
        for fmt in formats:
            args += [f"-T{_GRAPHVIZ_FORMAT[fmt]}", f"-o{work / ('out.' + fmt)}"]
        _run(args, name_copies(diagram.dot, copies), timeout, cwd=image_dir)
        outputs = {fmt: _output(work / f"out.{fmt}", fmt) for fmt in formats}
    if "svg" in outputs:
        outputs["svg"] = embed_images(outputs["svg"], {copies[name]: data for name, data in icons.items()})
    return outputs


def copy_name(data: bytes, path: Path) -> str:
    """A name for an icon's copy that no spec can choose: a hash of its bytes and a plain suffix."""
    suffix = path.suffix.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,5}", path.suffix) else ""
    return hashlib.sha256(data).hexdigest()[:20] + suffix


def name_copies(dot: str, copies: dict[str, str]) -> str:
    """Point every reference to an icon at its copy: an `image="…"` attribute, or `<IMG SRC="…">` in
    an HTML-like label.

    Both are a value right after `="`, which label text can never hold: a quoted DOT string escapes
    its `"` and HTML-like label text writes it as `&quot;`. So only real references change.
    """
    if not copies:
        return dot
    quoted, bare, named = _references(tuple(sorted(copies)))
    dot = quoted.sub(lambda match: f'="{copies[named[match.group(1)]]}"', dot)

    def bare_reference(match: re.Match[str]) -> str:
        before = dot[match.start() - 1] if match.start() else " "
        return match.group(0) if before.isalnum() or before in "._" else f'image="{copies[match.group(1)]}"'

    return bare.sub(bare_reference, dot)


@functools.lru_cache(maxsize=256)
def _references(names: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """For icons `names`: a pattern for `="SPELLING"` with each name's spellings (a quoted DOT string, HTML
    label text), one for an unquoted `image=NAME`, and each spelling's name. One pass over the DOT for
    all icons, compiled once per set: one pass per icon cost chat ~50 ms of CPU."""
    named = {spelling: name for name in reversed(names)
             for spelling in (quote(name).removeprefix('"').removesuffix('"'), escape.dot_html_text(name))}
    longest_first = sorted(named, key=len, reverse=True)
    quoted = re.compile('="(' + "|".join(map(re.escape, longest_first)) + ')"')
    bare_names = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    # The ID must not follow a letter, digit, `_` or `.` (checked by the caller: a leading lookbehind
    # would make the search try every position of the DOT instead of jumping to `image=`).
    return quoted, re.compile(r"image=(" + bare_names + r")(?=[\s,;\]])"), named


def _output(path: Path, fmt: str) -> bytes:
    data = path.read_bytes() if path.is_file() else b""
    if not data:
        raise ToolError(f"Graphviz finished without writing the {fmt.upper()} diagram; "
                        "check that its output plugins are installed (`dot -v` lists them)")
    return data


# Each running `dot` by process group; `stop_all` kills them, and `waiting.stopping` keeps new ones
# from starting.
_running: set[int] = set()
_running_lock = threading.Lock()
# How many `dot`s this process has started, for `wait_for_starts`.
_started = 0
# The backstop `timeout` fires this long after archgen's own timer would have, so archgen always
# reports a timeout itself while it lives; the backstop only matters once it is gone.
BACKSTOP_GRACE_SECONDS = 2.0


def _run(args: list[str], source: str, timeout: float, cwd: Path) -> None:
    backstop = shutil.which("timeout")
    if backstop:
        args = [backstop, "--signal=KILL", f"{timeout + BACKSTOP_GRACE_SECONDS:g}s", *args]
    process = _start(args, cwd)
    try:
        _, stderr = process.communicate(source.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ToolError(f"Graphviz did not finish within {timeout:g} s; simplify the design or raise --timeout") \
            from None
    except BaseException:  # Ctrl-C, SIGTERM: `dot` runs in its own group, so it must be stopped here
        _kill_group(process)
        raise
    finally:
        with _running_lock:
            _running.discard(process.pid)
    if process.returncode != 0:
        detail = stderr.decode("utf-8", "replace").replace(str(cwd.parent), "").strip().splitlines()
        code = process.returncode
        reason = f"signal {-code}" if code < 0 else f"exit code {code}"
        raise ToolError(f"Graphviz failed ({reason}): {' '.join(detail[-3:]) or 'no message'}")


def _start(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    global _started
    with _running_lock:
        if waiting.stopping.is_set():
            raise ToolError("Graphviz was not started: archgen is stopping")
        try:
            process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       cwd=cwd, env={**os.environ, "GV_FILE_PATH": str(cwd)}, start_new_session=True)
        except OSError as exc:
            raise ToolError(f"could not run Graphviz: {exc.strerror or exc}") from None
        _running.add(process.pid)
        _started += 1
    if waiting.stopping.is_set():  # stop_all ran while this one was starting: it may have missed it
        _kill_group(process)
        raise ToolError("Graphviz was stopped: archgen is stopping")
    return process


def started() -> int:
    """How many `dot`s this process has started so far."""
    return _started


def wait_for_starts(count: int, give_up: Callable[[], bool], timeout: float) -> None:
    """Wait until `count` `dot`s have started in all, `give_up()` is true, or `timeout` seconds pass.

    The drawing threads need the GIL to write a view's DOT and start its `dot`; a caller that goes
    straight on to Python work of its own (imports, the analysis) holds them back by up to a switch
    interval (5 ms) at a time, so Graphviz starts later and the cores idle meanwhile.

    It sleeps rather than waiting on a lock the drawing threads take: a signal handler that raises
    (Ctrl-C, SIGTERM) while the main thread is blocked acquiring a lock leaves it released by the
    wrong thread, and a later acquire can then block for ever.
    """
    deadline = time.monotonic() + timeout
    while _started < count and not give_up() and time.monotonic() < deadline:
        time.sleep(0.001)


def stop_all() -> None:
    """Kill every running `dot` group and start no more: archgen is stopping (Ctrl-C, SIGTERM).
    Safe in a signal handler: the other threads' `dot`s end, so their work folders are removed."""
    waiting.stopping.set()
    for group in list(_running):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, signal.SIGKILL)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        with contextlib.suppress(OSError):
            stream.close()


@contextlib.contextmanager
def _work_folder() -> Iterator[Path]:
    """A private temporary folder, locked while in use and removed on every way out."""
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
    handle = os.open(work, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
        os.close(handle)


_swept = threading.Event()


def _sweep_once() -> None:
    """Once per run: a design draws dozens of views, and the temp folder can be large."""
    if not _swept.is_set():
        _swept.set()
        sweep_stale_work_folders()


def sweep_stale_work_folders(temp_dir: Path | None = None) -> list[Path]:
    """Remove work folders of archgen runs that were killed (kill -9, power loss) before cleaning up.

    Only folders named as archgen names them, owned by this user, unlocked (their run has ended:
    the kernel drops a dead process's locks) and older than the grace period are removed.
    """
    folder = temp_dir or Path(tempfile.gettempdir())
    swept: list[Path] = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        candidates = [Path(entry.path) for entry in entries if _WORK_NAME.fullmatch(entry.name)]
    for candidate in candidates:
        if _is_stale(candidate):
            shutil.rmtree(candidate, ignore_errors=True)
            swept.append(candidate)
    return swept


def _is_stale(folder: Path) -> bool:
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        info = os.fstat(handle)
        if info.st_uid != os.getuid() or time.time() - info.st_mtime < SWEEP_GRACE_SECONDS:
            return False
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(handle)


_HREF = re.compile(rb'xlink:href="([^"]+)"')


def _data_uri(data: bytes) -> bytes:
    mime = next((kind for magic, kind in _IMAGE_TYPES.items() if data.startswith(magic)), b"image/png")
    return b"data:" + mime + b";base64," + base64.b64encode(data)


def embed_images(svg: bytes, images: dict[str, bytes]) -> bytes:
    """Replace icon references (the copies' names) with data URIs, so the SVG shows anywhere."""
    encoded = {name.encode("ascii"): _data_uri(data) for name, data in images.items()}

    def replace(match: re.Match[bytes]) -> bytes:
        data = encoded.get(match.group(1))
        return match.group(0) if data is None else b'xlink:href="' + data + b'"'

    return _HREF.sub(replace, svg)
