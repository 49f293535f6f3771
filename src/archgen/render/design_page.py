"""The design page, OUT/NAME/index.html: one self-contained file that works offline and from file://.

It holds every view drawn in both themes (inline SVG, icons stored once), the views and the
analysis figures as embedded JSON, the write-up rendered as HTML, and the script that lets a
reader zoom, pan, walk a flow and open a component's figures. Views are drawn by the same
Graphviz backend as every other output; this module only assembles them.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from archgen import waiting
from archgen.analyse import Analysis
from archgen.render.draw import Drawing, start_drawing
from archgen.render.facts import page_facts
from archgen.render.html import asset, content_security_policy, embed_json, render_page, styles
from archgen.render.inline_svg import IconStore, inline_svg
from archgen.render.markdown_html import writeup_html
from archgen.render.theme import THEMES
from archgen.render.writeup import render_writeup
from archgen.views.model import DesignViews, View

if TYPE_CHECKING:
    from archgen.pipeline import RenderOptions

PAGE_FILE = "index.html"
FIRST_SHOWN = ("light", "overview")  # drawn into the page itself; the others wait in <template>s
VIEW_GROUPS = {"overview": "Overview", "flow": "Flow views", "sequence": "Sequence diagrams", "stage": "Stages"}

DrawingKey = tuple[str, str]  # (theme, view id)


def start_page_drawings(pool: ThreadPoolExecutor, views: DesignViews, spec_dir: Path, timeout: float,
                        drawn: dict[DrawingKey, Future[Drawing]]) -> dict[DrawingKey, Future[Drawing]]:
    """Every view in both themes as SVG, reusing the drawings `render` already started (`drawn`)."""
    futures: dict[DrawingKey, Future[Drawing]] = {}
    for theme in THEMES.values():
        keys = [(theme.name, view.id) for view in views.all()]
        missing = [view for view in views.all() if (theme.name, view.id) not in drawn]
        started = dict(zip([view.id for view in missing],
                           start_drawing(pool, missing, theme, spec_dir, ("svg",), timeout), strict=True))
        futures.update({key: drawn.get(key) or started[key[1]] for key in keys})
    return futures


def reusable(chosen: list[View], pending: list[Future[Drawing]], theme: str,
             formats: tuple[str, ...]) -> dict[DrawingKey, Future[Drawing]]:
    """The drawings `render` makes anyway that the page can use: SVGs of the chosen views in the chosen theme."""
    if "svg" not in formats:
        return {}
    return {(theme, view.id): future for view, future in zip(chosen, pending, strict=True)}


def design_page(analysis: Analysis, views: DesignViews, drawings: dict[DrawingKey, Future[Drawing]],
                options: RenderOptions) -> str:
    icons = IconStore()
    svgs = {key: Markup(inline_svg(waiting.result(future).files["svg"], icons))
            for key, future in sorted(drawings.items())}
    script = asset("page.js", options.templates_dir)
    live_script = asset("live.js", options.templates_dir) if options.live_version is not None else None
    css = styles("common.css", "page.css", custom_dir=options.templates_dir)
    writeup = writeup_html(render_writeup(analysis, options.templates_dir, {}, views))
    data = {"views": [asdict(view) for view in views.all()], "facts": page_facts(analysis)}
    scripts = [script, *([live_script] if live_script else [])]
    return render_page(
        "page.html.j2", options.templates_dir,
        csp=content_security_policy(scripts, [css], live=live_script is not None),
        css=css, script=script, live_script=live_script, live_version=options.live_version,
        home=options.page_home, spec=analysis.model.spec, model=analysis.model,
        view_options=view_options(views), svg=svgs[FIRST_SHOWN], alt=views.overview.alt,
        templates=[(f"ui-svg-{theme}-{view_id}", svg) for (theme, view_id), svg in svgs.items()
                   if (theme, view_id) != FIRST_SHOWN],
        icons=Markup(icons.defs()), writeup=Markup(writeup.html), contents=writeup.contents,
        data_json=embed_json(data),
    )


def view_options(views: DesignViews) -> list[tuple[str, list[tuple[str, str]]]]:
    """The diagram picker's groups: (group label, [(view id, view title)])."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for view in views.all():
        title = "Every component" if view.kind == "overview" else view.title
        groups.setdefault(VIEW_GROUPS.get(view.kind, view.kind.capitalize()), []).append((view.id, title))
    return list(groups.items())
