"""The languages the course is published in.

Written once: the source language is declared in ``course.toml``; every other
language is a folder of ``locales/``. ``make add-language`` creates such a
folder, so no list has to be edited by hand.

Run as a script (stdlib only, so it works before the virtual environment
exists), it prints the languages for the Makefile.
"""

from __future__ import annotations

import tomllib
from functools import cache

from coursekit.paths import COURSE_FILE, LOCALES_DIR


@cache
def course_settings() -> dict:
    with COURSE_FILE.open("rb") as stream:
        return tomllib.load(stream)["course"]


def source_language() -> str:
    return course_settings()["source_language"]


def translated_languages() -> list[str]:
    if not LOCALES_DIR.is_dir():
        return []
    return sorted(
        folder.name
        for folder in LOCALES_DIR.iterdir()
        if (folder / "LC_MESSAGES").is_dir() and folder.name != source_language()
    )


def all_languages() -> list[str]:
    """The source language first, then the translations in alphabetical order."""
    return [source_language(), *translated_languages()]


if __name__ == "__main__":
    print(" ".join(all_languages()))
