"""Fails a build whose catalogs do not parse, naming the file and the line.

Sphinx itself would build "successfully" with the old translation or none.
This guard runs whether or not ``make check-po`` did.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from coursekit.catalog_checks import syntax_errors
from coursekit.paths import LOCALES_DIR


def refuse_malformed_catalogs(app: Sphinx) -> None:
    catalogs = sorted((LOCALES_DIR / app.config.language).rglob("*.po"))
    errors = [error for catalog in catalogs for error in syntax_errors(catalog)]
    if errors:
        raise ExtensionError("malformed translation catalog:\n" + "\n".join(errors))


def setup(app: Sphinx) -> dict:
    # config-inited comes before Sphinx compiles the catalogs (and would skip a broken one).
    app.connect("config-inited", lambda app, config: refuse_malformed_catalogs(app), priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
