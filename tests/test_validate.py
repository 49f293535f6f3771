from __future__ import annotations

from pathlib import Path

import pytest

from archgen.errors import InputError
from archgen.load import load_file, load_text
from archgen.validate import describe, validate

ERROR_CASES = sorted(p for p in (Path(__file__).parent / "errors").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda p: p.name)
def test_error_goldens(case: Path, check_golden, monkeypatch):
    monkeypatch.chdir(case)
    with pytest.raises(InputError) as caught:
        validate(load_file(Path("spec.yaml")), Path("."))
    check_golden(case / "expected.txt", "\n".join(str(d) for d in caught.value.diagnostics) + "\n")


def test_every_error_has_a_position_and_ends_with_exit_code_2():
    for case in ERROR_CASES:
        with pytest.raises(InputError) as caught:
            validate(load_file(case / "spec.yaml"), case)
        assert caught.value.exit_code == 2
        assert all(d.pos is not None and d.pos.line >= 1 for d in caught.value.diagnostics), case.name


def test_typo_in_terse_step_points_at_the_name_and_suggests():
    text = "title: T\ncomponents:\n  chat-server: {kind: service}\n  c: {kind: client}\nflows:\n  send:\n    steps:\n" \
           "      - c -> chat-server: a\n      - c -> chatsrv: b\n"
    with pytest.raises(InputError) as caught:
        validate(load_text(text, "s.yaml"))
    (diagnostic,) = caught.value.diagnostics
    assert str(diagnostic) == ("s.yaml:9:14: error: unknown component `chatsrv` in flow `send`, step 2"
                               " — did you mean `chat-server`?")


def test_valid_spec_parses_terse_and_long_steps():
    text = ("title: T\ncomponents:\n  a: {kind: client}\n  b: {kind: queue}\nflows:\n  f:\n    steps:\n"
            "      - a -> b: one\n      - b ~> a: two\n      - {from: a, to: b, async: true}\n      - 'a -> b: x: y'\n")
    spec, sink = validate(load_text(text, "s.yaml"))
    steps = spec.flows["f"].steps
    assert [(s.source, s.target, s.label, s.is_async) for s in steps] == [
        ("a", "b", "one", False), ("b", "a", "two", True), ("a", "b", "", True), ("a", "b", "x: y", False)]
    assert sink.items == []


def test_kind_spellings_are_forgiving():
    text = "title: T\ncomponents:\n  lb: {kind: Load Balancer}\n  gw: {kind: api-gateway}\n"
    spec, _ = validate(load_text(text, "s.yaml"))
    assert set(spec.components) == {"lb", "gw"}


def test_unknown_tech_is_a_warning_with_a_suggestion():
    text = "title: T\ncomponents:\n  bus: {kind: stream, tech: kafak}\n"
    _, sink = validate(load_text(text, "s.yaml"))
    assert [str(w) for w in sink.warnings] == [
        "s.yaml:3:29: warning: unknown tech `kafak` in component `bus`, drawn with the `stream` icon"
        " — did you mean `kafka`?"]


def test_unknown_tech_far_from_every_known_one_gets_no_suggestion():
    text = "title: T\ncomponents:\n  lake: {kind: object_storage, tech: iceberg}\n"
    _, sink = validate(load_text(text, "s.yaml"))
    (warning,) = sink.warnings
    assert warning.message == "unknown tech `iceberg` in component `lake`, drawn with the `object_storage` icon"
    assert "did you mean" not in (warning.hint or "") and "celery" not in str(warning)


def test_custom_icon_must_stay_inside_the_spec_folder(tmp_path):
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "thing.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    ok = "title: T\ncomponents:\n  x: {kind: service, icon: icons/thing.png}\n"
    validate(load_text(ok, "s.yaml"), tmp_path)
    escape = "title: T\ncomponents:\n  x: {kind: service, icon: ../../etc/passwd.png}\n"
    with pytest.raises(InputError, match="outside the spec's folder"):
        validate(load_text(escape, "s.yaml"), tmp_path)


def test_describe_names_paths_like_a_person():
    assert describe(("flows", "send", "steps", 2, "from")) == "flow `send`, step 3, `from`"
    assert describe(("interfaces", "external", 0, "method")) == "`interfaces`, external API 1, `method`"


def test_every_catalogue_icon_exists_in_the_installed_diagrams_package():
    from archgen.catalog import all_icon_paths
    from archgen.render.icons import icon_file

    missing = [icon for icon in all_icon_paths() if not icon_file(icon)[1].is_file()]
    assert missing == []


def test_a_terse_step_can_carry_more_fields_beside_its_arrow():
    text = ("title: T\ncomponents:\n  api: {kind: service}\n  cache: {kind: cache}\n  db: {kind: sql_database}\n"
            "flows:\n  f:\n    steps:\n      - {api -> cache: look up, fan_out: 3}\n"
            "      - api -> db: read on a miss\n        on_miss: cache\n        calls: 2\n")
    spec, _ = validate(load_text(text, "s.yaml"))
    first, second = spec.flows["f"].steps
    assert (first.target, first.label, first.fan_out) == ("cache", "look up", 3)
    assert (second.on_miss, second.calls, second.label) == ("cache", 2, "read on a miss")


def test_latency_targets_name_their_percentile():
    text = "title: T\ncomponents:\n  a: {kind: service}\n  b: {kind: service}\nflows:\n"
    text += "  f: {latency_target: p99.9 1s, steps: [a -> b: x]}\n  g: {latency_target: 250ms, steps: [a -> b: y]}\n"
    spec, _ = validate(load_text(text, "s.yaml"))
    assert (spec.flows["f"].latency_target.percentile, spec.flows["f"].latency_target.seconds) == ("p99.9", 1.0)
    assert spec.flows["g"].latency_target.stated is False and spec.flows["g"].latency_target.percentile == "p99"
