"""conf.py's settings as written, read without running conf.py.

Tools that check what a build will do outside a build (``make check-po``) need a few of conf.py's settings
(the MyST extensions, the pages exempt from the terminology table). Running conf.py for them would import
the machinery from itself (conf.py imports ``coursekit.core``); reading its literal assignments does not.
A setting conf.py computes is not a literal and is not found here: its callers say what they need, and a
fast test checks that what this reads is what Sphinx reads.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from coursekit.core.answer_cells import literal_names
from coursekit.core.paths import REPO_ROOT

CONF_FILE = REPO_ROOT / "conf.py"


@cache
def literal_settings(path: Path = CONF_FILE) -> dict[str, object]:
    """Each top-level ``name = literal`` of ``path``, by name (a later assignment wins, as when Python runs it)."""
    return literal_names([ast.parse(path.read_text(encoding="utf-8"), filename=str(path))])


def setting(name: str) -> object:
    """One literal setting of conf.py; a ``KeyError`` naming it when conf.py computes it or has none."""
    settings = literal_settings()
    if name not in settings:
        raise KeyError(f"{CONF_FILE.name}: {name} is not set there as a literal value")
    return settings[name]
