"""``sitemap.xml`` for each language's website.

Every page of the language (the search page aside: it is not content) with
its absolute URL and, as search engines ask, its alternates in every
language (``xhtml:link hreflang``), the same ones as the page's own
``<link rel="alternate">`` (``coursekit.sphinxext.language_links``). No modification
date: the same sources give the same bytes (``coursekit.sphinxext.reproducible``).
The site root's ``robots.txt`` (``coursekit.tools.landing``) points at each sitemap.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from coursekit.core.paths import SITEMAP
from coursekit.core.translations import is_published
from coursekit.sphinxext.language_links import alternate_urls

NOT_CONTENT = {"search"}


def sitemap_xml(base_url: str, page_files: list[str]) -> str:
    entries = []
    for page_file in page_files:
        links = "".join(
            f'    <xhtml:link rel="alternate" hreflang="{code}" href="{escape(url)}"/>\n'
            for code, url in alternate_urls(page_file).items()
        )
        entries.append(f"  <url>\n    <loc>{escape(base_url + page_file)}</loc>\n{links}  </url>\n")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        + "".join(entries)
        + "</urlset>\n"
    )


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    target = Path(app.outdir, SITEMAP)
    if not is_published(app.config.language):
        target.unlink(missing_ok=True)  # built for preview: nothing to offer search engines
        return
    page_files = sorted(app.builder.get_target_uri(name) for name in app.env.found_docs if name not in NOT_CONTENT)
    xml = sitemap_xml(app.config.html_baseurl, page_files)
    # Rewritten only when it changes: an unchanged build leaves every file as it was.
    if not target.is_file() or target.read_text(encoding="utf-8") != xml:
        target.write_text(xml, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
