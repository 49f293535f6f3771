"""Nothing is written outside --out, sets are never mixed, and Graphviz and temp files never outlive a run."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest

from archgen import write as write_module
from archgen.errors import InputError, ToolError
from archgen.pipeline import RenderOptions, SpecSource, render
from archgen.render import dot_run
from archgen.render.icons import icon_file
from tests.conftest import MINIMAL, ROOT, needs_dot, write_spec

REDIS_PNG = icon_file("onprem.inmemory.Redis")[1].read_bytes()


def every_file(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if not path.is_dir()}


@pytest.fixture
def private_temp(tmp_path, monkeypatch) -> Path:
    """The system temp folder, moved inside tmp_path so the test sees everything written there."""
    folder = tmp_path / "tmp" / "deep" / "er"
    folder.mkdir(parents=True)
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


def fake_dot(tmp_path: Path, monkeypatch, script: str) -> Path:
    """Put a shell script named `dot` first on PATH."""
    folder = tmp_path / "fake-bin"
    folder.mkdir(exist_ok=True)
    (folder / "dot").write_text("#!/bin/sh\n" + script)
    (folder / "dot").chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    return folder


def is_gone(pid: int) -> bool:
    """Exited: no such process, or a zombie nobody has reaped yet."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except FileNotFoundError:
        return True


# --- icons are copied under names archgen chooses ------------------------------------------------

@needs_dot
@pytest.mark.parametrize("icon", ["{climb}/icons/x.png", 'icons/quote"d.png', "icons/&amp;.png"])
def test_icon_paths_from_the_spec_never_choose_where_a_copy_is_written(tmp_path, spec_dir, private_temp, icon):
    # `{climb}` leaves the spec's folder by three `..` and comes back by name: from the temp image
    # folder, the same path lands outside it.
    icon = icon.format(climb="../../../" + str(spec_dir.relative_to(spec_dir.parents[2])))
    (spec_dir / "icons").mkdir()
    (spec_dir / "icons" / Path(icon).name).write_bytes(REDIS_PNG)
    write_spec(spec_dir, "m", MINIMAL.replace("kind: service}", f"kind: service, icon: '{icon}'}}"))
    before = every_file(tmp_path)
    render(SpecSource("m", spec_dir / "m.yaml"), RenderOptions(tmp_path / "out", ("svg",), views=("overview",)))
    assert every_file(tmp_path) - before == {tmp_path / "out" / "m" / "m.svg"}
    svg = ElementTree.parse(tmp_path / "out" / "m" / "m.svg").getroot()
    hrefs = [e.get("{http://www.w3.org/1999/xlink}href") for e in svg.iter() if e.tag.endswith("}image")]
    assert len(hrefs) == 2 and all(href.startswith("data:image/png;base64,") for href in hrefs)


def test_copies_are_named_by_content_and_the_dot_source_points_at_them():
    name = dot_run.copy_name(b"png bytes", Path('../../x"y.PNG'))
    assert name.endswith(".png") and set(name[:-4]) <= set("0123456789abcdef")
    dot = 'digraph { a [image="../../x\\"y.PNG" label="image=\\"../../x\\"y.PNG\\""] b [image=""] }'
    renamed = dot_run.name_copies(dot, {'../../x"y.PNG': name})
    assert renamed == f'digraph {{ a [image="{name}" label="image=\\"../../x\\"y.PNG\\""] b [image=""] }}'


def test_every_icon_is_renamed_in_one_pass_even_when_one_name_starts_another():
    dot = ('a [image="x.png"] b [image="x.png.png"] c [label=<<IMG SRC="x.png&amp;y"/>>] '
           'd [image=x.png] e [myimage=x.png] f [image=x.png,k=1]')
    copies = {"x.png": "A.png", "x.png.png": "B.png", "x.png&y": "C.png"}
    assert dot_run.name_copies(dot, copies) == (
        'a [image="A.png"] b [image="B.png"] c [label=<<IMG SRC="C.png"/>>] '
        'd [image="A.png"] e [myimage=x.png] f [image="A.png",k=1]')


# --- Graphviz's process ------------------------------------------------------------------------

def test_a_graphviz_that_writes_nothing_is_a_tool_error_without_temp_paths(tmp_path, spec_dir, monkeypatch,
                                                                           private_temp):
    fake_dot(tmp_path, monkeypatch, "cat > /dev/null\nexit 0\n")
    write_spec(spec_dir, "m", MINIMAL)
    with pytest.raises(ToolError) as caught:
        render(SpecSource("m", spec_dir / "m.yaml"), RenderOptions(tmp_path / "out", ("svg",)))
    assert str(caught.value) == ("Graphviz finished without writing the SVG diagram; check that its output plugins "
                                 "are installed (`dot -v` lists them)")
    assert caught.value.exit_code == 3
    assert list(private_temp.iterdir()) == []


