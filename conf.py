"""Sphinx configuration of the course "Le COO / The COO".

Settings only: the machinery lives in the ``coursekit`` package, one module
per concern. The build language is ``-D language=<code>`` (the source
language by default); ``conf.py`` cannot see that override, so the title,
e-book name and identifiers of each language are set by ``coursekit.sphinxext.project``
once the configuration is final.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from coursekit.core.figure_text import LANGUAGE_FILENAME as FIGURE_LANGUAGE_FILENAME  # noqa: E402
from coursekit.core.languages import course_settings, source_language  # noqa: E402

# -- Project: title, author, copyright, EPUB names in the build's language (coursekit.sphinxext.project)
language = source_language()  # the build language is -D language=<code>
version = release = course_settings()["version"]

# -- Sources: only the course and its exercises ------------------------------
root_doc = "index"
include_patterns = ["index.md", "course/**", "exercises/*.ipynb"]
exclude_patterns = ["_build", ".venv", "node_modules", ".git", "**/.ipynb_checkpoints"]

# Every extension that runs is listed here, in the order it is set up (coursekit/sphinxext/,
# one module per concern); a module that needs another also sets it up itself, which Sphinx
# does once.
extensions = [
    "coursekit.sphinxext.build_speed",  # first: it speeds up loading the others
    "coursekit.sphinxext.build_lock",  # then: one build at a time per doctree cache
    # The private Sphinx internals relied on, checked against the installed version:
    "coursekit.sphinxext.sphinx_compat",
    "coursekit.sphinxext.myst_compat",  # and one of myst-parser's, replaced by a faster equal
    "coursekit.sphinxext.project",
    # What each page records for the others (the course domain), then what each output depends on:
    "coursekit.sphinxext.course_data",
    "coursekit.sphinxext.dependencies",
    "myst_parser",
    "nbsphinx",
    # No document reads a file of the machine or passes raw markup through (SECURITY.md)
    "coursekit.sphinxext.file_insertion",
    "coursekit.sphinxext.build_stats",
    "coursekit.sphinxext.catalog_guard",
    "coursekit.sphinxext.pandoc",
    # Website: theme, only local assets, same bytes on every build, notebook downloads
    "coursekit.sphinxext.static_files",  # the course's scripts and style sheets, for every extension naming one
    "coursekit.sphinxext.theme",
    "coursekit.sphinxext.self_contained",
    "coursekit.sphinxext.reproducible",
    "coursekit.sphinxext.notebook_download",
    "coursekit.sphinxext.template_cache",
    # Course content
    "coursekit.sphinxext.figures",
    "coursekit.sphinxext.glossary_order",
    "coursekit.sphinxext.answers",
    "coursekit.sphinxext.pedagogy",
    "coursekit.sphinxext.learning_path",  # website: each module, then its exercise, then the next module
    "coursekit.sphinxext.quiz",
    "coursekit.sphinxext.question_bank",  # keys spread across positions, no recycled final item
    "coursekit.sphinxext.progress",
    "coursekit.sphinxext.downloads",  # website: the e-book, the PDFs and the learner kit of the language
    "coursekit.sphinxext.objectives",
    "coursekit.sphinxext.overview",
    "coursekit.sphinxext.session_plan",
    "coursekit.sphinxext.language_parts",
    "coursekit.sphinxext.terminology",
    "coursekit.sphinxext.kit_requirements",
    "coursekit.sphinxext.term_check",
    "coursekit.sphinxext.characters",  # one age and role per character (locales/characters.csv)
    "coursekit.sphinxext.language_links",
    "coursekit.sphinxext.page_description",
    "coursekit.sphinxext.sitemap",
    # E-book
    "coursekit.sphinxext.epub_output",
    "coursekit.sphinxext.ebook_contents",
    "coursekit.sphinxext.notebook_pages",
    "coursekit.sphinxext.web_exercises",  # website: each exercise cell as a form, checked in the browser
    "coursekit.sphinxext.translation_notice",
    # Translators' catalogs: what each page message is (make update-po extracts with its builder)
    "coursekit.sphinxext.message_comments",
    # Print edition
    "coursekit.sphinxext.print_edition",
]

# -- Learning design ----------------------------------------------------------
# Study text is read at about 200 words a minute: no lesson may be given fewer minutes.
course_reading_speed = 200

# One term per concept (locales/terminology.csv); the sources page quotes the article it corrects,
# the glossary defines the French terms a reader meets (PDG, DSI...).
course_terminology_exempt = ["course/sources", "course/glossaire"]

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
# Figures in the build's language, written by coursekit.sphinxext.figures (not committed).
figure_language_filename = FIGURE_LANGUAGE_FILENAME
gettext_compact = False
gettext_uuid = False
gettext_location = True

# -- Notebooks ----------------------------------------------------------------
# Every exercise page links to it, beside its notebook's download link (coursekit.sphinxext.notebook_download).
course_exercise_guide = "course/faire-les-exercices"
nbsphinx_execute = "always"
nbsphinx_allow_errors = False
nbsphinx_timeout = 120
# Each chart also as PDF, which the print edition includes as vectors (the website keeps the PNG).
nbsphinx_execute_arguments = ["--InlineBackend.figure_formats={'png', 'pdf'}"]
# Nothing from a CDN (coursekit.sphinxext.self_contained checks every page): the exercises have no
# widgets (require.js) and no equations (MathJax loads only where a page really has maths).
nbsphinx_requirejs_path = ""
nbsphinx_assume_equations = False

# -- HTML -----------------------------------------------------------------------
# Furo, a light theme (its weight against sphinx-book-theme: README.md, "Performance");
# coursekit/sphinxext/templates/page.html puts the course's
# words and language switcher in it. Titles and html_baseurl (canonical, hreflang and
# sitemap URLs, absolute, from the site address of course.toml) are set per language
# by coursekit.sphinxext.project.
html_theme = "furo"
# Relative to conf.py: an absolute path would enter .buildinfo's hash, and a build made in
# another folder would differ.
templates_path = ["coursekit/sphinxext/templates"]
html_favicon = "coursekit/sphinxext/static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
# The glossary is the course's index: no general index page to render on every build.
html_use_index = False
html_domain_indices = False
html_show_sourcelink = False

# -- EPUB, one per language: names, titles and identifiers come from coursekit.sphinxext.project
epub_scheme = "XML-Name"
epub_show_urls = "no"
# Drawn in the book's language by coursekit.sphinxext.epub_output, shown on a first page that says what it shows.
epub_cover = ("_images/cover.png", "epub-cover-page.html")
# Website only, not in the reader's e-book: the pages for translators and trainers (the session
# plan, the course in a learning platform); the guide to the notebooks (the e-book's exercises are
# its pen-and-paper edition); "My progress", which reads what the website's scripts store; the
# downloads, which a book does not offer.
course_web_only = [
    "course/traduire",
    "course/plan-de-session",
    "course/plateforme-de-formation",
    "course/faire-les-exercices",
    "course/progression",
    "course/telechargements",
]

# -- Print edition (PDF): the course book, a handout per exercise, the trainer guide, per language.
# The documents, titles and file names are set by coursekit.sphinxext.print_edition; coursekit.tools.pdf
# compiles them. XeLaTeX: system fonts (embedded), French and English hyphenation and spacing (polyglossia).
latex_engine = "xelatex"
latex_show_urls = "no"
latex_domain_indices = False
# A4, printed one side, chapters on any page; no index (the glossary is the course's index).
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "extraclassoptions": "openany,oneside",
    "makeindex": "",
    "printindex": "",
}
