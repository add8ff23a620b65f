"""Fails a build whose catalogs do not parse, naming the file and the line.

Sphinx itself would build "successfully" with the old translation or none.
This guard runs whether or not ``make check-po`` did. It checks the catalogs
Sphinx is about to compile (no ``.mo`` yet, or one older than its ``.po``),
by Sphinx's own rule: a catalog compiled earlier passed this guard then, and
one the guard refuses is not compiled, so it is checked again next time.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.i18n import CatalogRepository

from coursekit.catalog_checks import syntax_errors


def refuse_malformed_catalogs(app: Sphinx) -> None:
    # The repository Sphinx itself compiles from, and its own "outdated" test.
    config = app.config
    repository = CatalogRepository(app.srcdir, config.locale_dirs, config.language, config.source_encoding)
    catalogs = sorted(catalog.po_path for catalog in repository.catalogs if catalog.is_outdated())
    errors = [error for catalog in catalogs for error in syntax_errors(catalog)]
    if errors:
        raise ExtensionError("malformed translation catalog:\n" + "\n".join(errors))


def setup(app: Sphinx) -> dict:
    # config-inited comes before Sphinx compiles the catalogs (and would skip a broken one).
    app.connect("config-inited", lambda app, config: refuse_malformed_catalogs(app), priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
