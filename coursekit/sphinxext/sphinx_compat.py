"""Where the course relies on Sphinx internals: one place, checked against Sphinx 9.0.4.

Two faults of Sphinx's search index in incremental builds, each found by
comparing an incremental build with a clean one:

* Sphinx 9 keeps the search index's "index entries" (the glossary's terms,
  for one) in the build environment (``env._search_index_index_entries``),
  but pickles the environment after reading and before writing, when those
  entries are not known yet. An incremental HTML build then loads an
  environment without the entries of every page it does not write again,
  and its ``searchindex.js`` silently loses them: searching a glossary term
  no longer finds it, until ``make clean``. Once a successful HTML build has
  written its pages, the environment is pickled again (as Sphinx pickles
  it, to the same file), entries included, but without the root document's
  doctree that writing cached in it (``env.master_doctree``); the entries of
  a removed page are dropped with the page (Sphinx forgets them nowhere).
* Before writing pages again, Sphinx removes them from every word of the
  index, and keeps the words no page uses any more, as empty lists: the
  index grows with dead words. They are removed from ``searchindex.js``,
  read and written again with Sphinx's own serialiser (``js_index``).

``tests/test_sphinx_compat.py`` fails if an upgrade renames or moves the
attribute; ``tests/test_incremental_equals_clean.py`` compares the search
index of an incremental build with a clean one.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.search import js_index

INDEX_ENTRIES = "_search_index_index_entries"
CACHED_ROOT_DOCTREE = "master_doctree"
WORD_TABLES = ("terms", "titleterms")


def keep_index_entries(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or getattr(app.builder, "indexer", None) is None:
        return
    # The root document's doctree, cached while pages were written (a functools.cached_property that
    # Sphinx's __getstate__ keeps): pickled, the next build would draw every sidebar from the old toctree.
    app.env.__dict__.pop(CACHED_ROOT_DOCTREE, None)
    with open(Path(app.doctreedir) / ENV_PICKLE_FILENAME, "wb") as stream:
        pickle.dump(app.env, stream, pickle.HIGHEST_PROTOCOL)


def drop_dead_words(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or getattr(app.builder, "indexer", None) is None:
        return
    path = Path(app.outdir, app.builder.searchindex_filename)
    index = js_index.loads(path.read_text(encoding="utf-8"))
    dead = [(table, word) for table in WORD_TABLES for word, pages in index[table].items() if pages == []]
    for table, word in dead:
        del index[table][word]
    if dead:
        path.write_text(js_index.dumps(index), encoding="utf-8")


def forget_index_entries(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, INDEX_ENTRIES).pop(docname, None)


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", keep_index_entries)
    app.connect("build-finished", drop_dead_words)
    app.connect("env-purge-doc", forget_index_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
