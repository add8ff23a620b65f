"""Reading the translations of one catalog (``locales/<lang>/LC_MESSAGES/<domain>.po``).

Used for what Sphinx's own gettext does not translate: the UI words of the
machinery and the notebooks. Only finished entries count: a fuzzy entry falls
back to the source text, as in Sphinx (``make check-po`` reports it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import polib

from coursekit.core.paths import LOCALES_DIR


def catalog_path(language: str, domain: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{domain}.po"


# Who wants to know which translations were used (``coursekit.sphinxext.dependencies``, while Sphinx reads a
# document): called with the catalog and, for one message, the message and the translation given.
# A catalog used whole (``translator``) is reported with ``None`` as message.
observers: list[Callable[[Path, str | None, str | None], None]] = []


def report_use(path: Path, message: str | None = None, translation: str | None = None) -> None:
    for observer in observers:
        observer(path, message, translation)


@cache
def translations(language: str, domain: str) -> dict[str, str]:
    path = catalog_path(language, domain)
    if not path.exists():
        return {}
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)) if entry.translated() and not entry.obsolete}


def translator(language: str, domain: str):
    """A function that translates one message, falling back to the source text."""
    table = translations(language, domain)
    report_use(catalog_path(language, domain))
    return lambda message: table.get(message, message)
