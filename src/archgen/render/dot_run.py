"""Running Graphviz: lay out DOT with `dot`, every requested format from one run, icons embedded.

Icons are copied into a private temporary image folder that `dot` reads; the SVG it writes is
then made self-contained by replacing each icon reference with a data URI.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archgen.errors import ToolError

DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class Diagram:
    """The DOT source and the icon files it names (relative name -> file on disk)."""

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
    with tempfile.TemporaryDirectory(prefix="archgen-") as work:
        image_dir = Path(work) / "images"
        for name, file in diagram.images.items():
            target = image_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
        args = [dot, f"-Gimagepath={image_dir}"]
        for fmt in formats:
            args += [f"-T{_GRAPHVIZ_FORMAT[fmt]}", f"-o{Path(work) / ('out.' + fmt)}"]
        _run(args, diagram.dot, timeout, cwd=image_dir)
        outputs = {fmt: (Path(work) / f"out.{fmt}").read_bytes() for fmt in formats}
    if "svg" in outputs:
        outputs["svg"] = embed_images(outputs["svg"], diagram.images, str(image_dir))
    return outputs


_GRAPHVIZ_FORMAT = {"svg": "svg", "png": "png:cairo"}


def _run(args: list[str], source: str, timeout: float, cwd: Path) -> None:
    try:
        result = subprocess.run(args, input=source.encode("utf-8"), capture_output=True, timeout=timeout, cwd=cwd,
                                env={**os.environ, "GV_FILE_PATH": str(cwd)})
    except subprocess.TimeoutExpired:
        raise ToolError(f"Graphviz did not finish within {timeout:g} s; simplify the design or raise --timeout") \
            from None
    except OSError as exc:
        raise ToolError(f"could not run Graphviz: {exc}") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = f"signal {-result.returncode}" if result.returncode < 0 else f"exit code {result.returncode}"
        raise ToolError(f"Graphviz failed ({reason}): {' '.join(detail[-3:]) or 'no message'}")


_HREF = re.compile(rb'xlink:href="([^"]+)"')


def _data_uri(path: Path) -> bytes:
    mime = b"image/jpeg" if path.suffix.lower() in (".jpg", ".jpeg") else b"image/png"
    return b"data:" + mime + b";base64," + base64.b64encode(path.read_bytes())


def embed_images(svg: bytes, images: dict[str, Path], image_dir: str) -> bytes:
    """Replace icon references with data URIs, so the SVG shows anywhere it is copied."""
    encoded = {name: _data_uri(path) for name, path in images.items()}
    prefix = image_dir.rstrip("/") + "/"

    def replace(match: re.Match[bytes]) -> bytes:
        reference = match.group(1).decode("utf-8").removeprefix(prefix)
        data = encoded.get(reference)
        if data is None:
            return match.group(0)
        return b'xlink:href="' + data + b'"'

    return _HREF.sub(replace, svg)
