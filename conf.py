"""Sphinx configuration of the course "Le COO / The COO".

Settings only: the machinery lives in the ``coursekit`` package, one module
per concern. The build language is ``-D language=<code>`` (the source
language by default); ``conf.py`` cannot see that override, so the title,
e-book name and identifiers of each language are set by ``coursekit.project``
once the configuration is final.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from coursekit.languages import course_settings  # noqa: E402
from coursekit.project import build_language  # noqa: E402

# -- Project: title, author, copyright, EPUB names in the build's language (coursekit.project)
language = build_language()
version = release = course_settings()["version"]

# -- Sources: only the course and its exercises ------------------------------
root_doc = "index"
include_patterns = ["index.md", "course/**", "exercises/*.ipynb"]
exclude_patterns = ["_build", ".venv", "node_modules", ".git", "**/.ipynb_checkpoints"]

extensions = [
    "coursekit.build_speed",  # first: it speeds up loading the others
    "coursekit.build_lock",  # then: one build at a time per doctree cache
    "coursekit.project",
    "coursekit.dependencies",
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
    "coursekit.quiz",
    "coursekit.progress",
    "coursekit.objectives",
    "coursekit.overview",
    "coursekit.session_plan",
    "coursekit.terminology",
    "coursekit.term_check",
    "coursekit.language_links",
    "coursekit.page_description",
    "coursekit.sitemap",
    "coursekit.epub_output",
    "coursekit.ebook_contents",
    "coursekit.notebook_pages",
    "coursekit.translation_notice",
]

# -- Learning design ----------------------------------------------------------
# Study text is read at about 200 words a minute: no lesson may be given fewer minutes.
course_reading_speed = 200

# One term per concept (locales/terminology.csv); the sources page quotes the article it corrects.
course_terminology_exempt = ["course/sources"]

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
# words and language switcher in it. Titles and html_baseurl (canonical, hreflang and
# sitemap URLs, absolute, from the site address of course.toml) are set per language
# by coursekit.project.
html_theme = "furo"
html_favicon = "coursekit/static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
# The glossary is the course's index: no general index page to render on every build.
html_use_index = False
html_domain_indices = False
html_show_sourcelink = False

# -- EPUB, one per language: names, titles and identifiers come from coursekit.project
epub_scheme = "XML-Name"
epub_show_urls = "no"
# Pages for translators and trainers: on the website, not in the reader's e-book.
# "My progress" reads what the website's scripts store: the e-book has neither.
course_web_only = ["course/traduire", "course/plan-de-session", "course/progression", "course/plateforme-de-formation"]
