"""The terminology table, ``locales/terminology.csv``: one term per concept, and the variants to avoid.

The single source of the canonical French and English names and of the
variants each language must not use (``avoid_fr``, ``avoid_en``, separated
by ``|``). Read by the build (the table on the translation page, the check of
every built page, :mod:`coursekit.sphinxext.term_check`) and by ``check-po``
(each msgstr, at its catalog line).

A variant written with a capital letter is matched as written (it forbids a
capitalisation, e.g. *Chief Operating Officer* in English running text);
the others are matched whatever their case.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from coursekit.core.paths import LOCALES_DIR

TERMINOLOGY_FILE = LOCALES_DIR / "terminology.csv"


def read_terminology() -> list[dict[str, str]]:
    if TERMINOLOGY_FILE.is_symlink():  # under locales/: a translator's link must not make the page read elsewhere
        raise ValueError(f"{TERMINOLOGY_FILE.relative_to(LOCALES_DIR.parent)}: a symbolic link, not a file")
    with TERMINOLOGY_FILE.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@dataclass(frozen=True)
class ForbiddenVariant:
    variant: str
    canonical: str
    pattern: re.Pattern


def normalised(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ").split())


def forbidden_variants(language: str) -> list[ForbiddenVariant]:
    """The variants the language must not use (read again only when the table changed: check-po asks per entry)."""
    return _forbidden_variants(language, TERMINOLOGY_FILE.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _forbidden_variants(language: str, _version: int) -> list[ForbiddenVariant]:
    column, canonical_column = (f"avoid_{language}", "french" if language == "fr" else "english")
    found = []
    for term in read_terminology():
        for variant in filter(None, (part.strip() for part in (term.get(column) or "").split("|"))):
            flags = 0 if any(character.isupper() for character in variant) else re.IGNORECASE
            pattern = re.compile(rf"(?<!\w){re.escape(normalised(variant))}(?!\w)", flags)
            found.append(ForbiddenVariant(variant, term[canonical_column], pattern))
    return found
