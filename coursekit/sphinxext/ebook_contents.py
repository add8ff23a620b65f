"""The e-book is a reader's book: the pages written for translators and trainers stay on the website.

``course_web_only`` (in ``conf.py``) names those pages. The EPUB builder
leaves their files out of the package (``epub_exclude_files``, set here from
that one list) and every table of contents of the book, including its
navigation document, stops listing them; their images (the screenshots of the
page on doing the exercises) are not copied into the package either. The
website keeps them.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config


def exclude_from_package(app: Sphinx, config: Config) -> None:
    # The same value for every builder: it is an environment setting, and HTML and EPUB share one environment.
    config.epub_exclude_files = sorted(
        {*config.epub_exclude_files, *(f"{docname}.xhtml" for docname in config.course_web_only)}
    )


def drop_from_tables_of_contents(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Runs before Sphinx resolves the toctrees of a page it writes (and of the book's navigation)."""
    if not app.builder.name.startswith("epub"):
        return
    web_only = set(app.config.course_web_only)
    for toctree in doctree.findall(addnodes.toctree):
        toctree["entries"] = [(title, ref) for title, ref in toctree["entries"] if ref not in web_only]
        toctree["includefiles"] = [ref for ref in toctree["includefiles"] if ref not in web_only]
        if not toctree["entries"]:
            wrapper = toctree.parent if "toctree-wrapper" in toctree.parent.get("classes", []) else toctree
            wrapper.parent.remove(wrapper)


def drop_images_of_web_only_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The builder collects the images of every page it writes, excluded or not: an unused image would be
    dead weight in the package. (Runs before the builder collects them; an image also shown on a page of
    the book stays.)"""
    if not app.builder.name.startswith("epub") or docname not in app.config.course_web_only:
        return
    for image in list(doctree.findall(nodes.image)):
        image.parent.remove(image)


def setup(app: Sphinx) -> dict:
    app.add_config_value("course_web_only", [], "env", types=[list])
    app.connect("config-inited", exclude_from_package)
    app.connect("doctree-resolved", drop_from_tables_of_contents)
    app.connect("doctree-resolved", drop_images_of_web_only_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
