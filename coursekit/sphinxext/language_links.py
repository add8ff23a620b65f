"""Links between the language editions of the website.

Every page offers the same page in the other published languages (see
``publish_threshold`` in course.toml): a visible switcher
(template ``language-switcher.html``) and ``<link rel="alternate"
hreflang>`` for each language plus ``x-default`` (the source language).
Each language is built into ``<html-root>/<lang>/``, so the same page in
another language is a sibling path.

The switcher's links are relative, so that a copy of the site works
anywhere (a training room, a saved folder); the ``hreflang`` alternates are
absolute, from the site's address (``base_url`` of ``course.toml``), as
search engines require.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html import escape

from sphinx.application import Sphinx

from coursekit.core.identity import language_url
from coursekit.core.languages import language_tag, native_name, source_language
from coursekit.core.translations import published_languages


@dataclass(frozen=True)
class LanguageLink:
    code: str  # the folder's name: pt_BR
    tag: str  # its BCP 47 tag, for lang and hreflang: pt-BR
    name: str  # the language's own name: "Français", "English"
    url: str
    current: bool


def page_links(current_language: str, page_file: str) -> list[LanguageLink]:
    """Links from ``page_file`` (relative to the language root) to every published language, and to the
    current one (a language built for preview, not published yet, shows itself too)."""
    here = posixpath.dirname(posixpath.join(current_language, page_file))
    published = published_languages()
    languages = [*published, current_language] if current_language not in published else published
    return [
        LanguageLink(
            code=code,
            tag=language_tag(code),
            name=native_name(code),
            url=posixpath.relpath(posixpath.join(code, page_file), here),
            current=code == current_language,
        )
        for code in languages
    ]


def alternate_urls(page_file: str) -> dict[str, str]:
    """Absolute URL of ``page_file`` (relative to a language root) in every published language, by BCP 47 tag,
    plus ``x-default``."""
    urls = {language_tag(code): language_url(code) + page_file for code in published_languages()}
    return urls | {"x-default": urls[language_tag(source_language())]}


def alternate_link_tags(page_file: str) -> str:
    return "".join(
        f'<link rel="alternate" hreflang="{code}" href="{escape(url)}" />\n'
        for code, url in alternate_urls(page_file).items()
    )


def add_language_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    page_file = pagename + app.builder.out_suffix
    links = page_links(app.config.language, page_file)
    context["course_language_links"] = links
    context["metatags"] = context.get("metatags", "") + alternate_link_tags(page_file)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", add_language_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
