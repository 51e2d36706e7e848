"""HTML pages from the package's Jinja2 templates, configured one way for every page.

Autoescaping is on because every value on a page comes from records or rule tables that
nobody here wrote; an undefined name is an error rather than an empty string, so a
misspelt field cannot silently blank a cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

__all__ = ["environment"]


def environment(folder: str) -> jinja2.Environment:
    """A Jinja2 environment over the templates in ``cpa_core/<folder>``.

    Jinja2 is imported here: only writing a page needs it.
    """
    import jinja2  # noqa: PLC0415

    return jinja2.Environment(
        loader=jinja2.PackageLoader("cpa_core", folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
