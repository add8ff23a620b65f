"""Words the machinery adds to pages (labels, the course title...).

They are written in French, the source language, and translated like the
course itself, in ``locales/<lang>/LC_MESSAGES/ui.po``. ``make update-po``
extracts every ``ui_text("...")`` call of this package, every
``course_ui('...')`` of its templates and every string of ``course.toml``.
"""

from __future__ import annotations

from string import Formatter

from coursekit.core.paths import UI_DOMAIN
from coursekit.core.translations import catalog_path, report_use, translations


def ui_text(message: str, language: str) -> str:
    """The translation of a French UI ``message``, or the message itself."""
    translation = translations(language, UI_DOMAIN).get(message, message)
    # Per message, so that a changed translation re-reads only the pages that show it.
    report_use(catalog_path(language, UI_DOMAIN), message, translation)
    return translation


def ui_format(message: str, language: str, **values: object) -> str:
    """``ui_text(message, language).format(**values)``, where the translation may only name the values.

    ``str.format`` follows attributes and indexes (``{minutes.__class__}``): a
    translation that asks for anything but a given value, or nests a field in a
    format spec, is not used (``make check-po`` reports it as ``placeholders``).
    """
    translated = ui_text(message, language)
    try:
        fields = [(name, spec) for _text, name, spec, _conversion in Formatter().parse(translated) if name is not None]
        if all(name in values and "{" not in (spec or "") for name, spec in fields):
            return translated.format_map(values)
    except (ValueError, KeyError, IndexError, TypeError):
        pass
    return message.format_map(values)
