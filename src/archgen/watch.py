"""`archgen watch NAME`: re-render the design page on every save and serve it on 127.0.0.1.

Saves are noticed by watchfiles (the operating system's file events, not a polling loop). The page
holds a small script that listens to server-sent events from /events: after a good render it
reloads; while the spec is broken it shows the positioned errors above the last good render,
which stays on screen. /status answers the same JSON once, for scripts and tests.
"""

from __future__ import annotations

import errno
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from archgen.errors import ArchgenError, Diagnostic, InputError
from archgen.pipeline import RenderOptions, SpecSource

HOST = "127.0.0.1"
KEEPALIVE_SECONDS = 15.0  # a comment line on idle event streams, so proxies and browsers keep them open
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")  # custom icons beside the spec


@dataclass
class LiveState:
    """The last good page and the outcome of the latest render, shared by the watcher and the server threads."""

    page: bytes
    version: int = 0  # renders tried
    page_version: int = 0  # renders that succeeded; the page carries its own and reloads when it differs
    errors: list[dict[str, Any]] = field(default_factory=list)
    closed: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def status(self) -> dict[str, Any]:
        return {"version": self.version, "page_version": self.page_version, "errors": self.errors}

    def publish(self, page: bytes | None, errors: list[dict[str, Any]]) -> None:
        with self.changed:
            self.version += 1
            if page is not None:
                self.page, self.page_version = page, self.page_version + 1
            self.errors = errors
            self.changed.notify_all()

    def wait_newer(self, seen: int, timeout: float) -> tuple[int, dict[str, Any]]:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen or self.closed, timeout)
            return self.version, self.status()

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()


def open_server(port: int, state: LiveState) -> ThreadingHTTPServer:
    """Bind 127.0.0.1:port now, so a port in use is reported before anything renders."""
    handler = type("LiveHandler", (_Handler,), {"state": state})
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            reason = "is already in use" if exc.errno == errno.EADDRINUSE else "needs privileges this user lacks"
            raise InputError([Diagnostic(f"port {port} on {HOST} {reason}", None,
                                         "pick another with `--port N`, or `--port 0` for any free port")]) from None
        raise
    server.daemon_threads = True
    return server


class _Handler(BaseHTTPRequestHandler):
    state: LiveState
    server_version = "archgen-watch"

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html"):
            with self.state.changed:
                page = self.state.page
            self._send(200, "text/html; charset=utf-8", page)
        elif path == "/status":
            with self.state.changed:
                status = self.state.status()
            self._send(200, "application/json", json.dumps(status).encode("utf-8"))
        elif path == "/events":
            self._events()
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found: the page is at /\n")

    def _send(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while not self.state.closed:
                version, status = self.state.wait_newer(seen, KEEPALIVE_SECONDS)
                message = f"data: {json.dumps(status)}\n\n" if version != seen else ": still here\n\n"
                seen = version
                self.wfile.write(message.encode("utf-8"))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page reloaded or closed

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal reports renders, not requests."""


def diagnostics_json(diagnostics: list[Diagnostic]) -> list[dict[str, Any]]:
    """Errors as the page shows them: where, what, the hint, and the source line with a caret under the column."""
    lines: dict[str, list[str]] = {}
    shown = []
    for diagnostic in diagnostics:
        pos = diagnostic.pos
        source = None
        if pos is not None and pos.line > 0:
            if pos.file not in lines:
                try:
                    lines[pos.file] = Path(pos.file).read_text(encoding="utf-8-sig").splitlines()
                except (OSError, UnicodeDecodeError):
                    lines[pos.file] = []
            text = lines[pos.file][pos.line - 1] if pos.line <= len(lines[pos.file]) else None
            if text is not None:
                source = f"{pos.line:>4} | {text.replace(chr(9), ' ')[:200]}\n     | {' ' * (pos.column - 1)}^"
        shown.append({"where": str(pos) if pos else None, "severity": diagnostic.severity,
                      "message": diagnostic.message, "hint": diagnostic.hint, "source": source})
    return shown


@dataclass
class Watcher:
    source: SpecSource
    options: RenderOptions
    state: LiveState
    report: Callable[[str, list[Diagnostic]], None]  # what happened, and the diagnostics to print

    def rebuild(self) -> None:
        """Render once; on success the page changes, on failure only the errors do."""
        from archgen.pipeline import check, render_files
        from archgen.render.design_page import PAGE_FILE

        options = replace(self.options, live_version=self.state.page_version + 1)
        try:
            checked = check(self.source)
            files, warnings = render_files(checked, options)
        except InputError as exc:
            self.state.publish(None, diagnostics_json(exc.diagnostics))
            self.report("the spec has errors; the page keeps the last good render", exc.diagnostics)
            return
        except ArchgenError as exc:
            problem = Diagnostic(str(exc), None)
            self.state.publish(None, diagnostics_json([problem]))
            self.report("the render failed; the page keeps the last good render", [problem])
            return
        self.state.publish(files[PAGE_FILE], [])
        self.report(f"rendered {self.source.name} (page version {self.state.page_version})",
                    [*checked.warnings, *warnings])

    def concerns(self, paths: set[str]) -> bool:
        spec = self.source.path.resolve()
        templates = self.options.templates_dir.resolve() if self.options.templates_dir else None
        for name in paths:
            path = Path(name).resolve()
            if path == spec or path.suffix.lower() in IMAGE_SUFFIXES:
                return True
            if templates is not None and path.is_relative_to(templates):
                return True
        return False

    def watched(self) -> list[Path]:
        return [self.source.path.parent, *([self.options.templates_dir] if self.options.templates_dir else [])]


def waiting_page(options: RenderOptions) -> bytes:
    """What the browser shows before the first good render: the errors, live, and nothing else."""
    from archgen.render.html import asset, content_security_policy, render_page, styles

    css = styles("common.css", "page.css", custom_dir=options.templates_dir)
    script = asset("live.js", options.templates_dir)
    csp = content_security_policy([script], [css], live=True)
    return render_page("waiting.html.j2", options.templates_dir, css=css, live_script=script, csp=csp).encode()


def watch(source: SpecSource, port: int, options: RenderOptions, announce: Callable[[str], None],
          report: Callable[[str, list[Diagnostic]], None], stop: threading.Event | None = None) -> None:
    """Serve until interrupted (Ctrl-C) or `stop` is set."""
    import watchfiles

    options = replace(options, formats=("html",), views=("overview",))
    state = LiveState(page=waiting_page(options))
    server = open_server(port, state)
    watcher = Watcher(source, options, state, report)
    thread = threading.Thread(target=server.serve_forever, name="archgen-watch-server", daemon=True)
    thread.start()
    try:
        announce(f"serving {source.name} at http://{HOST}:{server.server_address[1]}/ (Ctrl-C stops)")
        watcher.rebuild()
        for changes in watchfiles.watch(*watcher.watched(), stop_event=stop, raise_interrupt=False):
            if watcher.concerns({path for _, path in changes}):
                watcher.rebuild()
    finally:
        state.close()
        server.shutdown()
        server.server_close()
