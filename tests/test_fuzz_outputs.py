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
# Half the specs get the largest figures archgen accepts (every estimate must stay finite), half get
# figures it must refuse with a position (huge, negative, non-finite).
_NUMBERS = {
    "count": (["500M", "1e15", "0", "1.5K", "1_000"], ["1e308", "1" + "0" * 400, "1e400", "-1", "nan", ".inf"]),
    "duration": (["200ms", "100y", "0s", "5y"], ["1e300y", "101y", "-1s", "nans", "1e400y"]),
    "size": (["1KB", "1PB", "0B", "2.5MB"], ["2PB", "1e308B", "-1B", "infB"]),
    "whole": (["1", "3", "1000000"], ["1000001", "1" + "0" * 30, "-2", "1e3", "yes"]),
    "factor": (["1", "3", "100"], ["101", "1e400", "nan", "0.5"]),
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
                        "retry": draw(text), "latency": number("duration")}
                  for cid, kind in (("client", "browser"), ("api", "service"), ("db", "sql_database"))}
    return {
        "title": draw(text.filter(lambda t: t.strip(" \t\n\x00\x1b\x7f\x85\ufffe\uffff\u2028") != "")),
        "summary": draw(text), "category": draw(text.map(lambda t: t[:60])), "tags": [draw(text)],
        "requirements": {field: [draw(text)] for field in ("functional", "non_functional", "out_of_scope",
                                                           "assumptions")},
        "load": {"users": number("count"), "peak_factor": number("factor"), "retention": number("duration"),
                 "per_server_rps": number("count"), "notes": [draw(text)],
                 "actions": {"r": {"type": "read", "per_user_per_day": number("count"), "size": number("size"),
                                   "description": draw(text)},
                             "w": {"type": "write", "per_day": number("count"), "size": number("size"),
                                   "retention": number("duration"), "peak_factor": number("factor")}}},
        "groups": {"tier": {"label": draw(text), "description": draw(text)}},
        "components": components,
        "flows": {"read": {"title": draw(text), "description": draw(text), "latency_target": number("duration"),
                           "steps": [{"client -> api": draw(text)}, {"from": "api", "to": "db", "label": draw(text),
                                                                     "latency": number("duration")}]},
                  "write": {"title": draw(text), "steps": [f"client ~> api: {draw(text)}"]}},
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


def render(tmp_path, data: dict, formats: str):
    specs = tmp_path / "specs"
    specs.mkdir(exist_ok=True)
    write_spec(specs, "fuzz", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return runner.invoke(app, ["render", "fuzz", "--specs", str(specs), "--out", str(tmp_path / "out"),
                               "--format", formats])


def assert_inert(markdown: str, image: str) -> None:
    """No raw HTML, and the only link or image is the diagram the template embeds."""
    tokens = [token for block in MARKDOWN.parse(markdown) for token in [block, *(block.children or [])]]
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    targets = [(t.type, t.attrGet("href") or t.attrGet("src")) for t in tokens if t.type in ("link_open", "image")]
    assert targets == [("image", image)], targets
    assert_tables_are_rectangular(markdown)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(hostile_specs())
def test_hostile_specs_exit_0_or_2_and_the_writeup_stays_inert(tmp_path, data):
    result = render(tmp_path, data, "md,dot")
    assert result.exit_code in (0, 2), result.output
    event(f"exit {result.exit_code}")
    if result.exit_code == 0:
        assert_inert((tmp_path / "out" / "fuzz" / "fuzz.md").read_text(encoding="utf-8"), "fuzz.png")
    else:
        assert "Traceback" not in result.output and "internal error" not in result.output


@needs_dot
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(hostile_specs())
def test_hostile_specs_give_well_formed_svg_from_real_graphviz(tmp_path, data):
    result = render(tmp_path, data, "svg,md")
    assert result.exit_code in (0, 2), result.output
    event(f"exit {result.exit_code}")
    if result.exit_code == 0:
        svg = ElementTree.parse(tmp_path / "out" / "fuzz" / "fuzz.svg").getroot()
        hrefs = [element.get("{http://www.w3.org/1999/xlink}href") for element in svg.iter()
                 if element.tag.endswith("}image")]
        assert len(hrefs) == 3 and all(href.startswith("data:image/png;base64,") for href in hrefs)
        assert_inert((tmp_path / "out" / "fuzz" / "fuzz.md").read_text(encoding="utf-8"), "fuzz.svg")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(hostile, hostile), min_size=1, max_size=3))
def test_gallery_links_only_what_the_template_links(tmp_path, designs):
    from archgen.gallery import write_gallery
    from archgen.pipeline import Checked, SpecSource
    from archgen.spec import Spec

    def gallery(titles: list[tuple[str, str]]) -> list:
        checked = [Checked(SpecSource(f"d{i}", tmp_path / f"d{i}.yaml"), Spec.model_validate(
            {"title": f"T {title}", "summary": summary, "components": {"a": {"kind": "service"}}}))
            for i, (title, summary) in enumerate(titles)]
        path = write_gallery(checked, [], tmp_path / "out", ("svg", "png", "md"))
        tokens = [t for block in MARKDOWN.parse(path.read_text(encoding="utf-8")) for t in block.children or []]
        return sorted((t.type, t.attrGet("href") or "", re.sub(r'alt="[^"]*"', 'alt=""', t.content))
                      for t in tokens if t.type in ("link_open", "image", "html_inline"))

    assert gallery(designs) == gallery([("Plain", "plain")] * len(designs))
