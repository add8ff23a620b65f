"""Words the machinery adds to pages (labels, the course title...).

They are written in French, the source language, and translated like the
course itself, in ``locales/<lang>/LC_MESSAGES/ui.po``. ``make update-po``
extracts every ``ui_text("...")`` call of this package, every
``course_ui('...')`` of its templates and every string of ``course.toml``.
"""

from __future__ import annotations

from coursekit.paths import UI_DOMAIN
from coursekit.translations import catalog_path, report_use, translations


def ui_text(message: str, language: str) -> str:
    """The translation of a French UI ``message``, or the message itself."""
    translation = translations(language, UI_DOMAIN).get(message, message)
    # Per message, so that a changed translation re-reads only the pages that show it.
    report_use(catalog_path(language, UI_DOMAIN), message, translation)
    return translation
