"""Reading the translations of one catalog (``locales/<lang>/LC_MESSAGES/<domain>.po``).

Used for what Sphinx's own gettext does not translate: the UI words of the
machinery and the notebooks. Only finished entries count: a fuzzy entry falls
back to the source text, as in Sphinx (``make check-po`` reports it).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib

from coursekit.core.languages import course_settings, source_language, translated_languages
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
    """The finished translations of one catalog, by msgid.

    Kept between processes by the catalog's content, as the counts are (``COURSE_CACHE_DIR``, see
    ``CountsCache``): a one-page rebuild asks for catalogs it did not change (the notebooks' titles name the
    handouts and the downloads), and parsing them cost it a twentieth of its time.
    """
    path = catalog_path(language, domain)
    if not path.exists():
        return {}
    folder = os.environ.get(COUNTS_CACHE_VARIABLE)
    if not folder:
        return _parsed_translations(path)
    content = path.read_bytes()
    kept = Path(folder) / "translations" / f"{hashlib.sha256(TRANSLATIONS_CACHE_VERSION + content).hexdigest()}.json"
    try:
        table = json.loads(kept.read_text(encoding="utf-8"))
        if isinstance(table, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
            return table
    except (OSError, ValueError):
        pass
    table = _parsed_translations(path)
    _write_whole(kept, table)
    # Each edit of a catalog leaves one more file: the oldest go beyond a few hundred.
    files = sorted(kept.parent.glob("*.json"), key=_modified)
    for old in files[:-TRANSLATIONS_CACHE_FILES]:
        old.unlink(missing_ok=True)
    return table


def _write_whole(path: Path, data: object) -> None:
    """JSON written whole, then renamed: two builds at once (one per language) each leave a complete file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as temporary:
        json.dump(data, temporary, ensure_ascii=False)
    os.replace(temporary.name, path)


def _modified(file: Path) -> float:
    """When a cache file was written; 0 for one another build (the other language's, at the same time) removed."""
    try:
        return file.stat().st_mtime
    except FileNotFoundError:
        return 0.0


TRANSLATIONS_CACHE_VERSION = b"1\0"  # raise it when what _parsed_translations keeps changes
TRANSLATIONS_CACHE_FILES = 256


def _parsed_translations(path: Path) -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)) if entry.translated() and not entry.obsolete}


def translator(language: str, domain: str):
    """A function that translates one message, falling back to the source text."""
    table = translations(language, domain)
    report_use(catalog_path(language, domain))
    return lambda message: table.get(message, message)


@cache
def contextual_translations(language: str, domain: str) -> dict[tuple[str | None, str], str]:
    """The finished translations by (msgctxt, msgid): one French text may have several uses."""
    path = catalog_path(language, domain)
    if not path.exists():
        return {}
    entries = polib.pofile(str(path))
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr for entry in entries if entry.translated() and not entry.obsolete
    }


def contextual_translator(language: str, domain: str) -> Callable[[str, str], str]:
    """A function of (context, message) that translates, falling back to the source text."""
    table = contextual_translations(language, domain)
    report_use(catalog_path(language, domain))
    return lambda context, message: table.get((context, message), message)


# -- How much of a language is translated, and whether it is published -----------------


@dataclass
class Counts:
    """A catalog's messages: translated, fuzzy (not used: the French is shown) and untranslated."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        # A catalog with no message at all (empty, or a header alone) is not translated: 0 %.
        return 100.0 * self.translated / self.total if self.total else 0.0

    def __iadd__(self, other: Counts) -> Counts:
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated
        return self


# Where the counts of catalogs already seen are kept, by content digest, between processes: without them a
# one-page rebuild parses every catalog of every language to know which languages are published. The Makefile
# names a folder of the build; without the variable (a direct sphinx-build, a test) nothing is kept.
COUNTS_CACHE_VARIABLE = "COURSE_CACHE_DIR"
COUNTS_CACHE_FILE = "catalog-counts.json"
COUNTS_CACHE_VERSION = "1"  # raise it when what count() counts changes
COUNTS_CACHE_SIZE = 4096  # entries kept, the most recent ones


def _counts_cache_path() -> Path | None:
    folder = os.environ.get(COUNTS_CACHE_VARIABLE)
    return Path(folder) / COUNTS_CACHE_FILE if folder else None


class CountsCache:
    """Counts already made, by catalog content, read once and written back once if anything was added."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.stored = self._read() if path else {}
        self.added = False

    def _read(self) -> dict[str, list[int]]:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return stored if isinstance(stored, dict) else {}

    def count(self, catalog: Path) -> Counts:
        if self.path is None:
            return count(catalog)
        key = hashlib.sha256(COUNTS_CACHE_VERSION.encode() + b"\0" + catalog.read_bytes()).hexdigest()
        known = self.stored.get(key)
        if isinstance(known, list) and len(known) == 3 and all(type(n) is int and n >= 0 for n in known):
            return Counts(*known)
        counts = count(catalog)
        self.stored[key] = [counts.translated, counts.fuzzy, counts.untranslated]
        self.added = True
        return counts

    def save(self) -> None:
        if self.path is None or not self.added:
            return
        _write_whole(self.path, dict(list(self.stored.items())[-COUNTS_CACHE_SIZE:]))


def count(path: Path) -> Counts:
    """The messages of one catalog (obsolete entries and the header aside); a fuzzy entry is not translated."""
    counts = Counts()
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.msgid:
            continue
        if entry.fuzzy:
            counts.fuzzy += 1
        elif entry.translated():
            counts.translated += 1
        else:
            counts.untranslated += 1
    return counts


def language_counts(language: str) -> tuple[Counts, list[tuple[str, Counts]]]:
    """Every catalog of a language, by name, and their sum."""
    catalogs_dir = LOCALES_DIR / language / "LC_MESSAGES"
    cache = CountsCache(_counts_cache_path())
    paths = sorted(catalogs_dir.rglob("*.po"))
    rows = [(path.relative_to(catalogs_dir).as_posix(), cache.count(path)) for path in paths]
    cache.save()
    overall = Counts()
    for _name, counts in rows:
        overall += counts
    return overall, rows


def publish_threshold() -> float:
    return float(course_settings().get("publish_threshold", 0))


@cache
def published_languages() -> tuple[str, ...]:
    """The source language, then each translation translated at least to course.toml's ``publish_threshold``.

    The others are built for preview only: no language chooser, switcher, sitemap, LMS package or kit offers them.
    """
    threshold = publish_threshold()
    return (
        source_language(),
        *(language for language in translated_languages() if language_counts(language)[0].percent >= threshold),
    )


def is_published(language: str) -> bool:
    return language in published_languages()


def only_published(languages: list[str], output: str) -> list[str]:
    """The published ones among ``languages``; each other one is named, with why it gets no ``output``."""
    for language in languages:
        if not is_published(language):
            percent = language_counts(language)[0].percent
            print(
                f"{language}: no {output}: {percent:.1f}% translated, published from {publish_threshold():g}% "
                "(publish_threshold in course.toml); the website is built for preview"
            )
    return [language for language in languages if is_published(language)]
