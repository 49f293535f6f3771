"""The JSON Schema export: committed copy up to date, and every shipped spec valid against it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from archgen.spec import json_schema
from tests.conftest import ROOT

SCHEMA_FILE = ROOT / "docs" / "spec.schema.json"
SPECS = sorted((ROOT / "specs").glob("*.yaml")) + sorted((ROOT / "tests" / "golden").glob("*/spec.yaml"))


def test_committed_schema_is_current(check_golden):
    check_golden(SCHEMA_FILE, json.dumps(json_schema(), indent=2, sort_keys=True) + "\n")


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
