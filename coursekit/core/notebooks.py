"""Which files are exercise notebooks: one answer for the extensions, the tools and the tests.

What a cell is (exercise, solution, trainer note) is answered by
``coursekit.core.editions``, from the cell's tags.
"""

from __future__ import annotations

import os
from pathlib import Path

NOTEBOOK_SUFFIX = ".ipynb"


def is_notebook(path: str | os.PathLike[str]) -> bool:
    """A Jupyter notebook, by its file name (Sphinx's ``env.doc2path(docname)`` for a document)."""
    return Path(path).suffix == NOTEBOOK_SUFFIX


def notebooks_in(folder: Path) -> list[Path]:
    """The notebooks of a folder (not of its subfolders), sorted by name."""
    return sorted(path for path in folder.glob(f"*{NOTEBOOK_SUFFIX}") if path.is_file())
