"""The HTML reports laid out by a real browser: headless Chromium at 400 px (a phone) and
1200 px (a desktop). Invented data (the hand-made journal of test_export_reports).

Chromium's window is at least 500 px wide, so the report is shown in an iframe of the
width wanted (its media queries see that width), from a page whose own script measures it
and writes what it found into the DOM, which `--dump-dom` prints. The report itself is
untouched: it keeps its Content-Security-Policy and runs no script. Checked:

- nothing overflows the page sideways (tables may scroll inside their own box);
- no word is broken across lines (hyphens, slashes and dashes are word boundaries here);
- every use day of the calendar is on screen, without scrolling sideways.

Screenshots of both widths are written next to the test's files (`tmp_path`) for a person
to look at. Chromium is Debian's `chromium` package, which .ci/run installs; without it
these tests are skipped (and fail under RJ_REQUIRE_CHROMIUM=1).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Cli
from test_export_reports import journal_bytes

__all__ = ["journal_bytes"]  # the hand-made journal of test_export_reports

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("RJ_REQUIRE_CHROMIUM"),
    reason="headless Chromium is not installed (Debian: chromium); .ci/run installs it",
)
WIDTHS = (400, 1200)
PERIOD = ("--since", "2026-02-02", "--until", "2026-02-15")
MEASURE = """
const frame = document.getElementById('report');
frame.addEventListener('load', () => {
  const doc = frame.contentDocument;
  const width = frame.contentWindow.innerWidth;  // no vertical scrollbar: the frame is tall
  const problems = [];
  if (doc.documentElement.scrollWidth > width + 1) {
    problems.push('the page is ' + doc.documentElement.scrollWidth + ' px wide, not ' + width);
  }
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('svg, style, script')) continue;
    const words = /[^\\s\\-\\u2013\\u2014\\/]+/g;
    for (let m = words.exec(node.textContent); m; m = words.exec(node.textContent)) {
      const range = doc.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
      if (new Set(rects.map((r) => Math.round(r.top))).size > 1) {
        problems.push('broken word: ' + m[0]);
      }
    }
  }
  doc.querySelectorAll('table.calendar td.used').forEach((cell) => {
    const box = cell.getBoundingClientRect();
    if (box.left < 0 || box.right > width + 1) {
      problems.push('use day off screen: ' + cell.textContent);
    }
  });
  document.body.setAttribute('data-width', String(width));
  document.body.setAttribute('data-problems', JSON.stringify(problems));
});
"""


@pytest.fixture
def rj(cli: Cli, journal_bytes: bytes) -> Cli:
    cli.journal.parent.mkdir(mode=0o700)
    cli.journal.write_bytes(journal_bytes)
    cli.journal.chmod(0o600)
    return cli


def wrapper(report: str, width: int) -> str:
    """A page showing `report` in an iframe `width` px wide, with the measuring script."""
    return (
        '<!DOCTYPE html><html><body style="margin:0">'
        f'<iframe id="report" style="width:{width}px;height:20000px;border:0" '
        f'srcdoc="{html.escape(report, quote=True)}"></iframe>'
        f"<script>{MEASURE}</script></body></html>"
    )


def chromium(*args: str) -> str:
    assert CHROMIUM is not None, "chromium is not installed (Debian: chromium)"
    flags = ("--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000")
    done = subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout


def layout_problems(report: str, width: int, folder: Path, name: str) -> list[str]:
    page = folder / f"{name}-{width}.html"
    page.write_text(wrapper(report, width), encoding="utf-8")
    dom = chromium("--window-size=1300,1300", "--dump-dom", page.as_uri())
    shown = re.search(r'data-width="(\d+)"', dom)
    assert shown is not None, dom[-2000:]
    assert int(shown.group(1)) == width
    found = re.search(r'data-problems="([^"]*)"', dom)
    assert found is not None
    problems: list[str] = json.loads(html.unescape(found.group(1)))
    return problems


def screenshot(report: str, width: int, folder: Path, name: str) -> Path:
    page = folder / f"{name}-{width}-shot.html"
    page.write_text(wrapper(report, width), encoding="utf-8")
    target = folder / f"{name}-{width}.png"
    chromium(f"--window-size={max(width, 500)},2400", f"--screenshot={target}", page.as_uri())
    return target


@pytest.mark.parametrize("width", WIDTHS)
def test_the_summary_reads_without_broken_words_or_sideways_scrolling(
    rj: Cli, tmp_path: Path, width: int
) -> None:
    report = rj.ok("export", "summary", *PERIOD, "--format", "html", "--include-notes").stdout
    assert layout_problems(report, width, tmp_path, "summary") == []
    shot = screenshot(report, width, tmp_path, "summary")
    assert shot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_diary_card_reads_without_broken_words(rj: Cli, tmp_path: Path, width: int) -> None:
    card = rj.ok("export", "diary-card", "--week", "2026-02-11", "--format", "html").stdout
    assert layout_problems(card, width, tmp_path, "card") == []


def test_the_check_finds_broken_words_and_overflow(tmp_path: Path) -> None:
    # What the reports did before: words broken anywhere in a narrow column, and a
    # calendar wider than the phone.
    broken = (
        "<!DOCTYPE html><html><head><style>td { overflow-wrap: anywhere; width: 1em; }"
        "</style></head><body><table><tr><td>alcohol</td></tr></table>"
        '<table class="calendar" style="min-width: 40rem"><tr><td class="used">USED</td>'
        '<td></td><td></td><td></td><td></td><td></td><td class="used">USED</td></tr>'
        "</table></body></html>"
    )
    problems = layout_problems(broken, 400, tmp_path, "broken")
    assert "broken word: alcohol" in problems
    assert any(problem.startswith("the page is") for problem in problems)
    assert any(problem.startswith("use day off screen") for problem in problems)
