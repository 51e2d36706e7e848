"""The ``cpa-core`` command.

Exit codes: 0 success; 2 usage or input error (unknown kind, unreadable file, bad date).
Errors are one clear line on stderr, never a traceback. ``cpa-core audit`` exits 0 when it
has produced its report, whatever the report finds.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from cpa_core import _time, audit, registry, schemas
from cpa_core.exceptions import CpaCoreError
from cpa_core.policy import TrustPolicy, load_policy

__all__ = ["main"]

EXIT_OK = 0
EXIT_USAGE = 2


def _schema_export(args: argparse.Namespace) -> int:
    for path in schemas.export(Path(args.directory), registry.schema_kinds()):
        print(path)
    return EXIT_OK


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
    render = audit.render_json if args.format == "json" else audit.render_text
    sys.stdout.write(render(result))
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
    run_audit.add_argument("--format", choices=("text", "json"), default="text")
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
