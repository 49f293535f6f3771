"""Bad or extreme input is exit 2 with a position, never exit 1; text keeps what the user typed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tracemalloc

import pytest
from typer.testing import CliRunner

from archgen.analyse import analyse
from archgen.cli import app
from archgen.errors import InputError
from archgen.load import MAX_FILE_BYTES, load_file, load_text, source_line
from archgen.render.writeup import render_writeup
from archgen.spec import MAX_FLOWS, MAX_GROUP_DEPTH
from archgen.validate import validate
from tests.conftest import MINIMAL, ROOT, write_spec

runner = CliRunner()


def checked(text: str, base_dir=None):
    return validate(load_text(text, "s.yaml"), base_dir)[0]


def errors(text: str, base_dir=None) -> list[str]:
    with pytest.raises(InputError) as caught:
        checked(text, base_dir)
    return [str(d) for d in caught.value.diagnostics]


# --- YAML 1.1 coercions ------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["0777", "12:30", "yes", "No", "on", "OFF", "1e3", "0x1F", "1_000", "+5", ".inf",
                                   "2024-01-01", "3.10", "true"])
def test_text_fields_keep_what_the_user_typed(typed):
    spec = checked(f"title: {typed}\ncomponents:\n  client: {{kind: browser, label: {typed}}}\n"
                   f"  api: {{kind: service}}\nflows:\n  f:\n    steps:\n      - client -> api: {typed}\n")
    assert spec.title == typed and spec.components["client"].label == typed
    assert spec.flows["f"].steps[0].label == typed


def test_numbers_and_switches_are_still_read_from_their_text():
    spec = checked(MINIMAL.replace("kind: service}", "kind: service, replicas: 3, latency: 2ms}") + "load:\n"
                   "  users: 1_000\n  peak_factor: 2.5\n  actions:\n    r: {type: read, per_day: 10, cached: no}\n")
    assert spec.components["api"].replicas == 3 and spec.load.users == 1000 and spec.load.peak_factor == 2.5
    assert spec.load.actions["r"].cached is False


def test_null_still_means_absent():
    assert checked(MINIMAL.replace("kind: service}", "kind: service, label: ~}")).components["api"].label is None


@pytest.mark.parametrize(("label", "kind"), [("[x, y]", "list"), ("{x: 1}", "mapping")])
def test_a_step_label_that_is_not_text_is_an_error_with_its_position(label, kind):
    (message,) = errors(MINIMAL.replace("GET /", label))
    assert message == (f"s.yaml:8:9: error: flow `call`, step 1: the label of `client -> api` is a {kind}, not "
                       "text; quote it if it holds `[`, `{` or `: `")


# --- characters ----------------------------------------------------------------------------------

@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\U0000D800"])
def test_a_lone_surrogate_is_refused_where_it_stands(escape):
    (message,) = errors(MINIMAL.replace("GET /", f'"a {escape} b"'))
    assert message.startswith("s.yaml:8:29: error: invalid YAML: found invalid Unicode character escape code")


def test_characters_xml_forbids_are_dropped_from_text():
    spec = checked(MINIMAL.replace("title: Minimal", 'title: "a\\uFFFEb\\uFFFFc\\x1bd\\0e\\x85f"'))
    assert spec.title == "abcdef"


# --- numbers -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "message"), [
    ("per_day", "1e308", "`load`, load action `r`, `per_day`: `1e308` is more than archgen accepts (at most 1e15)"),
    ("per_day", "1" + "0" * 400, f"`load`, load action `r`, `per_day`: `1{'0' * 38}…` is more than archgen accepts"
     " (at most 1e15)"),
    ("size", "1001PB", "`load`, load action `r`, `size`: `1001PB` is more than archgen accepts (at most 1000PB)"),
    ("retention", "1e300y", "`load`, load action `r`, `retention`: `1e300y` is more than archgen accepts (at most "
     "100y)"),
    ("peak_factor", "nan", "`load`, load action `r`, `peak_factor` should be a finite number, not `nan`"),
    ("peak_factor", "1e400", "`load`, load action `r`, `peak_factor` should be a finite number, not `1e400`"),
])
def test_numbers_beyond_the_bounds_are_positioned_errors(field, value, message):
    spec = MINIMAL + f"load:\n  actions:\n    r: {{type: read, per_day: 5, {field}: {value}}}\n".replace(
        "per_day: 5, per_day", "per_day")
    (error,) = errors(spec)
    assert error == f"s.yaml:{MINIMAL.count(chr(10)) + 3}:{error.split(':')[2]}: error: {message}"


def test_replicas_and_latencies_are_bounded_too():
    spec = MINIMAL.replace("kind: service}", "kind: service, replicas: 1000000000000000000000000000000, "
                                             "latency: 1e300y}")
    assert [e.split(": error: ")[1] for e in errors(spec)] == [
        "component `api`, `replicas` must be at most 1000000, not `1000000000000000000000000000000`",
        "component `api`, `latency`, `p50`: `1e300y` is more than archgen accepts (at most 100y)"]


def test_the_largest_accepted_figures_give_finite_estimates_and_a_writeup():
    steps = "".join(f"      - {{from: {a}, to: {b}, latency: 100y}}\n" for a, b in [("client", "api")] * 6)
    spec = checked("title: Big\ncomponents:\n  client: {kind: browser}\n  api: {kind: service, replicas: 1000000}\n"
                   f"flows:\n  f:\n    latency_target: 100y\n    steps:\n{steps}"
                   "load:\n  users: 1e15\n  retention: 100y\n  per_server_rps: 1e15\n  actions:\n"
                   "    w: {type: write, per_user_per_day: 1e15, size: 1000PB, stored_size: 1000PB}\n"
                   "    r: {type: read, per_day: 1e15, size: 1000PB, peak_factor: 100}\n")
    analysis = analyse("big", spec)
    assert all(0 <= figure.value < float("inf") for figure in analysis.estimates.totals)
    assert re.search(r"\b(inf|nan)\b", render_writeup(analysis, None, {"overview": "big.svg"})) is None


# --- structure -----------------------------------------------------------------------------------

def test_more_flows_than_letters_is_a_positioned_error():
    flows = "".join(f"  f{i}: {{steps: ['client -> api']}}\n" for i in range(MAX_FLOWS + 3))
    spec = "title: T\ncomponents:\n  client: {kind: browser}\n  api: {kind: service}\nflows:\n" + flows
    assert errors(spec) == [f"s.yaml:{6 + MAX_FLOWS}:3: error: flow `f{MAX_FLOWS}` is flow {MAX_FLOWS + 1}; a spec "
                            f"holds at most {MAX_FLOWS} flows (lettered A to ZZ) — split the design into several specs"]
    assert [flow.letter for flow in analyse("t", checked(spec.replace(f"  f{MAX_FLOWS}:", "#", 3).replace(
        f"  f{MAX_FLOWS + 1}:", "#").replace(f"  f{MAX_FLOWS + 2}:", "#"))).model.flows][-1] == "ZZ"


def group_chain(depth: int) -> str:
    groups = "".join(f"  g{i}: {{parent: g{i - 1}}}\n" if i else "  g0: {}\n" for i in range(depth))
    return f"title: T\ngroups:\n{groups}components:\n  a: {{kind: service, group: g{depth - 1}}}\n"


def test_deep_group_chains_are_refused_once_and_without_recursion():
    checked(group_chain(MAX_GROUP_DEPTH))
    assert errors(group_chain(480)) == [
        f"s.yaml:{3 + MAX_GROUP_DEPTH}:17: error: group `g{MAX_GROUP_DEPTH}` is nested {MAX_GROUP_DEPTH + 1} levels "
        f"deep; groups nest at most {MAX_GROUP_DEPTH} levels — flatten the tiers: a diagram reads best with a few"]


def test_a_cycle_is_reported_once_even_with_chains_hanging_off_it():
    spec = ("title: T\ngroups:\n  a: {parent: c}\n  b: {parent: a}\n  c: {parent: b}\n  d: {parent: a}\n"
            "  e: {parent: d}\ncomponents:\n  x: {kind: service, group: e}\n")
    assert errors(spec) == ["s.yaml:3:15: error: groups form a cycle: a -> c -> b -> a — a group cannot contain "
                            "itself; remove one `parent`"]


# --- icons ---------------------------------------------------------------------------------------

@pytest.fixture
def icon_dir(tmp_path):
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "ok.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    (tmp_path / "icons" / "loop.png").symlink_to("loop.png")
    (tmp_path / "icons" / "text.png").write_text("not an image")
    with open(tmp_path / "icons" / "huge.png", "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(3 * 1024 * 1024)
    os.mkfifo(tmp_path / "icons" / "pipe.png")
    return tmp_path


@pytest.mark.parametrize(("icon", "message"), [
    ("icons/../icons/ok.png", None),
    ("{folder}/icons/ok.png", "icon `{folder}/icons/ok.png` is an absolute path"),
    ("icons/loop.png", "icon `icons/loop.png` is a symbolic link that loops"),
    ("icons/text.png", "icon `icons/text.png` is not a PNG or JPEG image (its first bytes say otherwise)"),
    ("icons/huge.png", "icon `icons/huge.png` is larger than 2 MB"),
    ("icons/pipe.png", "icon `icons/pipe.png` is not a regular file"),
])
def test_custom_icons_are_checked_before_anything_reads_them(icon_dir, icon, message):
    spec = MINIMAL.replace("kind: service}", f"kind: service, icon: '{icon.format(folder=icon_dir)}'}}")
    if message is None:
        checked(spec, icon_dir)
        return
    (error,) = errors(spec, icon_dir)
    assert error.startswith(f"s.yaml:4:30: error: {message.format(folder=icon_dir)}")


# --- files and the terminal ------------------------------------------------------------------------

def test_a_huge_file_is_refused_after_reading_only_its_head(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(b"title: big\n")
        handle.truncate(1024 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="larger than 2 MB"):
            load_file(path)
        assert source_line(path, 1) == "title: big"
        assert tracemalloc.get_traced_memory()[1] < 4 * MAX_FILE_BYTES
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("timeout", ["nan", "inf", "1e400", "-1", "0", "3601"])
def test_unusable_timeouts_are_input_errors(spec_dir, timeout):
    write_spec(spec_dir, "m", MINIMAL)
    result = runner.invoke(app, ["render", "m", "--specs", str(spec_dir), f"--timeout={timeout}"])
    assert result.exit_code == 2 and "--timeout must be more than 0 and at most 3600 seconds" in result.output


@pytest.mark.parametrize("name", ["yes", "null", "no", "on", "off", "0777", "1e3"])
def test_new_specs_validate_whatever_their_name(spec_dir, name):
    assert runner.invoke(app, ["new", name, "--specs", str(spec_dir)]).exit_code == 0
    assert checked((spec_dir / f"{name}.yaml").read_text()).title == name.capitalize()


def archgen(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "archgen", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **env})


def test_a_terminal_that_cannot_show_a_character_still_gets_the_list(spec_dir):
    write_spec(spec_dir, "cafe", MINIMAL.replace("title: Minimal", 'title: "Café — chat"'))
    result = archgen("list", "--specs", str(spec_dir), PYTHONIOENCODING="ascii")
    assert result.returncode == 0 and "Caf? ? chat" in result.stdout


def test_ctrl_c_while_modules_load_is_one_line_and_exit_130():
    code = ("import builtins, sys\nreal = builtins.__import__\n"
            "def interrupt(name, *args, **kwargs):\n"
            "    if name == 'archgen.cli': raise KeyboardInterrupt\n"
            "    return real(name, *args, **kwargs)\n"
            "builtins.__import__ = interrupt\nfrom archgen.__main__ import main\nmain()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert (result.returncode, result.stderr) == (130, "interrupted\n")


def test_ctrl_c_during_a_render_stops_every_spec_with_130(spec_dir, tmp_path, monkeypatch):
    from archgen import batch

    write_spec(spec_dir, "a", MINIMAL)
    write_spec(spec_dir, "b", MINIMAL)
    rendered = []

    def interrupted(source, options):
        rendered.append(source.name)
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "render_report", interrupted)
    result = runner.invoke(app, ["render", "a", "b", "--specs", str(spec_dir), "--out", str(tmp_path / "out"),
                                 "--jobs", "1"])
    assert (result.exit_code, rendered) == (130, ["a"])
    assert result.output.count("interrupted") == 1


def test_escape_sequences_in_a_spec_never_reach_the_terminal(spec_dir):
    write_spec(spec_dir, "esc", 'title: T\ncomponents:\n  a: {kind: "\\e]0;pwned\\a\\e[2J"}\n')
    result = runner.invoke(app, ["validate", "esc", "--specs", str(spec_dir)])
    assert result.exit_code == 2 and "\x1b" not in result.output and "\x07" not in result.output
    assert "unknown kind `\\x1b]0;pwned\\x07\\x1b[2J`" in result.output
