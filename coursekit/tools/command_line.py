"""The command line the tools that work on a build share: ``[BUILD_DIR [LANGUAGE ...]]``."""

from __future__ import annotations

import sys
from pathlib import Path

from coursekit.core.languages import all_languages

USAGE = "usage: {program} [BUILD_DIR [LANGUAGE ...]]  (defaults: _build and every language of the course)"


def _program() -> str:
    """How the tool was started: ``python -m coursekit.tools.kit`` rather than the path of its file."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return f"python -m {spec.name}" if spec is not None else Path(sys.argv[0]).name


def build_folder_and_languages(arguments: list[str]) -> tuple[Path, list[str]]:
    """The command line of the tools that work on a build: ``[BUILD_DIR [LANGUAGE ...]]``.

    Defaults: ``_build`` and every language. ``-h`` or ``--help`` prints the usage; an option (the tools take
    none) or an unknown language ends the program with status 2, before anything is read or written.
    """
    if arguments[:1] in (["-h"], ["--help"]):
        print(USAGE.format(program=_program()))
        raise SystemExit(0)
    options = [argument for argument in arguments if argument.startswith("-")]
    if options:
        print(f"unknown option(s): {' '.join(options)}\n" + USAGE.format(program=_program()), file=sys.stderr)
        raise SystemExit(2)
    build_dir = Path(arguments[0] if arguments else "_build").resolve()
    languages = arguments[1:] or all_languages()
    unknown = set(languages) - set(all_languages())
    if unknown:
        print(f"unknown language(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        raise SystemExit(2)
    return build_dir, languages
