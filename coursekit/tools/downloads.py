"""Put each language's learner files beside its website: ``_build/html/<lang>/downloads/``.

The e-book, the course book and exercise handouts (PDF) and the learner kit, as
``coursekit.core.downloads`` lists them, copied from where the build wrote them;
the page "Downloads" links them. A file is copied only when its bytes changed (an
unchanged build leaves the folder as it was), and a file the list no longer names
(an old title's) is removed. A language below ``publish_threshold`` gets none: its
kits are not built either. Without TeX Live (``make`` as a user who cannot install
it) there are no PDFs: the other files are copied, and the page's PDF links stay
unanswered on that machine, as the PDF step has said.

Usage: ``python -m coursekit.tools.downloads <build dir> [languages...]``
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from coursekit.core.downloads import DOWNLOADS_FOLDER, Download, downloads
from coursekit.core.paths import REPO_ROOT
from coursekit.core.print_documents import BOOK, HANDOUT
from coursekit.core.translations import only_published
from coursekit.core.zips import remove_other_outputs
from coursekit.tools.command_line import build_folder_and_languages
from coursekit.tools.pdf import missing_tools


class MissingOutput(Exception):
    """A file the Downloads page links that the build has not written."""


def not_built_here(item: Download) -> bool:
    """A PDF on a machine without TeX Live: the PDF step skipped it, saying so."""
    return item.kind in (BOOK, HANDOUT) and bool(missing_tools())


def publish_downloads(build_dir: Path, language: str) -> list[Path]:
    target = build_dir / "html" / language / DOWNLOADS_FOLDER
    files = [
        item
        for item in downloads(REPO_ROOT, language)
        if (build_dir / item.source).is_file() or not not_built_here(item)
    ]
    missing = [item.source for item in files if not (build_dir / item.source).is_file()]
    if missing:
        raise MissingOutput(
            f"{language}: the Downloads page links files the build has not written: {', '.join(missing)} "
            "(without TeX Live there are no PDFs: see system-packages.txt)"
        )
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for item in files:
        source, copy = build_dir / item.source, target / item.name
        if not copy.is_file() or copy.read_bytes() != source.read_bytes():
            shutil.copyfile(source, copy)
        written.append(copy)
    remove_other_outputs(target, "*", written)
    return written


def main(argv: list[str] | None = None) -> int:
    build_dir, languages = build_folder_and_languages(sys.argv[1:] if argv is None else argv)
    for language in only_published(languages, "downloads"):
        try:
            written = publish_downloads(build_dir, language)
        except MissingOutput as error:
            print(error, file=sys.stderr)
            return 1
        print(f"{language}: {len(written)} files in {(build_dir / 'html' / language / DOWNLOADS_FOLDER)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
