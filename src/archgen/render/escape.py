"""Escaping spec text for each output: one section per format, one function per context.

Spec text is untrusted. Whatever it holds, every output must show the characters the user typed
and nothing else: no HTML, link, image, heading, list, code fence or character reference that the
template or renderer did not write itself. Each function takes plain text and returns text that is
safe in exactly one context of one format: Markdown (the write-up), HTML attributes inside it,
Graphviz (every drawing), the terminal (diagnostics), and the Mermaid, D2 and PlantUML exports. The
HTML page relies on Jinja's autoescaping; a new output adds a section here, so the rules for each
format can be read and tested in one place.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the graphviz package loads only when a drawing escapes text: diagnostics use this module too
    import graphviz

# --- Markdown -------------------------------------------------------------------------------
# CommonMark with GitHub's extensions (tables, strikethrough, maths), as GitHub and Obsidian read
# it. A value always lands on one line, so block structure can only come from its first characters.

_WHITESPACE = re.compile(r"\s+")
# `\` escapes; `` ` `` code; `*` emphasis and lists; `[ ]` links, images, footnotes and wiki links;
# `$` maths on GitHub and in Obsidian.
_ALWAYS = re.compile(r"[\\`*\[\]$]")
# `~` strikes text through (GitHub even with one tilde), but only from a tilde that can open to one
# that can close (CommonMark's right-flanking: after a letter or digit, or after punctuation and
# before a space, punctuation or the end). Those are escaped, and one at the start, whose left
# neighbour is the template's; so `~100 ms` and `(~83K)` stay as typed and `~~~` opens no fence.
_CLOSING_TILDE = re.compile(r"^~|(?<=[^\W_])~|(?<=[^\w\s]|_)~(?=[\W_]|$)")
# `_` emphasises only next to punctuation, spaces or the ends; inside a word (`per_day`) it is text.
_LOOSE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# `#` after a space or at the start: headings, a heading's closing run, Obsidian tags.
_HASH = re.compile(r"(?<!\S)#")
# At the start of a line: list items (`- x`, `+ x`, `1. x`, `1) x`), setext underlines and thematic
# breaks (`===`, `---`, `- - -`), block quotes (`>`). `-5 ms` or `99.9%` start nothing and stay as they are.
_BLOCK_START = re.compile(r"^\s*(?:([-+=])(?=\s|$|\1)|\d{1,9}[.)](?=\s|$)|>)")
# `<` opens raw HTML, a comment or an autolink only before a letter, `/`, `!` or `?`; `p99 < 200 ms`
# stays as typed. `&` matters only where it starts a character reference (`&#27;`, `&lt;`).
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_REFERENCE = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)")
_BACKTICK_RUN = re.compile(r"`+")
# A pair of single backticks around something: code, as spec authors and archgen's messages mark it.
# Not next to another backtick, so two spans never touch (CommonMark would merge them).
_CODE_MARKS = re.compile(r"(?<!`)`([^`]*[^`\s][^`]*)`(?!`)")
# Every character the substitutions below can act on; most text holds none of them (a write-up escapes
# ~2,000 pieces of text, and skipping the six passes for those halves its rendering time).
_ANY_MARKUP = re.compile(r"[&<\\`*\[\]$~_#]")


def fold_whitespace(text: str) -> str:
    """One line: newlines and runs of spaces become one space (a value never spans lines)."""
    return _WHITESPACE.sub(" ", text).strip()


def markdown_inline(text: str) -> str:
    """Text for running Markdown (a paragraph, list item, link or alt text, emphasis, a cell).

    It shows as typed, except that a pair of backticks marks code, as spec authors write it
    (`SETNX`) and archgen's messages do: that becomes a code span with a safe fence. Any other
    backtick, and every other Markdown or HTML metacharacter, is escaped. Whitespace is folded
    but kept at the ends, where a template's own `", "` needs it.
    """
    text = _WHITESPACE.sub(" ", text)
    pieces: list[str] = []
    end = 0
    for match in _CODE_MARKS.finditer(text):
        pieces.append(_escape_markdown(text[end:match.start()], at_line_start=end == 0))
        pieces.append(markdown_code(match.group(1)))
        end = match.end()
    pieces.append(_escape_markdown(text[end:], at_line_start=end == 0))
    return "".join(pieces)


def markdown_heading(text: str) -> str:
    """Text after a template's `#`s. Inline escaping suffices: a closing `#` run needs a space
    before it, and every `#` after a space is escaped."""
    return markdown_inline(text)


def markdown_code(text: str) -> str:
    """A code span that no backtick in the text can close early.

    The fence is one backtick longer than the longest run inside; a space pads the text whenever it
    holds a backtick, so one at either end cannot join the fence (CommonMark strips exactly one
    space from each side). Nothing else is escaped: a code
    span's content is literal, so `<img>` inside one is shown, never parsed, and an HTML entity
    would be shown as typed too. Empty text gives no span at all.
    """
    text = fold_whitespace(text)
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0) + 1)
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_cell(markdown: str) -> str:
    """Escaped Markdown made safe in a table cell: `|` escaped (GitHub's tables honour `\\|` even
    inside code spans), and never empty, since an empty cell reads as missing."""
    return markdown.replace("|", "\\|") if markdown.strip() else "—"


def _escape_markdown(text: str, *, at_line_start: bool) -> str:
    if not _ANY_MARKUP.search(text):
        return _BLOCK_START.sub(_escaped_block_start, text, count=1) if at_line_start else text
    text = _REFERENCE.sub("&amp;", text)
    text = _TAG_OPEN.sub("&lt;", text)
    text = _ALWAYS.sub(r"\\\g<0>", text)
    text = _CLOSING_TILDE.sub(r"\\~", text)
    text = _LOOSE_UNDERSCORE.sub(r"\\_", text)
    text = _HASH.sub(r"\\#", text)
    if at_line_start:
        text = _BLOCK_START.sub(_escaped_block_start, text, count=1)
    return text


def _escaped_block_start(match: re.Match[str]) -> str:
    return match.group(0)[:-1] + "\\" + match.group(0)[-1]


# --- HTML inside Markdown -------------------------------------------------------------------

def html_attribute(text: str) -> str:
    """A value for an HTML attribute the template quotes with double quotes (the gallery's `<img>`).

    `|` becomes `&#124;` too: GitHub splits a table row at every `|` before it reads any HTML, so
    a raw one would end the cell in the middle of the tag.
    """
    return html.escape(fold_whitespace(text), quote=True).replace("|", "&#124;")


# --- Graphviz DOT ---------------------------------------------------------------------------
# Whatever Graphviz prints lands in an SVG, so characters XML 1.0 forbids never reach it.

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def dot_html_text(text: str) -> str:
    """Text inside an HTML-like label (`<<TABLE>…</TABLE>>`), shown as typed, on one line.

    Graphviz reads `&amp;` there as `&` and writes it back escaped, so `&#27;` or `<b>` stay text;
    `"` is escaped too, so the same text can be an attribute value (`<IMG SRC="…">`). `]` is
    written as a character reference: Graphviz 2.43's HTML-label parser fails on a text run that
    starts with it.
    """
    return html.escape(fold_whitespace(_NOT_XML.sub("", text)), quote=True).replace("]", "&#93;")


def dot_text(text: str) -> graphviz.quoting.NoHtml:
    """Text for a plain DOT label or a tooltip (an escString), shown as typed.

    `&` becomes `&amp;` because Graphviz decodes character references in these too, HTML-like or
    not: `&#27;` or `&#xFFFE;` would become characters XML forbids, and the SVG would not parse
    (Graphviz 2.43 writes `&amp;` back as a literal `&`). Backslashes are doubled so `\\N`, `\\G` or
    `\\l` stay text in labels (Graphviz 2.43 still expands `\\N` in a tooltip: shown, never harmful).
    The result is marked as never HTML-like, so `<b>` is not read as a tag, and the graphviz
    package's quoting escapes the double quotes.
    """
    from graphviz import nohtml

    return nohtml(_NOT_XML.sub("", text).replace("&", "&amp;").replace("\\", "\\\\"))


# --- The terminal ---------------------------------------------------------------------------
# Diagnostics quote spec text (an unknown kind, a bad value, the source line): a raw escape
# sequence there could recolour, retitle or clear the reader's terminal.

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_text(text: str) -> str:
    """Text for a terminal line: control characters shown as `\\x1b`-style escapes, never sent."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


# --- Mermaid, D2 and PlantUML (the text exports) -------------------------------------------
# Each function turns any text into something its language shows as exactly that text.
#
# Newlines and runs of whitespace fold to one space first: every statement in these languages ends at
# a line break, so a newline in a label would start a new statement.
#
# - Mermaid decodes entity codes (`#quot;`, `#35;`, `#128512;`) in the whole diagram source before
#   parsing, so every character that could be syntax (quotes, brackets, `|`, `%%`, `-->`, `;`, `#`,
#   backticks that would start a Markdown string, `<` that would start HTML) becomes `#N;`.
# - D2 double-quoted strings take backslash escapes and substitute `${var}`; `\\`, `\"` and `\$` keep
#   all three literal (`d2` reports "substitutions must begin on {" for a bare `$`).
# - PlantUML's preprocessor expands `%date()` and `$vars` anywhere in a line, creole reads `**`, `//`,
#   `<b>` and `[[links]]`, and a line `@enduml` ends the diagram. `<U+XXXX>` is decoded after all of
#   them. Its `&#N;` entities are not used: Debian's 1.2020.2 decodes them with a regex replacement
#   that throws on `&#36;` (`$`) and `&#92;` (backslash).

_PLAIN = frozenset(" .,")  # never syntax in any of the three languages


def _plain(character: str, *, symbols: bool = True) -> bool:
    """Letters, digits, space, `.` and `,`, and printable non-ASCII (`·`, `×`, `→`, `é`, emoji): no Mermaid
    syntax is made of them. Invisible and format characters (right-to-left overrides, line separators) are
    encoded too. PlantUML reads some non-ASCII punctuation (`«` opens a stereotype), so `symbols=False`
    keeps only letters and digits."""
    if character.isascii():
        return character.isalnum() or character in _PLAIN
    return unicodedata.category(character)[0] not in ("CZ" if symbols else "CZPSM")


def mermaid_text(text: str) -> str:
    """Text inside a quoted Mermaid label, a message, a note, a participant alias or a title."""
    return "".join(c if _plain(c) else f"#{ord(c)};" for c in fold_whitespace(text))


def mermaid_label(text: str) -> str:
    """A quoted Mermaid label: `"..."`."""
    return f'"{mermaid_text(text)}"'


def d2_string(text: str) -> str:
    """A double-quoted D2 string."""
    escaped = fold_whitespace(text).replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return f'"{escaped}"'


def plantuml_text(text: str) -> str:
    """PlantUML text: a message, a note, a title, or the inside of a quoted name."""
    return "".join(c if _plain(c, symbols=False) else f"<U+{ord(c):04X}>" for c in fold_whitespace(text))


def plantuml_string(text: str) -> str:
    return f'"{plantuml_text(text)}"'
