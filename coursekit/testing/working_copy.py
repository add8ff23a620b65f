"""A throw-away copy of the repository, for the tests and the benchmark.

Both change sources and build them; neither may touch the author's own
checkout. The copy holds the tracked files and the new, not ignored ones
(so work in progress is tested as it stands), and shares the installed
``.venv`` instead of installing it again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from coursekit.core.paths import REPO_ROOT


def copy_of_repository(destination: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for relative in filter(None, listed):
        source = REPO_ROOT / relative
        if source.is_file():
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (destination / ".venv").symlink_to(REPO_ROOT / ".venv")
    return destination


# What a build writes into the tree besides ``_build``: a copy of the sources leaves them out.
GENERATED = ("_build", "_build-stats.jsonl", "__pycache__", "*.mo", ".venv")
# The translated SVG figures the build writes; not every ``translated`` folder: the screenshots'
# (course/screenshots/translated/<lang>/) are sources.
GENERATED_FOLDERS = (Path("course", "figures", "translated"),)


def copy_of_sources(source: Path, destination: Path) -> Path:
    """A copy of a working copy's sources, as they stand, without anything a build made."""
    by_name = shutil.ignore_patterns(*GENERATED)
    generated_folders = {source / folder for folder in GENERATED_FOLDERS}

    def ignored(folder: str, names: list[str]) -> set[str]:
        return set(by_name(folder, names)) | {name for name in names if Path(folder, name) in generated_folders}

    shutil.copytree(source, destination, ignore=ignored)
    (destination / ".venv").symlink_to(REPO_ROOT / ".venv")
    return destination


def path_without(commands: tuple[str, ...], folder: Path) -> str:
    """A PATH with every command of the current one except ``commands``."""
    folder.mkdir(parents=True, exist_ok=True)
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in os.scandir(directory):
            target = folder / entry.name
            if entry.name not in commands and not target.exists() and not target.is_symlink():
                target.symlink_to(entry.path)
    return str(folder)
