"""The JSON Schema export: committed copy up to date, and every shipped spec valid against it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from archgen.spec import json_schema, json_schema_text
from tests.conftest import ROOT, shipped_specs

SCHEMA_FILE = ROOT / "docs" / "spec.schema.json"
SPECS = shipped_specs() + sorted((ROOT / "tests" / "golden").glob("*/spec.yaml"))


def test_committed_schema_is_current(check_golden):
    check_golden(SCHEMA_FILE, json_schema_text())


def test_schema_is_valid_json_schema():
    Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.parent.name if p.name == "spec.yaml" else p.stem)
def test_shipped_specs_validate_against_the_schema(path: Path):
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}"
              for e in Draft202012Validator(json_schema()).iter_errors(yaml.safe_load(path.read_text()))]
    assert errors == []


def test_schema_rejects_what_the_validator_rejects():
    validator = Draft202012Validator(json_schema())
    assert not validator.is_valid({"title": "x", "components": {"a": {"kind": "service", "lable": "typo"}}})
    assert not validator.is_valid({"components": {"a": {"kind": "service"}}})


def _properties(node: object, where: str = "") -> list[tuple[str, dict]]:
    """Every (path, property schema) in the schema, nested ones included."""
    found = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            found.append((f"{where}.{name}", prop))
        for key, value in node.items():
            found += _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _properties(value, f"{where}[{index}]")
    return found


def test_every_field_has_a_description():
    assert [path for path, prop in _properties(json_schema()) if not prop.get("description")] == []


@pytest.mark.parametrize("kind", ["load_balancer", "Load Balancer", "load-balancer", "lb", " API gateway "])
def test_schema_takes_every_kind_spelling_archgen_takes(kind: str):
    assert Draft202012Validator(json_schema()).is_valid({"title": "t", "components": {"a": {"kind": kind}}})


@pytest.mark.parametrize("value", ["200ms", "1.5 s", "5Y", "30d", "150us", 0.2])
def test_schema_takes_durations(value):
    spec = {"title": "t", "components": {"a": {"kind": "service"}},
            "flows": {"f": {"latency_target": value, "steps": ["a -> a: x"]}}}
    assert Draft202012Validator(json_schema()).is_valid(spec)


def test_check_jsonschema_flags_a_kind_typo_and_a_bad_duration(tmp_path: Path):
    """What an editor or a CI step running check-jsonschema would report on the committed schema."""
    import shutil
    import subprocess
    import sys

    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    (tmp_path / "bad.yaml").write_text(
        "title: T\ncomponents:\n  api: {kind: servce}\n  lb: {kind: load_balancer}\n"
        "flows:\n  f:\n    latency_target: fast\n    steps: [lb -> api: x]\n", encoding="utf-8")
    (tmp_path / "good.yaml").write_text("title: T\ncomponents:\n  api: {kind: Service, tech: iceberg}\n",
                                        encoding="utf-8")
    run = [tool, "--schemafile", str(SCHEMA_FILE), "-o", "json"]
    bad = subprocess.run([*run, str(tmp_path / "bad.yaml")], capture_output=True, text=True, check=False)
    good = subprocess.run([*run, str(tmp_path / "good.yaml")], capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stdout + good.stderr
    assert bad.returncode == 1, bad.stdout + bad.stderr
    paths = {error["path"] for error in json.loads(bad.stdout)["errors"]}
    assert paths == {"$.components.api.kind", "$.flows.f.latency_target"}


def test_tech_offers_every_catalogue_tech_and_takes_custom_ones():
    from archgen.catalog import TECHS

    tech = json_schema()["$defs"]["Component"]["properties"]["tech"]
    assert set(tech["anyOf"][0]["enum"]) == set(TECHS)
    assert Draft202012Validator(json_schema()).is_valid(
        {"title": "t", "components": {"a": {"kind": "service", "tech": "my in-house thing"}}})
