"""`archgen diff OLD NEW`: what changed between two versions of a design, as Markdown and as an overview
with the added, removed and changed components marked."""

from __future__ import annotations

from pathlib import Path

from archgen.diff.changes import Change, DesignDiff, compare
from archgen.diff.sources import Side, load_side


def diff_files(old_target: str, new_target: str, specs_dir: Path, *, drawn: bool,
               timeout: float = 60.0) -> tuple[DesignDiff, dict[str, bytes]]:
    """The diff, and its files: `diff.md`, with `diff.svg` and `diff.dot` (the marked overview) when `drawn`."""
    from archgen.diff.report import markdown, marked_overview

    old, new = load_side(old_target, specs_dir), load_side(new_target, specs_dir)
    diff = compare(old, new)
    files: dict[str, bytes] = {}
    if drawn:
        from archgen.render.dot_run import run_dot
        from archgen.render.draw import diagram
        from archgen.render.svg import display_size
        from archgen.render.theme import THEMES

        source = diagram(marked_overview(old, new, diff), THEMES["light"], _spec_folder(new_target, specs_dir))
        files["diff.dot"] = source.dot.encode("utf-8")
        files["diff.svg"] = display_size(run_dot(source, ["svg"], timeout)["svg"])
    files["diff.md"] = markdown(diff, "diff.svg" if drawn else None).encode("utf-8")
    return diff, files


def _spec_folder(target: str, specs_dir: Path) -> Path:
    """Where custom icons resolve: the new spec's own folder."""
    path = Path(target.rpartition("@")[0] or target)
    return path.parent if path.suffix in (".yaml", ".yml") or "/" in str(path) else specs_dir


__all__ = ["Change", "DesignDiff", "Side", "compare", "diff_files", "load_side"]
