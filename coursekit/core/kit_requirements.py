"""What a learner installs to run the exercises: the kit's packages, at the project's pinned versions.

One list, read by the training kit (its ``requirements.txt``, ``coursekit.tools.kit``) and by
the course page on doing the exercises (the command to install them at home,
``coursekit.sphinxext.kit_requirements``), so that both always give the same versions.
"""

from __future__ import annotations

from coursekit.core.paths import REPO_ROOT
from coursekit.core.requirements import pinned_version, requirements

REQUIREMENTS_FILE = REPO_ROOT / "requirements.txt"
# What a learner's machine needs; versions come from the project's one pinned list.
KIT_PACKAGES = ("jupyterlab", "ipykernel", "pandas", "matplotlib")


def pinned_packages() -> list[str]:
    """``name==version`` for each kit package, in the order of ``KIT_PACKAGES``."""
    pins = requirements(REQUIREMENTS_FILE)
    missing = [name for name in KIT_PACKAGES if name not in pins]
    if missing:
        raise ValueError(f"{REQUIREMENTS_FILE.name}: no pinned version for {', '.join(missing)} (the kit's packages)")
    return [f"{name}=={pinned_version(pins[name])}" for name in KIT_PACKAGES]


def pinned_requirements() -> str:
    """The kit's ``requirements.txt``."""
    return "".join(f"{requirement}\n" for requirement in pinned_packages())


# The systems a learner may start the exercises on, as the kit README and the course page name them.
SYSTEMS = ("windows", "posix")


def start_commands(system: str, packages: str = "-r requirements.txt") -> list[str]:
    """The commands that set up the kit's software in ``.venv`` and start JupyterLab, one per line.

    One command per line and no ``&&`` (Windows PowerShell 5.1 has none), no activation script
    (PowerShell's default execution policy blocks it): the environment's own Python runs each tool.
    ``packages``: what pip installs (the kit's ``requirements.txt``, or the pins for a learner without a kit).
    """
    if system == "windows":
        create, python = "py -m venv .venv", r".\.venv\Scripts\python.exe"
    elif system == "posix":
        create, python = "python3 -m venv .venv", ".venv/bin/python"
    else:
        raise ValueError(f"unknown system {system!r}: one of {', '.join(SYSTEMS)}")
    return [create, f"{python} -m pip install {packages}", f"{python} -m jupyterlab"]
