"""Sessions: tests, typecheck, lint, docs, schemas. Plain ``nox`` runs them all."""

from __future__ import annotations

import filecmp
import tempfile
from pathlib import Path

import nox

nox.options.sessions = ["tests", "typecheck", "lint", "docs", "schemas"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent


@nox.session
def tests(session: nox.Session) -> None:
    """pytest with branch coverage; fails under 90%. The Spark tests run in local mode
    (pyspark from the ``spark`` extra; Java 17 on the machine) and must not be skipped."""
    session.install(".[test,spark]")
    session.run(
        "pytest",
        "--cov=cpa_core",
        "--cov-branch",
        "--cov-report=term-missing:skip-covered",
        "--cov-fail-under=90",
        *session.posargs,
        env={"CPA_CORE_SPARK_TESTS": "required"},
    )


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over src and tests."""
    session.install("-e", ".[typecheck]")
    session.run("mypy", "--strict", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install(".[lint]")
    paths = ["src", "tests", "docs", "benchmarks", "noxfile.py"]
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)


@nox.session
def docs(session: nox.Session) -> None:
    """Sphinx with warnings as errors and nitpicky references; every example executed."""
    session.install(".[docs]")
    session.run(
        "sphinx-build", "-W", "-n", "--keep-going", "-b", "html", "docs", "docs/_build/html"
    )
    session.run("pytest", "-p", "no:cacheprovider", "--doctest-glob=*.md", "docs", "README.md")


@nox.session(default=False)
def spark_benchmark(session: nox.Session) -> None:
    """Spark local mode against ``--jobs 2`` (on demand: ``nox -s spark_benchmark``)."""
    session.install(".[fast,spark]")
    session.run("python", "benchmarks/spark_throughput.py", *session.posargs)


@nox.session(default=False)
def benchmark(session: nox.Session) -> None:
    """The throughput benchmark (on demand: ``nox -s benchmark -- --records 1000000``)."""
    session.install(".[fast]", "pydantic>=2")
    session.run("python", "benchmarks/validate_throughput.py", *session.posargs)


@nox.session(default=False)
def audit_scale(session: nox.Session) -> None:
    """The audit at scale (on demand: ``nox -s audit_scale -- --sizes 1 100 10000``)."""
    session.install(".[test]")
    session.run("python", "benchmarks/audit_scale.py", *session.posargs)


@nox.session
def schemas(session: nox.Session) -> None:
    """Regenerate schemas/ and fail if the committed files differ (``-- --write`` updates)."""
    session.install(".")
    if "--write" in session.posargs:
        session.run("cpa-core", "schema", "export", "schemas")
        return
    with tempfile.TemporaryDirectory() as fresh:
        session.run("cpa-core", "schema", "export", fresh, silent=True)
        stale = sorted(_differences(Path(fresh), ROOT / "schemas"))
        if stale:
            session.error(
                f"schemas/ is stale ({', '.join(stale)}): run `nox -s schemas -- --write`"
            )


def _differences(fresh: Path, committed: Path) -> set[str]:
    """Files written, changed or gone between two folders, their subfolders included."""
    new = {p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()}
    old = {p.relative_to(committed).as_posix() for p in committed.rglob("*") if p.is_file()}
    both = new & old
    changed = {n for n in both if not filecmp.cmp(fresh / n, committed / n, shallow=False)}
    return (new ^ old) | changed
