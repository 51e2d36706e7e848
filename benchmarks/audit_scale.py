"""How the caseload audit scales: time, peak memory and page sizes at 1×, 100× and 10,000× the
example team.

Run on demand (never in the test suite; the 10,000× bundle is about 780,000 records and
500 MB)::

    python benchmarks/audit_scale.py --sizes 1 100 10000 --work /tmp/audit-scale

For each size it writes a bundle of that many clones of the example team
(``benchmarks/audit_bundle.py``), then runs ``cpa-core audit`` on it in a fresh process for
each format asked for (``--formats text html``): text to a file, and HTML as the command
writes it (one page up to :data:`cpa_core.audit_html.SINGLE_PAGE_LIMIT` findings, a site
above). Each run's wall-clock time, CPU time and peak resident memory (the process's own
``ru_maxrss``) are printed as a Markdown table, with the number of findings (which must be
the size times the example's, less the Trust-wide records' findings counted once, or the run
is reported as wrong), the number of pages and the
largest page. With ``--browser``, the index and the largest page are opened in headless
Chromium and the time to the page's ``load`` event is reported as well.

Wall-clock time depends on what else the machine is doing; CPU time much less so.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from audit_bundle import TRUST_WIDE, write_bundle  # noqa: E402

AS_OF = "2026-11-23"


def _example_findings() -> tuple[int, int]:
    """The example team's findings: in all, and about the Trust-wide records (the
    :data:`audit_bundle.TRUST_WIDE` files, which a bundle holds once)."""
    from cpa_core import audit, statutory_time

    at = statutory_time.start_of_day(audit.EXAMPLE_AS_OF)
    entries = audit.run_audit(audit.read_bundle(audit.example_bundle()), at).entries
    once = {name.removesuffix(".ndjson") for name in TRUST_WIDE}
    return len(entries), sum(1 for e in entries if e.kind in once)


def _run(bundle: Path, fmt: str, output: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "cpa_core", "audit", str(bundle), "--as-of", AS_OF,
               "--format", fmt, "-o", str(output)]  # fmt: skip
    start = time.monotonic()
    child = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - start
    assert child.stderr is not None
    message = child.stderr.read()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({child.returncode}): {message}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mib": usage.ru_maxrss / 1024,
        "stderr": message.strip(),
    }


def _findings_in(output: Path, fmt: str) -> int:
    if fmt == "text":
        with output.open(encoding="utf-8") as text:
            for line in text:
                match = re.match(r"(\d+) findings:", line)
                if match:
                    return int(match.group(1))
        return -1
    match = re.search(rb"<b>(\d+)</b> findings", output.read_bytes()[:200_000])
    return int(match.group(1)) if match else -1


def _pages(output: Path) -> list[Path]:
    folder = output.with_name(f"{output.stem}-pages")
    extra = sorted(folder.glob("*.html")) if folder.is_dir() else []
    return [output, *output.parent.glob(f"{output.stem}-[0-9]*.html"), *extra]


def _load_ms(pages: list[Path]) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import chromium

    timings: dict[str, float] = {}
    with chromium() as driver:
        for page in pages:
            driver.get(page.resolve().as_uri())
            timings[page.name] = float(
                driver.execute_script(
                    "var t = performance.getEntriesByType('navigation')[0];"
                    "return t.loadEventEnd - t.startTime;"
                )
            )
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 10000])
    parser.add_argument("--formats", nargs="+", default=["text", "html"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/audit-scale"))
    parser.add_argument("--browser", action="store_true", help="time page loads in Chromium")
    args = parser.parse_args()
    per_team, trust_wide = _example_findings()
    print("| size | records | format | findings | wall s | CPU s | peak MiB | pages | "
          "largest page | index | load ms (index / largest) |")  # fmt: skip
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for size in args.sizes:
        bundle = args.work / f"bundle-{size}"
        if not bundle.is_dir():
            records = write_bundle(size, bundle)
        else:
            records = sum(1 for f in bundle.glob("*.ndjson") for _ in f.open("rb"))
        for fmt in args.formats:
            out_dir = args.work / f"out-{size}-{fmt}"
            out_dir.mkdir(parents=True, exist_ok=True)
            output = out_dir / ("audit.html" if fmt == "html" else "audit.txt")
            run = _run(bundle, fmt, output)
            found = _findings_in(output, fmt)
            expected = size * (per_team - trust_wide) + trust_wide
            verdict = "" if found == expected else f" (expected {expected})"
            pages = _pages(output) if fmt == "html" else [output]
            largest = max(pages, key=lambda p: p.stat().st_size)
            load = ""
            if args.browser and fmt == "html":
                timings = _load_ms([output, largest])
                load = f"{timings[output.name]:.0f} / {timings[largest.name]:.0f}"
            print(
                f"| {size:,}× | {records:,} | {fmt} | {found:,}{verdict} | {run['wall']:.1f} | "
                f"{run['cpu']:.1f} | {run['peak_mib']:.0f} | {len(pages):,} | "
                f"{largest.stat().st_size / 1e6:.2f} MB | {output.stat().st_size / 1e6:.2f} MB "
                f"| {load} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
