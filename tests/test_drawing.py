"""The Graphviz backend: themes, the width budget, the edge-label fallback, and bad options."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from archgen.analyse.model import build_model
from archgen.errors import ToolError
from archgen.pipeline import RenderOptions, SpecSource, check, render
from archgen.render import draw
from archgen.render.graphviz import graph_dot, layouts
from archgen.render.svg import display_size, measure
from archgen.render.theme import THEMES, contrast
from archgen.views import build_views
from archgen.views.model import DesignViews
from tests.conftest import MINIMAL, ROOT, needs_dot, write_spec
from tests.test_cli import run

GOLDEN_SPEC = ROOT / "tests" / "golden" / "messaging" / "spec.yaml"


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_every_text_colour_meets_wcag_aa_on_every_background(theme):
    for text in (theme.text, theme.muted_text):
        for background in theme.text_backgrounds:
            assert contrast(text, background) >= 4.5, (theme.name, text, background)


def test_readability_is_the_text_size_once_scaled_into_the_column():
    svg = (b'<svg width="2000pt" height="1000pt"\n viewBox="0.00 0.00 2000.00 1000.00">'
           b'<text font-size="13.00">small</text><text font-size="40.00">big</text></svg>')
    seen = measure(svg)
    assert seen.aspect == 2.0
    assert round(seen.smallest_px, 1) == 6.5, "13 pt on a 2000 pt canvas shown 1000 px wide"
    assert seen.readable_share == pytest.approx(3 / 8) and not seen.within_budget
    assert "38% of its text" in seen.problem()


@needs_dot
def test_every_view_of_the_golden_design_is_within_the_budget(tmp_path):
    render(SpecSource("messaging", GOLDEN_SPEC), RenderOptions(tmp_path, ("svg",)))
    svgs = sorted((tmp_path / "messaging").glob("*.svg"))
    assert len(svgs) == 7 + 3, "overview, three flows twice, three interview stages"
    for svg in svgs:
        assert measure(svg.read_bytes()).within_budget, svg.name


@needs_dot
def test_png_is_drawn_at_twice_the_pixel_density_and_svg_keeps_its_size(tmp_path):
    render(SpecSource("messaging", GOLDEN_SPEC), RenderOptions(tmp_path, ("svg", "png"), views=("overview",)))
    svg = (tmp_path / "messaging" / "messaging.svg").read_bytes()
    seen = measure(svg)
    png = (tmp_path / "messaging" / "messaging.png").read_bytes()
    width = int.from_bytes(png[16:20], "big")
    assert abs(width - seen.width_pt * 192 / 72) <= 2


@needs_dot
def test_a_crash_on_native_edge_labels_redraws_with_label_nodes(tmp_path, spec_dir, monkeypatch):
    calls = []
    real = draw.run_dot

    def crash_on_native_labels(diagram, formats, timeout):
        calls.append("label." in diagram.dot)
        if '"flow-call"' in diagram.dot and '"label.' not in diagram.dot:
            raise ToolError("Graphviz failed (signal 11): simulated crash")
        return real(diagram, formats, timeout)

    monkeypatch.setattr(draw, "run_dot", crash_on_native_labels)
    write_spec(spec_dir, "m", MINIMAL)
    render(SpecSource("m", spec_dir / "m.yaml"), RenderOptions(tmp_path, ("svg", "dot"), views=("flow:call",)))
    dot = (tmp_path / "m" / "m.flow-call.dot").read_text()
    assert '"label.step-A1" [label=<' in dot, "the label became a node on its edge"
    assert True in calls


@needs_dot
def test_dark_theme_renders_on_a_dark_background(tmp_path):
    render(SpecSource("messaging", GOLDEN_SPEC), RenderOptions(tmp_path, ("svg",), views=("overview",), theme="dark"))
    svg = (tmp_path / "messaging" / "messaging.svg").read_text()
    assert 'fill="#0d1117"' in svg.lower()


def test_unknown_theme_and_view_are_bad_input(spec_dir, tmp_path):
    write_spec(spec_dir, "m", MINIMAL)
    result = run("render", "m", "--specs", str(spec_dir), "--out", str(tmp_path), "--theme", "drak")
    assert result.exit_code == 2 and "unknown theme `drak`" in result.output and "dark" in result.output
    result = run("render", "m", "--specs", str(spec_dir), "--out", str(tmp_path), "--view", "flow:cal")
    assert result.exit_code == 2 and "no view `flow:cal`" in result.output and "flow:call" in result.output
    assert not (tmp_path / "m").exists(), "nothing written"


def test_huge_canvases_get_a_png_of_bounded_size():
    from archgen.render.graphviz import png_dpi

    assert png_dpi(800, 600) == "192"
    assert 40e6 * 0.95 <= 6000 * 12000 * (int(png_dpi(6000, 12000)) / 72) ** 2 <= 40e6 * 1.05




@needs_dot
@pytest.mark.parametrize("title", ["]", "]]", "[x]", "a]b"])
def test_brackets_in_labels_reach_graphviz_as_text(tmp_path, spec_dir, title):
    write_spec(spec_dir, "m", MINIMAL.replace("title: Minimal", f"title: '{title}'"))
    render(SpecSource("m", spec_dir / "m.yaml"), RenderOptions(tmp_path, ("svg",), views=("overview",)))
    assert f">{title}</text>" in (tmp_path / "m" / "m.svg").read_text()



def views_of(spec: Path) -> DesignViews:
    return build_views(build_model(spec.stem, check(SpecSource(spec.stem, spec)).spec))


def test_views_go_to_graphviz_largest_first_and_come_back_in_their_own_order(monkeypatch):
    views = views_of(GOLDEN_SPEC).all()
    started = []

    def record(view, theme, spec_dir, formats, timeout):
        started.append(view.id)
        return view.id

    monkeypatch.setattr(draw, "_draw", record)
    with ThreadPoolExecutor(max_workers=1) as pool:
        futures = draw.start_drawing(pool, views, THEMES["light"], GOLDEN_SPEC.parent, ("md",), 60.0)
        assert [future.result() for future in futures] == [view.id for view in views]
    costs = {view.id: draw._expected_cost(view) for view in views}
    assert started == sorted(costs, key=lambda view_id: -costs[view_id])
    assert started != [view.id for view in views], "the views' own order is not largest first"


@needs_dot
def test_a_large_view_is_laid_out_as_svg_until_one_fits_and_rasterised_once(monkeypatch):
    """Each SVG trial is cheap; the one PNG is drawn from the chosen layout, as a direct run of it draws it."""
    spec = ROOT / "specs" / "e-commerce.yaml"
    view = views_of(spec).overview
    assert len(view.nodes) >= draw.SVG_FIRST_NODES["overview"]
    light, candidates, real = THEMES["light"], layouts(view), draw.run_dot
    fits = [measure(display_size(real(graph_dot(view, light, spec.parent, layout), ["svg"])["svg"])).within_budget
            for layout in candidates]
    assert True in fits, "the test needs a view that some layout draws within the budget"
    chosen = fits.index(True)
    calls = []

    def recording(diagram, formats, timeout):
        calls.append(tuple(formats))
        return real(diagram, formats, timeout)

    monkeypatch.setattr(draw, "run_dot", recording)
    drawing = draw._draw(view, light, spec.parent, ("svg", "png"), 60.0)
    assert calls == [("svg",)] * (chosen + 1) + [("png",)]
    source = graph_dot(view, light, spec.parent, candidates[chosen])
    direct = real(source, ["svg", "png"])
    assert drawing.problem is None and drawing.dot == source.dot
    assert drawing.files == {"svg": display_size(direct["svg"]), "png": direct["png"]}
