"""The design page without a browser: its figures, its Content-Security-Policy, its escaping, its bytes."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archgen.analyse import analyse
from archgen.pipeline import DEFAULT_FORMATS, RenderOptions, SpecSource, check, render_files
from archgen.render.facts import page_facts
from archgen.render.html import EXTRA_COLOURS, content_security_policy, embed_json, page_colours, source_hash
from archgen.render.inline_svg import IconStore, inline_svg, png_size
from archgen.render.markdown_html import writeup_html
from archgen.render.theme import THEMES, contrast
from archgen.units import format_duration
from tests.conftest import ROOT, needs_dot, write_spec

HOSTILE = """\
title: "</script><script>alert('title')</script>"
summary: "![pixel](http://127.0.0.1:9/pixel.png) and [click](javascript:alert(1))"
category: "\\"><img src=x onerror=alert('category')>"
tags: ["<script>alert('tag')</script>", "\\"><img src=x onerror=alert(1)>"]
components:
  user: {kind: browser, label: "<img src=x onerror=alert('label')>"}
  api:
    kind: service
    label: "\\"><svg onload=alert('svg')>"
    description: "[evil](javascript:alert('desc')) <script>alert('desc')</script> ![i](http://127.0.0.1:9/i.png)"
    replicas: 2
  db: {kind: sql_database, tech: postgres, description: "&lt;b&gt; &#60;script&#62;", replicas: 2}
flows:
  attack:
    title: "<script>alert('flow')</script>"
    narrative: "javascript:alert('narrative') <iframe src=http://127.0.0.1:9/>"
    latency_target: 100ms
    steps:
      - "user -> api: \\"><img src=x onerror=alert('step')>"
      - "api -> db: </script><script>alert('step 2')</script>"
interfaces:
  external:
    - {method: GET, path: "/<script>", purpose: "[x](javascript:alert(2))", served_by: api}
"""


def page_for(spec_dir: Path, name: str, text: str, **options: object) -> str:
    path = write_spec(spec_dir, name, text)
    files, _ = render_files(check(SpecSource(name, path)), RenderOptions(spec_dir.parent, formats=("html",), **options))
    return files["index.html"].decode("utf-8")


@pytest.fixture(scope="module")
def chat_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed")
    source = SpecSource("chat", ROOT / "specs" / "chat.yaml")
    files, _ = render_files(check(source), RenderOptions(tmp_path_factory.mktemp("out"), formats=("html",)))
    return files["index.html"].decode("utf-8")


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <style> block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: list[tuple[str, dict[str, str | None], str]] = []
        self._open: tuple[str, dict[str, str | None]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.blocks.append((*self._open, data))
            self._open = None


def elements(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


def csp_of(page: str) -> dict[str, list[str]]:
    tag = next(attrs for tag, attrs in elements(page).tags
               if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy")
    return {part.split()[0]: part.split()[1:] for part in str(tag["content"]).split("; ")}


def test_facts_come_from_the_analysis_and_absent_figures_stay_absent() -> None:
    analysis = analyse("chat", check(SpecSource("chat", ROOT / "specs" / "chat.yaml")).spec)
    facts = page_facts(analysis)
    chat, report = facts["components"]["chat"], analysis.components["chat"]
    assert chat["instances"] == f"{analysis.model.components['chat'].replicas:,}"
    assert chat["load"]["display"].startswith(f"{report.load.peak_rps.display} at peak")
    binding = next(d for d in report.capacity.dimensions if d.name == report.capacity.binding)
    assert chat["utilization"]["display"].startswith(binding.utilization.display)
    assert binding.after_zone_loss.display in chat["headroom"]["display"]
    assert chat["latency"]["display"] == f"p50 {format_duration(report.work_p50)} · p99 " \
                                         f"{format_duration(report.work_p99)} per call"
    assert chat["availability"]["display"] == analysis.availability["chat"].display
    for absent in ("load", "utilization", "headroom", "latency", "availability"):
        assert facts["components"]["phone"][absent] is None  # a client is not sized: "not computed", never zero
    budget, send = analysis.budgets[0], facts["flows"][0]
    step = budget.steps[2]
    whole = budget.end_to_end.p50 if budget.judged_end_to_end else budget.response.p50
    assert send["steps"][2]["share"]["display"] == f"{step.own_p50 / whole * 100:.0f}%"
    assert send["steps"][2]["latency"]["display"].startswith(f"p50 {format_duration(step.own_p50)}")
    assert [s["tag"] for s in send["steps"]] == [s.tag for s in analysis.model.flows[0].steps]


def test_findings_and_silences_reach_their_component(spec_dir: Path) -> None:
    path = write_spec(spec_dir, "m", "title: M\ncomponents:\n  web: {kind: browser}\n  api: {kind: service}\n"
                                     "  lonely: {kind: cache, silence: {unreachable: kept for the demo}}\n"
                                     "  spare: {kind: cache}\nflows:\n  f:\n    steps: [web -> api: GET]\n")
    facts = page_facts(analyse("m", check(SpecSource("m", path)).spec))
    assert [f["silenced"] for f in facts["components"]["lonely"]["findings"] if f["rule"] == "unreachable"] == [
        "kept for the demo"]
    (spare,) = [f for f in facts["components"]["spare"]["findings"] if f["rule"] == "unreachable"]
    assert spare["silenced"] is None and "spare" in spare["message"]


def test_html_is_not_a_default_format() -> None:
    assert "html" not in DEFAULT_FORMATS


@needs_dot
def test_csp_allows_exactly_the_inline_blocks_the_page_has(chat_page: str) -> None:
    blocks = elements(chat_page).blocks
    scripts = [text for tag, attrs, text in blocks if tag == "script" and attrs.get("type") != "application/json"]
    styles = [text for tag, _, text in blocks if tag == "style"]
    policy = csp_of(chat_page)
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == [source_hash(text) for text in scripts]
    assert policy["style-src"] == [source_hash(text) for text in styles]
    assert policy["img-src"] == ["data:"] and policy["connect-src"] == ["'none'"]


@needs_dot
def test_the_page_is_one_file_that_loads_nothing(chat_page: str) -> None:
    tags = elements(chat_page).tags
    assert not [attrs for tag, attrs in tags
                if tag in ("link", "img", "iframe") or (tag == "script" and "src" in attrs)]
    references = re.findall(r'(?:href|src)="([^"#][^"]*)"', chat_page)
    assert all(reference.startswith("data:image/png") for reference in references), references[:3]


@needs_dot
def test_icons_are_stored_once_and_every_use_finds_its_symbol(chat_page: str) -> None:
    symbols = set(re.findall(r'<symbol id="(icon-[0-9a-f]+)"', chat_page))
    uses = set(re.findall(r'<use href="#(icon-[0-9a-f]+)"', chat_page))
    assert uses and uses <= symbols
    assert chat_page.count("data:image/png") == len(symbols)


@needs_dot
def test_every_view_is_there_in_both_themes(chat_page: str) -> None:
    data = json.loads(re.search(r'<script type="application/json" id="ui-data">(.*?)</script>', chat_page).group(1))
    view_ids = [view["id"] for view in data["views"]]
    templates = set(re.findall(r'<template id="ui-svg-(light|dark)-([^"]+)">', chat_page))
    expected = {(theme, view) for theme in THEMES for view in view_ids} - {("light", "overview")}
    assert templates == expected
    assert '<div id="ui-canvas"><svg' in chat_page  # the light overview is drawn in the page itself


@needs_dot
def test_the_writeup_is_html_tables_not_markdown(chat_page: str) -> None:
    writeup = chat_page[chat_page.index('<article id="ui-writeup"'):chat_page.index("</article>")]
    assert "<table>" in writeup and "|---|" not in writeup and "<h2 id=\"w-4-latency-load-limits\">" in writeup
    assert 'style="' not in writeup  # table alignment is a class: the CSP allows no inline style attribute


@needs_dot
def test_the_same_spec_gives_the_same_bytes(spec_dir: Path) -> None:
    text = ("title: T\ncomponents:\n  web: {kind: browser}\n  api: {kind: service}\n"
            "flows:\n  f:\n    steps: [web -> api: GET]\n")
    assert page_for(spec_dir, "t", text) == page_for(spec_dir, "t", text)


@needs_dot
def test_hostile_spec_text_reaches_the_page_as_text(spec_dir: Path) -> None:
    page = page_for(spec_dir, "evil", HOSTILE)
    parsed = elements(page)
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert len(scripts) == 2  # the embedded data and the page's own script
    assert not [tag for tag, _ in parsed.tags if tag in ("img", "iframe", "object", "embed")]
    assert not [(tag, name) for tag, attrs in parsed.tags for name in attrs if name.startswith("on")]
    assert not [attrs for tag, attrs in parsed.tags if tag == "a" and "javascript" in str(attrs.get("href", ""))]
    data = re.search(r'<script type="application/json" id="ui-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data and json.loads(data)["facts"]["components"]["api"]["label"] == "\"><svg onload=alert('svg')>"


def test_embedded_json_cannot_end_its_block() -> None:
    text = str(embed_json({"a": "</script><!-- & \u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_content_security_policy_hashes_each_block() -> None:
    policy = content_security_policy(["a()"], ["b{}"], live=True)
    assert f"script-src {source_hash('a()')}" in policy and f"style-src {source_hash('b{}')}" in policy
    assert "connect-src 'self'" in policy and "'unsafe-inline'" not in policy


def test_markdown_keeps_raw_html_links_and_images_inert() -> None:
    html = writeup_html("# Title\n\n<script>x</script> [a](javascript:alert(1)) [b](&#106;avascript:x) "
                        "![c](http://127.0.0.1:9/c.png) [d](https://example.org) [e](#w-x)\n").html
    assert "<script>" not in html and "&lt;script&gt;" in html
    # javascript: (however spelt) is never a link; an image is at most a link to it, never loaded
    assert re.findall(r'<a href="([^"]*)"', html) == ["http://127.0.0.1:9/c.png", "https://example.org", "#w-x"]
    assert "<img" not in html
    assert "<h1" not in html  # the page header shows the title


def test_page_colours_meet_wcag_aa() -> None:
    for theme in THEMES.values():
        colours = page_colours(theme)
        for text in ("text", "muted", "link", "error"):
            for background in ("bg", "panel"):
                assert contrast(colours[text], colours[background]) >= 4.5, (theme.name, text, background)
    assert set(EXTRA_COLOURS) == set(THEMES)


def test_inline_svg_drops_the_prolog_and_shares_icons() -> None:
    png = (b"iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAYAAAC56t6BAAAADklEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==")
    svg = (b'<?xml version="1.0"?>\n<!DOCTYPE svg>\n<!-- Generated -->\n<svg width="1pt"><image xlink:href="'
           b'data:image/png;base64,' + png + b'" width="46px" height="46px" preserveAspectRatio="xMinYMin meet" '
           b'x="1" y="2"/></svg>')
    icons = IconStore()
    fragment = inline_svg(svg, icons)
    assert fragment.startswith("<svg") and "<!--" not in fragment and "base64" not in fragment
    assert png_size(png) == (2, 3)
    assert 'viewBox="0 0 2 3"' in icons.defs() and fragment.count("<use href=\"#icon-") == 1


MARKUP = st.lists(st.sampled_from([*"<>\"'&/=:()[]!`*|#\\ \n-", "javascript", "script", "img", "onerror", "data",
                                   "href", "a", "http", "&#106;", "x"])).map("".join)
ALLOWED_TAGS = {"p", "a", "strong", "em", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3",
                "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "hr", "br", "s"}


@settings(max_examples=200, deadline=None)
@given(MARKUP)
def test_any_text_gives_only_markdown_elements_and_safe_links(text: str) -> None:
    parsed = elements(writeup_html(text).html)
    assert {tag for tag, _ in parsed.tags} <= ALLOWED_TAGS
    for tag, attrs in parsed.tags:
        assert set(attrs) <= {"href", "id", "class", "start", "title"}, (tag, attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not re.match(r"[a-z][a-z0-9+.-]*:", href) or href.startswith(("http:", "https:", "mailto:")), href


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.text() | st.none() | st.integers(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3)))
def test_embedded_json_round_trips_and_never_ends_its_block(data: object) -> None:
    text = str(embed_json(data))
    assert json.loads(text) == data and "</" not in text and "<!--" not in text
