"""Puts the pandoc binary shipped in the ``pypandoc-binary`` wheel on PATH.

nbsphinx converts notebook Markdown cells by calling ``pandoc``; the wheel
keeps its binary in ``site-packages/pypandoc/files/``, which is not on PATH.
This way a fresh machine needs no system pandoc.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from coursekit.core.notebook_conversion import use_bundled_pandoc


def setup(app: Sphinx) -> dict:
    use_bundled_pandoc()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
