"""Keeps compiled page templates between builds.

Sphinx compiles the theme's Jinja templates afresh on every run (Furo's and
the course's own), and compiling them is a large share of a small
incremental build (one page changed). Jinja's bytecode cache, kept beside
the doctrees, makes the next run load them instead.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx

from coursekit.sphinxext.sphinx_compat import template_environment


def enable_cache(app: Sphinx) -> None:
    environment = template_environment(app.builder)
    if environment is None:
        return
    cache_dir = Path(app.doctreedir) / "jinja-cache" / app.builder.name
    cache_dir.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(cache_dir))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", enable_cache)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
