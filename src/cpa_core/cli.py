"""The ``cpa-core`` command.

Exit codes: 0 success; 1 ``validate`` found invalid records; 2 usage or input error
(unknown kind, unreadable or binary file, bad date). Errors are one clear line on stderr,
never a traceback. ``cpa-core audit`` exits 0 when it has produced its report, whatever the
report finds.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from cpa_core import _time, audit, audit_html, batch, registry, schemas
from cpa_core.exceptions import CpaCoreError
from cpa_core.policy import TrustPolicy, load_policy

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def _schema_export(args: argparse.Namespace) -> int:
    for path in schemas.export(Path(args.directory), registry.schema_kinds()):
        print(path)
    return EXIT_OK


class _Progress:
    """A progress line on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.active = sys.stderr.isatty()
        self.count = 0
        self.last = time.monotonic()

    def __call__(self, _result: batch.RecordResult) -> None:
        self.count += 1
        if self.active and self.count % 1000 == 0 and time.monotonic() - self.last >= 1:
            self.last = time.monotonic()
            print(f"\r{self.count:,} records checked", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.active and self.count >= 1000:
            print("\r", end="", file=sys.stderr, flush=True)


def _report(path: Path, result: batch.RecordResult) -> None:
    for finding in result.findings:
        print(
            f"{path}:{result.source.location}: {finding.path}: {finding.code} "
            f"{finding.severity.value}: {finding.message}"
        )


def _validate(args: argparse.Namespace) -> int:
    registry.record_kind(args.kind)  # an unknown kind is a usage error before any output
    policy = load_policy(args.policy) if args.policy else TrustPolicy()
    paths = [Path(p) for p in args.files]
    with contextlib.ExitStack() as stack:
        rejects = stack.enter_context(Path(args.rejects).open("wb")) if args.rejects else None
        valid = stack.enter_context(Path(args.valid).open("wb")) if args.valid else None
        total = batch.BatchSummary()
        for path in paths:
            progress = _Progress()

            def on_result(
                result: batch.RecordResult, path: Path = path, progress: _Progress = progress
            ) -> None:
                progress(result)
                _report(path, result)

            summary = batch.validate_file(
                path,
                args.kind,
                fmt=args.format,
                policy=policy,
                jobs=args.jobs,
                rejects=rejects,
                valid=valid,
                on_result=on_result,
            )
            progress.done()
            print(
                f"{path}: {summary.records} records, {summary.valid} valid, "
                f"{summary.rejected} rejected",
                file=sys.stderr,
            )
            total = total + summary
    if len(paths) > 1:
        print(
            f"total: {total.records} records, {total.valid} valid, {total.rejected} rejected",
            file=sys.stderr,
        )
    return EXIT_INVALID if total.rejected else EXIT_OK


def _as_of(text: str) -> datetime:
    """A date (the start of that day in London) or an instant with an offset."""
    if "T" in text or "t" in text:
        return _time.parse_instant(text)
    return _time.start_of_day(_time.parse_date(text))


def _audit(args: argparse.Namespace) -> int:
    folder = Path(args.path) if args.path else audit.example_bundle()
    if args.as_of:
        as_of = _as_of(args.as_of)
    elif args.path:
        as_of = _time.now()
    else:
        as_of = _time.start_of_day(audit.EXAMPLE_AS_OF)
    policy = load_policy(args.policy) if args.policy else TrustPolicy()
    result = audit.run_audit(audit.read_bundle(folder), as_of, policy)
    if args.format == "json":
        text = audit.render_json(result)
    elif args.format == "html":
        title = (
            f"{policy.general.name}: caseload audit" if policy.general.name else "Caseload audit"
        )
        text = audit_html.render_html(result, title)
    else:
        text = audit.render_text(result)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cpa-core",
        description="Rules and models for NHS mental health care coordination.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    schema = commands.add_parser("schema", help="JSON Schemas of the record kinds")
    schema_commands = schema.add_subparsers(dest="schema_command", required=True)
    export = schema_commands.add_parser(
        "export", help="write one JSON Schema per record kind, plus index.json"
    )
    export.add_argument("directory", help="folder to write into (created if missing)")
    export.set_defaults(run=_schema_export)

    check = commands.add_parser(
        "validate", help="validate files of records; report every bad record by line and path"
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="NDJSON, JSON array or CSV")
    check.add_argument("--kind", required=True, help="the record kind of every record")
    check.add_argument(
        "--format", choices=batch.FORMATS, help="input format (default: from the suffix)"
    )
    check.add_argument("--rejects", metavar="FILE", help="write the rejected records here")
    check.add_argument("--valid", metavar="FILE", help="write the valid records here")
    check.add_argument("--policy", help="Trust policy file (.toml or .json)")
    check.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    check.set_defaults(run=_validate)

    run_audit = commands.add_parser(
        "audit", help="what is overdue or due soon across a bundle of records"
    )
    run_audit.add_argument(
        "path",
        nargs="?",
        help="folder of KIND.ndjson files (default: the bundled example team)",
    )
    run_audit.add_argument(
        "--as-of",
        help="YYYY-MM-DD (start of that day, London) or an RFC 3339 instant; default: now, "
        "or the example team's date when auditing the example",
    )
    run_audit.add_argument("--policy", help="Trust policy file (.toml or .json)")
    run_audit.add_argument("--format", choices=("text", "json", "html"), default="text")
    run_audit.add_argument("--output", "-o", metavar="FILE", help="write the report here")
    run_audit.set_defaults(run=_audit)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except CpaCoreError as exc:
        print(f"cpa-core: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"cpa-core: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return code


if __name__ == "__main__":
    sys.exit(main())
