"""The page of rule tables printed to PDF by headless Chromium, where it is installed.

Chromium is the browser's own print engine, so the PDF is what printing the page from a
browser gives. It is started so that it opens no connection of its own (no background
networking, updates, sync or QUIC) in a fresh profile that is removed afterwards: the page
fetches nothing either.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from cpa_core.exceptions import CpaCoreError

__all__ = ["CHROMIUM_FLAGS", "PDF_NAME", "find_chromium", "write_pdf"]

PDF_NAME = "rule-tables.pdf"
"""The file name of the page printed to PDF, beside the page."""

CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
"""How Chromium is started wherever cpa_core drives it: headless, and opening no
connection of its own."""

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# A page of every rule table prints in a few seconds; a browser that has not finished in
# this time is stuck.
_TIMEOUT_SECONDS = 300


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) on ``PATH``, or ``None``."""
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def write_pdf(page: str | Path, target: str | Path, *, browser: str | None = None) -> Path:
    """Print an HTML file to PDF with headless Chromium, A4 as the page's style asks.

    Args:
        page: The HTML file.
        target: The PDF to write; it appears only once complete.
        browser: The Chromium to run; by default :func:`find_chromium`'s.

    Raises:
        CpaCoreError: No Chromium is installed, or it failed to print.
    """
    executable = browser or find_chromium()
    if executable is None:
        raise CpaCoreError("no headless Chromium installed to print the PDF with")
    source = Path(page).resolve()
    final = Path(target)
    descriptor, partial = tempfile.mkstemp(prefix=f".{final.name}.", dir=final.parent or ".")
    os.close(descriptor)
    try:
        with tempfile.TemporaryDirectory(prefix="cpa-core-chromium-") as profile:
            command = [
                executable,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={partial}",
                source.as_uri(),
            ]
            try:
                subprocess.run(command, capture_output=True, timeout=_TIMEOUT_SECONDS, check=True)
            except (OSError, subprocess.SubprocessError) as exc:
                raise CpaCoreError(
                    f"Chromium could not print the page ({type(exc).__name__})"
                ) from None
        if not Path(partial).read_bytes().startswith(b"%PDF-"):
            raise CpaCoreError("Chromium wrote no PDF")
        os.replace(partial, final)
    finally:
        Path(partial).unlink(missing_ok=True)
    return final
