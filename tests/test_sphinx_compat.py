"""The Sphinx internals ``coursekit.sphinx_compat`` relies on are still where it expects them."""

from __future__ import annotations

import sphinx
from sphinx.environment import BuildEnvironment

from coursekit.sphinx_compat import INDEX_ENTRIES


def test_search_index_entries_still_live_in_the_environment():
    # If this fails after an upgrade, check whether Sphinx still loses index entries in incremental
    # builds (tests/test_incremental_equals_clean.py), then update or remove coursekit.sphinx_compat.
    assigned_by_init = BuildEnvironment.__init__.__code__.co_names
    assert INDEX_ENTRIES in assigned_by_init, f"Sphinx {sphinx.__version__} no longer has env.{INDEX_ENTRIES}"
