"""Per-language project settings derived from ``course.toml``.

The build language is Sphinx's own ``language`` setting: ``sphinx-build -D
language=en`` gives the English book, as in any translated Sphinx project,
and the Makefile does the same. ``conf.py`` cannot see ``-D`` overrides (it
is executed before they apply), so everything that depends on the language
(title, e-book name, identifiers...) is derived here, at ``config-inited``,
which sees the final configuration.

``COURSE_LANGUAGE`` remains an alias: when set, it is the default that
``conf.py`` gives ``language`` (a ``-D language=`` still wins).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from coursekit.languages import all_languages, course_settings, source_language
from coursekit.ui_text import ui_text

LANGUAGE_VARIABLE = "COURSE_LANGUAGE"


def build_language() -> str:
    language = os.environ.get(LANGUAGE_VARIABLE, source_language())
    if language not in all_languages():
        raise SystemExit(
            f"{LANGUAGE_VARIABLE}={language!r} is not a course language; "
            f"known: {', '.join(all_languages())} (see `make add-language`)."
        )
    return language


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by hyphens: 'Le COO' -> 'le-coo'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class ProjectIdentity:
    language: str
    title: str
    subtitle: str
    description: str
    author: str
    publisher: str
    copyright: str

    @property
    def full_title(self) -> str:
        return f"{self.title} — {self.subtitle}"

    @property
    def file_stem(self) -> str:
        """File name of the e-book, in its language: 'le-coo', 'the-coo' (the source title's if
        the translated one has no Latin letter or digit to make a name of)."""
        return slugify(self.title) or slugify(course_settings()["title"])

    @property
    def base_url(self) -> str:
        """Absolute URL of this language's website (``html_baseurl``), ending with /."""
        return language_url(self.language)

    @property
    def identifier(self) -> str:
        """An XML Name, one per language, used as EPUB identifier and uid."""
        return f"{self.file_stem}-{self.language}"


def site_url() -> str:
    """Absolute URL of the published website's root, ending with / (``base_url`` of course.toml)."""
    return course_settings()["base_url"].rstrip("/") + "/"


def language_url(language: str) -> str:
    """Absolute URL of one language's website, ending with /."""
    return f"{site_url()}{language}/"


def identity(language: str) -> ProjectIdentity:
    settings = course_settings()

    def text(key: str) -> str:
        return ui_text(settings[key], language)

    return ProjectIdentity(
        language=language,
        title=text("title"),
        subtitle=text("subtitle"),
        description=text("description"),
        author=text("author"),
        publisher=text("publisher"),
        copyright=f"{settings['copyright_year']}, {text('author')}",
    )


def apply_identity(app: Sphinx, config: Config) -> None:
    """Set every per-language value from the final ``language`` (after ``-D`` overrides)."""
    language = config.language
    if language not in all_languages():
        raise ConfigError(
            f"language={language!r} is not a course language; "
            f"known: {', '.join(all_languages())} (see `make add-language`)."
        )
    course = identity(language)
    config.project = config.html_title = config.html_short_title = config.epub_title = course.title
    # Canonical, hreflang and sitemap URLs are absolute: this language's address under course.toml's base_url.
    config.html_baseurl = course.base_url
    config.author = config.epub_author = course.author
    config.copyright = config.epub_copyright = course.copyright
    config.epub_description = course.description
    config.epub_publisher = course.publisher
    config.epub_basename = course.file_stem
    config.epub_language = language
    # One XML Name for both: toc.ncx writes epub_uid, the OPF epub_identifier (EPUBCheck NCX-001).
    config.epub_identifier = config.epub_uid = course.identifier


def setup(app: Sphinx) -> dict:
    # Before Sphinx's own config-inited handlers (800), which date the copyright from SOURCE_DATE_EPOCH.
    app.connect("config-inited", apply_identity, priority=50)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
