"""`archgen site`: a static site of the design library, ready for GitHub Pages or any static host.

OUT/index.html lists every design with a thumbnail (its light overview, OUT/NAME/NAME.svg), a search
over titles and tags and a category filter; OUT/NAME/index.html is the design page. Every link
is relative, so the folder works where it is copied, from file:// as well as from a server.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from archgen.errors import Diagnostic
from archgen.pipeline import Checked, RenderOptions, SpecSource, check, render_files
from archgen.write import write_all

INDEX = "index.html"
HOME_LINK = f"../{INDEX}"
NO_JEKYLL = ".nojekyll"  # GitHub Pages serves the folder as it is, without a Jekyll build


@dataclass(frozen=True)
class SitePage:
    checked: Checked
    paths: list[Path]
    warnings: list[Diagnostic]


def site_options(out_dir: Path, templates_dir: Path | None, timeout: float) -> RenderOptions:
    """A design's page and its light overview, the index's thumbnail."""
    return RenderOptions(out_dir, formats=("svg", "html"), templates_dir=templates_dir, timeout=timeout,
                         views=("overview",), theme="light", page_home=HOME_LINK)


def write_design(source: SpecSource, options: RenderOptions) -> SitePage:
    checked = check(source)
    files, warnings = render_files(checked, options)
    outputs = {options.out_dir / source.name / name: data for name, data in files.items()}
    write_all(outputs)
    return SitePage(checked, sorted(outputs), warnings)


def write_index(pages: list[Checked], failed: list[SpecSource], out_dir: Path,
                templates_dir: Path | None = None) -> Path:
    from archgen.render.html import asset, content_security_policy, render_page, styles

    designs = sorted((_entry(checked) for checked in pages), key=lambda d: (d["title"].lower(), d["name"]))
    categories = sorted(Counter(design["category"] for design in designs).items())
    css = styles("common.css", "site.css", custom_dir=templates_dir)
    script = asset("site.js", templates_dir)
    text = render_page("site.html.j2", templates_dir, designs=designs, categories=categories,
                       failed=sorted(source.name for source in failed), css=css, script=script,
                       csp=content_security_policy([script], [css], images="'self' data:"))
    path = out_dir / INDEX
    write_all({path: text.encode("utf-8"), out_dir / NO_JEKYLL: b""}, folder_may_be_link=True)  # --out: the user's
    return path


def _entry(checked: Checked) -> dict[str, object]:
    from archgen.gallery import first_sentence

    spec = checked.spec
    return {"name": checked.source.name, "title": spec.title, "category": spec.category, "tags": list(spec.tags),
            "summary": first_sentence(spec.summary), "thumbnail": f"{checked.source.name}.svg"}
