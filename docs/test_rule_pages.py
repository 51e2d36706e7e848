"""The built rule pages in a real browser: every column of every rule table is visible on a
1,366-pixel laptop screen and on an A4 page.

Runs in ``nox -s docs`` after the build, on ``docs/_build/html`` (or the folder in
``CPA_CORE_DOCS_HTML``), with the OS's headless Chromium as the audit's browser tests do:
skipped where the build or the browser is missing, a failure in CI (``CI`` set).

Set ``CPA_CORE_SCREENSHOTS=DIR`` to save what the docs show of the MHA and retention pages:
a screenshot of each page's first rule table at 1,366 pixels wide, and each page printed to
PDF by headless Chromium.
"""

from __future__ import annotations

import base64
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent / "tests"))
from browser import A4_PRINTED_WIDTH, available, chromium, printed_on_a4  # noqa: E402

HTML = Path(os.environ.get("CPA_CORE_DOCS_HTML", DOCS / "_build" / "html"))
PAGES = ("mha", "retention")
LAPTOP = 1366
STANDING = ["In force", "Evidence", "Source", "Last checked"]

if not available():
    if os.environ.get("CI"):
        pytest.fail("CI needs chromium, chromium-driver and selenium", pytrace=False)
    pytest.skip("headless Chromium (chromium, chromium-driver) is not installed",
                allow_module_level=True)  # fmt: skip
if not (HTML / "mha.html").is_file():
    # Not a skip: these tests are what shows the built pages keep every column.
    pytest.fail(f"no built docs in {HTML}: run nox -s docs (or sphinx-build first)", pytrace=False)

_CUT = """
const article = document.querySelector('article').getBoundingClientRect();
const width = document.documentElement.clientWidth;
const cut = [];
for (const element of document.querySelectorAll(
    '.cpa-rule-cards, .cpa-rule-cards *, table.cpa-rule-table, table.cpa-rule-table *')) {
  const box = element.getBoundingClientRect();
  const outside = box.right > Math.min(width, article.right) + 0.5
    || box.left < article.left - 0.5;
  if (box.width > 0 && outside) cut.push(element.tagName + ' ' + element.textContent.slice(0, 40));
}
return [width, document.documentElement.scrollWidth, cut.slice(0, 5)];
"""


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with chromium(LAPTOP, 900) as opened:
        yield opened


@pytest.mark.parametrize("page", PAGES)
def test_every_row_shows_its_standing(driver: Any, page: str) -> None:
    driver.get((HTML / f"{page}.html").as_uri())
    cards = driver.find_elements("css selector", ".cpa-card")
    tables = driver.find_elements("css selector", "table.cpa-rule-table")
    assert cards or tables
    for card in cards:
        terms = [t.text for t in card.find_elements("css selector", "dl.cpa-card-fields > dt")]
        assert [t for t in terms if t in STANDING] == STANDING
    for table in tables:
        headings = [h.text for h in table.find_elements("css selector", "thead th")]
        assert headings[-1] == "Source and standing"


@pytest.mark.parametrize("page", PAGES)
def test_on_a_laptop_screen_no_column_is_cut(driver: Any, page: str) -> None:
    driver.get((HTML / f"{page}.html").as_uri())
    width, scrolled, cut = driver.execute_script(_CUT)
    assert width <= LAPTOP
    assert scrolled <= width
    assert cut == []


@pytest.mark.parametrize("page", PAGES)
def test_on_a4_no_column_is_cut(driver: Any, page: str) -> None:
    driver.get((HTML / f"{page}.html").as_uri())
    with printed_on_a4(driver, height=1100):
        width, scrolled, cut = driver.execute_script(_CUT)
    assert width <= A4_PRINTED_WIDTH
    assert scrolled <= width
    assert cut == []


_TABLES = ".cpa-rule-cards, table.cpa-rule-table"


def _shoot(driver: Any, element: Any, target: Path) -> None:
    """What the window shows with ``element`` at its top."""
    # "instant": the theme scrolls smoothly, and a picture taken at once would show the top.
    driver.execute_script(
        "window.scrollTo({top: arguments[0].getBoundingClientRect().top + window.scrollY - 20,"
        " behavior: 'instant'})",
        element,
    )
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    target.write_bytes(base64.b64decode(shot["data"]))


@pytest.mark.skipif(not os.environ.get("CPA_CORE_SCREENSHOTS"), reason="screenshots on request")
@pytest.mark.parametrize("page", PAGES)
def test_save_screenshots(driver: Any, page: str) -> None:
    """Each rule table of the page at 1,366 pixels and as printed on A4, and the page as a
    PDF printed by headless Chromium."""
    from cpa_core.rule_export import write_pdf  # noqa: PLC0415 - only on request

    folder = Path(os.environ["CPA_CORE_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    driver.get((HTML / f"{page}.html").as_uri())
    tables = driver.find_elements("css selector", _TABLES)
    for index, element in enumerate(tables, start=1):
        _shoot(driver, element, folder / f"{page}-1366-table{index}.png")
    with printed_on_a4(driver, height=1400):
        for index, element in enumerate(driver.find_elements("css selector", _TABLES), start=1):
            _shoot(driver, element, folder / f"{page}-a4-table{index}.png")
    write_pdf(HTML / f"{page}.html", folder / f"{page}.pdf")
