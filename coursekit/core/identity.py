"""The course's identity in each language: title, names, addresses, derived from ``course.toml``.

Shared by the Sphinx extensions (``coursekit.sphinxext.project`` sets the per-language
configuration from it) and the tools (kit, landing page).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from coursekit.core.languages import course_settings, source_language
from coursekit.core.notebook_i18n import notebook_title
from coursekit.core.translations import translator
from coursekit.core.ui_text import ui_text


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
        """An XML name without colon (NCName, so also an ``xs:ID``), one per language, whatever the
        title: the EPUB identifier and uid, and the stem of the SCORM manifest's identifier. A slug
        may start with a digit ('24/7 COO' -> '24-7-coo'), a name may not: then it gets a prefix."""
        stem = self.file_stem if self.file_stem[:1].isalpha() else f"course-{self.file_stem}"
        return f"{stem}-{self.language}"


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


def notebook_file_stem(notebook: Path, language: str) -> str:
    """The name, without suffix, of an exercise's files in ``language``: the downloaded notebook, the kits'
    copies, the handout.

    The source language keeps the notebook's own name (``04-prioriser-et-deleguer``). Another language
    takes its number and the translated title of the exercise, after the dash ("Exercise 4 — Prioritise,
    delegate, manage your time" gives ``04-prioritise-delegate-manage-your-time``): one translation, no
    second name to keep in step. A title that gives no name (untranslated, or no Latin letter or digit)
    leaves the source name. The page's address does not change (see README, "File names and addresses").
    """
    if language == source_language():
        return notebook.stem
    title = notebook_title(notebook)
    translated = translator(language, f"exercises/{notebook.stem}")(title) if title else ""
    if not translated or translated == title:
        return notebook.stem
    number = re.match(r"\d*", notebook.stem).group(0)
    name = slugify(translated.split("—", 1)[-1])
    if not name:
        return notebook.stem
    return f"{number}-{name}" if number else name
