"""Headless Chromium for the browser tests (and the audit benchmark's page timings).

The OS's Chromium and ChromeDriver are used (Debian's ``chromium`` and ``chromium-driver``;
``.ci/run`` installs them when missing), never a browser Selenium would download. Chromium
is started so that it opens no connection of its own (no background networking, updates,
sync or QUIC) in a fresh profile: on a closed network its own connections would fail, and a
test must see only what the page asks for.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cpa_core.rule_export import CHROMIUM_FLAGS

__all__ = ["A4_PRINTED_WIDTH", "CHROMEDRIVER", "CHROMIUM", "available", "chromium", "printed_on_a4"]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

# An A4 page is 210 mm wide; the print styles leave 12 mm each side: 186 mm at 96 CSS
# pixels to the inch.
A4_PRINTED_WIDTH = round(186 / 25.4 * 96)

# The flags cpa_core starts Chromium with when it prints the rule tables to PDF.
_FLAGS = CHROMIUM_FLAGS


def available() -> bool:
    """Whether Chromium, ChromeDriver and Selenium are all here."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()


@contextlib.contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A Selenium driver of headless Chromium with its performance log on (every network
    request the page makes is in it), quit on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="cpa-core-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (*_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            yield driver
        finally:
            driver.quit()


@contextlib.contextmanager
def printed_on_a4(driver: Any, height: int) -> Iterator[None]:
    """The driver's page laid out as printed on A4 (print styles, the printed width), back
    to the screen on exit."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": A4_PRINTED_WIDTH, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen"})
