"""The page of rule tables in a real browser: on a laptop screen and on A4, nothing is cut.

Headless Chromium from the OS, as in ``test_audit_browser.py``: skipped where it is not
installed, a failure in CI (``CI`` set).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import A4_PRINTED_WIDTH, CHROMIUM, available, chromium, printed_on_a4
from cpa_core import registry, rule_export

if not available():
    if os.environ.get("CI"):
        pytest.fail("CI needs chromium, chromium-driver and selenium", pytrace=False)
    pytest.skip("headless Chromium (chromium, chromium-driver) is not installed",
                allow_module_level=True)  # fmt: skip

LAPTOP = 1366

_OVERFLOW = """
const width = document.documentElement.clientWidth;
const over = [];
for (const element of document.querySelectorAll('body *')) {
  const box = element.getBoundingClientRect();
  if (box.width > 0 && box.right > width + 0.5)
    over.push(element.tagName + ' ' + element.textContent.slice(0, 40));
}
return [width, document.documentElement.scrollWidth, over.slice(0, 5)];
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rule-tables")
    rule_export.write_all(folder)
    return folder / rule_export.PAGE_NAME


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with chromium(LAPTOP, 900) as opened:
        yield opened


def test_on_a_laptop_screen_nothing_is_cut(driver: Any, page: Path) -> None:
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen"})
    driver.get(page.as_uri())
    width, scrolled, over = driver.execute_script(_OVERFLOW)
    assert scrolled <= width, over
    assert over == []
    # Every row shows its standing: a card or a table row for each rule row.
    cards = len(driver.find_elements("css selector", "article.card"))
    table_rows = len(driver.find_elements("css selector", "section table tbody tr"))
    assert cards + table_rows == sum(len(t.rows) for t in registry.rule_tables())
    for card in driver.find_elements("css selector", "article.card")[:50]:
        terms = [t.text for t in card.find_elements("css selector", "dt")]
        # A secondary source's reason ("Why secondary") may sit among them.
        standing = ["In force", "Evidence", "Source", "Last checked"]
        assert [t for t in terms if t in standing] == standing


def test_on_a4_nothing_is_cut(driver: Any, page: Path) -> None:
    driver.get(page.as_uri())
    with printed_on_a4(driver, height=1000):
        width, scrolled, over = driver.execute_script(_OVERFLOW)
    assert width <= A4_PRINTED_WIDTH
    assert scrolled <= width, over
    assert over == []


def test_the_page_prints_to_pdf(page: Path, tmp_path: Path) -> None:
    pdf = rule_export.write_pdf(page, tmp_path / rule_export.PDF_NAME, browser=CHROMIUM)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    # One page object per A4 sheet ("/Pages" objects are the tree above them): every
    # table does not fit on a handful.
    sheets = re.findall(rb"/Type\s*/Page[^s]", data)
    assert len(sheets) > 10
