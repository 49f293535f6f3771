"""Golden files: spec in, expected DOT and Markdown out. Regenerate with `pytest --update-goldens`."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.analyse import analyse
from archgen.pipeline import SpecSource, check
from archgen.render.diagram import build_dot
from archgen.render.writeup import render_writeup

CASES = sorted(p for p in (Path(__file__).parent / "golden").iterdir() if (p / "spec.yaml").exists())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_dot_and_markdown_match_goldens(case: Path, check_golden):
    checked = check(SpecSource(case.name, case / "spec.yaml"))
    analysis = analyse(case.name, checked.spec)
    check_golden(case / "expected.dot", build_dot(analysis.model, case).dot)
    check_golden(case / "expected.md", render_writeup(analysis, None, f"{case.name}.svg"))
