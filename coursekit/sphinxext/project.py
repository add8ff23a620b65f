"""Per-language project settings derived from ``course.toml``.

The build language is Sphinx's own ``language`` setting: ``sphinx-build -D
language=en`` gives the English book, as in any translated Sphinx project,
and the Makefile does the same. ``conf.py`` cannot see ``-D`` overrides (it
is executed before they apply), so everything that depends on the language
(title, e-book name, identifiers...) is derived here, at ``config-inited``,
which sees the final configuration.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from coursekit.core.identity import identity
from coursekit.core.languages import NotALanguage, all_languages, language_tag
from coursekit.sphinxext import event_order


class NotACourseLanguage(SystemExit):
    """A user's error, said as such. A SystemExit, not a SphinxError: Sphinx 9 prints its crash report
    (traceback, "report this error to the developers") for every exception, its own errors included."""


def check_language(app: Sphinx, config: Config) -> None:
    """The build language is a course language, and every folder of locales/ is one.

    Said plainly: not Sphinx's "Configuration error", a traceback or "report this to the developers".
    """
    try:
        languages = all_languages()
    except NotALanguage as error:
        raise NotACourseLanguage(f"Cannot build: {error}") from None
    if config.language not in languages:
        raise NotACourseLanguage(
            f"Cannot build in {config.language!r} (-D language=): not a course language. "
            f"The course has {', '.join(languages)}; start a new translation with "
            "`make add-language LANG=<code>` (TRANSLATING.md)."
        )


def apply_identity(app: Sphinx, config: Config) -> None:
    """Set every per-language value from the final ``language`` (after ``-D`` overrides)."""
    language = config.language
    course = identity(language)
    config.project = config.html_title = config.html_short_title = config.epub_title = course.title
    # Canonical, hreflang and sitemap URLs are absolute: this language's address under course.toml's base_url.
    config.html_baseurl = course.base_url
    config.author = config.epub_author = course.author
    config.copyright = config.epub_copyright = course.copyright
    config.epub_description = course.description
    config.epub_publisher = course.publisher
    config.epub_basename = course.file_stem
    config.epub_language = language_tag(language)  # BCP 47 in the OPF: pt-BR
    # One XML Name for both: toc.ncx writes epub_uid, the OPF epub_identifier (EPUBCheck NCX-001).
    config.epub_identifier = config.epub_uid = course.identifier


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", check_language, priority=event_order.CHECK_LANGUAGE)
    app.connect("config-inited", apply_identity, priority=event_order.SET_IDENTITY)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
