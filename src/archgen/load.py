"""Load stage: YAML text to plain Python data plus the source position of every node.

No semantics here: only YAML rules, duplicate keys and resource bounds. PyYAML silently keeps
the last of two equal keys and expands aliases without limit, so we build the data ourselves
from the composed node graph.

Scalars stay the text the user typed; only `null` (or `~`, or nothing) becomes None. YAML 1.1
would turn `title: 0777` into 511, `label: 12:30` into 750 and `label: yes` into True; the
validation stage reads numbers and booleans from the text where the spec wants them, so a text
field always keeps what was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from archgen.errors import Diagnostic, DiagnosticSink, InputError, SourcePos

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64

YamlPath = tuple[str | int, ...]

_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_WORDS = frozenset(("", "~", "null", "Null", "NULL"))  # YAML 1.1's plain nulls
_SCALAR_TAGS = {
    _STR_TAG,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:timestamp",
    _NULL_TAG,
}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_MERGE_TAG = "tag:yaml.org,2002:merge"
_PLAIN_DATA = "specs hold plain strings, numbers, lists and mappings"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Every scalar stays the text written (the spec models read numbers and switches from it where
    they want one), so YAML 1.1's implicit typing is skipped: of plain scalars only nulls and the
    merge key `<<` are told apart. Its regular expressions ran ~90,000 times over the library, a
    sixth of `archgen validate`'s time."""

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and value in _NULL_WORDS:
                return _NULL_TAG
            if implicit[0] and value == "<<":
                return _MERGE_TAG
            return _STR_TAG
        return super().resolve(kind, value, implicit)


_TOO_LARGE = f"spec is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"


