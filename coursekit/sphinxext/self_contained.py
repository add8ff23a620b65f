"""The website loads nothing from outside itself.

A page that fetches a script from a CDN breaks offline (a training room
without internet, a saved copy), leaks every reader's visit to a third
party, and can change under the course's feet. Out of the box, two CDN
scripts reached every exercise page:

* nbsphinx adds require.js to every page, for notebook widgets and
  JavaScript outputs; the exercises have neither, so it is dropped;
* nbsphinx asks Sphinx to load MathJax on every notebook page "in case"
  a cell holds an equation; with ``nbsphinx_assume_equations`` off, MathJax
  loads only on a page that really has maths (none does today; if one
  ever does, this module's check fails the build until MathJax is served
  from the site's own ``_static``).

After the build, every page this build wrote is checked (pages left
untouched were checked when they were written): a script, style sheet,
image, frame or media element with a URL outside the site is a build
warning (an error under ``--fail-on-warning``) naming the page.
"""

from __future__ import annotations

import time
from html.parser import HTMLParser
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Attributes through which a page loads something by itself (links the reader follows are fine).
LOADING_ATTRIBUTES = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}
LOADING_LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch"}


def is_external(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


class _ExternalLoads(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and LOADING_LINK_RELS & set((attributes.get("rel") or "").split()):
            url = attributes.get("href") or ""
        else:
            url = attributes.get(LOADING_ATTRIBUTES.get(tag, ""), "") or ""
        if is_external(url):
            self.found.append(f"<{tag}> {url}")


def external_loads(page: Path) -> list[str]:
    parser = _ExternalLoads()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def note_build_start(app: Sphinx) -> None:
    app.course_build_started_ns = time.time_ns()


def check_pages(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = outdir.rglob(f"*{app.builder.out_suffix}")
    for page in sorted(page for page in pages if page.stat().st_mtime_ns >= app.course_build_started_ns):
        for load in external_loads(page):
            logger.warning("page loads %s from outside the site", load, location=str(page.relative_to(outdir)))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", note_build_start)
    app.connect("build-finished", check_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
