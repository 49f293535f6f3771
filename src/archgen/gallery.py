"""`archgen render --all`: an index of every rendered design, grouped by category."""

from __future__ import annotations

from pathlib import Path

from archgen.pipeline import Checked, SpecSource
from archgen.render.writeup import render_template
from archgen.write import write_atomic

GALLERY_TEMPLATE = "gallery.md.j2"


def write_gallery(rendered: list[Checked], failed: list[SpecSource], out_dir: Path,
                  formats: tuple[str, ...], templates_dir: Path | None = None) -> Path:
    designs = []
    for checked in rendered:
        source, spec = checked.source, checked.spec
        designs.append({
            "name": source.name,
            "title": spec.title,
            "category": spec.category,
            "summary": first_sentence(spec.summary),
            "thumbnail": f"{source.name}/{source.name}.png" if "png" in formats else None,
            "writeup": f"{source.name}/{source.name}.md" if "md" in formats else None,
            "diagram": f"{source.name}/{source.name}.svg" if "svg" in formats else None,
        })
    categories: dict[str, list[dict]] = {}
    for design in sorted(designs, key=lambda d: (d["category"], d["title"].lower(), d["name"])):
        categories.setdefault(design["category"], []).append(design)
    text = render_template(GALLERY_TEMPLATE, templates_dir, categories=categories,
                           failed=[s.name for s in failed], total=len(designs))
    path = out_dir / "README.md"
    write_atomic(path, text.encode("utf-8"))
    return path


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]

