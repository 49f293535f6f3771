"""The write-up as HTML for the design page: the same Markdown `render` writes, through markdown-it-py.

Raw HTML in the Markdown is shown as text (`html: False`), images are not parsed (a spec string
cannot make the page load anything), links keep only web, mail and in-page addresses (never
`javascript:` or `data:`), and table alignment becomes a class, because inline `style`
attributes would need 'unsafe-inline' in the page's Content-Security-Policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_LINK = re.compile(r"^(?:https?:|mailto:|#|(?![a-z][a-z0-9+.-]*:))", re.IGNORECASE)  # no scheme: relative
_ALIGN = re.compile(r"text-align:(left|right|center)")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class WriteupHtml:
    html: str
    contents: list[tuple[str, str]]  # (anchor, heading text) of each top-level section


def writeup_html(markdown: str) -> WriteupHtml:
    parser = _parser()
    tokens = _without_title(parser.parse(markdown))
    for token in tokens:
        _align_as_class(token)
    contents = _anchor_headings(tokens)
    return WriteupHtml(parser.renderer.render(tokens, parser.options, {}), contents)


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"]).disable("image")
    parser.validateLink = lambda url: bool(SAFE_LINK.match(url.strip()))
    return parser


def _without_title(tokens: list[Token]) -> list[Token]:
    """The page shows the design's title in its header; the write-up's own `# Title` would repeat it."""
    if len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        return tokens[3:]
    return tokens


def _align_as_class(token: Token) -> None:
    style = token.attrGet("style") if token.type in ("th_open", "td_open") else None
    if style is None:
        return
    token.attrs.pop("style")
    match = _ALIGN.search(str(style))
    if match:
        token.attrSet("class", f"align-{match.group(1)}")


def _anchor_headings(tokens: list[Token]) -> list[tuple[str, str]]:
    """Give every heading an id (`w-2-architecture`) and list the top-level ones for the page's contents."""
    used: set[str] = set()
    contents = []
    for index, token in enumerate(tokens[:-1]):
        if token.type != "heading_open":
            continue
        text = tokens[index + 1].content
        base = "w-" + (_NOT_SLUG.sub("-", text.lower()).strip("-") or "section")
        anchor, number = base, 2
        while anchor in used:
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        token.attrSet("id", anchor)
        if token.tag == "h2":
            contents.append((anchor, _plain(tokens[index + 1])))
    return contents


def _plain(inline: Token) -> str:
    """A heading's text without its Markdown: `**a** b` -> `a b`."""
    children = inline.children or []
    return "".join(child.content for child in children if child.type in ("text", "code_inline")) or inline.content