def test_graphviz_errors_do_not_show_temp_paths(tmp_path, spec_dir, monkeypatch, private_temp):
    fake_dot(tmp_path, monkeypatch, 'echo "Error: cannot write $4" >&2\nexit 1\n')
    write_spec(spec_dir, "m", MINIMAL)
    with pytest.raises(ToolError, match=r"Graphviz failed \(exit code 1\): Error: cannot write") as caught:
        render(SpecSource("m", spec_dir / "m.yaml"), RenderOptions(tmp_path / "out", ("svg",)))
    assert str(private_temp) not in str(caught.value) and "archgen-" not in str(caught.value)


def test_a_timeout_kills_graphviz_and_everything_it_started(tmp_path, spec_dir, monkeypatch, private_temp):
    child = tmp_path / "child"
    fake_dot(tmp_path, monkeypatch, f"sleep 1000 &\necho $! > {child}.part\nmv {child}.part {child}\nwait\n")

    class StartedThenTimedOut(subprocess.Popen):
        """The timeout fires once `dot` has started its own child, never before."""

        def communicate(self, input=None, timeout=None):
            if timeout is None:
                return super().communicate(input)
            while not child.exists():
                threading.Event().wait(0.02)
            raise subprocess.TimeoutExpired(self.args, timeout)

    monkeypatch.setattr(dot_run.subprocess, "Popen", StartedThenTimedOut)
    write_spec(spec_dir, "m", MINIMAL)
    with pytest.raises(ToolError, match="did not finish within 60 s"):
        render(SpecSource("m", spec_dir / "m.yaml"), RenderOptions(tmp_path / "out", ("svg",)))
    wait_until_gone(int(child.read_text()))
    assert list(private_temp.iterdir()) == []


def test_stale_work_folders_are_swept_but_live_and_foreign_ones_kept(tmp_path):
    stale, live, young, foreign = (tmp_path / name for name in ("archgen-abc_1234", "archgen-live0000",
                                                                 "archgen-young000", "archgen-notours"))
    for folder in (stale, live, young, foreign):
        (folder / "images").mkdir(parents=True)
    for folder in (stale, live, foreign):
        os.utime(folder, (0, 0))
    handle = os.open(live, os.O_RDONLY)
    fcntl.flock(handle, fcntl.LOCK_EX)  # a run still using it
    try:
        assert dot_run.sweep_stale_work_folders(tmp_path) == [stale]
    finally:
        os.close(handle)
    assert not stale.exists() and live.exists() and young.exists() and foreign.exists()


# --- the write stage ---------------------------------------------------------------------------

def test_a_symlinked_output_folder_is_refused_not_followed(tmp_path, spec_dir):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "m").symlink_to(elsewhere, target_is_directory=True)
    write_spec(spec_dir, "m", MINIMAL)
    with pytest.raises(InputError, match="is a symbolic link") as caught:
        render(SpecSource("m", spec_dir / "m.yaml"), RenderOptions(tmp_path / "out", ("md", "dot")))
    assert caught.value.exit_code == 2
    assert list(elsewhere.iterdir()) == []


def test_stale_temp_files_of_our_naming_are_swept_and_nothing_else(tmp_path):
    folder = tmp_path / "m"
    folder.mkdir()
    ours = [".m.svg.abcd1234.tmp", ".m.dot.q_x9y8z7.tmp", ".m.md.0123abcd.tmp"]
    theirs = [".m.svg.tmp", "notes.tmp", ".m.svg.abcd1234.tmp.keep", ".other.svg.abcd1234.tmp", "m.svg.abcd1234.tmp"]
    for name in ours + theirs:
        (folder / name).write_text("x")
    write_module.write_all({folder / "m.md": b"new"})
    assert sorted(p.name for p in folder.iterdir()) == sorted([*theirs, "m.md"])


def test_the_folder_is_locked_while_its_set_is_written(tmp_path, monkeypatch):
    folder = tmp_path / "m"
    real_stage, locked = write_module._stage, []

    def stage_and_probe(handle, name, data):
        probe = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            locked.append(False)
        except BlockingIOError:
            locked.append(True)
        finally:
            os.close(probe)
        return real_stage(handle, name, data)

    monkeypatch.setattr(write_module, "_stage", stage_and_probe)
    write_module.write_all({folder / "m.svg": b"a", folder / "m.md": b"b"})
    assert locked == [True, True]


def test_concurrent_writes_of_one_design_never_leave_a_mixed_set(tmp_path):
    folder = tmp_path / "m"
    sets = {tag: {folder / f"m.{fmt}": tag.encode() * 50_000 for fmt in ("svg", "png", "md", "dot")}
            for tag in ("a", "b")}
    mixed: list[set[bytes]] = []

    def writer(tag: str) -> None:
        for _ in range(40):
            write_module.write_all(sets[tag])
            with holding_the_lock(folder):  # no writer is between its first and last rename
                contents = {path.read_bytes()[:1] for path in folder.glob("m.*")}
            if len(contents) > 1:
                mixed.append(contents)

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert mixed == []
    assert {p.read_bytes()[:1] for p in folder.glob("m.*")} in ({b"a"}, {b"b"})
    assert not list(folder.glob(".*.tmp"))


