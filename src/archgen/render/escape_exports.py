"""Escaping spec text for the text exports: Mermaid, D2 and PlantUML. Each function turns any text
into something its language shows as exactly that text, whatever it contains.

Newlines and runs of whitespace fold to one space first: every statement in these languages ends at
a line break, so a newline in a label would start a new statement.

- Mermaid decodes entity codes (`#quot;`, `#35;`, `#128512;`) in the whole diagram source before
  parsing, so every character that could be syntax (quotes, brackets, `|`, `%%`, `-->`, `;`, `#`,
  backticks that would start a Markdown string, `<` that would start HTML) becomes `#N;`.
- D2 double-quoted strings take backslash escapes and substitute `${var}`; `\\`, `\\"` and `\\$` keep
  all three literal (`d2` reports "substitutions must begin on {" for a bare `$`).
- PlantUML's preprocessor expands `%date()` and `$vars` anywhere in a line, creole reads `**`, `//`,
  `<b>` and `[[links]]`, and a line `@enduml` ends the diagram. `<U+XXXX>` is decoded after all of
  them. Its `&#N;` entities are not used: Debian's 1.2020.2 decodes them with a regex replacement
  that throws on `&#36;` (`$`) and `&#92;` (backslash).
"""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_PLAIN = frozenset(" .,")  # never syntax in any of the three languages


def one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


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
    return "".join(c if _plain(c) else f"#{ord(c)};" for c in one_line(text))


def mermaid_label(text: str) -> str:
    """A quoted Mermaid label: `"..."`."""
    return f'"{mermaid_text(text)}"'


def d2_string(text: str) -> str:
    """A double-quoted D2 string."""
    escaped = one_line(text).replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return f'"{escaped}"'


def plantuml_text(text: str) -> str:
    """PlantUML text: a message, a note, a title, or the inside of a quoted name."""
    return "".join(c if _plain(c, symbols=False) else f"<U+{ord(c):04X}>" for c in one_line(text))


def plantuml_string(text: str) -> str:
    return f'"{plantuml_text(text)}"'
