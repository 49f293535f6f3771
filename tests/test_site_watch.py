"""`archgen site` and `archgen watch` without a browser: files, exit codes, the live server and its status."""

from __future__ import annotations

import html
import json
import re
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archgen.cli import app
from archgen.errors import Diagnostic, InputError
from archgen.pipeline import RenderOptions, SpecSource
from archgen.render.html import source_hash
from archgen.watch import LiveState, Watcher, diagnostics_json, open_server, waiting_page
from tests.conftest import MINIMAL, needs_dot, write_spec

runner = CliRunner()
BROKEN = "title: Broken\ncomponents:\n  api: {kind: service, replicas: many}\n"


@needs_dot
def test_site_writes_a_page_per_design_and_an_index(tmp_path: Path, spec_dir: Path) -> None:
    write_spec(spec_dir, "alpha", MINIMAL.replace("Minimal", "Alpha") + "category: storage\ntags: [blobs]\n")
    write_spec(spec_dir, "beta", MINIMAL.replace("Minimal", "Beta"))
    write_spec(spec_dir, "gamma", BROKEN)
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", "--specs", str(spec_dir), "--out", str(out)])
    assert result.exit_code == 2  # gamma is reported, the others are published
    assert "gamma.yaml:3" in result.output and "(2 designs, 1 failed)" in result.output
    assert sorted(p.name for p in (out / "alpha").iterdir()) == ["alpha.svg", "index.html"]
    index = html.unescape((out / "index.html").read_text())
    assert 'href="alpha/index.html"' in index and 'src="alpha/alpha.svg"' in index and "gamma" in index
    assert 'data-tags="blobs"' in index and 'data-category="storage"' in index
    assert "img-src 'self' data:" in index and (out / ".nojekyll").exists()
    script = re.search(r"<script>(.*?)</script>", index, re.S).group(1)
    assert source_hash(script) in index
    assert 'href="../index.html"' in (out / "beta" / "index.html").read_text()


def test_watch_reports_a_port_in_use(spec_dir: Path) -> None:
    write_spec(spec_dir, "m", MINIMAL)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["watch", "m", "--specs", str(spec_dir), "--port", str(port)])
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.output and "--port" in result.output


def test_watch_refuses_an_unknown_spec(spec_dir: Path) -> None:
    result = runner.invoke(app, ["watch", "nope", "--specs", str(spec_dir)])
    assert result.exit_code == 2 and "no spec named `nope`" in result.output


def test_diagnostics_carry_the_source_line_and_a_caret(spec_dir: Path) -> None:
    path = write_spec(spec_dir, "b", BROKEN)
    from archgen.pipeline import check

    with pytest.raises(InputError) as raised:
        check(SpecSource("b", path))
    (shown,) = diagnostics_json(raised.value.diagnostics)
    assert shown["where"].startswith(f"{path}:3:")
    column = int(shown["where"].rsplit(":", 1)[1])
    source_line, caret_line = shown["source"].split("\n")
    assert "replicas: many" in source_line and caret_line.index("^") - caret_line.index("|") - 1 == column


@needs_dot
def test_a_broken_save_keeps_the_last_good_page(spec_dir: Path) -> None:
    path = write_spec(spec_dir, "m", MINIMAL)
    options = RenderOptions(spec_dir, formats=("html",), views=("overview",))
    state = LiveState(page=waiting_page(options))
    reports: list[tuple[str, list[Diagnostic]]] = []
    watcher = Watcher(SpecSource("m", path), options, state, lambda what, found: reports.append((what, found)))
    watcher.rebuild()
    good = state.page
    assert (state.version, state.page_version, state.errors) == (1, 1, [])
    assert b'<meta name="archgen-page-version" content="1">' in good and b"connect-src &#39;self&#39;" in good
    path.write_text(BROKEN)
    watcher.rebuild()
    assert state.page is good and (state.version, state.page_version) == (2, 1)
    assert state.errors[0]["where"].startswith(f"{path}:3:") and "spec has errors" in reports[-1][0]
    path.write_text(MINIMAL.replace("Minimal", "Fixed"))
    watcher.rebuild()
    assert state.page_version == 2 and state.errors == [] and b"Fixed" in state.page


def test_watch_cares_about_the_spec_and_its_icons_only(spec_dir: Path) -> None:
    path = write_spec(spec_dir, "m", MINIMAL)
    watcher = Watcher(SpecSource("m", path), RenderOptions(spec_dir), LiveState(page=b""), lambda *_: None)
    assert watcher.concerns({str(path)}) and watcher.concerns({str(spec_dir / "logo.png")})
    assert not watcher.concerns({str(spec_dir / "other.yaml"), str(spec_dir / ".m.yaml.swp")})


def test_server_answers_the_page_the_status_and_events() -> None:
    state = LiveState(page=b"<html>first</html>")
    server = open_server(0, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert urllib.request.urlopen(base + "/").read() == b"<html>first</html>"
        state.publish(b"<html>second</html>", [])
        assert json.loads(urllib.request.urlopen(base + "/status").read()) == {
            "version": 1, "page_version": 1, "errors": []}
        with urllib.request.urlopen(base + "/events") as events:
            assert events.headers["Content-Type"] == "text/event-stream"
            assert json.loads(events.readline().decode().removeprefix("data: "))["page_version"] == 1
            state.publish(None, [{"where": "m.yaml:1:1", "message": "bad"}])
            events.readline()  # the blank line that ends an event
            assert json.loads(events.readline().decode().removeprefix("data: "))["errors"][0]["message"] == "bad"
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(base + "/secrets")
    finally:
        state.close()
        server.shutdown()
        server.server_close()


def test_waiting_page_allows_its_own_script_only() -> None:
    page = html.unescape(waiting_page(RenderOptions(Path("."))).decode())
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    assert f"script-src {source_hash(script)};" in page and "EventSource" in script


def test_a_missing_browser_is_reported_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.browser import missing_browser

    monkeypatch.setenv("ARCHGEN_CHROMIUM", "/nonexistent/chromium")
    reason = missing_browser()
    assert reason is not None and "Chromium is not installed" in reason and "ensure-browser.sh" in reason
