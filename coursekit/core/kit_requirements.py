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
