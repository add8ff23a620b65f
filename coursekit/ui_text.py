"""Words the machinery adds to pages (labels, the course title...).

They are written in French, the source language, and translated like the
course itself, in ``locales/<lang>/LC_MESSAGES/ui.po``. ``make update-po``
extracts every ``ui_text("...")`` call of this package and every string of
``course.toml`` into that catalog.
"""

from __future__ import annotations

from functools import cache

import polib

from coursekit.languages import source_language
from coursekit.paths import LOCALES_DIR, UI_DOMAIN


def ui_catalog_path(language: str):
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{UI_DOMAIN}.po"


@cache
def _translations(language: str) -> dict[str, str]:
    path = ui_catalog_path(language)
    if language == source_language() or not path.exists():
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.translated() and not entry.obsolete
    }


def ui_text(message: str, language: str) -> str:
    """The translation of a French UI ``message``, or the message itself.

    Falling back to French keeps a partial translation usable; ``make
    check-po`` is what holds shipped languages at 100 %.
    """
    return _translations(language).get(message, message)
