"""Publishing on purpose: a language below course.toml's publish_threshold is built for preview, never offered.

A German catalog half translated (one fuzzy entry among them: fuzzy is not
translated) beside a complete English one: German is not published, so the
language chooser, the switcher of the other languages, the hreflang
alternates, robots.txt, the SCORM packages and the kits leave it out; its
own pages still show it, and say so in ``make translation-status``.
"""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from coursekit.core import languages, translations
from coursekit.sphinxext.language_links import alternate_urls, page_links
from coursekit.tools import catalog_status, landing

HEADER = 'msgid ""\nmsgstr ""\n"Language: {}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def write(locales: Path, language: str, entries: list[polib.POEntry]) -> None:
    path = locales / language / "LC_MESSAGES" / "ui.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER.format(language) + "\n".join(map(str, entries)), encoding="utf-8")


@pytest.fixture
def german_half_done(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    write(
        locales,
        "de",
        [
            polib.POEntry(msgid="Accueil", msgstr="Startseite"),
            polib.POEntry(msgid="Rechercher", msgstr="Suchen", flags=["fuzzy"]),
            polib.POEntry(msgid="Suivant", msgstr="Weiter"),
            polib.POEntry(msgid="Précédent", msgstr=""),
        ],
    )
    write(locales, "en", [polib.POEntry(msgid="Accueil", msgstr="Home")])
    monkeypatch.setattr(languages, "LOCALES_DIR", locales)
    monkeypatch.setattr(translations, "LOCALES_DIR", locales)
    monkeypatch.setattr(translations, "publish_threshold", lambda: 90.0)
    translations.published_languages.cache_clear()
    yield
    translations.published_languages.cache_clear()


def test_only_languages_above_the_threshold_are_published(german_half_done):
    assert translations.language_counts("de")[0].percent == 50.0  # the fuzzy entry is not translated
    assert translations.published_languages() == ("fr", "en")


def test_the_switcher_and_alternates_leave_an_unpublished_language_out(german_half_done):
    assert [link.code for link in page_links("en", "index.html")] == ["fr", "en"]
    assert [link.code for link in page_links("de", "index.html")] == ["fr", "en", "de"]  # the preview shows itself
    assert set(alternate_urls("index.html")) == {"fr", "en", "x-default"}


def test_the_language_chooser_and_robots_leave_it_out(german_half_done):
    page = landing.landing_page()
    assert 'href="en/index.html"' in page and 'href="de/' not in page
    assert "/de/" not in landing.robots_txt() and "/en/" in landing.robots_txt()


def test_no_package_or_kit_for_an_unpublished_language(german_half_done, capsys):
    assert translations.only_published(["fr", "en", "de"], "SCORM package") == ["fr", "en"]
    assert "de: no SCORM package: 50.0% translated, published from 90%" in capsys.readouterr().out


def test_translation_status_says_what_is_published(german_half_done, capsys):
    assert catalog_status.main(["--languages", "de", "en"]) == 0
    output = capsys.readouterr().out
    assert "de: preview only, not published" in output and "en: published" in output
    assert "50.0%" in output and "1 fuzzy" in output


def test_sphinx_intl_and_the_build_count_every_catalog_alike(tmp_path):
    """`make translation-status` counts as sphinx-intl does (the translators' figures); the build decides
    publication with its own quicker count: both must agree, fuzzy entries included."""
    from coursekit.core.paths import LOCALES_DIR
    from coursekit.core.translations import count

    catalogs = sorted(LOCALES_DIR.rglob("*.po"))
    fuzzy = tmp_path / "fuzzy.po"
    fuzzy.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Le COO"\nmsgstr "The COO"\n\nmsgid "Rôle"\nmsgstr "Role"\n\nmsgid "Missions"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert catalogs
    for path in [*catalogs, fuzzy]:
        assert catalog_status.sphinx_intl_count(path) == count(path), path
    assert (count(fuzzy).translated, count(fuzzy).fuzzy, count(fuzzy).untranslated) == (1, 1, 1)


def test_counts_are_kept_between_processes_by_catalog_content(german_half_done, tmp_path, monkeypatch):
    """With COURSE_CACHE_DIR (the Makefile sets it) a catalog is parsed once per content, not at every build."""
    cache = tmp_path / "cache"
    monkeypatch.setenv(translations.COUNTS_CACHE_VARIABLE, str(cache))
    assert translations.language_counts("de")[0].percent == 50.0
    stored = cache / translations.COUNTS_CACHE_FILE
    assert stored.is_file()
    # What is stored is what is used: a doctored count comes back as long as the catalog is the same...
    digest = next(iter(json.loads(stored.read_text(encoding="utf-8"))))
    stored.write_text(f'{{"{digest}": [4, 0, 0]}}', encoding="utf-8")
    assert translations.language_counts("de")[0].percent == 100.0
    # ...and an edited catalog is counted again (here one more translated entry: 3 of 4).
    catalog = tmp_path / "locales" / "de" / "LC_MESSAGES" / "ui.po"
    edited = polib.pofile(str(catalog))
    edited.find("Précédent").msgstr = "Zurück"
    edited.save()
    assert translations.language_counts("de")[0].translated == 3
    # A damaged cache is not an error: the catalogs are counted.
    stored.write_text("{not json", encoding="utf-8")
    assert translations.language_counts("de")[0].translated == 3


def test_translations_are_kept_between_processes_by_catalog_content(german_half_done, tmp_path, monkeypatch):
    """A catalog's finished translations are parsed once per content (fuzzy and empty entries left out)."""
    cache = tmp_path / "cache"
    monkeypatch.setenv(translations.COUNTS_CACHE_VARIABLE, str(cache))
    translations.translations.cache_clear()
    assert translations.translations("de", "ui") == {"Accueil": "Startseite", "Suivant": "Weiter"}
    (stored,) = (cache / "translations").glob("*.json")
    # What is stored is what is used, as long as the catalog is the same...
    stored.write_text('{"Accueil": "Start"}', encoding="utf-8")
    translations.translations.cache_clear()
    assert translations.translations("de", "ui") == {"Accueil": "Start"}
    # ...an edited catalog is read again...
    catalog = tmp_path / "locales" / "de" / "LC_MESSAGES" / "ui.po"
    edited = polib.pofile(str(catalog))
    edited.find("Précédent").msgstr = "Zurück"
    edited.save()
    translations.translations.cache_clear()
    assert translations.translations("de", "ui")["Précédent"] == "Zurück"
    # ...and a damaged or doctored file is not used: the catalog is read.
    for damaged in (cache / "translations").glob("*.json"):
        damaged.write_text('{"Accueil": ["<script>"]}', encoding="utf-8")
    translations.translations.cache_clear()
    assert translations.translations("de", "ui")["Accueil"] == "Startseite"
    translations.translations.cache_clear()


def test_the_translations_kept_are_the_latest_few(german_half_done, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(translations.COUNTS_CACHE_VARIABLE, str(cache))
    monkeypatch.setattr(translations, "TRANSLATIONS_CACHE_FILES", 2)
    catalog = tmp_path / "locales" / "de" / "LC_MESSAGES" / "ui.po"
    for word in ("Zurück", "Vorher", "Davor"):
        edited = polib.pofile(str(catalog))
        edited.find("Précédent").msgstr = word
        edited.save()
        translations.translations.cache_clear()
        assert translations.translations("de", "ui")["Précédent"] == word
    assert len(list((cache / "translations").glob("*.json"))) == 2
    translations.translations.cache_clear()
