"""The audit as one self-contained HTML page for a team manager.

No scripts, fonts, images or style sheets are fetched: the page opens offline from a shared
drive or an e-mail attachment. Every value from the records is escaped.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from html import escape

from cpa_core import statutory_time
from cpa_core.audit import AuditEntry, AuditResult
from cpa_core.findings import Finding, Severity

__all__ = ["TIMELINE_WEEKS", "render_html"]

TIMELINE_WEEKS = 8
"""How many weeks ahead the timeline shows."""

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:2rem;color:#212b32}
h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:2px solid #005eb8;padding-bottom:.2rem}
.meta{color:#4c6272}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #d8dde0;border-radius:6px;padding:.6rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.6rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.2rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d8dde0;vertical-align:top}
th{background:#f0f4f5}.sev{font-weight:600;border-radius:4px;padding:0 .4rem}
.error{background:#fde8e8;color:#a00000}.warning{background:#fff4d6;color:#7a5300}
.info{background:#e8f1fb;color:#004085}.who{font-weight:600;margin-top:1rem}
.week{display:flex;gap:.6rem;align-items:flex-start;margin:.25rem 0}
.week .label{width:11rem;flex:none;color:#4c6272}.chips{display:flex;flex-wrap:wrap;gap:.3rem}
.chip{border-radius:4px;padding:.1rem .4rem;font-size:.85rem}
code{font-size:.85rem}td.rule{font-size:.8rem;color:#4c6272;max-width:28rem}
"""


def _day(due: date | datetime) -> date:
    return statutory_time.london_date(due) if isinstance(due, datetime) else due


def _severity(severity: Severity) -> str:
    return f'<span class="sev {severity.value}">{severity.value}</span>'


def _summary(result: AuditResult) -> list[str]:
    counts = result.report.counts_by_severity()
    cards = [
        f'<div class="card"><b>{sum(result.records.values())}</b>records</div>',
        *(
            f'<div class="card"><b>{counts[s]}</b>{_severity(s)}</div>'
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        ),
    ]
    areas = Counter(
        area for area, people in result.by_area().items() for e in people.values() for _ in e
    )
    rows = "".join(f"<tr><td>{escape(a)}</td><td>{n}</td></tr>" for a, n in areas.items())
    kinds = "".join(
        f"<tr><td><code>{escape(k)}</code></td><td>{n}</td></tr>"
        for k, n in sorted(result.records.items())
    )
    return [
        "<h2>Summary</h2>",
        f'<div class="cards">{"".join(cards)}</div>',
        "<table><tr><th>Area</th><th>Findings</th></tr>" + rows + "</table>",
        "<table><tr><th>Record kind</th><th>Records read</th></tr>" + kinds + "</table>",
    ]


def _chip(entry: AuditEntry) -> str:
    f = entry.finding
    who = f"{escape(entry.who)}: " if entry.who else ""
    return (
        f'<span class="chip {f.severity.value}" title="{escape(f.message)}">'
        f"{who}{escape(f.code)}</span>"
    )


def _timeline(result: AuditResult) -> list[str]:
    today = statutory_time.london_date(result.as_of)
    overdue: list[AuditEntry] = []
    weeks: list[list[AuditEntry]] = [[] for _ in range(TIMELINE_WEEKS)]
    for entry in result.entries:
        if entry.finding.due is None:
            continue
        day = _day(entry.finding.due)
        offset = (day - today).days
        if offset < 0:
            # An informational finding with a past date (a follow-up met, a record held) is
            # not overdue.
            if entry.finding.severity is not Severity.INFO:
                overdue.append(entry)
        elif offset < 7 * TIMELINE_WEEKS:
            weeks[offset // 7].append(entry)
    lines = [f"<h2>Falls due in the next {TIMELINE_WEEKS} weeks</h2>"]
    rows = [("Already overdue", overdue)]
    for index, entries in enumerate(weeks):
        start = today + timedelta(days=7 * index)
        end = start + timedelta(days=6)
        rows.append((f"{start:%d %b} – {end:%d %b %Y}", entries))
    for label, entries in rows:
        chips = "".join(_chip(e) for e in entries) or '<span class="meta">nothing</span>'
        lines.append(
            f'<div class="week"><div class="label">{escape(label)} ({len(entries)})</div>'
            f'<div class="chips">{chips}</div></div>'
        )
    return lines


def _row(entry: AuditEntry) -> str:
    f: Finding = entry.finding
    due = escape(f.due.isoformat()) if f.due is not None else ""
    source = escape(f.source.cite()) if f.source is not None else ""
    return (
        f"<tr><td>{_severity(f.severity)}</td><td>{due}</td><td><code>{escape(f.code)}</code>"
        f"</td><td>{escape(f.message)}</td><td><code>{escape(entry.location)}</code> "
        f'<code>{escape(f.path)}</code></td><td class="rule">{source}</td></tr>'
    )


def _areas(result: AuditResult) -> list[str]:
    lines: list[str] = []
    head = (
        "<table><tr><th>Severity</th><th>Due</th><th>Code</th><th>What</th><th>Record</th>"
        "<th>Rule</th></tr>"
    )
    for area, people in result.by_area().items():
        lines.append(f"<h2>{escape(area)}</h2>")
        for who, entries in people.items():
            lines.append(f'<div class="who">{escape(who)}</div>')
            lines.append(head + "".join(_row(e) for e in entries) + "</table>")
    if not lines:
        lines.append("<h2>Findings</h2><p>Nothing is overdue or due.</p>")
    return lines


def render_html(result: AuditResult, title: str = "Caseload audit") -> str:
    """The audit as one self-contained HTML page: summary, timeline, tables by area."""
    as_of = escape(result.as_of.isoformat())
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} as of {as_of}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">As of {as_of}. Produced by cpa-core audit. Identifiers only: no '
        "names or NHS numbers are shown.</p>",
        *_summary(result),
        *_timeline(result),
        *_areas(result),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
