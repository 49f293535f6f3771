"""The render cache's key and entries, the compiled-template cache and the icon index (no Graphviz needed)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest

from archgen.errors import Diagnostic, SourcePos
from archgen.gallery import GalleryEntry
from archgen.pipeline import RenderOptions, SpecSource
from archgen.render.template_cache import CheckedBytecodeCache
from archgen.render_cache import CACHE_FOLDER, SpecReport, environment_key, lookup, spec_key, store
from tests.conftest import MINIMAL, ROOT, write_spec


@pytest.fixture
def cached(tmp_path: Path, spec_dir: Path):
    """A spec with a custom icon, 'rendered' (two output files) and stored: (source, options, key, report)."""
    (spec_dir / "icons").mkdir()
    (spec_dir / "icons" / "legacy.png").write_bytes(b"\x89PNG first")
    source = SpecSource("one", write_spec(spec_dir, "one", MINIMAL))
    options = RenderOptions(tmp_path / "out")
    outputs = [options.out_dir / "one" / "one.svg", options.out_dir / "one" / "one.md"]
    for path in outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"drawn " + path.name.encode())
    report = SpecReport(source, sorted(outputs), [Diagnostic("a warning", SourcePos("one.yaml", 3, 5), "a hint",
                                                             severity="warning")],
                        GalleryEntry("one", "Minimal", "general", "A design."),
                        {"icons/legacy.png": hashlib.sha256(b"\x89PNG first").hexdigest()})
    key = spec_key(source, environment_key(options))
    store(options.out_dir, key, report)
    return source, options, key, report


def test_an_unchanged_spec_hits_with_what_the_render_reported(cached):
    source, options, key, report = cached
    hit = lookup(options.out_dir, source, key)
    assert hit is not None and hit.cached
    assert (hit.paths, hit.warnings, hit.entry, hit.inputs) == (report.paths, report.warnings, report.entry,
                                                               report.inputs)


@pytest.mark.parametrize("change", [
    {"formats": ("svg",)}, {"views": ("overview",)}, {"theme": "dark"}, {"diagrams": "mermaid"},
    {"page_home": "../index.html"},
])
def test_each_option_that_changes_outputs_changes_the_key(cached, change):
    source, options, key, _ = cached
    assert spec_key(source, environment_key(replace(options, **change))) != key


def test_timeout_and_output_folder_do_not_change_the_key(cached):
    source, options, key, _ = cached
    assert spec_key(source, environment_key(replace(options, timeout=5.0))) == key


def test_editing_the_spec_changes_the_key(cached):
    source, options, key, _ = cached
    source.path.write_text(MINIMAL.replace("Minimal", "Changed"), encoding="utf-8")
    assert spec_key(source, environment_key(options)) != key


def test_custom_templates_change_the_key(cached, tmp_path):
    source, options, key, _ = cached
    custom = tmp_path / "templates"
    custom.mkdir()
    with_templates = replace(options, templates_dir=custom)
    empty_key = spec_key(source, environment_key(with_templates))
    assert empty_key != key
    (custom / "writeup.md.j2").write_text("# {{ spec.title }}\n", encoding="utf-8")
    assert spec_key(source, environment_key(with_templates)) != empty_key


def test_a_changed_icon_index_or_module_changes_the_code_digest(monkeypatch):
    from archgen import render_cache

    before = render_cache.code_digest()
    render_cache.code_digest.cache_clear()
    monkeypatch.setattr(render_cache, "__version__", "99.0")
    try:
        assert render_cache.code_digest() != before
    finally:
        render_cache.code_digest.cache_clear()


def test_an_edited_or_deleted_output_is_a_miss(cached):
    source, options, key, report = cached
    report.paths[0].write_bytes(b"edited by hand, longer than before")
    assert lookup(options.out_dir, source, key) is None
    report.paths[0].unlink()
    assert lookup(options.out_dir, source, key) is None


def test_a_changed_custom_icon_is_a_miss(cached, spec_dir):
    source, options, key, _ = cached
    (spec_dir / "icons" / "legacy.png").write_bytes(b"\x89PNG second")
    assert lookup(options.out_dir, source, key) is None


def test_another_key_is_a_miss(cached):
    source, options, key, _ = cached
    assert lookup(options.out_dir, source, key) is not None
    assert lookup(options.out_dir, source, "0" * 64) is None


@pytest.mark.parametrize("position", [0, 10, 80, -40, -2])
def test_a_flipped_byte_anywhere_in_an_entry_is_a_miss(cached, position):
    source, options, key, _ = cached
    entry = options.out_dir / CACHE_FOLDER / "one.json"
    data = bytearray(entry.read_bytes())
    data[position] ^= 0x01
    entry.write_bytes(bytes(data))
    assert lookup(options.out_dir, source, key) is None


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"sha256": "x", "body": "{}"}', "\udcff"])
def test_a_foreign_entry_is_a_miss(cached, text):
    source, options, key, _ = cached
    (options.out_dir / CACHE_FOLDER / "one.json").write_text(text, encoding="utf-8", errors="surrogateescape")
    assert lookup(options.out_dir, source, key) is None


def test_compiled_templates_are_reused_and_a_damaged_file_is_compiled_again(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.j2").write_text("{% for i in range(3) %}{{ i }}-{% endfor %}{{ name }}", encoding="utf-8")
    folder = tmp_path / "compiled"

    def render() -> str:
        environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)),
                                         bytecode_cache=CheckedBytecodeCache(folder))
        return environment.get_template("t.j2").render(name="x")

    assert render() == "0-1-2-x"
    [compiled] = list(folder.iterdir())
    for position in (3, 40, -3):
        data = bytearray(compiled.read_bytes())
        data[position] ^= 0x20
        compiled.write_bytes(bytes(data))
        assert render() == "0-1-2-x"  # the damaged file is ignored and rewritten whole
    first = compiled.read_bytes()
    assert render() == "0-1-2-x" and compiled.read_bytes() == first


def test_icon_index_matches_the_installed_diagrams_package():
    from archgen.catalog import all_icon_paths
    from archgen.render.icons import INDEX_MODULE, index_source

    assert INDEX_MODULE.read_text(encoding="utf-8") == index_source(all_icon_paths()), \
        "the icon index is stale: run `make icons` and commit src/archgen/render/icon_index.py"


def test_an_icon_missing_from_the_index_is_found_through_diagrams():
    from archgen.render.icon_index import ICON_FILES
    from archgen.render.icons import icon_file

    assert "aws.compute.Batch" not in ICON_FILES
    relative, file = icon_file("aws.compute.Batch")
    assert relative == "resources/aws/compute/batch.png" and file.is_file()


def test_drawing_a_design_does_not_import_diagrams():
    code = ("import sys; from pathlib import Path; from archgen.pipeline import SpecSource, check; "
            "from archgen.analyse import analyse; from archgen.views import build_views; "
            "from archgen.render.draw import design_diagrams; from archgen.render.theme import LIGHT; "
            "source = SpecSource('chat', Path('specs/chat.yaml')); "
            "views = build_views(analyse('chat', check(source).spec).model).all(); "
            "assert design_diagrams(views, LIGHT, source.path.parent); print('diagrams' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"