@dataclass
class Document:
    """A loaded YAML file: its data, and where each value and each mapping key stands."""

    file: str
    text: str
    data: Any
    value_pos: dict[YamlPath, SourcePos] = field(default_factory=dict)
    key_pos: dict[YamlPath, SourcePos] = field(default_factory=dict)

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def position(self, path: YamlPath, *, key: bool = False) -> SourcePos:
        """The position of the deepest known node on `path` (its key when `key` is set)."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if key and end == len(path) and prefix in self.key_pos:
                return self.key_pos[prefix]
            if prefix in self.value_pos:
                return self.value_pos[prefix]
        return SourcePos(self.file, 1, 1)


class _TooLarge(Exception):
    def __init__(self, message: str, pos: SourcePos, hint: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.hint = hint


def load_file(path: Path, display_name: str | None = None) -> Document:
    name = display_name or str(path)
    try:
        raw = read_head(path)
    except OSError as exc:
        raise InputError([Diagnostic(f"cannot read spec: {exc.strerror or exc}", SourcePos(name, 1, 1))]) from None
    return load_bytes(raw, name)


def read_head(path: Path) -> bytes:
    """A file's bytes, but never more than one byte past the size limit: a huge file is refused
    after reading 2 MB of it, not all of it."""
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def source_line(path: Path, line: int) -> str | None:
    """One line of a spec, for showing under a diagnostic; None if the file or line is gone."""
    try:
        lines = read_head(path).decode("utf-8-sig", "replace").splitlines()
    except OSError:
        return None
    return lines[line - 1] if 1 <= line <= len(lines) else None


def load_bytes(raw: bytes, name: str) -> Document:
    if len(raw) > MAX_FILE_BYTES:
        raise InputError([Diagnostic(
            _TOO_LARGE,
            SourcePos(name, 1, 1),
            "a design spec is a few hundred lines; split it or remove generated content",
        )])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Diagnostic(
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            SourcePos(name, line, column),
            "save the spec as UTF-8",
        )]) from None
    return load_text(text, name)


def load_text(text: str, name: str) -> Document:
    if not text.strip():
        raise InputError([Diagnostic("the spec is empty", SourcePos(name, 1, 1),
                                     "a spec needs at least `title:` and `components:`; try `archgen new`")])
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax_diagnostic(exc, name, text)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Diagnostic(f"invalid YAML: {exc}", SourcePos(name, 1, 1))]) from None
    except RecursionError:
        raise InputError([Diagnostic("the YAML is nested too deeply", SourcePos(name, 1, 1))]) from None
    if root is None:
        raise InputError([Diagnostic("the spec holds only comments", SourcePos(name, 1, 1))])
    builder = _Builder(name)
    try:
        data = builder.build(root, (), 0)
    except _TooLarge as exc:
        raise InputError([Diagnostic(str(exc), exc.pos, exc.hint)]) from None
    if builder.sink.errors:
        raise InputError(builder.sink.items)
    if not isinstance(data, dict):
        raise InputError([Diagnostic(
            f"the spec must be a mapping of sections, not a {_yaml_kind(data)}",
            _mark(root.start_mark, name),
            "start with `title: ...` and `components:`",
        )])
    return Document(name, text, data, builder.value_pos, builder.key_pos)


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, name: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    pos = _mark(mark, name) if mark else SourcePos(name, 1, 1)
    problem = exc.problem or "invalid YAML"
    hint = None
    line = text.splitlines()[pos.line - 1] if mark and pos.line <= len(text.splitlines()) else ""
    if "\t" in problem or "\\t" in problem or "\t" in line[: pos.column]:
        hint = "YAML indents with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted, e.g. \"client -> lb: frame\""
    elif exc.context:
        hint = f"{exc.context}"
    return Diagnostic(f"invalid YAML: {problem}", pos, hint)


def _mark(mark: Any, name: str) -> SourcePos:
    return SourcePos(name, mark.line + 1, mark.column + 1)


def _yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    return "scalar value" if value is not None else "null"


class _Builder:
    """Turns a composed node graph into dicts, lists and scalars, recording positions."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sink = DiagnosticSink()
        self.value_pos: dict[YamlPath, SourcePos] = {}
        self.key_pos: dict[YamlPath, SourcePos] = {}
        self.nodes = 0

    def build(self, node: yaml.Node, path: YamlPath, depth: int) -> Any:
        self.nodes += 1
        pos = _mark(node.start_mark, self.name)
        if self.nodes > MAX_NODES:
            raise _TooLarge(f"the spec expands to more than {MAX_NODES:,} values", pos,
                            "anchors and aliases that expand exponentially are refused")
        if depth > MAX_DEPTH:
            raise _TooLarge(f"the spec is nested deeper than {MAX_DEPTH} levels", pos,
                            "a design spec needs only a few levels of nesting")
        self.value_pos.setdefault(path, pos)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if node.tag not in _COLLECTION_TAGS:
            self.sink.error(f"unsupported YAML tag `{node.tag}`", pos, _PLAIN_DATA)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]

    def _scalar(self, node: yaml.ScalarNode) -> str | None:
        if node.tag not in _SCALAR_TAGS:
            self.sink.error(f"unsupported YAML tag `{node.tag}`", _mark(node.start_mark, self.name), _PLAIN_DATA)
            return None
        return None if node.tag == _NULL_TAG else node.value

    def _mapping(self, node: yaml.MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, SourcePos] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self._merge(result, value_node, path, depth)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.sink.error("a mapping key must be a plain name", _mark(key_node.start_mark, self.name))
                continue
            key = str(key_node.value)
            key_pos = _mark(key_node.start_mark, self.name)
            if key in first_seen:
                self.sink.error(
                    f"duplicate key `{key}` (first defined at line {first_seen[key].line})",
                    key_pos,
                    "YAML keeps only one of them; rename or merge the two entries",
                )
                continue
            first_seen[key] = key_pos
            child = (*path, key)
            self.key_pos[child] = key_pos
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def _merge(self, result: dict[str, Any], value_node: yaml.Node, path: YamlPath, depth: int) -> None:
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            merged = self.build(source, path, depth + 1)
            if not isinstance(merged, dict):
                self.sink.error("`<<` merges only mappings", _mark(source.start_mark, self.name))
                continue
            for key, value in merged.items():
                result.setdefault(key, value)
