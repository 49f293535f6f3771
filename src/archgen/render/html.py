"""What every HTML output shares: the autoescaping templates in templates/html/, the inline assets, the
Content-Security-Policy with a hash of each inline script and style, JSON embedded as inert data, and
the colours of both themes as CSS custom properties.

Pages load nothing: scripts and styles are inline (allowed by their SHA-256 hashes, computed here
from the exact text written), images are data URIs or files beside the page, and `connect-src` is
opened to the page's own server only for `archgen watch`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from archgen.render.theme import THEMES, Theme
from archgen.render.writeup import TemplateError, render_with
from archgen.resources import templates_dir

HTML_DIR = "html"
# Page colours the diagram themes do not define. Each meets WCAG AA (4.5:1) as text on the theme's
# background and panel colours (GitHub's link blues); a test checks them.
EXTRA_COLOURS = {
    "light": {"link": "#0969DA", "highlight": "#D55E00", "focus": "#0969DA"},
    "dark": {"link": "#4493F8", "highlight": "#FF8C42", "focus": "#4493F8"},
}


def environment(custom_dir: Path | None = None) -> jinja2.Environment:
    """Templates under templates/html/ (a `--templates DIR` copy overrides them), autoescaped: every value
    is HTML-escaped unless the page code marks it `Markup` (its own assets, SVG, rendered Markdown)."""
    search = [str(folder / HTML_DIR) for folder in (custom_dir, templates_dir()) if folder is not None]
    return jinja2.Environment(loader=jinja2.FileSystemLoader(search), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def render_page(name: str, custom_dir: Path | None, **context: Any) -> str:
    searched = (custom_dir or templates_dir()) / HTML_DIR
    return render_with(environment(custom_dir), name, searched, **context)


def asset(name: str, custom_dir: Path | None = None) -> Markup:
    """A script or stylesheet from templates/html/, to inline as it is."""
    for folder in (custom_dir, templates_dir()):
        path = folder / HTML_DIR / name if folder is not None else None
        if path is not None and path.is_file():
            text = path.read_text(encoding="utf-8")
            if "</script" in text.lower() or "</style" in text.lower():
                raise TemplateError(f"`{path}` contains `</script` or `</style`, which would end its inline block")
            return Markup(text)
    raise TemplateError(f"template `{HTML_DIR}/{name}` not found")


def source_hash(text: str) -> str:
    """A CSP source for one inline block: the SHA-256 of its exact text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(scripts: list[str], styles: list[str], *, images: str = "data:",
                            live: bool = False) -> str:
    """Nothing but the page's own inline code and images: no network, no plug-ins, no form posts."""
    parts = [
        "default-src 'none'",
        "script-src " + " ".join(source_hash(text) for text in scripts) if scripts else "script-src 'none'",
        "style-src " + " ".join(source_hash(text) for text in styles),
        f"img-src {images}",
        "connect-src 'self'" if live else "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    return "; ".join(parts)


def embed_json(data: Any) -> Markup:
    """JSON for a `<script type="application/json">` block: `<`, `>` and `&` escaped, so no spec text can end
    the block or open a comment, and sorted keys for byte-identical pages."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for character, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                              ("\u2029", "\\u2029")):
        text = text.replace(character, escape)
    return Markup(text)


def theme_css() -> str:
    """The colours of both themes: light by default, dark when the system asks for it, and either when the
    reader's toggle sets `data-theme` on the root element."""
    light, dark = _properties(THEMES["light"]), _properties(THEMES["dark"])
    return (f":root {{ {light} }}\n"
            f"@media (prefers-color-scheme: dark) {{ :root:not([data-theme=\"light\"]) {{ {dark} }} }}\n"
            f":root[data-theme=\"dark\"] {{ {dark} }}\n")


def page_colours(theme: Theme) -> dict[str, str]:
    """CSS custom property -> colour, for one theme."""
    return {"bg": theme.background, "text": theme.text, "muted": theme.muted_text, "panel": theme.group_fill,
            "border": theme.group_border, "error": theme.error_line, **EXTRA_COLOURS[theme.name]}


def _properties(theme: Theme) -> str:
    declarations = [f"--{name}: {colour};" for name, colour in page_colours(theme).items()]
    return " ".join([f"color-scheme: {theme.name};", *declarations])


def styles(*names: str, custom_dir: Path | None = None) -> Markup:
    """The theme colours and the named stylesheets, as one inline style block."""
    return Markup(theme_css() + "".join(asset(name, custom_dir) for name in names))
