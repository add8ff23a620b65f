"""The course's scripts and style sheets (``static/``), copied by every build of an extension naming one.

An extension that adds ``course-quiz.js`` or ``course.css`` to a page sets this one up, so that the file is
there in any project that uses the extension, not only in a ``conf.py`` that lists the folder. The folder is
added at ``builder-inited``, after the builder has hashed its configuration into ``.buildinfo``: the absolute
path of this checkout never enters an output, and a build made in another folder gives the same bytes.

The scripts are kept readable, with their comments, in the repository and are published minified
(``rjsmin``): a reader on a phone or behind a slow LMS loads them at about 60 % of their size (an exercise
page's three course scripts: 64 KB as written, 39 KB published). The minified copies are written into the
build's doctree folder before Sphinx copies its static files, so the ``?v=`` checksum on each page is that
of the file published; a change to a script (or to the minifier's pinned version, in ``requirements.txt``)
reaches every page through ``dependencies.assets_fingerprint``, which hashes the published bytes.
"""

from __future__ import annotations

from pathlib import Path

import rjsmin
from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"
PUBLISHED_DIR = "course-static"  # in the build's doctree folder: what the outputs' ``_static`` receive


def published_bytes(source: Path) -> bytes:
    """A static file as the outputs carry it: a script minified, anything else as written."""
    data = source.read_bytes()
    if source.suffix == ".js":
        return rjsmin.jsmin(data.decode("utf-8")).encode("utf-8")
    return data


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` unless the file holds it already. One build at a time writes a doctree folder
    (``build_lock``), so no other build reads or writes this file meanwhile."""
    if not (path.is_file() and path.read_bytes() == data):
        path.write_bytes(data)


def prepare_published_dir(source: Path, target: Path) -> Path:
    """``target`` holding each file of ``source`` as published, and nothing else."""
    target.mkdir(parents=True, exist_ok=True)
    names = set()
    for path in sorted(source.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            names.add(path.name)
            _write_if_changed(target / path.name, published_bytes(path))
    for stale in target.iterdir():
        if stale.name not in names:
            stale.unlink()
    return target


def add_static_dir(app: Sphinx) -> None:
    listed = {(Path(app.confdir) / entry).resolve() for entry in app.config.html_static_path}
    if STATIC_DIR.resolve() in listed:
        return  # a project that lists the folder itself publishes it as written
    published = prepare_published_dir(STATIC_DIR, Path(app.doctreedir) / PUBLISHED_DIR)
    if published.resolve() not in listed:
        app.config.html_static_path = [*app.config.html_static_path, str(published)]


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", add_static_dir)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
