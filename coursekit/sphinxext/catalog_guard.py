"""The build's own catalog check: nothing a translator wrote reaches Sphinx unchecked.

``make check-po`` may be skipped (``sphinx-build`` called directly, a stale
stamp); this guard is not. At ``config-inited``, before Sphinx compiles or
reads any catalog, every ``.po`` of the build language goes through the same
checks as ``make check-po`` (:mod:`coursekit.sphinxext.catalog_checks`). Each
finding is a warning at its file and line (``course.catalog``), every catalog
is checked, then any refusal stops the build with Sphinx's own error
(``CatalogRefused``). Unlike an authoring mistake in a page, a refused catalog
cannot be left out while the build goes on: the machinery reads ``.po`` files
itself (``coursekit.core.translations``: UI words, notebooks), so the only safe
build is none.

The guard then writes each catalog's ``.mo`` itself, from the ``.po`` it has
just checked, so Sphinx never compiles or loads a ``.mo`` the guard has not
made: a ``.mo`` committed beside a catalog, or left by a refused one, is
replaced or removed. A ledger in the doctree folder records the hashes of the
``.po`` and ``.mo`` pairs checked and of the rules they were checked against (the
checking code and the terminology table), so an unchanged catalog is not checked again (a build of one changed catalog
stays fast), and after a change of rules every catalog is: a build after an upgrade
refuses what a clean build refuses. Within a changed catalog, only the entries not
seen passing under the same rules are checked (``catalog_checks.entry_key``).

Only the build language's catalogs are read: a problem in another language
never stops this one. A fuzzy entry is no problem at all (it is left out of
the ``.mo``, so the reader sees the French). The catalog of a removed page,
which ``make update-po`` keeps for its translator, is not built: it gets an
empty ``.mo`` (so Sphinx does not compile it either) whatever it holds.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from coursekit.core.figure_text import FIGURES_DOMAIN
from coursekit.core.languages import source_language
from coursekit.core.paths import UI_DOMAIN
from coursekit.sphinxext import event_order
from coursekit.sphinxext.catalog_checks import (
    LEDGER_NAME,
    RESERVED_DOMAINS,
    check_catalog,
    explain,
    file_problems,
    passed_under,
    read_ledger,
    rules_digest,
    symbolic_links,
)

logger = logging.getLogger(__name__)

# Catalogs of the machinery, not of a page: always built.
MACHINERY_DOMAINS = frozenset({UI_DOMAIN, FIGURES_DOMAIN})

FINDING = re.compile(r"^(?P<location>.+?:\d+): (?P<message>(?P<check>[a-z]+): .*)$", re.S)


class CatalogRefused(SystemExit):
    """Stops the build after the findings were logged as located warnings.

    A SystemExit, not a SphinxError: Sphinx 9 prints its crash report (traceback, "report this
    error to the developers") for every exception, its own errors included; a translator's finding
    is not a crash.
    """

    def __init__(self, message: str) -> None:
        super().__init__(f"Translation catalog refused (see TRANSLATING.md and SECURITY.md): {message}")


def _warn(finding: str) -> None:
    """A finding ``path:line: check: 'msgid'`` as a warning at that line, of subtype ``catalog-<check>``."""
    match = FINDING.match(finding)
    if match is None:
        logger.warning("%s", finding, type="course", subtype="catalog")
        return
    logger.warning(
        "%s", match["message"], location=match["location"], type="course", subtype=f"catalog-{match['check']}"
    )


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def compiled_catalog(po_path: Path, language: str) -> bytes:
    """The ``.mo`` Sphinx would write (Babel, fuzzy entries left out), as bytes."""
    with po_path.open(encoding="utf-8") as stream:
        catalog = read_po(stream, language)
    output = io.BytesIO()
    write_mo(output, catalog, use_fuzzy=False)
    return output.getvalue()


def terminology_exempt(config: Config) -> list[str]:
    """The pages exempt from the terminology table: the term check's setting (none in a project without it)."""
    return list(getattr(config, "course_terminology_exempt", ()))


def checks_digest(config: Config) -> str:
    """``catalog_checks.rules_digest`` with this build's settings: a catalog is checked again when it changes."""
    return rules_digest(config.myst_enable_extensions, terminology_exempt(config))


def catalog_folders(app: Sphinx, config: Config) -> list[Path]:
    return [Path(app.srcdir, folder, config.language, "LC_MESSAGES") for folder in config.locale_dirs]


def has_source(app: Sphinx, domain: str) -> bool:
    """Whether a catalog's domain is a page or notebook of the project, or one of the machinery's."""
    if domain in MACHINERY_DOMAINS:
        return True
    suffixes = set(app.config.source_suffix) | set(app.registry.source_suffix) | {".ipynb"}
    return any(Path(app.srcdir, domain + suffix).is_file() for suffix in suffixes)


@cache
def empty_catalog() -> bytes:
    """The ``.mo`` of a catalog with no message."""
    output = io.BytesIO()
    write_mo(output, Catalog(locale=None, charset="utf-8"))
    return output.getvalue()


def leave_unbuilt(po_path: Path, mo_path: Path) -> None:
    """An empty ``.mo``, newer than its ``.po``: Sphinx neither compiles the catalog nor finds a message in it."""
    outdated = not mo_path.is_file() or mo_path.stat().st_mtime < po_path.stat().st_mtime
    if outdated or mo_path.read_bytes() != empty_catalog():
        mo_path.write_bytes(empty_catalog())


def guard_catalogs(app: Sphinx, config: Config) -> None:
    if config.language == source_language():
        return
    ledger_path = Path(app.doctreedir) / LEDGER_NAME
    ledger = read_ledger(ledger_path.parent)
    # Links first, before anything under locales/ is read: the language's folder and what it holds, and the
    # files beside the language folders (the terminology table); never another language's catalogs.
    errors: list[str] = []
    for folder in catalog_folders(app, config):
        locales = folder.parent.parent
        beside = (
            [path for path in locales.iterdir() if not path.is_dir() or path.is_symlink()] if locales.is_dir() else []
        )
        errors += [
            f"{path.relative_to(app.srcdir)}:1: filename: a symbolic link (locales/ holds files of its own only)"
            for path in sorted(beside)
            if path.is_symlink()
        ]
        errors += symbolic_links(folder.parent) if folder.is_dir() else []
    if errors:
        for finding in errors:
            _warn(finding)
        raise CatalogRefused(f"{len(errors)} finding(s), listed above")
    checks = checks_digest(config)
    exempt = terminology_exempt(config)
    for folder in catalog_folders(app, config):
        if not folder.is_dir():
            continue
        for mo_path in sorted(folder.rglob("*.mo")):
            if mo_path.stem in RESERVED_DOMAINS and mo_path.parent == folder:
                # Sphinx has loaded it already (for its own words): stop, whatever it holds.
                errors.append(f"{mo_path.relative_to(app.srcdir)}:1: filename: reserved: remove it")
            elif not mo_path.with_suffix(".po").exists():
                mo_path.unlink()  # no catalog of ours behind it (a stale or smuggled one)
        for po_path in sorted(folder.rglob("*.po")):
            mo_path = po_path.with_suffix(".mo")
            key = po_path.relative_to(app.srcdir).as_posix()
            if not has_source(app, po_path.relative_to(folder).with_suffix("").as_posix()):
                # Kept for its translator by update-po, read by nothing: not built, only its name is checked.
                errors += file_problems(po_path)
                if not file_problems(po_path):
                    leave_unbuilt(po_path, mo_path)
                ledger.pop(key, None)
                continue
            recorded = ledger.get(key) or []
            if recorded[:3] == [_digest(po_path), _digest(mo_path), checks] and not po_path.is_symlink():
                continue
            # The entries that passed these same rules before (an edit touches one or two of hundreds).
            passed = passed_under(recorded, checks)
            checked = check_catalog(po_path, config.language, config.myst_enable_extensions, passed, exempt)
            findings = [str(finding) for finding in checked]
            if findings:
                errors += findings
                mo_path.unlink(missing_ok=True)
                ledger[key] = [None, None, checks, sorted(passed)]  # not built; its passing entries are kept
                continue
            compiled = compiled_catalog(po_path, config.language)
            if not mo_path.is_file() or mo_path.read_bytes() != compiled:
                mo_path.write_bytes(compiled)
            ledger[key] = [_digest(po_path), _digest(mo_path), checks, sorted(passed)]
    ledger_path.parent.mkdir(parents=True, exist_ok=True)
    ledger_path.write_text(json.dumps(ledger, indent=1, sort_keys=True), encoding="utf-8")
    for finding in errors:
        _warn(finding)
    if errors:
        # A translator's finding, not the program's error: Sphinx reports it without a crash report.
        raise CatalogRefused(f"{len(errors)} finding(s), listed above\n" + "\n".join(explain(errors)))


def setup(app: Sphinx) -> dict:
    # config-inited comes before Sphinx compiles the catalogs (order: coursekit.sphinxext.event_order).
    app.connect("config-inited", guard_catalogs, priority=event_order.CHECK_CATALOGS)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
