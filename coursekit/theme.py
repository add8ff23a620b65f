"""Templates and style sheet the course adds to the book theme.

The theme's pages must load nothing from outside the site
(``coursekit.self_contained``), come out the same from the same sources
(``coursekit.reproducible``) and let readers download the exercise notebooks
(``coursekit.notebook_download``): this extension brings those with it.
"""

from __future__ import annotations

import os
from pathlib import Path

from markupsafe import escape
from sphinx.application import Sphinx
from sphinx.config import Config

from coursekit.ui_text import ui_text

PACKAGE_DIR = Path(__file__).parent
# Jinja macro files that pydata-sphinx-theme and sphinx-book-theme keep in their static folders:
# Sphinx copies them to _static/ as if they were pages, and they are not HTML (the Nu checker says so).
TEMPLATE_SOURCES_IN_STATIC = ("webpack-macros.html", "sbt-webpack-macros.html")


def add_paths(app: Sphinx, config: Config) -> None:
    # Relative to conf.py: Sphinx resolves them there, and an absolute path would enter the
    # configuration hash of .buildinfo, so a build made in another folder would differ.
    config.templates_path.append(os.path.relpath(PACKAGE_DIR / "templates", app.confdir))
    config.html_static_path.append(os.path.relpath(PACKAGE_DIR / "static", app.confdir))


def add_ui_text_to_templates(app: Sphinx, pagename, templatename, context, doctree) -> None:
    language = app.config.language
    # Sphinx's templates do not escape by default: a translation is text, never markup.
    context["course_ui"] = lambda message: escape(ui_text(message, language))


def remove_template_sources(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for name in TEMPLATE_SOURCES_IN_STATIC:
        Path(app.outdir, "_static", name).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.self_contained")
    app.setup_extension("coursekit.reproducible")
    app.setup_extension("coursekit.notebook_download")
    app.connect("config-inited", add_paths)
    app.connect("build-finished", remove_template_sources)
    app.connect("html-page-context", add_ui_text_to_templates)
    app.add_css_file("course.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
