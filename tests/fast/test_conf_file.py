"""conf.py's settings read without running it (``coursekit.core.conf_file``): what Sphinx reads, or a clear no."""

from __future__ import annotations

import runpy
from functools import cache

import pytest

from coursekit.core.conf_file import literal_settings, setting
from coursekit.core.paths import REPO_ROOT
from coursekit.sphinxext.catalog_checks import configured_myst_extensions, configured_terminology_exempt

# The settings the catalog checks read outside a build (make check-po, the kits).
READ_OUTSIDE_A_BUILD = ("myst_enable_extensions", "course_terminology_exempt")


@cache
def run_conf_py() -> dict:
    """What Python sets when conf.py runs, as Sphinx runs it (a test may; the machinery may not)."""
    return runpy.run_path(str(REPO_ROOT / "conf.py"))


@pytest.mark.parametrize("name", READ_OUTSIDE_A_BUILD)
def test_a_setting_read_as_written_is_the_one_conf_py_sets_when_run(name):
    assert setting(name) == run_conf_py()[name]


def test_the_checks_outside_a_build_use_conf_py_settings():
    assert configured_myst_extensions() == tuple(sorted(run_conf_py()["myst_enable_extensions"]))
    assert configured_terminology_exempt() == frozenset(run_conf_py()["course_terminology_exempt"])


def test_a_computed_setting_is_refused_by_name():
    # conf.py computes the source language (from course.toml): only running conf.py would know it.
    with pytest.raises(KeyError, match="language is not set there as a literal value"):
        setting("language")


def test_the_last_literal_assignment_wins_and_a_computed_one_is_unknown(tmp_path):
    conf = tmp_path / "conf.py"
    conf.write_text(
        'import os\nextensions = ["a"]\nextensions = ["a", "b"]\nroot = os.getcwd()\nroot_doc = "index"\n'
        'root_doc = os.environ["X"]\n',
        encoding="utf-8",
    )
    settings = literal_settings(conf)
    assert settings["extensions"] == ["a", "b"]
    assert "root" not in settings
    assert "root_doc" not in settings  # its last value is computed: the earlier literal is not what Python sets
