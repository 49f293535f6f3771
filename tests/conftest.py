from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="Rewrite expected golden files from the current output instead of comparing.")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def check_golden(update_goldens: bool):
    """Compare text with a golden file; write it only when --update-goldens is given."""

    def check(path: Path, actual: str) -> None:
        if update_goldens:
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"missing golden {path}; run pytest --update-goldens and review the diff"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"{path.name} differs from the golden; if intended, run pytest --update-goldens"

    return check


def shipped_specs() -> list[Path]:
    """The library's specs: files in specs/ that git tracks. Personal specs someone keeps in the same folder
    (`archgen new` writes there by default) are not the library, so its bar and README test skip them.
    Outside a git checkout (an unpacked sdist), every spec in the folder is the library."""
    import subprocess

    folder = ROOT / "specs"
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", "specs"], cwd=ROOT, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return sorted(folder.glob("*.yaml"))
    tracked = {ROOT / name for name in listed.stdout.decode("utf-8").split("\0") if name}
    return sorted(path for path in folder.glob("*.yaml") if path in tracked)


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")


@pytest.fixture
def spec_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir()
    return folder


def write_spec(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """\
title: Minimal
components:
  client: {kind: browser}
  api: {kind: service}
flows:
  call:
    steps:
      - client -> api: GET /
"""


# A fleet of ten instances of 1K requests/s each, behind a managed load balancer; replace PEAK.
FLEET = """\
title: Fleet
load:
  actions:
    get: {type: read, per_second: 1K, peak_per_second: PEAK, size: 1KB}
components:
  web: {kind: browser}
  lb: {kind: load_balancer, tech: alb, rate_limit: 100 req/s per IP}
  api: {kind: service, replicas: 10, capacity: {requests: 1K/s}}
flows:
  get:
    driven_by: get
    steps:
      - web -> lb: GET /thing
      - lb -> api: route
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in an output folder, by name: hidden temp files would show up here too."""
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture
def rendered_once(tmp_path: Path, spec_dir: Path):
    """A minimal spec rendered once into tmp_path/m: (source, options, snapshot of its outputs)."""
    from archgen.pipeline import RenderOptions, SpecSource, render

    write_spec(spec_dir, "m", MINIMAL)
    source, options = SpecSource("m", spec_dir / "m.yaml"), RenderOptions(tmp_path)
    render(source, options)
    return source, options, snapshot(tmp_path / "m")


def view_dots(model, spec_folder: Path, theme: str = "light") -> dict[str, str]:
    """View id -> DOT source for every view of a design."""
    from archgen.render.draw import design_diagrams
    from archgen.render.theme import THEMES
    from archgen.views import build_views

    views = build_views(model).all()
    return {view_id: d.dot for view_id, d in design_diagrams(views, THEMES[theme], spec_folder).items()}


ALLOWED_LABEL_TAGS = {"TABLE", "TR", "TD", "FONT", "B", "BR", "IMG", "LABEL"}


def html_labels(dot: str) -> list[str]:
    """Every HTML-like label in a DOT source: `label=<...>`, balanced on angle brackets."""
    found = []
    start = dot.find("label=<")
    while start >= 0:
        depth, index = 0, start + len("label=")
        while True:
            depth += {"<": 1, ">": -1}.get(dot[index], 0)
            index += 1
            if depth == 0:
                break
        found.append(dot[start + len("label=<"):index - 1])
        start = dot.find("label=<", index)
    return found


def assert_labels_are_inert(dot: str) -> None:
    """Spec text inside HTML-like labels is escaped text: each label is well-formed XML made only of
    the tags archgen writes, so nothing from a spec is read as markup."""
    import xml.etree.ElementTree as ElementTree

    for label in html_labels(dot):
        root = ElementTree.fromstring(f"<LABEL>{label}</LABEL>")
        assert {element.tag for element in root.iter()} <= ALLOWED_LABEL_TAGS, label


@pytest.fixture(scope="session", autouse=True)
def private_template_cache(tmp_path_factory: pytest.TempPathFactory):
    """Compiled write-up templates go to a folder of this test session, not the user's ~/.cache."""
    import os

    previous = os.environ.get("ARCHGEN_CACHE_DIR")
    os.environ["ARCHGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("archgen-cache"))
    yield
    if previous is None:
        os.environ.pop("ARCHGEN_CACHE_DIR", None)
    else:
        os.environ["ARCHGEN_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium for the session; skips without one, except in CI where that is a failure."""
    import os

    from tests.browser import chromium, missing_browser

    reason = missing_browser()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    with chromium() as launched:
        yield launched
