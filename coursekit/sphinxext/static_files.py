"""The course's scripts and style sheets (``static/``), copied by every build of an extension naming one.

An extension that adds ``course-quiz.js`` or ``course.css`` to a page sets this one up, so that the file is
there in any project that uses the extension, not only in a ``conf.py`` that lists the folder. The folder is
added at ``builder-inited``, after the builder has hashed its configuration into ``.buildinfo``: the absolute
path of this checkout never enters an output, and a build made in another folder gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"


def add_static_dir(app: Sphinx) -> None:
    listed = {(Path(app.confdir) / entry).resolve() for entry in app.config.html_static_path}
    if STATIC_DIR.resolve() not in listed:
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC_DIR)]


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", add_static_dir)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
