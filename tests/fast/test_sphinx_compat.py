"""The Sphinx internals ``coursekit.sphinxext.sphinx_compat`` relies on are still where it expects them.

Each test names what it relies on; after an upgrade, a failure says which
part of the compatibility module to check (and the behaviour to test again:
``tests/test_incremental_equals_clean.py`` for the search index,
``tests/test_epub_quality.py`` and ``tests/test_reproducible.py`` for the
e-book), then update it or remove it if Sphinx now does the job.
"""

from __future__ import annotations

import functools
import inspect
import os
from pathlib import Path

import sphinx
from sphinx.builders._epub_base import EpubBuilder
from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.testing.util import SphinxTestApp
from sphinx.transforms import i18n
from sphinx.writers.html5 import HTML5Translator

from coursekit.sphinxext import epub_output
from coursekit.sphinxext.sphinx_compat import (
    CACHED_ROOT_DOCTREE,
    CHECKED_AGAINST,
    EPUB_LEADING_FILES,
    INDEX_ENTRIES,
    NAVIGATION_DOCUMENT,
    PACKAGE_DOCUMENT,
    TRANSLATED,
    HookedEpub3Builder,
    images_in_use,
    read_serially,
    warning_count,
)


def changed(what: str) -> str:
    return (
        f"Sphinx {sphinx.__version__} changed {what}: see coursekit/sphinxext/sphinx_compat.py "
        f"(checked against Sphinx {CHECKED_AGAINST})"
    )


def source(function) -> str:
    return inspect.getsource(function)


def epub_template(name: str) -> str:
    return (Epub3Builder.template_dir / name).read_text(encoding="utf-8")


def test_search_index_entries_still_live_in_the_environment():
    assigned_by_init = BuildEnvironment.__init__.__code__.co_names
    assert INDEX_ENTRIES in assigned_by_init, changed(f"where the search index entries live (env.{INDEX_ENTRIES})")


def test_the_root_doctree_is_still_a_cached_property():
    # sphinx_compat removes it from the environment before pickling it again.
    cached = vars(BuildEnvironment).get(CACHED_ROOT_DOCTREE)
    assert isinstance(cached, functools.cached_property), changed(f"env.{CACHED_ROOT_DOCTREE}")


def reading_processes(folder: Path, serial: bool) -> set[int]:
    """The processes that read the documents of a six-page project built with two jobs."""
    (folder / "conf.py").write_text("", encoding="utf-8")
    pages = [f"page{number}" for number in range(6)]
    toctree = "".join(f"   {page}\n" for page in pages)
    (folder / "index.rst").write_text(f"Title\n=====\n\n.. toctree::\n\n{toctree}", encoding="utf-8")
    for page in pages:
        (folder / f"{page}.rst").write_text(f"{page}\n======\n\nText.\n", encoding="utf-8")
    readers = folder / "readers.txt"
    app = SphinxTestApp("html", srcdir=folder, parallel=2)
    if serial:
        app.connect("env-before-read-docs", lambda app, env, docnames: read_serially(app))

    def note_reader(app, doctree) -> None:
        with readers.open("a") as stream:
            stream.write(f"{os.getpid()}\n")

    app.connect("doctree-read", note_reader)
    try:
        app.build()
    finally:
        app.cleanup()
    return {int(line) for line in readers.read_text().split()}


def test_reading_serially_from_env_before_read_docs_keeps_every_page_in_this_process(tmp_path):
    """Behaviour: with two jobs, Sphinx forks readers; after read_serially, this process reads every page."""
    (tmp_path / "parallel").mkdir()
    (tmp_path / "serial").mkdir()
    assert reading_processes(tmp_path / "parallel", serial=False) - {os.getpid()}, "the control read in parallel"
    assert reading_processes(tmp_path / "serial", serial=True) == {os.getpid()}, changed(
        "how Builder.read chooses parallel reading (app.parallel after env-before-read-docs)"
    )


def test_the_template_loader_still_keeps_its_jinja_environment():
    assert "self.environment = " in source(BuiltinTemplateLoader.init), changed("BuiltinTemplateLoader.environment")
    assert "self.templates" in source(StandaloneHTMLBuilder.init_templates), changed("builder.templates")


def test_toctree_includes_still_live_in_the_environment():
    assert "toctree_includes" in BuildEnvironment.__init__.__code__.co_names, changed("env.toctree_includes")


