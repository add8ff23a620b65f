"""A small Sphinx project of a test, built the way ``sphinx.testing`` builds one."""

from __future__ import annotations

from pathlib import Path

from sphinx.testing.util import SphinxTestApp


def build_app(project: Path, builder: str = "html") -> SphinxTestApp:
    """Builds ``project`` (its ``conf.py`` and pages) with ``builder``; the finished app, for its outputs and status."""
    app = SphinxTestApp(builder, srcdir=project)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def build(project: Path, builder: str = "html") -> Path:
    """Builds ``project``; its output folder."""
    return Path(build_app(project, builder).outdir)
