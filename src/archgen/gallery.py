"""`archgen render --all`: an index of every rendered design, grouped by category."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archgen.pipeline import SpecSource
from archgen.write import write_atomic

if TYPE_CHECKING:
    from archgen.spec import Spec

GALLERY_TEMPLATE = "gallery.md.j2"


@dataclass(frozen=True)
class GalleryEntry:
    """What the index shows of one design; kept in the render cache, so an unchanged spec is not read again."""

    name: str
    title: str
    category: str
    summary: str

    @classmethod
    def of(cls, name: str, spec: Spec) -> GalleryEntry:
        return cls(name, spec.title, spec.category, first_sentence(spec.summary))


def write_gallery(rendered: list[GalleryEntry], failed: list[SpecSource], out_dir: Path,
                  formats: tuple[str, ...], templates_dir: Path | None = None) -> Path:
    designs = []
    for entry in rendered:
        name = entry.name
        designs.append({
            "name": name,
            "title": entry.title,
            "category": entry.category,
            "summary": entry.summary,
            "thumbnail": f"{name}/{name}.png" if "png" in formats else None,
            "writeup": f"{name}/{name}.md" if "md" in formats else None,
            "diagram": f"{name}/{name}.svg" if "svg" in formats else None,
        })
    from archgen.render.writeup import render_template

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
