"""Fuzzing every text and number field with hostile values: the outputs stay inert and well-formed.

Text fields get Markdown and XML metacharacters, control characters, backtick runs, links, images,
`<img onerror>`, character references and the characters XML forbids; number fields get huge,
negative and non-finite values. Whatever the spec holds, the exit code is 0 or 2, the write-up
holds no raw HTML and no link or image but the diagram the template embeds, and the SVG from a
real `dot` parses as XML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from archgen.cli import app
from tests.conftest import needs_dot, write_spec
from tests.test_escape import MARKDOWN, hostile
from tests.test_robustness import assert_tables_are_rectangular

runner = CliRunner()
# Control characters and what XML 1.0 forbids (a lone surrogate is refused by the loader: see
# test_input_limits.py), appended so that most texts stay valid and the spec still renders.
XML_FORBIDDEN = ["\x00", "\x1b", "\x7f", "\x85", "\ufffe", "\uffff", "\u2028"]
text = st.one_of(hostile, hostile.map(lambda t: t + "".join(XML_FORBIDDEN[: len(t) % 8])))
nonblank = text.filter(lambda t: t.strip(" \t\n\x00\x1b\x7f\x85\ufffe\uffff\u2028") != "")
# Half the specs get the largest figures archgen accepts (every estimate must stay finite), half get
# figures it must refuse with a position (huge, negative, non-finite).
_NUMBERS = {
    "count": (["500M", "1e15", "0", "1.5K", "1_000"], ["1e308", "1" + "0" * 400, "1e400", "-1", "nan", ".inf"]),
    "duration": (["200ms", "100y", "0s", "5y"], ["1e300y", "101y", "-1s", "nans", "1e400y"]),
    "size": (["1KB", "1000PB", "0B", "2.5MB"], ["1001PB", "1e308B", "-1B", "infB"]),
    "whole": (["1", "3", "1000000"], ["1000001", "1" + "0" * 30, "-2", "1e3", "yes"]),
    "positive": (["3", "1e15", "10K", "0.5"], ["0", "-1", "1e400", "nan"]),
    "few": (["1", "3", "100"], ["101", "0", "-1", "1e3"]),
    "seconds": (["0.2", "3153600000"], ["inf", "1e308", "nan", "-1"]),
    "factor": (["1", "3", "100"], ["101", "1e400", "nan", "0.5"]),
    "rate": (["20K/s", "1e15/s", "300/min"], ["1e400/s", "5000", "-1/s", "nan/s"]),
    "share": (["0.5", "1", "0.001"], ["0", "1.5", "nan", "-0.1"]),
    "percent": (["99.9%", "99.99%", "0.999"], ["101%", "0%", "nan%", "1e400%"]),
    "stored": (["4TB", "1000PB", "500GB"], ["4", "1001PB", "1e400TB"]),
    "bandwidth": (["1.25GB/s", "10Gbps", "1000PB/s"], ["1" + "0" * 400 + "Gbps", "1001PB/s", "10"]),
}


@st.composite
def hostile_specs(draw) -> dict:
    """A structurally valid spec with hostile text everywhere and extreme numbers in every number field."""
    refused = draw(st.booleans())

    def number(kind: str) -> str:
        accepted, out_of_range = _NUMBERS[kind]
        return draw(st.sampled_from(out_of_range if refused and draw(st.booleans()) else accepted))

    components = {cid: {"kind": kind, "label": draw(text), "description": draw(text), "tech": draw(text),
                        "group": "tier", "replicas": number("whole"), "region": draw(text), "rate_limit": draw(text),
                        "retry": draw(text), "latency": {"p50": number("duration"), "p99": "100y"},
                        "capacity": {"requests": number("rate"), "connections": number("positive"),
                                     "storage": number("stored"), "bandwidth": number("bandwidth")},
                        "availability": number("percent"), "hit_ratio": number("share")}
                  for cid, kind in (("client", "browser"), ("api", "service"), ("db", "sql_database"))}
    components["db"]["working_set"] = {"items": number("positive"), "item_size": number("stored")}
    rate = number("count")  # average and peak alike: a peak below the average is refused
    return {
        "title": draw(nonblank),
        "summary": draw(text), "category": draw(text.map(lambda t: t[:60])), "tags": [draw(text)],
        "requirements": {field: [draw(text)] for field in ("functional", "non_functional", "out_of_scope",
                                                           "assumptions")},
        "load": {"users": number("count"), "peak_factor": number("factor"), "retention": number("duration"),
                 "per_server_rps": number("positive"), "notes": [draw(text)],
                 "actions": {"r": {"type": "read", "per_user_per_day": number("count"), "size": number("size"),
                                   "description": draw(text)},
                             "w": {"type": "write", "per_second": rate, "size": number("size"),
                                   "peak_per_second": rate, "connection_duration": number("duration"),
                                   "retention": number("duration")}},
                 "total_users": number("count"), "entities": {"things": number("count")}},
        "groups": {"tier": {"label": draw(text), "description": draw(text)}},
        "components": components,
        "flows": {"read": {"title": draw(text), "description": draw(text), "narrative": draw(text),
                           "latency_target": "p99 " + number("duration"), "driven_by": "r",
                           "availability_target": number("percent"), "share": number("share"),
                           "steps": [{"client -> api": draw(text)}, {
                               "from": "api", "to": "db", "label": draw(text), "latency": number("duration"),
                               "calls": number("positive"), "fan_out": number("positive"), "share": number("share"),
                               "wait": number("duration"), "size": number("size"), "round_trips": number("few")}]},
                  "write": {"title": draw(text), "driven_by": "w", "latency_target": {"seconds": number("seconds")},
                            "steps": [f"client ~> api: {draw(text)}"]}},
        "interview": {"key_insight": draw(text), "questions": [{"question": draw(nonblank), "assumption": draw(text)}],
                      "stages": [{"title": draw(nonblank), "components": ["client", "api"], "adds": draw(nonblank),
                                  "why": draw(nonblank), "numbers": draw(nonblank)}],
                      "deep_dives": {"d": {"title": draw(nonblank), "question": draw(text), "answer": draw(text),
                                           "tradeoff": draw(nonblank)}},
                      "hard_parts": [{"part": draw(nonblank), "how": draw(nonblank), "components": "db"}]},
        "interfaces": {"external": [{"method": "GET", **{field: draw(text) for field in (
            "path", "purpose", "auth", "request", "response", "pagination", "rate_limit")}}],
            "internal": [{"caller": "api", "callee": "db", "mechanism": draw(text), "description": draw(text)}]},
        "storage": {"models": {draw(text.map(lambda t: t[:100])) or "M": {
            "store": "db", "fields": {draw(text.map(lambda t: t[:100])) or "f": draw(text.map(lambda t: t[:100]))},
            "indexes": [draw(text)], "why": draw(text)}},
            "scaling": {field: draw(text) for field in ("sharding", "replication", "caching", "archival")}},
        "bottlenecks": [{"issue": draw(text), "mitigation": draw(text), "components": ["db"]}],
        "tradeoffs": [{"decision": draw(text), "chosen": draw(text), "alternatives": [draw(text)], "why": draw(text)}],
        "failure_modes": [{"failure": draw(text), "impact": draw(text), "mitigation": draw(text)}],
    }


def render(tmp_path: Path, data: dict, formats: str) -> Path | None:
    """Render a spec through the CLI: its output folder, or None when it was refused (exit 2).
    Any other exit code fails the test."""
    specs = tmp_path / "specs"
    specs.mkdir(exist_ok=True)
    write_spec(specs, "fuzz", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    result = runner.invoke(app, ["render", "fuzz", "--specs", str(specs), "--out", str(tmp_path / "out"),
                                 "--format", formats])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    event(f"exit {result.exit_code}")
    return tmp_path / "out" / "fuzz" if result.exit_code == 0 else None


def assert_inert(out: Path) -> None:
    """No raw HTML, no link, and no image but the drawings this render wrote next to the write-up."""
    markdown = (out / "fuzz.md").read_text(encoding="utf-8")
    tokens = [token for block in MARKDOWN.parse(markdown) for token in [block, *(block.children or [])]]
    assert not [t for t in tokens if t.type in ("html_block", "html_inline", "link_open")]
    drawn = {path.name for path in out.iterdir() if path.suffix in (".svg", ".png")}
    assert {t.attrGet("src") for t in tokens if t.type == "image"} <= drawn
    assert_tables_are_rectangular(markdown)


FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@settings(FUZZ, max_examples=120)
@given(hostile_specs())
def test_hostile_specs_exit_0_or_2_and_the_writeup_stays_inert(tmp_path, data):
    out = render(tmp_path, data, "md,dot")
    if out is not None:
        assert_inert(out)


@needs_dot
@settings(FUZZ, max_examples=20)
@given(hostile_specs())
def test_hostile_specs_give_well_formed_svg_from_real_graphviz(tmp_path, data):
    out = render(tmp_path, data, "svg,md")
    if out is not None:
        for drawing in out.glob("*.svg"):  # the overview, and a view and a sequence per flow
            svg = ElementTree.parse(drawing).getroot()
            hrefs = [element.get("{http://www.w3.org/1999/xlink}href") for element in svg.iter()
                     if element.tag.endswith("}image")]
            assert all(href.startswith("data:image/png;base64,") for href in hrefs), drawing.name
        assert ElementTree.parse(out / "fuzz.svg").getroot() is not None
        assert_inert(out)


@settings(FUZZ, max_examples=60)
@given(st.lists(st.tuples(hostile, hostile), min_size=1, max_size=3))
def test_gallery_links_only_what_the_template_links(tmp_path, designs):
    from archgen.gallery import GalleryEntry, write_gallery
    from archgen.spec import Spec

    def gallery(titles: list[tuple[str, str]]) -> list:
        entries = [GalleryEntry.of(f"d{i}", Spec.model_validate(
            {"title": f"T {title}", "summary": summary, "components": {"a": {"kind": "service"}}}))
            for i, (title, summary) in enumerate(titles)]
        path = write_gallery(entries, [], tmp_path / "out", ("svg", "png", "md"))
        tokens = [t for block in MARKDOWN.parse(path.read_text(encoding="utf-8")) for t in block.children or []]
        return sorted((t.type, t.attrGet("href") or "", re.sub(r'alt="[^"]*"', 'alt=""', t.content))
                      for t in tokens if t.type in ("link_open", "image", "html_inline"))

    assert gallery(designs) == gallery([("Plain", "plain")] * len(designs))