@contextlib.contextmanager
def holding_the_lock(folder: Path) -> Iterator[None]:
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


# --- signals -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("signum", "code", "line"), [(signal.SIGINT, 130, "interrupted"),
                                                      (signal.SIGTERM, 143, "terminated")])
def test_ctrl_c_and_sigterm_mid_render_clean_up_and_stop_graphviz(tmp_path, spec_dir, signum, code, line):
    pids = tmp_path / "dot-pids"
    run, env = hung_render(tmp_path, spec_dir, pids)
    wait_for_a_dot(run, pids)
    run.send_signal(signum)
    _, stderr = run.communicate(timeout=60)
    assert (run.returncode, stderr) == (code, f"{line}\n")
    assert all(is_gone(pid) for pid in dot_pids(pids)), "every view's dot, in every thread, is stopped"
    assert list(Path(env["TMPDIR"]).iterdir()) == []
    assert not (tmp_path / "out" / "m").exists() or not list((tmp_path / "out" / "m").iterdir())


@pytest.mark.parametrize(("to_group", "signum", "code"), [(False, signal.SIGTERM, 143), (True, signal.SIGINT, 130)])
def test_stopping_a_batch_stops_its_worker_processes_and_their_graphviz(tmp_path, spec_dir, to_group, signum, code):
    """`render --all --jobs 2` draws in forked workers: SIGTERM to archgen alone, or Ctrl-C to the whole
    terminal group, leaves no `dot` and no temp folder, and archgen exits with the signal's code."""
    pids = tmp_path / "dot-pids"
    for name in ("a", "b"):
        write_spec(spec_dir, name, MINIMAL)
    run, env = hung_render(tmp_path, spec_dir, pids, "--all", "--jobs", "2", targets=())
    while len(dot_pids(pids)) < 2:  # both workers are drawing
        assert run.poll() is None, run.communicate()
        threading.Event().wait(0.05)
    if to_group:
        os.killpg(run.pid, signum)
    else:
        run.send_signal(signum)
    run.communicate(timeout=60)
    assert run.returncode == code
    for pid in dot_pids(pids):
        wait_until_gone(pid)
    assert list(Path(env["TMPDIR"]).iterdir()) == []


@pytest.mark.skipif(shutil.which("timeout") is None, reason="the backstop is coreutils' `timeout`")
def test_kill_9_mid_render_leaves_no_dot_past_the_timeout_and_the_next_run_sweeps_the_leftovers(tmp_path,
                                                                                                spec_dir):
    pids = tmp_path / "dot-pids"
    run, env = hung_render(tmp_path, spec_dir, pids, "--timeout", "1")
    wait_for_a_dot(run, pids)
    run.kill()
    run.communicate(timeout=60)
    leftovers = list(Path(env["TMPDIR"]).iterdir())
    assert leftovers and all(p.name.startswith("archgen-") for p in leftovers)
    for pid in dot_pids(pids):
        wait_until_gone(pid)
    for folder in leftovers:
        os.utime(folder, (0, 0))  # older than the sweep's grace period
    (tmp_path / "fake-bin" / "dot").write_text("#!/bin/sh\nexit 0\n")
    subprocess.run([sys.executable, "-m", "archgen", "render", "m", "--specs", str(spec_dir), "--out",
                    str(tmp_path / "out"), "--format", "svg"], env=env, capture_output=True, timeout=120)
    assert list(Path(env["TMPDIR"]).iterdir()) == []


def hung_render(tmp_path: Path, spec_dir: Path, pids: Path, *options: str,
                targets: tuple[str, ...] = ("m",)) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """`archgen render` in its own process group (as a terminal starts it), with a `dot` that records its
    pid and then hangs."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    (bin_dir / "dot").write_text(f"#!/bin/sh\necho $$ >> {pids}\nexec sleep 1000\n")
    (bin_dir / "dot").chmod(0o755)
    (tmp_path / "tmp").mkdir()
    write_spec(spec_dir, "m", MINIMAL)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "TMPDIR": str(tmp_path / "tmp"),
           "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.Popen([sys.executable, "-m", "archgen", "render", *targets, "--specs", str(spec_dir), "--out",
                            str(tmp_path / "out"), "--format", "svg,md", *options], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    return run, env


def dot_pids(pids: Path) -> list[int]:
    return [int(line) for line in pids.read_text().split()] if pids.exists() else []


def wait_for_a_dot(run: subprocess.Popen[str], pids: Path) -> None:
    """Wait (event-driven, no timing assertion) until a fake `dot` has started."""
    while not dot_pids(pids):
        assert run.poll() is None, run.communicate()
        threading.Event().wait(0.05)


def wait_until_gone(pid: int) -> None:
    for _ in range(600):
        if is_gone(pid):
            return
        threading.Event().wait(0.05)
    pytest.fail(f"process {pid} outlived archgen")
