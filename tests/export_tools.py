"""The real Mermaid, D2 and PlantUML tools, run on exports: each call renders a batch of files in one
invocation (a browser or a JVM start costs seconds) and returns every SVG it drew, by source name.

A missing tool skips the test locally with the reason, and fails it when CI=true: CI must never pass
an export test it did not run (`make test` installs the tools through scripts/ensure-export-tools.sh).
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MMDC = ROOT / ".tools" / "node_modules" / ".bin" / "mmdc"
CHROMIUM = "/usr/bin/chromium"
# Chromium as this machine runs it: no sandbox as root, and no background connections the closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TIMEOUT = 600


def require(tool: str) -> str:
    """The tool's path; a skip with the reason when it is missing, a failure when CI=true."""
    found = {"mmdc": str(MMDC) if MMDC.exists() and Path(CHROMIUM).exists() else None,
             "d2": shutil.which("d2") or _venv_tool("d2"), "plantuml": shutil.which("plantuml")}[tool]
    if found is None:
        reason = f"`{tool}` is not installed; run `bash scripts/ensure-export-tools.sh` (make test does)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} — CI must run every export check")
        pytest.skip(reason)
    return found


def _venv_tool(name: str) -> str | None:
    candidate = ROOT / ".venv" / "bin" / name
    return str(candidate) if candidate.exists() else None


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 0, f"{args[0]} failed ({result.returncode}):\n{result.stdout[-3000:]}\n" \
                                   f"{result.stderr[-3000:]}"
    return result


def mermaid_svgs(sources: dict[str, str], work: Path) -> dict[str, str]:
    """Render Mermaid sources with one mmdc run: they go in one Markdown file, one block each, and mmdc
    writes block N to `bundle-N.svg`. A source that does not parse fails the whole run."""
    mmdc = require("mmdc")
    work.mkdir(parents=True, exist_ok=True)
    config = work / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": CHROMIUM, "args": CHROMIUM_ARGS}), encoding="utf-8")
    names = sorted(sources)
    bundle = "".join(f"```mermaid\n{sources[name]}```\n\n" for name in names)
    (work / "bundle.md").write_text(bundle, encoding="utf-8")
    (work / "out").mkdir(exist_ok=True)
    _run([mmdc, "--quiet", "-p", str(config), "-i", "bundle.md", "-o", "out/bundle.md"], work)
    return {name: (work / "out" / f"bundle-{index}.svg").read_text(encoding="utf-8")
            for index, name in enumerate(names, 1)}


def d2_svgs(source: str, work: Path) -> dict[str, str]:
    """Render a D2 file with its layers: board name ("index" for the root) -> SVG."""
    d2 = require("d2")
    work.mkdir(parents=True, exist_ok=True)
    (work / "design.d2").write_text(source, encoding="utf-8")
    _run([d2, "--layout", "dagre", "design.d2", "out.svg"], work)
    single = work / "out.svg"
    if single.is_file():
        return {"index": single.read_text(encoding="utf-8")}
    return {str(path.relative_to(work / "out").with_suffix("")): path.read_text(encoding="utf-8")
            for path in sorted((work / "out").rglob("*.svg"))}


def plantuml_svgs(sources: dict[str, str], work: Path) -> dict[str, str]:
    """Render PlantUML sources with one JVM start. PlantUML exits 0 even when a diagram fails (it draws the
    error into the SVG instead), so the SVGs are checked for its error banners too."""
    plantuml = require("plantuml")
    work.mkdir(parents=True, exist_ok=True)
    for name, text in sources.items():
        (work / f"{name}.puml").write_text(text, encoding="utf-8")
    _run([plantuml, "-tsvg", "-failfast2", "-nbthread", "2", *sorted(f"{name}.puml" for name in sources)], work)
    svgs = {name: (work / f"{name}.svg").read_text(encoding="utf-8") for name in sources}
    for name, svg in svgs.items():
        assert not re.search(r"Syntax Error|An error has occured|Error line \d+", svg), f"PlantUML failed on {name}"
    return svgs


def svg_text(svg: str) -> str:
    """Every piece of text an SVG shows, decoded, with all whitespace removed (tools wrap lines differently)."""
    body = re.sub(r"<style.*?</style>", "", svg, flags=re.S)
    texts = re.findall(r">([^<>]+)<", body)
    return re.sub(r"\s+", "", html.unescape("".join(texts)))


def shown(text: str) -> str:
    """Text as `svg_text` would find it."""
    return re.sub(r"\s+", "", text)


def mermaid_counts(svg: str) -> tuple[int, int]:
    """(nodes, edges) of a Mermaid flowchart SVG."""
    nodes = set(re.findall(r'<g class="node[^"]*"[^>]*id="[^"]*flowchart-(n\d+)-\d+"', svg))
    edges = set(re.findall(r'id="(L_[^"]+)"', svg))
    return len(nodes), len(edges)


def mermaid_messages(svg: str) -> int:
    return svg.count('class="messageText"')


def d2_counts(svg: str) -> tuple[int, int]:
    """(nodes, edges) of one D2 board: D2 names each object's and connection's group by its key, in base64."""
    keys = []
    for token in set(re.findall(r'<g class="([A-Za-z0-9+/=]+)"', svg)):
        try:
            keys.append(html.unescape(base64.b64decode(token, validate=True).decode("utf-8")))
        except (ValueError, UnicodeDecodeError):
            continue
    nodes = [key for key in keys if re.fullmatch(r"(g\d+\.)*n\d+", key)]
    edges = [key for key in keys if re.search(r"\(\S+ <?-> \S+\)\[\d+\]$", key)]
    return len(nodes), len(edges)


def plantuml_counts(svg: str) -> tuple[int, int]:
    """(nodes, edges) of a PlantUML component diagram, from the comments it writes before each element."""
    comments = re.findall(r"<!--MD5=\[[0-9a-f]+\]\n([^>]*)-->", svg)
    return (sum(c.startswith("entity ") for c in comments), sum(c.startswith("link ") for c in comments))
