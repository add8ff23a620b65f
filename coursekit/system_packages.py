"""Installs the Debian packages listed in ``system-packages.txt`` that are missing.

Standard library only: it runs before the virtual environment exists. As
root (CI, a fresh container) it installs with apt-get; otherwise it prints
the command to run and fails.

Usage: ``python -m coursekit.system_packages``
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from coursekit.paths import REPO_ROOT

PACKAGE_LIST = REPO_ROOT / "system-packages.txt"


def missing_packages() -> list[str]:
    missing = []
    for line in PACKAGE_LIST.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        command, package, *_why = line.split()
        if shutil.which(command) is None:
            missing.append(package)
    return missing


def main() -> int:
    missing = missing_packages()
    if not missing:
        return 0
    install = ["apt-get", "install", "--yes", "--no-install-recommends", *missing]
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"Missing system packages: {' '.join(missing)}. Install them with:", file=sys.stderr)
        print(f"  sudo {' '.join(install)}", file=sys.stderr)
        return 1
    print(f"Installing system packages: {' '.join(missing)}", flush=True)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "--quiet"], check=True, env=environment)
    subprocess.run(install, check=True, env=environment)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
