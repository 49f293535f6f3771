"""The design page, the site and watch mode in a real browser (Debian's Chromium, driven by Playwright)."""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archgen.analyse import Analysis, analyse
from archgen.pipeline import SpecSource, check
from archgen.render.theme import DARK
from archgen.units import format_duration
from archgen.views import build_views
from tests.conftest import ROOT, write_spec
from tests.test_html_page import HOSTILE

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
ARCHGEN = [str(Path(sys.executable).with_name("archgen"))]  # the installed command, as a user runs it
WAIT_MS = 30_000  # how long a page may take to show a re-render (watchfiles, Graphviz, reload)


def archgen(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ARCHGEN, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def chat_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of two shipped designs: chat (the page tests) and url-shortener (the search test)."""
    out = tmp_path_factory.mktemp("site")
    result = archgen("site", "chat", "url-shortener", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def chat_analysis() -> Analysis:
    return analyse("chat", check(SpecSource("chat", ROOT / "specs" / "chat.yaml")).spec)


class Watched:
    """A page plus everything it did that it should not: console errors, dialogs, requests off file:// and data:."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", self._dialog)
        page.on("request", lambda request: None if request.url.startswith(("file:", "data:"))
                else self.requests.append(request.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def tab(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield Watched(context.new_page())
    finally:
        context.close()


def open_design(tab: Watched, folder: Path) -> Any:
    page = tab.page
    page.goto((folder / "index.html").as_uri())
    page.wait_for_selector("html[data-ready=yes]")
    return page


def test_page_opens_from_file_and_walks_a_flow(tab: Watched, chat_site: Path, chat_analysis: Analysis) -> None:
    page = open_design(tab, chat_site / "chat")
    flow = chat_analysis.model.flows[0]
    budget = chat_analysis.budgets[0]
    page.select_option("#ui-flow", flow.id)
    page.click("#ui-next")
    first = flow.steps[0]
    overview = build_views(chat_analysis.model).overview
    edge = next(e for e in overview.edges if first.tag in e.tags)
    assert "is-step" in page.get_attribute(f"#e-{edge.id}", "class")
    assert page.locator(".is-step").count() == 1
    step = page.inner_text("#ui-step")
    assert first.tag in step and first.label in step and "synchronous" in step
    cost = budget.steps[0]
    whole = budget.end_to_end.p50 if budget.judged_end_to_end or budget.response is None else budget.response.p50
    assert f"{cost.own_p50 / whole * 100:.0f}%" in step and f"p50 {format_duration(cost.own_p50)}" in step
    page.keyboard.press("ArrowRight")
    assert flow.steps[1].tag in page.inner_text("#ui-step")
    assert page.inner_text("#ui-step-count") == f"Step 2 of {len(flow.steps)}"
    page.keyboard.press("ArrowLeft")
    assert page.inner_text("#ui-step-count") == f"Step 1 of {len(flow.steps)}"
    assert not tab.errors and not tab.requests


def test_flow_view_and_sequence_highlight_the_step(tab: Watched, chat_site: Path, chat_analysis: Analysis) -> None:
    page = open_design(tab, chat_site / "chat")
    flow = chat_analysis.model.flows[1]
    page.select_option("#ui-view", f"flow-{flow.id}")
    assert page.input_value("#ui-flow") == flow.id
    page.click("#ui-next")
    page.click("#ui-next")
    assert "is-step" in page.get_attribute(f"#e-step-{flow.steps[1].tag}", "class")
    page.select_option("#ui-view", f"seq-{flow.id}")
    assert "is-step" in page.get_attribute(f"#m-{flow.steps[1].tag}", "class")
    assert page.inner_text("#ui-alt").startswith(f"Flow {flow.letter}")


def test_component_panel_shows_the_analysis(tab: Watched, chat_site: Path, chat_analysis: Analysis) -> None:
    page = open_design(tab, chat_site / "chat")
    component, report = chat_analysis.model.components["chat"], chat_analysis.components["chat"]
    page.click("#c-chat")
    panel = page.inner_text("#ui-component-body")
    assert component.label in panel and f"{component.replicas:,}" in panel
    binding = next(d for d in report.capacity.dimensions if d.name == report.capacity.binding)
    assert f"{report.load.peak_rps.display} at peak" in panel and report.load.peak_rps.formula in panel
    assert f"{binding.utilization.display} of its {binding.name} capacity" in panel
    assert binding.after_zone_loss.display in panel and binding.utilization.formula in panel
    assert f"p50 {format_duration(report.work_p50)}" in panel
    assert chat_analysis.availability["chat"].display in panel and "not computed" not in panel
    steps = [s.tag for s in chat_analysis.model.steps if "chat" in (s.source, s.target)]
    assert all(tag in panel for tag in steps)
    page.focus("#c-phone")  # keyboard focus opens the panel too; a client is not sized
    panel = page.inner_text("#ui-component-body")
    assert chat_analysis.model.components["phone"].label in panel and panel.count("not computed") == 5


def test_findings_and_silences_show_in_the_panel(tab: Watched, tmp_path: Path, spec_dir: Path) -> None:
    write_spec(spec_dir, "m", "title: M\ncomponents:\n  web: {kind: browser}\n  api: {kind: service}\n"
                              "  idle: {kind: cache, silence: {unreachable: a warm spare}}\n"
                              "  db: {kind: sql_database}\n"
                              "flows:\n  f:\n    steps: [web -> api: GET, api -> db: read]\n")
    assert archgen("render", "m", "--specs", str(spec_dir), "--out", str(tmp_path), "--format", "html").returncode == 0
    page = open_design(tab, tmp_path / "m")
    page.click("#c-idle")
    assert "accepted unreachable" in page.inner_text("#ui-component-body")
    assert "a warm spare" in page.inner_text("#ui-component-body")
    page.click("#c-db")
    assert "high spof" in page.inner_text("#ui-component-body")


def test_theme_follows_the_toggle(tab: Watched, chat_site: Path) -> None:
    page = open_design(tab, chat_site / "chat")
    assert page.get_attribute("html", "data-theme") is None
    page.click("#ui-theme")
    assert page.get_attribute("html", "data-theme") == "dark"
    red, green, blue = (int(DARK.background[i:i + 2], 16) for i in (1, 3, 5))
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == f"rgb({red}, {green}, {blue})"
    background = page.get_attribute("#ui-canvas svg > g > polygon", "fill")
    assert background.lower() == DARK.background.lower()  # the dark drawing, not the light one restyled
    page.click("#ui-theme")
    assert page.get_attribute("html", "data-theme") == "light"


def test_system_dark_setting_is_followed(browser: Any, chat_site: Path) -> None:
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto((chat_site / "chat" / "index.html").as_uri())
        page.wait_for_selector("html[data-ready=yes]")
        assert page.inner_text("#ui-theme") == "Light theme"
        assert page.get_attribute("#ui-canvas svg > g > polygon", "fill").lower() == DARK.background.lower()
    finally:
        context.close()


def test_site_index_searches_and_opens_a_design(tab: Watched, chat_site: Path) -> None:
    page = tab.page
    page.goto((chat_site / "index.html").as_uri())
    assert page.locator(".card").count() == 2
    page.fill("#ui-search", "shortener")
    assert page.locator(".card:visible").count() == 1
    page.fill("#ui-search", "kafka websocket")  # tags: every word must match the title or a tag
    assert page.locator(".card:visible h2").all_inner_texts() == ["Chat (WhatsApp-style)"]
    page.fill("#ui-search", "")
    page.select_option("#ui-category", "infrastructure")
    assert page.locator(".card:visible h2").all_inner_texts() == ["URL Shortener"]
    page.click(".card:visible h2 a")
    page.wait_for_selector("html[data-ready=yes]")
    assert page.inner_text("#ui-title") == "URL Shortener"
    page.click("text=← All designs")
    assert page.locator(".card").count() == 2
    assert all(page.evaluate("[...document.images].map(i => i.naturalWidth > 0)"))
    assert not tab.errors and not tab.requests


def test_hostile_spec_renders_inert(tab: Watched, tmp_path: Path, spec_dir: Path) -> None:
    write_spec(spec_dir, "evil", HOSTILE)
    result = archgen("site", "--specs", str(spec_dir), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    page = open_design(tab, tmp_path / "evil")
    page.select_option("#ui-flow", "attack")
    page.click("#ui-next")
    page.click("#ui-next")
    for component in ("user", "api", "db"):
        page.click(f"#c-{component}")
    page.click("#ui-theme")
    for view in ("flow-attack", "seq-attack"):
        page.select_option("#ui-view", view)
    assert page.inner_text("#ui-title") == "</script><script>alert('title')</script>"
    assert "<script>alert('step 2')</script>" in page.inner_text("#ui-step")
    _assert_inert(page)
    page.goto((tmp_path / "index.html").as_uri())
    assert page.locator("img").count() == 1  # the thumbnail, nothing from the tags
    _assert_inert(page, images=1)
    assert not tab.dialogs and not tab.requests and not tab.errors


def _assert_inert(page: Any, images: int = 0) -> None:
    assert page.evaluate("document.querySelectorAll('script').length") == (2 if images == 0 else 1)
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == images
    handlers = page.evaluate("[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
                             ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))")
    assert handlers == []
    assert page.evaluate("[...document.querySelectorAll('a')].filter(a => /^\\s*javascript:/i"
                         ".test(a.getAttribute('href') || '')).length") == 0


class Server:
    """`archgen watch` in a subprocess, its output read line by line."""

    def __init__(self, spec_dir: Path, name: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen([*ARCHGEN, "watch", name, "--specs", str(spec_dir), "--port", "0"],
                                        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def url(self) -> str:
        while True:
            line = self.lines.get(timeout=60)
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if match:
                return match.group(0)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def watch_server(spec_dir: Path) -> Iterator[tuple[Server, Path]]:
    path = write_spec(spec_dir, "live", "title: First title\ncomponents:\n  web: {kind: browser}\n"
                                        "  api: {kind: service}\nflows:\n  f:\n    steps: [web -> api: GET]\n")
    server = Server(spec_dir, "live")
    try:
        yield server, path
    finally:
        server.stop()


def test_watch_reloads_on_save_and_shows_errors(tab: Watched, watch_server: tuple[Server, Path]) -> None:
    from playwright.sync_api import expect

    server, path = watch_server
    page = tab.page
    page.goto(server.url())
    expect(page.locator("#ui-title")).to_have_text("First title", timeout=WAIT_MS)
    path.write_text(path.read_text().replace("First title", "Second title"))
    expect(page.locator("#ui-title")).to_have_text("Second title", timeout=WAIT_MS)
    page.wait_for_selector("html[data-ready=yes]")
    path.write_text(path.read_text().replace("kind: service", "kind: service\n    replicas: many"))
    page.wait_for_selector("#ui-live-errors:not([hidden])", timeout=WAIT_MS)
    errors = page.inner_text("#ui-live-errors")
    assert re.search(r"live\.yaml:5:\d+", errors), errors
    assert "replicas: many" in errors
    assert page.inner_text("#ui-title") == "Second title"  # the last good render stays
    path.write_text(path.read_text().replace("\n    replicas: many", ""))
    page.wait_for_selector("#ui-live-errors", state="hidden", timeout=WAIT_MS)
    assert not tab.errors and not tab.dialogs
