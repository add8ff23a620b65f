"""Where the course relies on Sphinx internals: one place, checked against Sphinx 9.0.4.

Sphinx 9 keeps the search index's "index entries" (the glossary's terms, for
one) in the build environment (``env._search_index_index_entries``), but
pickles the environment after reading and before writing, when those
entries are not known yet. An incremental HTML build then loads an
environment without the entries of every page it does not write again, and
its ``searchindex.js`` silently loses them: searching a glossary term no
longer finds it, until ``make clean``. Two repairs:

* once a successful HTML build has written its pages, the environment is
  pickled again (as Sphinx itself pickles it, to the same file), entries
  included;
* the entries of a removed page are dropped with the page (Sphinx's
  ``prune`` forgets them nowhere, and a stale one would point at no page).

``tests/test_sphinx_compat.py`` fails if an upgrade renames or moves the
attribute; ``tests/test_incremental_equals_clean.py`` compares the search
index of an incremental build with a clean one.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.environment import BuildEnvironment

INDEX_ENTRIES = "_search_index_index_entries"


def keep_index_entries(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or getattr(app.builder, "indexer", None) is None:
        return
    with open(Path(app.doctreedir) / ENV_PICKLE_FILENAME, "wb") as stream:
        pickle.dump(app.env, stream, pickle.HIGHEST_PROTOCOL)


def forget_index_entries(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, INDEX_ENTRIES).pop(docname, None)


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", keep_index_entries)
    app.connect("env-purge-doc", forget_index_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
