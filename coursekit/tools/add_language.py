"""``make add-language LANG=xx``: start a new translation of the course.

Creates ``locales/xx/LC_MESSAGES/`` with a catalog for every page, notebook,
figure set and the UI, all untranslated. Nothing else is needed: the list of
languages is the folders of ``locales/``, so ``make`` builds the new
language, the switcher and the front door offer it, and pages show the
"incomplete translation" notice until the catalogs are done.

Usage: ``python -m coursekit.tools.add_language xx``
"""

from __future__ import annotations

import argparse
import os
import sys

from babel import Locale, UnknownLocaleError

from coursekit.core.languages import LANGUAGE_CODE, all_languages, source_language
from coursekit.core.paths import LOCALES_DIR
from coursekit.tools.catalog_update import update

USAGE = "usage: make add-language LANG=xx   (an ISO 639 code such as de, es, it; REGIONAL=1 for pt_BR)"


def normalised_language(code: str, regional: bool = False) -> tuple[str, str]:
    """``(code, English name)`` for a new course language, or ``ValueError`` saying what to type.

    One spelling per language, as gettext and Sphinx name folders: ``de``,
    ``pt_BR``. Another case or a hyphen is refused with the right spelling; a
    region only when asked for (``REGIONAL=1``), since the course is
    translated per language.
    """
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        raise ValueError(f"{code!r} is not a language code Babel knows (try de, es, it, pt_BR).") from None
    canonical = str(locale)
    if code != canonical:
        raise ValueError(f"{code!r} is not written as a language code: did you mean {canonical}?")
    if not LANGUAGE_CODE.fullmatch(canonical):
        raise ValueError(f"{code!r}: only a language, or a language and a country (de, pt_BR), can be added.")
    if locale.territory and not regional:
        raise ValueError(
            f"{code} is a regional variant of {locale.language}: the course is translated per language. "
            f"Add {locale.language}, or ask for the variant with REGIONAL=1."
        )
    if locale.language == source_language() and locale.territory:
        raise ValueError(f"{code} is a variant of the source language {source_language()}: nothing to translate.")
    return canonical, locale.get_display_name("en")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start a new translation of the course.", usage=USAGE)
    parser.add_argument("language", nargs="?", default=os.environ.get("COURSE_NEW_LANGUAGE", ""))
    parser.add_argument("--regional", action="store_true", help="allow a regional variant such as pt_BR")
    arguments = parser.parse_args(argv)
    if not arguments.language:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        language, name = normalised_language(arguments.language, arguments.regional)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if language in all_languages():
        print(f"{language} ({name}) is already a course language.", file=sys.stderr)
        return 1
    (LOCALES_DIR / language / "LC_MESSAGES").mkdir(parents=True)
    update([language])
    print(
        f"\nAdded {language} ({name}). Next: translate locales/{language}/LC_MESSAGES/*.po "
        f"(see TRANSLATING.md), then `make html-{language}`."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
