"""Templates, style sheet and script the course adds to the Furo theme.

A page must be usable fast on a phone, served without compression: it
loads only what it needs, and nothing but its style sheets before its first
paint (every script deferred, the code colours only on pages that show code,
no style sheet for extensions the course does not use). ``make bench``
measures it with Lighthouse; ``tests/test_page_weight.py`` keeps its weight.

The theme's pages must also load nothing from outside the site
(``coursekit.sphinxext.self_contained``), come out the same from the same sources
(``coursekit.sphinxext.reproducible``) and let readers download the exercise notebooks
(``coursekit.sphinxext.notebook_download``): those are extensions of their own, each listed
in ``conf.py``.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape
from sphinx.application import Sphinx

from coursekit.core.ui_text import ui_text
from coursekit.sphinxext import event_order
from coursekit.sphinxext.furo_compat import NAVIGATION_TREE

PACKAGE_DIR = Path(__file__).parent
# Sphinx writes a toctree's caption as a heading without the level that role requires
# (axe: aria-required-attr); on the web, in the page and in Furo's sidebar, it gets one.
TOCTREE_CAPTION = '<p class="caption" role="heading">'
LEVELLED_CAPTION = '<p class="caption" role="heading" aria-level="2">'
# Furo's styles for extensions the course does not use (sphinx-design, inline tabs, copybutton,
# Read the Docs): one render-blocking request fewer on every page.
UNUSED_STYLE_SHEETS = ("styles/furo-extensions.css",)
# Code colours (Furo's pygments.css, 20 KB) only on pages that show code: the notebooks, not the lessons.
CODE_STYLE_SHEET = "pygments.css"
HIGHLIGHTED_CODE = 'class="highlight'


def add_ui_text_to_templates(app: Sphinx, pagename, templatename, context, doctree) -> None:
    language = app.config.language
    # Sphinx's templates do not escape by default: a translation is text, never markup.
    context["course_ui"] = lambda message: escape(ui_text(message, language))


def deferred(js_tag):
    """Sphinx's ``js_tag``, with ``defer`` on every script file: none is needed for the first paint,
    and all of them wait for the page anyway (DOMContentLoaded), which deferred scripts run before."""

    def tag(script) -> str:
        written = js_tag(script)
        if " src=" in written and not any(f" {word}" in written for word in ("defer", "async")):
            written = written.replace("<script ", "<script defer ", 1)
        return written

    return tag


def adjust_theme_output(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.name.startswith("epub"):
        return
    if "js_tag" in context:
        context["js_tag"] = deferred(context["js_tag"])
    for key in ("body", NAVIGATION_TREE):
        if isinstance(context.get(key), str):
            context[key] = context[key].replace(TOCTREE_CAPTION, LEVELLED_CAPTION)
    unused = UNUSED_STYLE_SHEETS
    if HIGHLIGHTED_CODE not in context.get("body", ""):
        unused += (CODE_STYLE_SHEET,)
    if "css_files" in context:
        context["css_files"] = [
            sheet
            for sheet in context["css_files"]
            if not str(getattr(sheet, "filename", sheet)).partition("?")[0].endswith(unused)
        ]


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.static_files")
    app.connect("html-page-context", add_ui_text_to_templates)
    app.connect("html-page-context", adjust_theme_output, priority=event_order.ADJUST_THEME_OUTPUT)
    app.add_css_file("course.css")
    app.add_js_file("course.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
