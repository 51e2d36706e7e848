"""Three validators in three languages judge every schema's records alike.

python-jsonschema, jsonschema-rs and ajv (2020-12 and draft-07 classes, strict mode, with
ajv-formats) each check every published schema against its examples, the published test
vectors and the mutations of every example record, with format checking on and off. They
must agree on every case, and every record that cpa_core's ``validate`` refuses at the
schema stage must be refused by all three, formats or not: the patterns alone carry the
schema's whole judgement.

ajv runs under the machine's Node.js; the test installs ajv and ajv-formats with npm from
``tests/crossvalidate/package-lock.json`` into a cache folder (``CPA_CORE_NODE_CACHE``, or
``~/.cache/cpa-core``) the first time. Without Node.js the test is skipped, except in CI.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

from cpa_core import registry
from cpa_core.mutations import apply, mutations
from cpa_core.publish import example_records
from cpa_core.records import RECORD_INVALID
from cpa_core.validation import validate

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
HERE = Path(__file__).resolve().parent / "crossvalidate"
DRAFTS = ("2020-12", "draft-07")

Case = tuple[str, str, Any]
"""A schema's kind, what the case is (never a value), the data."""


def _node_modules() -> Path:
    """ajv and ajv-formats, installed from the lock file into the cache once."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js and npm are needed for the cross-validator test")
        pytest.skip("Node.js and npm are not installed")
    lock = (HERE / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock + (HERE / "package.json").read_bytes()).hexdigest()[:16]
    default = Path.home() / ".cache" / "cpa-core"
    folder = Path(os.environ.get("CPA_CORE_NODE_CACHE", default)) / f"ajv-{digest}"
    modules = folder / "node_modules"
    if not (modules / "ajv-formats" / "package.json").exists():
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(HERE / name, folder / name)
        subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=folder,
            check=True,
            timeout=300,
        )
    return modules


def _schemas(draft: str) -> dict[str, dict[str, Any]]:
    folder = SCHEMAS if draft == "2020-12" else SCHEMAS / "draft-07"
    index = json.loads((SCHEMAS / "index.json").read_text(encoding="utf-8"))
    return {
        kind: json.loads((folder / entry["file"]).read_text(encoding="utf-8"))
        for kind, entry in index["kinds"].items()
    }


def _vector_cases(kind: str, entry: Mapping[str, Any]) -> Iterator[Case]:
    vectors = json.loads((SCHEMAS / entry["vectors"]).read_text(encoding="utf-8"))
    for case in vectors["cases"]:
        data = vectors["records"][case["record"]]
        for op in case["patch"]:
            data = apply(data, op)
        yield kind, f"vector {case['name']}", data


def _cases() -> list[Case]:
    index = json.loads((SCHEMAS / "index.json").read_text(encoding="utf-8"))
    schemas = _schemas("2020-12")
    out: list[Case] = []
    for kind, entry in index["kinds"].items():
        schema = schemas[kind]
        records = example_records(kind)
        out.extend((kind, "schema example", data) for data in schema.get("examples", ()))
        if "vectors" in entry:
            out.extend(_vector_cases(kind, entry))
            records = records[1:]  # the vectors mutate the first
        for number, record in enumerate(records, start=1):
            out.append((kind, f"example {number}", record))
            for change in mutations(schema, record):
                out.append((kind, f"example {number} {change.name}", apply(record, change.op)))
    return out


CASES = _cases()


def _python(draft: str, formats: bool) -> list[bool]:
    cls = jsonschema.Draft202012Validator if draft == "2020-12" else jsonschema.Draft7Validator
    checker = cls.FORMAT_CHECKER if formats else None
    validators = {k: cls(s, format_checker=checker) for k, s in _schemas(draft).items()}
    return [validators[kind].is_valid(data) for kind, _, data in CASES]


def _rust(draft: str, formats: bool) -> list[bool]:
    cls = (
        jsonschema_rs.Draft202012Validator if draft == "2020-12" else jsonschema_rs.Draft7Validator
    )
    validators = {k: cls(s, validate_formats=formats) for k, s in _schemas(draft).items()}
    return [validators[kind].is_valid(data) for kind, _, data in CASES]


def _ajv(modules: Path, draft: str, formats: bool, tmp: Path) -> list[bool]:
    request = tmp / f"ajv-{draft}-{formats}.json"
    body = {
        "draft": draft,
        "formats": formats,
        "schemas": _schemas(draft),
        "cases": [[kind, data] for kind, _, data in CASES],
    }
    request.write_text(json.dumps(body), encoding="utf-8")
    done = subprocess.run(
        ["node", str(HERE / "ajv_verdicts.cjs"), str(modules), str(request)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    verdicts: list[bool] = json.loads(done.stdout)
    return verdicts


@pytest.fixture(scope="module")
def refused_by_validate() -> list[bool]:
    """For each case of a record kind, whether ``validate`` refuses it at the schema
    stage (``RECORD-INVALID``); ``False`` for the other schemas' cases."""
    kinds = registry.record_kinds()
    return [
        kind in kinds and RECORD_INVALID.code in validate(kind, data).codes()
        for kind, _, data in CASES
    ]


def test_python_jsonschema_checks_rfc_3339_formats() -> None:
    # The test extra installs rfc3339-validator; without it, python-jsonschema passes
    # every date-time silently.
    checkers = jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers
    assert {"date", "date-time"} <= checkers.keys()
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert not checker.conforms("2026-02-30T10:00:00Z", "date-time")


def test_the_cases_cover_every_schema() -> None:
    kinds = Counter(kind for kind, _, _ in CASES)
    assert set(kinds) == set(_schemas("2020-12"))
    assert min(kinds.values()) >= 20


@pytest.mark.parametrize("draft", DRAFTS)
def test_three_validators_agree(
    draft: str, refused_by_validate: list[bool], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    modules = _node_modules()
    for formats in (True, False):
        verdicts = {
            "python-jsonschema": _python(draft, formats),
            "jsonschema-rs": _rust(draft, formats),
            "ajv": _ajv(modules, draft, formats, tmp_path),
        }
        disagreements = [
            f"{kind}: {what}: {', '.join(f'{n}={v[i]}' for n, v in verdicts.items())}"
            for i, (kind, what, _) in enumerate(CASES)
            if len({v[i] for v in verdicts.values()}) > 1
        ]
        assert disagreements == [], f"{draft}, formats {formats}"
        accepted = verdicts["ajv"]
        let_through = [
            f"{kind}: {what}"
            for (kind, what, _), refused, ok in zip(
                CASES, refused_by_validate, accepted, strict=True
            )
            if refused and ok
        ]
        assert let_through == [], f"{draft}, formats {formats}: refused by validate only"
        shown = [
            ok for (_, what, _), ok in zip(CASES, accepted, strict=True) if what == "schema example"
        ]
        assert len(shown) >= len(_schemas(draft)), "every schema has examples"
        assert all(shown), "every schema's examples are valid"
        with capsys.disabled():
            print(
                f"\n{draft}, formats {'on' if formats else 'off'}: {len(CASES)} cases, "
                f"{accepted.count(True)} accepted and {accepted.count(False)} refused by all "
                f"three; {sum(refused_by_validate)} refused by validate at the schema stage"
            )
