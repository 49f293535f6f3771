"""The R.A.I.L.S write-up: Model -> Markdown through the Jinja2 templates in templates/.

Safe by default: every value a template prints is escaped as inline Markdown and kept on one line
(`finalize`), so spec text shows as typed, its `backticked` words as code, and can create no HTML,
link, image, heading or code fence; that includes image alt text (`alt` is the same escaping:
brackets and backslashes are escaped everywhere). Filters escape for other contexts (`cell`,
`code`, `attr`; see render/escape.py) and return Markup, which `finalize` leaves alone; `join`
keeps Markup items and escapes the rest. Spec text is never compiled as a template.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from archgen.analyse.availability import INSTANCE_NOTE
from archgen.errors import ArchgenError, ExitCode
from archgen.render import escape
from archgen.render.template_cache import template_cache
from archgen.resources import templates_dir
from archgen.units import format_count, format_duration, format_percent, format_rate, format_size, two_figures

if TYPE_CHECKING:
    from archgen.analyse import Analysis
    from archgen.views.model import DesignViews

ENTRY_TEMPLATE = "writeup.md.j2"


class TemplateError(ArchgenError):
    exit_code = ExitCode.BAD_INPUT


def render_writeup(analysis: Analysis, custom_dir: Path | None, images: dict[str, str],
                   views: DesignViews | None = None, mermaid: dict[str, str] | None = None) -> str:
    """`images` maps a view id (`overview`, `flow-ID`, `seq-ID`) to the file the write-up embeds; `mermaid`
    maps a view id to Mermaid source for a fenced block (escaped by its exporter, so marked safe here)."""
    blocks = {view_id: Markup(source) for view_id, source in (mermaid or {}).items()}
    return render_template(ENTRY_TEMPLATE, custom_dir, analysis=analysis, model=analysis.model,
                           spec=analysis.model.spec, images=images, image=images.get("overview"), views=views,
                           mermaid=blocks)


def render_template(name: str, custom_dir: Path | None, **context: Any) -> str:
    return _tidy(render_with(_environment(custom_dir), name, custom_dir or templates_dir(), **context))


def render_with(environment: jinja2.Environment, name: str, searched: Path, **context: Any) -> str:
    """Render one template; a broken or missing template (a user's --templates copy) is a TemplateError."""
    try:
        return environment.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template `{exc.name}` not found in {searched}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template error: {exc.message}") from None


@functools.lru_cache(maxsize=4)
def _environment(custom_dir: Path | None) -> jinja2.Environment:
    """One environment per template folder, so each template compiles once per run, not per design."""
    search = [str(custom_dir)] if custom_dir else []
    search.append(str(templates_dir()))
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=inline,
        bytecode_cache=template_cache(Path(__file__)),
    )
    environment.globals.update(instance_note=INSTANCE_NOTE)
    environment.filters.update(
        cell=cell, alt=inline, attr=attr, code=code, join=join, inline=inline,
        count=format_count, size=format_size, rate=format_rate, duration=format_duration, figures=two_figures,
        key_names=key_names, time=time, percent=format_percent, amount=amount, parts=parts, shown=shown_dimensions,
    )
    return environment


def inline(value: Any) -> Markup:
    """Escape as inline Markdown on one line, unless the value is already Markup from a filter."""
    if isinstance(value, Markup):
        return value
    return Markup(escape.markdown_inline("" if value is None else str(value)))


def cell(value: Any) -> Markup:
    """A Markdown table cell: inline-safe (or Markup from `code`), `|` escaped, never empty."""
    return Markup(escape.markdown_cell(str(inline(value))))


def attr(value: Any) -> Markup:
    """Text for an HTML attribute value the template quotes with double quotes."""
    return Markup(escape.html_attribute(str(value)))


def code(value: Any) -> Markup:
    """A code span for running text; add `| cell` after it inside a table."""
    return Markup(escape.markdown_code(str(value)))


def join(values: Iterable[Any], separator: str = "") -> Markup:
    """Jinja's `join`, keeping Markup items (code spans) and escaping the others."""
    return Markup(separator.join(str(inline(value)) for value in values))


def time(seconds: float | None) -> str:
    """A computed time; None means a queue that never drains (a component over capacity)."""
    return "unbounded" if seconds is None else format_duration(seconds)


def amount(value: float, dimension: str) -> str:
    """A capacity figure in its dimension's unit."""
    if dimension == "bandwidth":
        return format_rate(value)
    return format_count(value) + ("/s" if dimension in ("requests", "writes") else "")


def shown_dimensions(result: Any) -> list[Any]:
    """Capacity dimensions worth a row: those over 1% busy (the JSON output keeps every one)."""
    return [d for d in result.dimensions if d.utilization.value >= 0.01]


def parts(items: list[Any]) -> str:
    """A step's time as its parts: `hop (same datacentre round trip) 0.5 ms / 2 ms + work (redis) ...`."""
    return " + ".join(f"{p.name} ({p.detail}) {time(p.p50)} / {time(p.p99)}" for p in items)


def key_names(keys: list[str]) -> list[str]:
    """`["created_at DESC"]` -> `["created_at"]`: a key may carry its sort order."""
    return [key.split()[0] for key in keys if key.split()]


def _tidy(text: str) -> str:
    """Collapse runs of blank lines the templates leave around optional sections."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() == "" and lines and lines[-1] == "":
            continue
        lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"
