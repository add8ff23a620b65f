"""Installs the Debian packages listed in ``system-packages.txt`` that are missing.

Each package is needed either for the build or for the tests only: ``make``
asks for the build's, ``make test`` for both, so a machine that only builds
needs no Java, Chromium or npm. Standard library only: it runs before the
virtual environment exists. As root (CI, a fresh container) it installs with
apt-get; otherwise it prints the command to run and fails.

Usage: ``python -m coursekit.tools.system_packages [build] [test]`` (default: build)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from coursekit.core.paths import REPO_ROOT

PACKAGE_LIST = REPO_ROOT / "system-packages.txt"


PURPOSES = ("build", "test", "screenshots")
# ``build:pdf``: installed with the build's packages, but a build without them (not root) goes on
# without that output, which says what to install (the PDFs: coursekit.tools.pdf).
OPTIONAL_OUTPUTS = ("pdf",)


def missing_packages(purposes: tuple[str, ...] = ("build",), *, optional: bool = True) -> list[str]:
    """The missing packages of these purposes; ``optional=False`` leaves out those of optional outputs."""
    missing = []
    for line in PACKAGE_LIST.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        purpose_field, command, package, *_why = line.split()
        purpose, _colon, output = purpose_field.partition(":")
        if purpose not in PURPOSES or (output and output not in OPTIONAL_OUTPUTS):
            raise SystemExit(
                f"{PACKAGE_LIST.name}: {line!r} must start with one of {', '.join(PURPOSES)} "
                f"(or build:{'|'.join(OPTIONAL_OUTPUTS)})"
            )
        # A command is looked for on PATH; a package without one (a font) by a file it installs.
        present = Path(command).exists() if command.startswith("/") else shutil.which(command) is not None
        if purpose in purposes and not present and (optional or not output):
            missing.append(package)
    return missing


def main(argv: list[str] | None = None) -> int:
    purposes = tuple(sys.argv[1:] if argv is None else argv) or ("build",)
    unknown = set(purposes) - set(PURPOSES)
    if unknown:
        print(f"unknown purpose(s): {', '.join(sorted(unknown))}; known: {', '.join(PURPOSES)}", file=sys.stderr)
        return 2
    missing = missing_packages(purposes)
    if not missing:
        return 0
    install = ["apt-get", "install", "--yes", "--no-install-recommends", *missing]
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        required = missing_packages(purposes, optional=False)
        print(f"Missing system packages: {' '.join(missing)}. Install them with:", file=sys.stderr)
        print(f"  sudo {' '.join(install)}", file=sys.stderr)
        if not required:
            print("Only optional outputs need them (build:pdf): the build goes on without those.", file=sys.stderr)
        return 1 if required else 0
    print(f"Installing system packages: {' '.join(missing)}", flush=True)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "--quiet"], check=True, env=environment)
    subprocess.run(install, check=True, env=environment)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
