"""Sphinx configuration of the course "Le COO / The COO".

Settings only: the machinery lives in the ``coursekit`` package, one module
per concern. The build language comes from ``COURSE_LANGUAGE`` (set by the
Makefile), because ``conf.py`` cannot see ``-D language=...``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from coursekit.languages import course_settings  # noqa: E402
from coursekit.project import build_language, identity  # noqa: E402

language = build_language()
course = identity(language)

# -- Project, in the build's language ----------------------------------------
project = course.title
author = course.author
copyright = course.copyright
version = release = course_settings()["version"]

# -- Sources: only the course and its exercises ------------------------------
root_doc = "index"
include_patterns = ["index.md", "course/**", "exercises/*.ipynb"]
exclude_patterns = ["_build", ".venv", "node_modules", ".git", "**/.ipynb_checkpoints"]

extensions = [
    "coursekit.build_speed",  # first: it speeds up loading the others
    "myst_parser",
    "nbsphinx",
    "coursekit.build_stats",
    "coursekit.catalog_guard",
    "coursekit.pandoc",
    "coursekit.theme",
    "coursekit.template_cache",
    "coursekit.figures",
    "coursekit.glossary_order",
    "coursekit.pedagogy",
    "coursekit.overview",
    "coursekit.session_plan",
    "coursekit.terminology",
    "coursekit.language_links",
    "coursekit.page_description",
    "coursekit.sitemap",
    "coursekit.epub_output",
    "coursekit.notebook_pages",
    "coursekit.translation_notice",
]

# -- Strictness: every reference must resolve --------------------------------
nitpicky = True
suppress_warnings = ["epub.unknown_project_files"]  # nbsphinx copies .ipynb files

# -- Markdown -----------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# Translations must not smuggle HTML into pages.
myst_disable_syntax = ["html_inline", "html_block"]

# -- Translation ---------------------------------------------------------------
locale_dirs = ["locales/"]
gettext_compact = False
gettext_uuid = False
gettext_location = True

# -- Notebooks ----------------------------------------------------------------
nbsphinx_execute = "always"
nbsphinx_allow_errors = False
nbsphinx_timeout = 120

# -- HTML -----------------------------------------------------------------------
# Furo: about 60 KB of CSS and JavaScript, against 540 KB for sphinx-book-theme on
# pydata-sphinx-theme (Bootstrap); coursekit/templates/page.html puts the course's
# words and language switcher in it.
html_theme = "furo"
html_title = course.title
html_short_title = course.title
# Canonical, hreflang and sitemap URLs are absolute, from the site address of course.toml.
html_baseurl = course.base_url
html_favicon = "coursekit/static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
# The glossary is the course's index: no general index page to render on every build.
html_use_index = False
html_domain_indices = False
html_show_sourcelink = False

# -- EPUB, one per language, named in that language ---------------------------
epub_basename = course.file_stem
epub_title = course.title
epub_description = course.description
epub_author = course.author
epub_publisher = course.publisher
epub_copyright = course.copyright
epub_language = language
epub_identifier = epub_uid = course.identifier
epub_scheme = "XML-Name"
epub_show_urls = "no"
