"""The Sphinx internals ``coursekit.sphinxext.sphinx_compat`` relies on are still where it expects them."""

from __future__ import annotations

import functools

import sphinx
from sphinx.environment import BuildEnvironment

from coursekit.sphinxext.sphinx_compat import CACHED_ROOT_DOCTREE, INDEX_ENTRIES


def test_search_index_entries_still_live_in_the_environment():
    # If this fails after an upgrade, check whether Sphinx still loses index entries in incremental
    # builds (tests/test_incremental_equals_clean.py), then update or remove coursekit.sphinxext.sphinx_compat.
    assigned_by_init = BuildEnvironment.__init__.__code__.co_names
    assert INDEX_ENTRIES in assigned_by_init, f"Sphinx {sphinx.__version__} no longer has env.{INDEX_ENTRIES}"


def test_the_root_doctree_is_still_a_cached_property():
    # coursekit.sphinxext.sphinx_compat removes it from the environment before pickling it again.
    assert isinstance(vars(BuildEnvironment).get(CACHED_ROOT_DOCTREE), functools.cached_property)
