"""The course's languages, for the Makefile: the source language first, then every language of ``locales/``.

Standard library only (with :mod:`coursekit.core.languages`), so that it runs before the virtual environment
exists. A folder of ``locales/`` that is not named as a language stops it with a message naming the folder.

Usage: ``python -m coursekit.tools.languages``
"""

from __future__ import annotations

import sys

from coursekit.core.languages import NotALanguage, all_languages


def main() -> int:
    try:
        print(" ".join(all_languages()))
    except NotALanguage as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
