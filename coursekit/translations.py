"""Reading the translations of one catalog (``locales/<lang>/LC_MESSAGES/<domain>.po``).

Used for what Sphinx's own gettext does not translate: the UI words of the
machinery and the notebooks. Only finished entries count: a fuzzy entry falls
back to the source text, as in Sphinx (``make check-po`` reports it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polib

from coursekit.paths import LOCALES_DIR


def catalog_path(language: str, domain: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{domain}.po"


@cache
def translations(language: str, domain: str) -> dict[str, str]:
    path = catalog_path(language, domain)
    if not path.exists():
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.translated() and not entry.obsolete
    }


def translator(language: str, domain: str):
    """A function that translates one message, falling back to the source text."""
    table = translations(language, domain)
    return lambda message: table.get(message, message)
