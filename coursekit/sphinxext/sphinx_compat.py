"""Where the course relies on Sphinx internals: one place, checked against Sphinx 9.0.4.

Everything else in ``coursekit`` uses Sphinx's documented events, config
values and APIs. What no public API offers is here, each with what it relies
on; ``tests/fast/test_sphinx_compat.py`` fails with "Sphinx X changed Y: see
coursekit/sphinxext/sphinx_compat.py" when an upgrade moves any of it. Each
gap below says what Sphinx would need to offer for the code to go.

1. Search index, incremental builds. Two faults, each found by comparing an
   incremental build with a clean one:

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

   ``tests/test_incremental_equals_clean.py`` compares the search index of an
   incremental build with a clean one.
2. Reading serially (``read_serially``): Sphinx decides between serial and
   parallel reading from ``app.parallel`` (the ``--jobs`` value) right after
   ``env-before-read-docs``; no setting gives Sphinx 7's "parallel above five
   documents" rule back (``coursekit.sphinxext.build_speed``).
3. The builder's Jinja environment (``template_environment``), to give it a
   bytecode cache (``coursekit.sphinxext.template_cache``):
   ``builder.templates`` is a ``BuiltinTemplateLoader``, whose ``environment``
   attribute is not part of the ``TemplateBridge`` API.
4. The document tree (``toctree_children``): which documents a document's
   toctrees include, ``env.toctree_includes``; no public accessor.
5. Translation flags (``translation_flags``): Sphinx's ``Locale`` transform
   marks every translatable node ``node["translated"]`` (``True`` when a
   translation replaced it); Sphinx's own ``translation_progress`` counts
   toctrees and images too, which the course leaves out.
6. The EPUB 3 builder (``HookedEpub3Builder``): Sphinx gives no hook to add
   package metadata, to title the navigation document in the book's
   language, to mark the ``doc-toc`` landmark, to leave files of the output
   folder out of the book other than by name in ``epub_exclude_files`` (a
   setting that, changed, makes Sphinx read every page again), or to write
   the zip. The subclass below turns each into a method a subclass
   overrides, and checks that what it edits is still there: a changed
   Sphinx template stops the build instead of shipping an unedited book.
7. The warning count (``warning_count``): whether a build had warnings, known
   at ``build-finished`` (``app._warncount``), before Sphinx turns them into a
   failed status with ``--fail-on-warning``; ``coursekit.sphinxext.dependencies``
   saves a build's state only when it had none.
8. The images pages use (``images_in_use``): Sphinx copies every image a
   page uses into the output and never deletes one; which pages use which
   image, under which output name, is ``env.images`` (a ``FilenameUniqDict``:
   path -> (documents, unique name)), with no public accessor.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from html import escape
from pathlib import Path

from docutils import nodes
from jinja2 import Environment
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.builders import Builder
from sphinx.builders.epub3 import Epub3Builder
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.search import js_index

CHECKED_AGAINST = "9.0.4"

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


# -- 2. Reading serially ---------------------------------------------------------


def read_serially(app: Sphinx) -> None:
    """From ``env-before-read-docs``: read (and then write) in this process, without workers."""
    app.parallel = 0


# -- 3. The builder's Jinja environment ---------------------------------------------


def template_environment(builder: Builder) -> Environment | None:
    """The Jinja environment of a builder that renders templates (None for the others)."""
    return getattr(getattr(builder, "templates", None), "environment", None)


# -- 4. The document tree -----------------------------------------------------------


def toctree_children(env: BuildEnvironment, docname: str) -> list[str]:
    """The documents the toctrees of ``docname`` include, in order."""
    return list(env.toctree_includes.get(docname, []))


# -- 5. Translation flags ------------------------------------------------------------

TRANSLATED = "translated"


def translation_flags(doctree: nodes.Node) -> Iterator[tuple[nodes.Element, bool]]:
    """Every translatable node of a read document, and whether a translation replaced its text."""
    for node in doctree.findall(nodes.Element):
        if TRANSLATED in node:
            yield node, bool(node[TRANSLATED])


# -- 6. The EPUB 3 builder -------------------------------------------------------------

# Written first, in this order: the OCF container wants ``mimetype`` first and uncompressed.
EPUB_LEADING_FILES = ("mimetype", "META-INF/container.xml", "content.opf", "toc.ncx")
PACKAGE_DOCUMENT = "content.opf"
NAVIGATION_DOCUMENT = "nav.xhtml"


class SphinxChanged(SphinxError):
    category = f"Sphinx changed (checked against {CHECKED_AGAINST}; see coursekit/sphinxext/sphinx_compat.py)"


def replace_once(text: str, old: str, new: str, where: str) -> str:
    """``text`` with its one ``old`` replaced, or a build error naming the file Sphinx wrote differently."""
    if text.count(old) != 1:
        raise SphinxChanged(f"{where}: expected {old!r} once, found it {text.count(old)} times")
    return text.replace(old, new, 1)


class HookedEpub3Builder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with hooks where Sphinx has none; a subclass overrides the hooks only."""

    def navigation_titles(self) -> dict[str, str]:
        """Titles of the table of contents and the cover (``toc``, ``cover``): Sphinx's are in English."""
        return {}

    def files_left_out(self) -> list[str]:
        """Files of the output folder, relative to it, that the book must not hold."""
        return []

    def completed_package(self, text: str) -> str:
        """The package document (``content.opf``) as it should be, from the one Sphinx wrote."""
        return text

    def completed_navigation(self, text: str) -> str:
        """The navigation document (``nav.xhtml``) as it should be, from the one Sphinx wrote."""
        return text

    def write_book(self, target: Path, files: list[str]) -> None:
        """Write the book: ``files`` (relative to the output folder) in order, the OCF's leading files first."""
        raise NotImplementedError

    # Sphinx's methods, in the order ``handle_finish`` calls them.

    def init(self) -> None:
        super().init()
        # Sphinx writes these titles into content.opf unescaped and into nav.xhtml escaped.
        titles = {key: escape(title) for key, title in self.navigation_titles().items()}
        self.guide_titles = {**self.guide_titles, **titles}

    def build_content(self) -> None:
        configured = self.config.epub_exclude_files
        # For this call only: ``epub_exclude_files`` is an environment setting, and a value the HTML build
        # does not share would make Sphinx read every page (and run every notebook) again.
        self.config.epub_exclude_files = [*configured, *self.files_left_out()]
        try:
            super().build_content()
        finally:
            self.config.epub_exclude_files = configured
        self._complete(PACKAGE_DOCUMENT, self.completed_package)

    def build_navigation_doc(self) -> None:
        super().build_navigation_doc()
        self._complete(NAVIGATION_DOCUMENT, self.completed_navigation)

    def build_epub(self) -> None:
        rest = sorted(set(self.files) - set(EPUB_LEADING_FILES))
        self.write_book(Path(self.outdir, f"{self.config.epub_basename}.epub"), [*EPUB_LEADING_FILES, *rest])

    def _complete(self, name: str, complete) -> None:
        path = Path(self.outdir, name)
        text = path.read_text(encoding="utf-8")
        completed = complete(text)
        if completed != text:
            path.write_text(completed, encoding="utf-8")


# -- 7. The warning count ---------------------------------------------------------------


def warning_count(app: Sphinx) -> int:
    """Warnings this app has logged so far (Sphinx sets ``app.statuscode`` from it only after build-finished)."""
    return app._warncount


# -- 8. The images pages use ----------------------------------------------------------------


def images_in_use(env: BuildEnvironment, left_out: set[str]) -> set[str]:
    """The output names of the images that a document other than those of ``left_out`` uses."""
    return {unique_name for docnames, unique_name in env.images.values() if set(docnames) - left_out}


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", keep_index_entries)
    app.connect("build-finished", drop_dead_words)
    app.connect("env-purge-doc", forget_index_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
