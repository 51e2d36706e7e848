"""The audit page in a real browser: headless Chromium driven by Selenium.

Chromium and its driver come from the OS (``.ci/run`` installs Debian's ``chromium`` and
``chromium-driver`` when they are missing). Where they are not installed the tests are
skipped, except in CI (``CI`` set), where a missing browser is a failure.

Set ``CPA_CORE_SCREENSHOTS=DIR`` to save the screenshots the docs show (the top of the
example team's page, wide and at phone width) into ``DIR`` (``docs/_static``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import available, chromium
from cpa_core.cli import main

if not available():
    if os.environ.get("CI"):
        pytest.fail("CI needs chromium, chromium-driver and selenium", pytrace=False)
    pytest.skip("headless Chromium (chromium, chromium-driver) is not installed",
                allow_module_level=True)  # fmt: skip


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "audit.html"
    assert main(["audit", "--format", "html", "-o", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with chromium() as opened:
        yield opened


def _requests(driver: Any) -> list[str]:
    urls = []
    for item in driver.get_log("performance"):
        message = json.loads(item["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_the_page_loads_offline_and_asks_for_nothing(driver: Any, page: Path) -> None:
    driver.get_log("performance")  # start from an empty log
    driver.get(page.as_uri())
    assert driver.find_element("css selector", "main h2").text == "Summary"
    # The only request is the file itself: no script, style sheet, font or image. (A busy
    # machine can leave the browser's own start-up entries, about: and data: URLs, in the
    # log; they fetch nothing.)
    requests = [u for u in _requests(driver) if not u.startswith(("about:", "data:", "chrome:"))]
    assert page.as_uri() in requests
    assert set(requests) == {page.as_uri()}, requests
    # The page's own script ran (it shows the filters, hidden without it) and the policy
    # blocked nothing it needed.
    assert driver.find_element("id", "filters").is_displayed()
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def _visible(driver: Any, coordinator: str) -> tuple[int, int]:
    rows = driver.find_elements("css selector", "tr[data-coord]")
    mine = [r for r in rows if coordinator in r.get_attribute("data-coord").split()]
    others = [r for r in rows if coordinator not in r.get_attribute("data-coord").split()]
    return sum(r.is_displayed() for r in mine), sum(r.is_displayed() for r in others)


def test_the_coordinator_filter_hides_other_coordinators_rows(driver: Any, page: Path) -> None:
    from selenium.webdriver.support.ui import Select

    driver.get(page.as_uri())
    select = Select(driver.find_element("name", "coordinator"))
    options = {o.text: o.get_attribute("value") or "" for o in select.options}
    token = options["S002"]
    assert token
    mine, others = _visible(driver, token)
    assert mine > 0
    assert others > 0
    select.select_by_visible_text("S002")
    mine_after, others_after = _visible(driver, token)
    assert mine_after == mine
    assert others_after == 0
    # Other coordinators' sections are hidden; S002's is shown.
    sections = driver.find_elements("css selector", "section.coordinator")
    shown = [s.get_attribute("data-coord") for s in sections if s.is_displayed()]
    assert shown == [token]
    assert driver.find_element("id", "shown").text.startswith(f"{mine // 2} of ")
    select.select_by_visible_text("Everyone")
    assert _visible(driver, token) == (mine, others)


def test_sorting_a_column(driver: Any, page: Path) -> None:
    driver.get(page.as_uri())
    table = driver.find_element("css selector", "section.place table")
    button = table.find_element("css selector", "th button")  # When
    button.click()
    cells = table.find_elements("css selector", "tbody tr td:first-child")
    keys = [c.get_attribute("data-sort") for c in cells]
    assert keys == sorted(keys)
    button.click()
    keys = [c.get_attribute("data-sort") for c in
            table.find_elements("css selector", "tbody tr td:first-child")]  # fmt: skip
    assert keys == sorted(keys, reverse=True)


def test_the_print_stylesheet_applies(driver: Any, page: Path) -> None:
    driver.get(page.as_uri())

    def style(selector: str, prop: str) -> str:
        value: str = driver.execute_script(
            "return getComputedStyle(document.querySelector(arguments[0]))"
            ".getPropertyValue(arguments[1]);",
            selector,
            prop,
        )
        return value

    assert style("#filters", "display") != "none"
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert style("#filters", "display") == "none"
        assert style("nav", "display") == "none"
        # Each coordinator's section starts a new printed page.
        assert style("section.coordinator", "break-before") == "page"
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_readable_at_phone_width(driver: Any, page: Path) -> None:
    driver.set_window_size(390, 844)
    try:
        driver.get(page.as_uri())
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
        )
        assert overflow <= 0
        shots = os.environ.get("CPA_CORE_SCREENSHOTS")
        if shots:
            driver.save_screenshot(str(Path(shots) / "audit-example-phone.png"))
    finally:
        driver.set_window_size(1280, 900)


def test_screenshots_for_the_docs(driver: Any, page: Path) -> None:
    shots = os.environ.get("CPA_CORE_SCREENSHOTS")
    if not shots:
        pytest.skip("set CPA_CORE_SCREENSHOTS=docs/_static to refresh the docs' screenshots")
    driver.set_window_size(1280, 1400)
    driver.get(page.as_uri())
    driver.save_screenshot(str(Path(shots) / "audit-example.png"))
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("name", "coordinator")).select_by_visible_text("S002")
    driver.execute_script("document.getElementById('by-coordinator').scrollIntoView();")
    driver.save_screenshot(str(Path(shots) / "audit-example-coordinator.png"))
