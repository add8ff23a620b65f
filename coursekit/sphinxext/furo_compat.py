"""Where the course relies on Furo's internals: one place, checked against Furo 2025.12.19.

Furo documents its options, not its templates or its page context. Two
things are needed, and ``tests/fast/test_furo_compat.py`` fails with "Furo X
changed Y: see coursekit/sphinxext/furo_compat.py" when an upgrade moves
either:

1. The page template. ``templates/furo-page.html`` is a fork of Furo's
   ``page.html``: Furo has no block for the words it writes in English outside
   gettext, nor for a language switcher at the top of the article. The fork is
   pinned to the ``page.html`` it was made from (``FORKED_PAGE_SHA256``): after
   an upgrade, merge Furo's changes into the fork, then record the new hash.
2. The sidebar's navigation tree (``NAVIGATION_TREE``): Furo's own
   ``html-page-context`` handler writes it as HTML into the page context, where
   ``coursekit.sphinxext.theme`` gives toctree captions their heading level.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import furo

CHECKED_AGAINST = "2025.12.19"
FORKED_PAGE_SHA256 = "ad8bad98317b2e09e018cde7113e90a32b3a87e0440cfab385d1bb7ca1c9cd6d"
NAVIGATION_TREE = "furo_navigation_tree"


def upstream_page_sha256() -> str:
    """The hash of the installed Furo's ``page.html``, the template ``templates/furo-page.html`` forks."""
    page = Path(furo.__file__).parent / "theme" / "furo" / "page.html"
    return hashlib.sha256(page.read_bytes()).hexdigest()
