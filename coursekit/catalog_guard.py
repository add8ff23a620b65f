"""Fails a build whose catalogs do not parse, naming the file and the line.

Sphinx itself would build "successfully" with the old translation or none.
This guard runs whether or not ``make check-po`` did. It checks the catalogs
Sphinx is about to compile (no ``.mo`` yet, or one older than its ``.po``),
by Sphinx's own rule: a catalog compiled earlier passed this guard then, and
one the guard refuses is not compiled, so it is checked again next time.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from coursekit.catalog_checks import syntax_errors
from coursekit.paths import LOCALES_DIR


def _will_be_compiled(catalog: Path) -> bool:
    compiled = catalog.with_suffix(".mo")
    return not compiled.exists() or catalog.stat().st_mtime > compiled.stat().st_mtime


def refuse_malformed_catalogs(app: Sphinx) -> None:
    catalogs = sorted(filter(_will_be_compiled, (LOCALES_DIR / app.config.language).rglob("*.po")))
    errors = [error for catalog in catalogs for error in syntax_errors(catalog)]
    if errors:
        raise ExtensionError("malformed translation catalog:\n" + "\n".join(errors))


def setup(app: Sphinx) -> dict:
    # config-inited comes before Sphinx compiles the catalogs (and would skip a broken one).
    app.connect("config-inited", lambda app, config: refuse_malformed_catalogs(app), priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
