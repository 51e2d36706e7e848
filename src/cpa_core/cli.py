"""The ``cpa-core`` command.

Exit codes: 0 success; 1 ``validate`` found invalid records, or ``convert`` could not
convert some rows; 2 usage or input error (unknown kind, unreadable or binary file, an
output that would overwrite an input, a bad date or policy file). Errors are one clear line
on stderr, never a traceback, and every output file appears only when the run has finished
(:mod:`cpa_core.files`). ``cpa-core audit`` exits 0 when it has produced its report,
whatever the report finds, unless ``--fail-on error|warning`` is given: then 1 when there
are findings of that severity or worse (for schedulers).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from cpa_core import (
    __version__,
    audit,
    audit_html,
    audit_view,
    batch,
    mhsds,
    registry,
    statutory_time,
)
from cpa_core.exceptions import CpaCoreError
from cpa_core.files import InputError, OutputSet, display_name, refuse_clashes
from cpa_core.findings import Finding, Severity
from cpa_core.policy import TrustPolicy, load_policy
from cpa_core.validation_report import FileCounts, ReportWriter, SummaryLine

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

_DEBUG = "CPA_CORE_DEBUG"
"""Set to 1 to let an unexpected exception show its traceback (for reporting a bug)."""


def _schema_export(args: argparse.Namespace) -> int:
    from cpa_core import publish  # noqa: PLC0415 - imports every area

    for path in publish.export(Path(args.directory), registry.schema_kinds()):
        print(path)
    return EXIT_OK


class _Progress:
    """A progress line on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.active = sys.stderr.isatty()
        self.count = 0
        self.last = time.monotonic()

    def __call__(self, count: int) -> None:
        self.count = count
        if self.active and time.monotonic() - self.last >= 1:
            self.last = time.monotonic()
            print(f"\r{self.count:,} records checked", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.active and self.count >= 1000:
            print("\r", end="", file=sys.stderr, flush=True)


class _Listener:
    """Reports each record's findings as it is checked: on stdout, and in the report file."""

    def __init__(self, file: str, report: ReportWriter | None) -> None:
        self.file = file
        self.name = display_name(file)
        self.report = report
        self.progress = _Progress()

    def __call__(self, result: batch.RecordResult) -> None:
        source = result.source
        for finding in result.findings:
            print(
                f"{self.name}:{source.location}: {finding.path}: {finding.code} "
                f"{finding.severity.value}: {finding.message}"
            )
            if self.report is not None:
                self.report.finding(
                    finding,
                    file=self.file,
                    record=source.number,
                    line=source.line,
                    location=source.location,
                    record_id=result.record_id,
                )


def _outputs(args: argparse.Namespace) -> dict[str, str]:
    named = {"--rejects": args.rejects, "--valid": args.valid, "--report": args.report}
    return {option: path for option, path in named.items() if path}


def _validate(args: argparse.Namespace) -> int:
    registry.record_kind(args.kind)  # an unknown kind is a usage error before any output
    outputs = _outputs(args)
    refuse_clashes([*args.files, *([args.policy] if args.policy else [])], outputs)
    policy = load_policy(args.policy) if args.policy else TrustPolicy()
    files: list[str] = args.files
    with OutputSet() as written:
        streams = {option: written.open(path) for option, path in outputs.items()}
        sinks: dict[str, batch.RecordSink] = {
            o: batch.RecordSink(streams[o]) for o in ("--rejects", "--valid") if o in streams
        }
        report = ReportWriter(streams["--report"]) if "--report" in streams else None
        total, counts = _validate_files(args, files, policy, sinks, report)
        for sink in sinks.values():
            sink.close()
        if report is not None:
            report.summary(
                SummaryLine(
                    kind=args.kind, records=total.records, valid=total.valid,
                    rejected=total.rejected, codes=total.codes, files=tuple(counts),
                )
            )  # fmt: skip
    if len(files) > 1:
        print(
            f"total: {total.records} records, {total.valid} valid, {total.rejected} rejected",
            file=sys.stderr,
        )
    return EXIT_INVALID if total.rejected else EXIT_OK


def _validate_files(
    args: argparse.Namespace,
    files: list[str],
    policy: TrustPolicy,
    sinks: dict[str, batch.RecordSink],
    report: ReportWriter | None,
) -> tuple[batch.BatchSummary, list[FileCounts]]:
    total = batch.BatchSummary()
    counts: list[FileCounts] = []
    for file in files:
        listener = _Listener(file, report)
        summary = batch.validate_file(
            file,
            args.kind,
            fmt=args.format,
            policy=policy,
            jobs=args.jobs,
            rejects=sinks.get("--rejects"),
            valid=sinks.get("--valid"),
            on_findings=listener,
            on_progress=listener.progress,
        )
        listener.progress.done()
        print(
            f"{display_name(file)}: {summary.records} records, {summary.valid} valid, "
            f"{summary.rejected} rejected",
            file=sys.stderr,
        )
        counts.append(FileCounts(file=file, records=summary.records, valid=summary.valid,
                                 rejected=summary.rejected))  # fmt: skip
        total = total + summary
    return total, counts


def _as_of(text: str) -> datetime:
    """A date (the start of that day in London) or an instant with an offset."""
    if "T" in text or "t" in text:
        return statutory_time.parse_instant(text)
    return statutory_time.start_of_day(statutory_time.parse_date(text))


def _bundle_files(folder: Path) -> list[Path]:
    with contextlib.suppress(OSError):
        return [p for p in folder.iterdir() if p.is_file()]
    return []


def _audit_colour(args: argparse.Namespace) -> bool:
    """Colour only on a terminal, never with NO_COLOR set (https://no-color.org)."""
    if args.color != "auto":
        return bool(args.color == "always")
    return not args.output and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _audit_failed(result: audit.AuditResult, fail_on: str | None) -> bool:
    """Whether findings of ``--fail-on`` severity (or worse) exist."""
    if fail_on is None:
        return False
    counts = result.report.counts_by_severity()
    worst = counts[Severity.ERROR]
    if fail_on == "warning":
        worst += counts[Severity.WARNING]
    return worst > 0


def _audit_pieces(args: argparse.Namespace, result: audit.AuditResult, title: str) -> Iterable[str]:
    if args.format == "json":
        return audit.iter_json(result, weeks=args.weeks)
    if args.format == "html":
        return audit_html.iter_html(result, title, weeks=args.weeks, docs_url=args.docs_url)
    width = shutil.get_terminal_size((100, 24)).columns
    return (
        f"{line}\n"
        for line in audit_view.text_lines(
            result, width=width, colour=_audit_colour(args), weeks=args.weeks
        )
    )


def _audit(args: argparse.Namespace) -> int:
    from_mhsds = args.source == "mhsds"
    example = mhsds.example_extract() if from_mhsds else audit.example_bundle()
    folder = Path(args.path) if args.path else example
    if args.output:
        inputs = [*_bundle_files(folder), *([args.policy] if args.policy else [])]
        refuse_clashes(inputs, {"--output": args.output})
    if args.as_of:
        as_of = _as_of(args.as_of)
    elif args.path:
        as_of = statutory_time.now()
    else:
        as_of = statutory_time.start_of_day(audit.EXAMPLE_AS_OF)
    policy = load_policy(args.policy) if args.policy else TrustPolicy()
    if from_mhsds:
        result = mhsds.audit_extract(mhsds.read_extract(folder), as_of, policy)
    else:
        result = audit.run_audit(audit.read_bundle(folder), as_of, policy)
    title = f"{policy.general.name}: caseload audit" if policy.general.name else "Caseload audit"
    site = (
        args.format == "html"
        and args.output
        and (args.site or len(result.entries) > audit_html.SINGLE_PAGE_LIMIT)
    )
    if site:
        written = audit_html.write_site(
            result, Path(args.output), title, weeks=args.weeks, docs_url=args.docs_url
        )
        print(
            f"wrote {written.index} and its pages in {written.folder} "
            f"({written.pages} pages, {len(result.entries)} findings)",
            file=sys.stderr,
        )
    elif args.output:
        with OutputSet() as outputs:
            stream = outputs.open(args.output)
            for piece in _audit_pieces(args, result, title):
                stream.write(piece.encode("utf-8", "backslashreplace"))
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.writelines(_audit_pieces(args, result, title))
    return EXIT_INVALID if _audit_failed(result, args.fail_on) else EXIT_OK


def _weeks(text: str) -> int:
    value = _jobs(text)
    if value > 52:
        raise argparse.ArgumentTypeError("must be 52 or fewer")
    return value


def _convert(args: argparse.Namespace) -> int:
    source, target = Path(args.source), Path(args.output)
    if target.exists() and source.exists() and target.resolve() == source.resolve():
        raise InputError(f"--to {args.to} {target}: is the input folder; refusing to write into it")
    # refuse_clashes names an output by its option; each kind's file is named on its own.
    outputs = {
        f"--to {args.to} ({kind}.ndjson)": target / f"{kind}.ndjson" for kind in mhsds.MAPPED_KINDS
    }
    refuse_clashes(_bundle_files(source), outputs)
    extract = mhsds.read_extract(source)
    for note in extract.notes:
        _print_finding(note.location, note.finding)
    for record in extract.records:
        for finding in record.findings:
            _print_finding(record.location, finding)
    mhsds.write_bundle(extract, target)
    counts = {
        kind: sum(1 for r in extract.records if r.kind == kind) for kind in mhsds.MAPPED_KINDS
    }
    errors = sum(1 for f in extract.findings() if f.severity is Severity.ERROR)
    summary = ", ".join(f"{kind} {n}" for kind, n in counts.items())
    print(f"wrote {target}: {summary}; {errors} error finding(s)", file=sys.stderr)
    return EXIT_INVALID if errors else EXIT_OK


def _print_finding(location: str, finding: Finding) -> None:
    print(f"{location}: {finding.path}: {finding.code} {finding.severity.value}: {finding.message}")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError("must be a whole number, 1 or more")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cpa-core",
        description="Rules and models for NHS mental health care coordination.",
    )
    parser.add_argument("--version", action="version", version=f"cpa-core {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    schema = commands.add_parser("schema", help="JSON Schemas of the record kinds")
    schema_commands = schema.add_subparsers(dest="schema_command", required=True)
    export = schema_commands.add_parser(
        "export", help="write one JSON Schema per record kind, plus index.json"
    )
    export.add_argument("directory", help="folder to write into (created if missing)")
    export.set_defaults(run=_schema_export)

    check = commands.add_parser(
        "validate",
        help="validate files of records; report every bad record by line and path",
        description="Every record is either valid or rejected; outputs are written byte for "
        "byte and appear only when the run finishes. Exit 0: all valid; 1: some rejected; "
        "2: usage or input error.",
    )
    check.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="NDJSON, JSON array or CSV, optionally gzip-compressed; - for standard input",
    )
    check.add_argument("--kind", required=True, help="the record kind of every record")
    check.add_argument(
        "--format",
        choices=batch.FORMATS,
        help="input format (default: from the suffix; required for standard input)",
    )
    check.add_argument("--rejects", metavar="FILE", help="write the rejected records here")
    check.add_argument("--valid", metavar="FILE", help="write the valid records here")
    check.add_argument(
        "--report", metavar="FILE", help="write every finding and a summary here, as NDJSON"
    )
    check.add_argument("--policy", help="Trust policy file (.toml or .json)")
    check.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        help="processes that check records, this one among them (default 1)",
    )
    check.set_defaults(run=_validate)

    run_audit = commands.add_parser(
        "audit",
        help="what needs action now and what falls due, by care coordinator",
        description="Audit a bundle of records as of a date: what needs action now, what "
        "falls due in the coming weeks, then each care coordinator's caseload. Exit 0 when "
        "the report is written (whatever it finds), unless --fail-on is given; 1 when "
        "--fail-on finds such findings; 2 for a usage or input error.",
    )
    run_audit.add_argument(
        "path",
        nargs="?",
        help="folder of KIND.ndjson files, or of MHSDS tables with --from mhsds (default: "
        "the bundled example team)",
    )
    run_audit.add_argument(
        "--from",
        dest="source",
        choices=("bundle", "mhsds"),
        default="bundle",
        help="what the folder holds: a bundle (default) or an MHSDS extract, one file per "
        "table (MHS101Referral.csv, ...)",
    )
    run_audit.add_argument(
        "--as-of",
        help="YYYY-MM-DD (start of that day, London) or an RFC 3339 instant; default: now, "
        "or the example team's date when auditing the example",
    )
    run_audit.add_argument("--policy", help="Trust policy file (.toml or .json)")
    run_audit.add_argument("--format", choices=("text", "json", "html"), default="text")
    run_audit.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the report here; an HTML report of more than "
        f"{audit_html.SINGLE_PAGE_LIMIT} findings becomes FILE (an index) and a folder "
        "FILE-pages of one page per care coordinator",
    )
    run_audit.add_argument(
        "--site", action="store_true", help="with --format html -o: always write a site"
    )
    run_audit.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        help="exit 1 when there is a finding of this severity or worse (for schedulers); "
        "default: exit 0 whatever the report finds",
    )
    run_audit.add_argument(
        "--weeks", type=_weeks, default=None,
        help=f"weeks shown one by one as 'due in the next weeks' (default {audit_view.WEEKS})",
    )  # fmt: skip
    run_audit.add_argument(
        "--docs-url",
        metavar="URL",
        help="where the HTML report's rule links point: the address of the cpa_core docs "
        f"(default {audit_view.DEFAULT_DOCS_URL}, the docs built in the repository, "
        "relative to the report)",
    )
    run_audit.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in the text report (auto: only on a terminal, and not with NO_COLOR set)",
    )
    run_audit.set_defaults(run=_audit)

    convert = commands.add_parser(
        "convert",
        help="turn an MHSDS extract into a bundle of records",
        description="Read a folder of MHSDS tables and write one KIND.ndjson per record kind "
        "into OUT (created if missing). Every problem found is printed. Exit 0: converted; 1: "
        "some rows could not be converted; 2: usage or input error.",
    )
    convert.add_argument("source", metavar="DIR", help="folder of MHSDS table files")
    convert.add_argument(
        "--from", dest="source_format", choices=("mhsds",), required=True, help="what DIR holds"
    )
    convert.add_argument("--to", choices=("bundle",), required=True, help="what to write")
    convert.add_argument("output", metavar="OUT", help="folder to write the bundle into")
    convert.set_defaults(run=_convert)
    return parser


def _forgiving_streams() -> None:
    # A file name given on the command line may hold bytes that are not UTF-8 (they arrive
    # as lone surrogates); printing it must not fail.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    _forgiving_streams()
    try:
        code: int = args.run(args)
    except CpaCoreError as exc:
        print(f"cpa-core: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"cpa-core: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        if os.environ.get(_DEBUG) == "1":
            raise
        # Its text may quote a record, so only its type is shown.
        print(
            f"cpa-core: internal error ({type(exc).__name__}); set {_DEBUG}=1 to see "
            "where, and please report it",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return code


if __name__ == "__main__":
    sys.exit(main())
