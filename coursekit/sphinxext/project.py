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
from sphinx.errors import ConfigError

from coursekit.core.identity import identity
from coursekit.core.languages import all_languages, language_tag
from coursekit.sphinxext import event_order


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
    config.epub_language = language_tag(language)  # BCP 47 in the OPF: pt-BR
    # One XML Name for both: toc.ncx writes epub_uid, the OPF epub_identifier (EPUBCheck NCX-001).
    config.epub_identifier = config.epub_uid = course.identifier


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", apply_identity, priority=event_order.SET_IDENTITY)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
