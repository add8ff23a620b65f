"""``make add-language LANG=xx``: start a new translation of the course.

Creates ``locales/xx/LC_MESSAGES/`` with a catalog for every page, notebook,
figure set and the UI, all untranslated. Nothing else is needed: the list of
languages is the folders of ``locales/``, so ``make`` builds the new
language, the switcher and the front door offer it, and pages show the
"incomplete translation" notice until the catalogs are done.

Usage: ``python -m coursekit.add_language xx``
"""

from __future__ import annotations

import sys

from babel import Locale, UnknownLocaleError

from coursekit.catalog_update import update
from coursekit.languages import all_languages
from coursekit.paths import LOCALES_DIR


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1 or not arguments[0]:
        print("usage: make add-language LANG=xx   (an ISO 639-1 code such as de, es, it)", file=sys.stderr)
        return 2
    language = arguments[0]
    try:
        name = Locale.parse(language).get_display_name("en")
    except (ValueError, UnknownLocaleError):
        print(f"{language!r} is not a language code Babel knows (try de, es, it, pt_BR).", file=sys.stderr)
        return 2
    if language in all_languages():
        print(f"{language} ({name}) is already a course language.", file=sys.stderr)
        return 1
    (LOCALES_DIR / language / "LC_MESSAGES").mkdir(parents=True)
    update([language])
    print(f"\nAdded {language} ({name}). Next: translate locales/{language}/LC_MESSAGES/*.po "
          f"(see TRANSLATING.md), then `make html-{language}`.")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
