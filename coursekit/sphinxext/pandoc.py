"""Puts the pandoc binary shipped in the ``pypandoc-binary`` wheel on PATH.

nbsphinx converts notebook Markdown cells by calling ``pandoc``; the wheel
keeps its binary in ``site-packages/pypandoc/files/``, which is not on PATH.
This way a fresh machine needs no system pandoc. ``PATH`` is the process's:
it is put back as it was when the build finishes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from coursekit.sphinxext import event_order


def bundled_pandoc_dir() -> Path | None:
    """The folder of the pandoc binary the ``pypandoc-binary`` wheel ships (not on PATH by itself)."""
    try:
        import pypandoc
    except ImportError:
        return None
    files = Path(pypandoc.__file__).parent / "files"
    return files if (files / "pandoc").exists() else None


def use_bundled_pandoc() -> None:
    """Put the wheel's pandoc first on PATH, where nbsphinx looks for it."""
    bundled = bundled_pandoc_dir()
    if bundled and shutil.which("pandoc") != str(bundled / "pandoc"):
        os.environ["PATH"] = f"{bundled}{os.pathsep}{os.environ.get('PATH', '')}"


def _restore_path(before: str | None) -> None:
    if before is None:
        os.environ.pop("PATH", None)
    else:
        os.environ["PATH"] = before


def setup(app: Sphinx) -> dict:
    before = os.environ.get("PATH")
    use_bundled_pandoc()
    if os.environ.get("PATH") != before:
        # Given back when the build ends: the process may build another project next.
        app.connect(
            "build-finished", lambda app, exception: _restore_path(before), priority=event_order.GIVE_BACK_PROCESS
        )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
