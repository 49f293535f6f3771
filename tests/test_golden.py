"""Golden files: spec in, expected DOT of one view of each kind and the Markdown out.
Regenerate with `pytest --update-goldens` and review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.analyse import analyse
from archgen.pipeline import RenderOptions, SpecSource, check, writeup_text
from tests.conftest import view_dots

CASES = sorted(p for p in (Path(__file__).parent / "golden").iterdir() if (p / "spec.yaml").exists())


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_views_and_markdown_match_goldens(case: Path, check_golden):
    checked = check(SpecSource(case.name, case / "spec.yaml"))
    analysis = analyse(case.name, checked.spec)
    dots = view_dots(analysis.model, case)
    first_flow = analysis.model.flows[0].id
    for view_id in ("overview", f"flow-{first_flow}", f"seq-{first_flow}"):
        check_golden(case / f"expected.{view_id.split('-')[0]}.dot", dots[view_id])
    check_golden(case / "expected.md", writeup_text(analysis, RenderOptions(Path("out"))))
