"""Templates and style sheet the course adds to the book theme."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from coursekit.ui_text import ui_text

PACKAGE_DIR = Path(__file__).parent


def add_paths(app: Sphinx, config: Config) -> None:
    config.templates_path.append(str(PACKAGE_DIR / "templates"))
    config.html_static_path.append(str(PACKAGE_DIR / "static"))


def add_ui_text_to_templates(app: Sphinx, pagename, templatename, context, doctree) -> None:
    language = app.config.language
    context["course_ui"] = lambda message: ui_text(message, language)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_paths)
    app.connect("html-page-context", add_ui_text_to_templates)
    app.add_css_file("course.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
