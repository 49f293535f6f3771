from __future__ import annotations

import contextlib

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archgen.errors import InputError, SourcePos
from archgen.load import load_bytes, load_text


def only_error(text: str | bytes) -> str:
    with pytest.raises(InputError) as caught:
        load_bytes(text if isinstance(text, bytes) else text.encode(), "s.yaml")
    assert len(caught.value.diagnostics) >= 1
    return str(caught.value.diagnostics[0])


def test_positions_of_values_and_keys_are_one_based():
    doc = load_text("title: Chat\ncomponents:\n  chat: {kind: service}\n", "s.yaml")
    assert doc.data == {"title": "Chat", "components": {"chat": {"kind": "service"}}}
    assert doc.value_pos[("components", "chat", "kind")] == SourcePos("s.yaml", 3, 16)
    assert doc.key_pos[("components", "chat")] == SourcePos("s.yaml", 3, 3)
    assert doc.position(("components", "chat", "missing")) == SourcePos("s.yaml", 3, 9)


def test_duplicate_keys_are_errors_not_silently_dropped():
    message = only_error("title: A\ncomponents:\n  a: {kind: x}\n  a: {kind: y}\n")
    assert message.startswith("s.yaml:4:3: error: duplicate key `a` (first defined at line 3)")


def test_byte_order_mark_is_accepted():
    assert load_bytes("\ufefftitle: A\n".encode(), "s.yaml").data == {"title": "A"}


@pytest.mark.parametrize(("text", "fragment"), [
    (b"title: caf\xe9\n", "s.yaml:1:11: error: the file is not valid UTF-8"),
    ("", "the spec is empty"),
    ("# only a comment\n", "holds only comments"),
    ("- a\n- b\n", "must be a mapping of sections, not a list"),
    ("just words\n", "not a scalar value"),
    ("title: A\n\tcomponents: {}\n", "YAML indents with spaces, not tabs"),
    ("title: [unclosed\n", "s.yaml:2:1: error: invalid YAML"),
    ("title: !!python/object:os.system x\n", "unsupported YAML tag"),
])
def test_broken_files_get_positioned_errors(text, fragment):
    assert fragment in only_error(text)


def test_alias_expansion_bomb_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    assert "expands to more than" in only_error("\n".join(lines) + "\n")


def test_deep_nesting_is_refused():
    assert "nested" in only_error("a: " + "[" * 200 + "]" * 200 + "\n")


def test_merge_keys_fill_in_without_overriding():
    doc = load_text("base: &b {kind: service, replicas: 2}\nx:\n  <<: *b\n  replicas: 5\n", "s.yaml")
    assert doc.data["x"] == {"kind": "service", "replicas": "5"}


def test_oversized_file_is_refused():
    assert "larger than" in only_error(b"a: " + b"x" * (3 * 1024 * 1024))


# NEL and the Unicode separators are YAML line breaks: PyYAML itself does not round-trip them in plain text.
plain_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85\u2028\u2029\r"),
                     max_size=20)
scalars = st.one_of(plain_text, st.integers(), st.booleans(), st.none(),
                    st.floats(allow_nan=False, allow_infinity=False))
keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
documents = st.dictionaries(keys, st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                                               | st.dictionaries(keys, inner, max_size=4), max_leaves=20),
                            min_size=1, max_size=6)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_yaml_mapping_round_trips_with_a_position_for_every_value(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    doc = load_text(text, "s.yaml")
    assert _same_as_typed(doc.data, data), "scalars keep their text, which YAML reads as the original value"
    for path in _paths(data):
        pos = doc.value_pos[path]
        assert 1 <= pos.line <= text.count("\n") + 1


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_arbitrary_input_gives_a_document_or_a_positioned_error(raw):
    try:
        load_bytes(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw, "s.yaml")
    except InputError as exc:
        assert exc.diagnostics and all(d.pos is not None for d in exc.diagnostics)


@settings(max_examples=200)
@given(documents, st.integers(min_value=0, max_value=400))
def test_truncated_specs_never_raise_anything_but_input_errors(data, cut):
    text = yaml.safe_dump(data)[:cut]
    with contextlib.suppress(InputError):
        load_text(text, "s.yaml")


def _same_as_typed(loaded, original) -> bool:
    """Strings and nulls load as they are; numbers and booleans load as the text YAML read them from."""
    if isinstance(original, dict):
        return loaded.keys() == original.keys() and all(_same_as_typed(loaded[k], v) for k, v in original.items())
    if isinstance(original, list):
        return len(loaded) == len(original) and all(map(_same_as_typed, loaded, original))
    if original is None or isinstance(original, str):
        return loaded == original
    return isinstance(loaded, str) and yaml.safe_load(loaded) == original


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))