def test_translated_nodes_are_still_flagged():
    flagging = source(i18n.Locale.apply)
    assert f"node['{TRANSLATED}'] = True" in flagging, changed(f"the node['{TRANSLATED}'] flag of the Locale transform")
    assert f"node['{TRANSLATED}'] = False" in flagging, changed(
        f"the node['{TRANSLATED}'] flag of the Locale transform"
    )


def test_the_epub_builder_still_calls_the_hooked_methods_in_order():
    finish = source(Epub3Builder.handle_finish)
    steps = ["self.build_content()", "self.build_navigation_doc()", "self.build_epub()"]
    assert all(step in finish for step in steps), changed("Epub3Builder.handle_finish")
    assert [finish.index(step) for step in steps] == sorted(finish.index(step) for step in steps)
    for method in ("init", "build_content", "build_navigation_doc", "build_epub"):
        assert method in vars(HookedEpub3Builder), method
        assert callable(getattr(Epub3Builder, method, None)), changed(f"Epub3Builder.{method}")


def test_the_epub_builder_still_lists_the_book_files_as_compat_expects():
    content = source(EpubBuilder.build_content)
    assert "self.config.epub_exclude_files" in content, changed("how build_content reads epub_exclude_files")
    assert "self.files" in content, changed("the builder's list of book files (self.files)")
    assert set(Epub3Builder.guide_titles) >= {"toc", "cover"}, changed("Epub3Builder.guide_titles")
    assert "self.guide_titles['toc']" in source(Epub3Builder.navigation_doc_metadata), changed("the nav.xhtml title")
    leading = source(EpubBuilder.build_epub)
    assert all(f"'{name}'" in leading for name in EPUB_LEADING_FILES), changed("the OCF's leading files")


def test_the_package_and_navigation_templates_still_have_what_epub_output_edits():
    package = epub_template(f"{PACKAGE_DOCUMENT}.jinja")
    assert "\n  </metadata>" in package, changed(f"{PACKAGE_DOCUMENT}: end of <metadata>")
    assert "\n    <dc:contributor>{{ contributor }}</dc:contributor>" in package, changed(
        f"{PACKAGE_DOCUMENT}: contributor"
    )
    assert 'href="{{ item.href }}" media-type="{{ item.media_type }}"' in package, changed(f"{PACKAGE_DOCUMENT}: items")
    assert '<nav epub:type="toc">' in epub_template(f"{NAVIGATION_DOCUMENT}.jinja"), changed(NAVIGATION_DOCUMENT)


def test_the_cover_page_is_still_written_after_extension_pages():
    # epub_output draws the cover at html-collect-pages: it must come before the book's files are listed.
    finish = source(StandaloneHTMLBuilder.finish)
    assert finish.index("gen_pages_from_extensions") < finish.index("handle_finish"), changed(
        "StandaloneHTMLBuilder.finish"
    )
    assert EpubBuilder.coverpage_name == epub_output.COVER_PAGE + ".xhtml", changed("the cover page's name")


def test_toctree_captions_are_still_drawn_by_visit_title():
    # epub_output's translator draws them itself, adding aria-level; if Sphinx adds it, drop the override.
    drawing = source(HTML5Translator.visit_title)
    assert "ROLE='heading'" in drawing and "aria-level" not in drawing, changed(
        "the toctree caption of HTML5Translator"
    )


def test_the_warning_count_is_known_at_build_finished(tmp_path):
    """Behaviour, not source text: a build with two warnings counts two when build-finished runs."""
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Title\n=====\n\n:doc:`missing`\n\n:ref:`nowhere`\n", encoding="utf-8")
    seen = []
    app = SphinxTestApp("html", srcdir=tmp_path)
    app.connect("build-finished", lambda app, exception: seen.append(warning_count(app)))
    try:
        app.build()
    finally:
        app.cleanup()
    assert seen == [2], changed(f"the warning count (app._warncount: {seen})")


def test_the_images_in_use_are_known_by_page(tmp_path):
    """Behaviour: which page uses which image, under the name Sphinx gives it in the output."""
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "index.rst").write_text(
        "Title\n=====\n\n.. toctree::\n\n   other\n\n.. image:: picture.png\n", encoding="utf-8"
    )
    (tmp_path / "other.rst").write_text("Other\n=====\n\n.. image:: sub/picture.png\n", encoding="utf-8")
    for name in ("picture.png", "sub/picture.png"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    app = SphinxTestApp("html", srcdir=tmp_path)
    try:
        app.build()
    finally:
        app.cleanup()
    assert images_in_use(app.env, set()) == {"picture.png", "picture1.png"}, changed("env.images")
    assert images_in_use(app.env, {"other"}) == {"picture.png"}, changed("env.images")
