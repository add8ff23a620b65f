"""When the course's event handlers run, relative to each other and to Sphinx's: the one place that says it.

Sphinx calls the handlers of an event by priority, lowest first; its own and
every handler connected without one run at 500. A course handler that must
come before or after another takes its priority from here, with the reason.
"""

# -- config-inited -------------------------------------------------------------
LOCK_DOCTREES = 1  # build_lock: nothing may touch the build folders before the lock
CHECK_LANGUAGE = 10  # project: the build language is a course language, before its catalogs are read
CHECK_CATALOGS = 20  # catalog_guard: before anything reads a catalog (project reads ui.po for the title)
SET_IDENTITY = 50  # project: before Sphinx's own handlers (800) date the copyright from SOURCE_DATE_EPOCH

# -- doctree-read ----------------------------------------------------------------
REFUSE_FILE_INSERTION = 1  # file_insertion: first, before any handler uses a doctree built with the switches on
RECORD_PAGE_FACTS = 600  # pedagogy, objectives: after Sphinx's metadata collector (500) read the front matter
CHECK_TERMS = 700  # term_check: after the translation (a transform) and the collectors, the text readers see
SETTLE_EXECUTED_NOTEBOOK = 900  # reproducible: after nbsphinx wrote the executed notebook, notebook_pages edited it
RECORD_CATALOG_USE = 999  # dependencies: last, once every handler that may read a catalog has run

# -- doctree-resolved --------------------------------------------------------------
RESOLVE_EDITIONS = 400  # notebook_pages: before answers turns hidden answers into toggles or the answers section

# -- html-page-context ---------------------------------------------------------------
ADJUST_THEME_OUTPUT = 900  # theme: after Furo's own handler wrote the sidebar's navigation tree

# -- build-finished ---------------------------------------------------------------------
SAVE_ON_SUCCESS = 999  # dependencies: after every handler that writes outputs or warns
GIVE_BACK_PROCESS = 999  # build_speed (gc threshold), pandoc (PATH): the process as the build found it
RELEASE_DOCTREES = 1000  # build_lock: last, once the environment and every output are saved
