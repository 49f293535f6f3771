"""Custom icons: a PNG or JPEG inside the spec's folder, named relative to it, small, and readable.

Each problem is found here, with the spec's position, so that drawing never meets a path that
leaves the folder, a link that loops, a FIFO that blocks or a file that is no image.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

from archgen.errors import DiagnosticSink, SourcePos

MAX_ICON_BYTES = 2 * 1024 * 1024  # icons draw at about 100 px; the catalogue's weigh 2–30 KB each
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
_ICON_HINT = "keep custom icons next to the spec, e.g. `icons/thing.png`"


def check_icon(icon: str, pos: SourcePos, sink: DiagnosticSink, base_dir: Path | None) -> None:
    """Report what makes a custom icon unusable, before anything reads it for drawing."""
    if base_dir is None:
        return
    problem = _icon_problem(icon, base_dir)
    if problem is not None:
        sink.error(problem[0], pos, problem[1])


def _icon_problem(icon: str, base_dir: Path) -> tuple[str, str | None] | None:
    """What is wrong with a custom icon path, as (message, hint), or None."""
    if Path(icon).is_absolute():
        return f"icon `{icon}` is an absolute path", f"write it relative to the spec's folder; {_ICON_HINT}"
    try:
        candidate = (base_dir / icon).resolve()
        if not candidate.is_relative_to(base_dir.resolve()):
            return f"icon `{icon}` is outside the spec's folder", _ICON_HINT
        if candidate.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            return f"icon `{icon}` must be a PNG or JPEG file", None
        info = candidate.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            return f"icon `{icon}` is not a regular file", None
        with candidate.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        return f"icon file `{icon}` not found next to the spec", None
    except (OSError, RuntimeError) as exc:  # Python < 3.13 reports a link loop as RuntimeError
        if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
            return f"icon `{icon}` is a symbolic link that loops", "point the link at a real file"
        return f"cannot read icon `{icon}`: {exc.strerror or exc}", None
    if info.st_size > MAX_ICON_BYTES:
        return (f"icon `{icon}` is larger than {MAX_ICON_BYTES // (1024 * 1024)} MB",
                "an icon draws at about 100 px; scale it down")
    if not head.startswith(_IMAGE_MAGIC):
        return f"icon `{icon}` is not a PNG or JPEG image (its first bytes say otherwise)", None
    return None
