"""The project's pinned Python packages, read with ``packaging`` (PEP 508), not a regex.

``requirements.txt`` pins every build dependency; ``requirements-test.txt``
adds the test tools (``-r requirements.txt`` then its own pins). Options
(``-r``, ``--index-url``…) and comments are pip's, not PEP 508: skipped here.
"""

from __future__ import annotations

from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import NormalizedName, canonicalize_name


class BadRequirement(ValueError):
    """A line of a requirements file that is not a PEP 508 requirement."""


def requirements(path: Path) -> dict[NormalizedName, Requirement]:
    """Every requirement of one file (not of the files it includes), by normalised name."""
    found = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split(" #", 1)[0].strip()
        if not text or text.startswith(("#", "-")):
            continue
        try:
            requirement = Requirement(text)
        except InvalidRequirement as error:
            raise BadRequirement(f"{path}:{number}: {error}") from error
        found[canonicalize_name(requirement.name)] = requirement
    return found


def pinned_version(requirement: Requirement) -> str:
    """The one version a ``name==version`` requirement allows."""
    specifiers = list(requirement.specifier)
    if len(specifiers) != 1 or specifiers[0].operator != "==":
        raise BadRequirement(f"{requirement}: not pinned to one version (name==version)")
    return specifiers[0].version
