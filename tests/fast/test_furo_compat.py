"""The Furo internals ``coursekit.sphinxext.furo_compat`` relies on, checked by what they do."""

from __future__ import annotations

import re
from pathlib import Path

import furo
from sphinx.testing.util import SphinxTestApp

from coursekit.sphinxext.furo_compat import CHECKED_AGAINST, FORKED_PAGE_SHA256, upstream_page_sha256


def changed(what: str) -> str:
    return (
        f"Furo {furo.__version__} changed {what}: see coursekit/sphinxext/furo_compat.py "
        f"(checked against {CHECKED_AGAINST})"
    )


def test_the_forked_page_template_is_still_furos():
    assert upstream_page_sha256() == FORKED_PAGE_SHA256, changed("page.html, which templates/furo-page.html forks")


def test_toctree_captions_get_their_level_in_the_page_and_in_furos_sidebar(tmp_path):
    (tmp_path / "conf.py").write_text(
        'extensions = ["coursekit.sphinxext.theme"]\nhtml_theme = "furo"\nlanguage = "fr"\n', encoding="utf-8"
    )
    (tmp_path / "index.rst").write_text(
        "Accueil\n=======\n\n.. toctree::\n   :caption: Modules\n\n   other\n", encoding="utf-8"
    )
    (tmp_path / "other.rst").write_text("Autre\n=====\n\nTexte.\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=tmp_path)
    try:
        app.build()
    finally:
        app.cleanup()
    page = Path(app.outdir, "other.html").read_text(encoding="utf-8")
    sidebar = re.search(r'<div class="sidebar-tree">(.*?)</div>', page, re.S)
    assert sidebar is not None, changed("the sidebar's markup")
    assert '<p class="caption" role="heading" aria-level="2">' in sidebar[1], changed(
        "the navigation tree it writes into the page context (furo_navigation_tree)"
    )
