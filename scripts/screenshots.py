"""Screenshots of the chat design page in each theme, for the README: docs/page-light.png, docs/page-dark.png.

Run with `make screenshots` (it installs Chromium when missing); Playwright drives the system Chromium.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import chromium, missing_browser  # noqa: E402

DESIGN, FLOW, COMPONENT = "chat", "send", "msglog"


def main() -> int:
    reason = missing_browser()
    if reason:
        print(f"error: {reason}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as out:
        archgen = Path(sys.executable).with_name("archgen")
        subprocess.run([str(archgen), "render", DESIGN, "--out", out, "--format", "html"], cwd=ROOT, check=True)
        page_url = (Path(out) / DESIGN / "index.html").as_uri()
        with chromium() as browser:
            for theme in ("light", "dark"):
                context = browser.new_context(viewport={"width": 1400, "height": 1150}, color_scheme=theme)
                page = context.new_page()
                page.goto(page_url)
                page.wait_for_selector("html[data-ready=yes]")
                page.select_option("#ui-flow", FLOW)
                for _ in range(3):
                    page.click("#ui-next")
                page.click(f"#c-{COMPONENT}")
                target = ROOT / "docs" / f"page-{theme}.png"
                page.screenshot(path=str(target))
                print(f"wrote {target.relative_to(ROOT)}")
                context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
