"""Sphinx configuration for the cpa_core documentation.

Build (warnings are errors, every cross-reference must resolve)::

    sphinx-build -W -n --keep-going -b html docs docs/_build/html

The rule tables, finding codes, policy settings and record kinds are rendered from the code
at build time by the local extension ``docs/_ext/cpa_docs.py``, so they cannot drift from it.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent

# The package is importable from the checkout without being installed, and the local
# extension lives beside this file.
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(DOCS / "_ext"))

import cpa_core  # noqa: E402

# -- Project -------------------------------------------------------------------------------

project = "cpa_core"
author = "cpa_core maintainers"
copyright = "cpa_core maintainers"
release = cpa_core.__version__
version = ".".join(release.split(".")[:2])

# -- General -------------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "cpa_docs",
    "cpa_downloads",
    "cpa_hazards",
    "cpa_changes",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**/.pytest_cache"]
language = "en"
nitpicky = True

# -- MyST ----------------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- autodoc and napoleon ------------------------------------------------------------------

autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_member_order = "bysource"
autodoc_class_signature = "mixed"
autodoc_preserve_defaults = False
autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
}

napoleon_google_docstring = True
napoleon_numpy_docstring = False
# `Attributes:` sections of the frozen attrs classes become ``.. attribute::`` entries with
# the field's annotated type, so each field is documented once, where its docstring says.
napoleon_use_ivar = False
napoleon_attr_annotations = True
napoleon_use_rtype = False
napoleon_preprocess_types = True

# -- Cross-references ----------------------------------------------------------------------

# No network, so no intersphinx: references into the standard library and third-party
# packages cannot resolve and are ignored. References into cpa_core itself must resolve.
_EXTERNAL = (
    "datetime",
    "typing",
    "collections",
    "enum",
    "pathlib",
    "zoneinfo",
    "attrs",
    "attr",
    "cattrs",
    "jsonschema",
    "argparse",
    "types",
    "contextvars",
    "pyspark",
    "pyarrow",
    "pandas",
)
nitpick_ignore_regex = [(r"py:.*", rf"{package}(\..+)?") for package in _EXTERNAL]
# Docstrings name a method of a datetime class without the module (`date.fromisoformat`).
nitpick_ignore_regex += [
    (r"py:.*", r"(date|datetime|time|timedelta|timezone|tzinfo)\.\w+"),
]

# -- HTML ----------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"cpa_core {release}"
html_static_path = ["_static"]
html_css_files = ["cpa_docs.css"]
html_show_sourcelink = False
