"""Without the ``spark`` extra: cpa_core works, and cpa_core.spark says what to install."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from cpa_core.exceptions import CpaCoreError


def test_importing_cpa_core_never_imports_pyspark() -> None:
    code = (
        "import sys, cpa_core, cpa_core.cli, cpa_core.batch, cpa_core.audit, "
        "cpa_core.audit_html; print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('pyspark', 'pyarrow', 'pandas')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("missing", ["pyspark", "pyarrow"])
def test_spark_module_names_the_extra_when_a_dependency_is_missing(
    missing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A None entry in sys.modules makes `import name` fail as if it were not installed.
    for name in list(sys.modules):
        if name == missing or name.startswith(f"{missing}."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, missing, None)
    monkeypatch.delitem(sys.modules, "cpa_core.spark", raising=False)
    with pytest.raises(ImportError, match=r"pip install 'cpa-core\[spark\]'") as raised:
        importlib.import_module("cpa_core.spark")
    assert isinstance(raised.value, CpaCoreError)
