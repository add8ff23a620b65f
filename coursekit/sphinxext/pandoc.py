"""Puts the pandoc binary shipped in the ``pypandoc-binary`` wheel on PATH.

nbsphinx converts notebook Markdown cells by calling ``pandoc``; the wheel
keeps its binary in ``site-packages/pypandoc/files/``, which is not on PATH.
This way a fresh machine needs no system pandoc.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sphinx.application import Sphinx


def bundled_pandoc_dir() -> Path | None:
    try:
        import pypandoc
    except ImportError:
        return None
    files = Path(pypandoc.__file__).parent / "files"
    return files if (files / "pandoc").exists() else None


def setup(app: Sphinx) -> dict:
    bundled = bundled_pandoc_dir()
    if bundled and shutil.which("pandoc") != str(bundled / "pandoc"):
        os.environ["PATH"] = f"{bundled}{os.pathsep}{os.environ.get('PATH', '')}"
    return {"parallel_read_safe": True, "parallel_write_safe": True}
