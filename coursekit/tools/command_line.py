"""The command line the tools that work on a build share: ``[BUILD_DIR [LANGUAGE ...]]``."""

from __future__ import annotations

import sys
from pathlib import Path

from coursekit.core.languages import all_languages


def build_folder_and_languages(arguments: list[str]) -> tuple[Path, list[str]]:
    """The command line of the tools that work on a build: ``[BUILD_DIR [LANGUAGE ...]]``.

    Defaults: ``_build`` and every language. An unknown language ends the program with status 2.
    """
    build_dir = Path(arguments[0] if arguments else "_build").resolve()
    languages = arguments[1:] or all_languages()
    unknown = set(languages) - set(all_languages())
    if unknown:
        print(f"unknown language(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        raise SystemExit(2)
    return build_dir, languages
