"""The languages the course is published in.

Written once: the source language is declared in ``course.toml``; every other
language is a folder of ``locales/``. ``make add-language`` creates such a
folder, so no list has to be edited by hand.

Stdlib only (Babel is imported where a name is needed): the Makefile lists the
languages through it (:mod:`coursekit.tools.languages`) before the virtual
environment exists.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache

from coursekit.core.paths import COURSE_FILE, LOCALES_DIR


@cache
def course_settings() -> dict:
    with COURSE_FILE.open("rb") as stream:
        return tomllib.load(stream)["course"]


def source_language() -> str:
    return course_settings()["source_language"]


# A language as gettext and Sphinx name its folder: ISO 639 in lower case, then an
# optional region in upper case (de, pt_BR). Nothing else may reach a Make target,
# a path or a command line: translators name these folders.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?")


def language_tag(code: str) -> str:
    """The BCP 47 tag of a language code, for every ``lang``, ``hreflang`` and metadata field: ``pt_BR`` is
    ``pt-BR`` (gettext and the folders keep the underscore)."""
    return code.replace("_", "-")


class NotALanguage(ValueError):
    """A folder of ``locales/`` whose name is not a language code."""


def check_language_code(code: str) -> str:
    if not LANGUAGE_CODE.fullmatch(code):
        raise NotALanguage(
            f"locales/{code!r}: not a language code: a folder of locales/ is named like de or pt_BR "
            "(see TRANSLATING.md); rename or remove it"
        )
    return code


def translated_languages() -> list[str]:
    """Every folder of ``locales/`` that holds catalogs; a folder not named as a language is an error."""
    if not LOCALES_DIR.is_dir():
        return []
    folders = [folder for folder in LOCALES_DIR.iterdir() if folder.is_dir()]  # a linked file: check-po's
    for folder in folders:
        if folder.is_symlink():
            raise NotALanguage(f"locales/{folder.name!r}: a symbolic link; a language folder must be a folder")
        check_language_code(folder.name)
    return sorted(
        folder.name for folder in folders if (folder / "LC_MESSAGES").is_dir() and folder.name != source_language()
    )


def all_languages() -> list[str]:
    """The source language first, then the translations in alphabetical order."""
    return [source_language(), *translated_languages()]


def native_name(code: str) -> str:
    """The language's own name: "Français", "English"."""
    from babel import Locale  # the build's dependency: the Makefile runs this module before .venv exists

    name = Locale.parse(code).get_display_name(code)
    return name[:1].upper() + name[1:]  # str.capitalize() would write "Português (brasil)"
