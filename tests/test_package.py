"""The wheel, installed into a fresh venv in a folder outside the repo, scaffolds, validates and renders
a spec: templates and schema travel inside the package, and nothing reads the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, needs_dot


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    (built,) = out.glob("archgen-*.whl")
    return built


def test_wheel_carries_templates(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"archgen/templates/writeup.md.j2", "archgen/templates/new-spec.yaml",
            "archgen/templates/sections/mermaid.md.j2"} <= names


@needs_dot
def test_wheel_in_a_fresh_venv_renders_a_scaffolded_spec_anywhere(wheel: Path, tmp_path: Path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    # The runtime dependencies come from this test run's environment (a .pth line adds its site-packages
    # after the venv's own): the wheel's archgen, not the editable checkout, is what gets imported.
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    archgen = str(env_dir / "bin" / "archgen")
    env = {**os.environ, "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("PYTHONPATH", None)

    def run(*args: str) -> str:
        result = subprocess.run([archgen, *args], cwd=work, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    where = subprocess.run([str(python), "-c", "import archgen; print(archgen.__file__)"], cwd=work, env=env,
                           check=True, capture_output=True, text=True).stdout
    assert str(env_dir) in where and str(ROOT) not in where
    assert "archgen render mine --specs designs" in " ".join(run("new", "mine", "--specs", "designs").split())
    assert (work / "designs" / "spec.schema.json").is_file()
    run("validate", "mine", "--specs", "designs")
    run("render", "mine", "--specs", "designs", "--format", "svg,md,mermaid")
    written = sorted(p.name for p in (work / "output" / "mine").iterdir())
    assert "mine.svg" in written and "mine.md" in written and "mine.mmd" in written
    assert shutil.which("archgen", path=env["PATH"]) == archgen
