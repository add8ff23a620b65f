"""The project's zip writer: same entries, same bytes (the e-book, the SCORM packages, the training kits).

Every entry is dated ``SOURCE_DATE_EPOCH``
(https://reproducible-builds.org/specs/source-date-epoch/; 1980-01-01 without
it, the earliest date a zip can hold) and written in the order given, with
fixed permissions and system. Shared by a Sphinx extension
(``coursekit.sphinxext.epub_output``) and command-line tools
(``coursekit.tools.scorm``, ``coursekit.tools.kit``), so it lives here, below them; so does the
removal of the outputs a renamed title left behind.
"""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z: the zip format cannot date anything earlier


def zip_date_time() -> tuple[int, int, int, int, int, int]:
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", ZIP_EPOCH)), ZIP_EPOCH)
    return time.gmtime(epoch)[:6]


def remove_other_outputs(folder: Path, pattern: str, kept: Iterable[Path]) -> None:
    """Remove the files of ``folder`` matching ``pattern`` that are not ``kept``.

    The e-book, the kits and the SCORM package are named after the course's title, which translators
    change in ``ui.po``: a renamed output replaces the old one, as in a clean build, instead of lying
    beside it.
    """
    keep = {path.name for path in kept}
    for path in folder.glob(pattern):
        if path.name not in keep and (path.is_file() or path.is_symlink()):
            path.unlink()


def write_zip(target: Path, entries: Iterable[tuple[str, bytes, int]]) -> None:
    """Write ``(name, content, compression)`` entries in the given order, all with one date."""
    date_time = zip_date_time()
    with zipfile.ZipFile(target, "w") as archive:
        for name, content, compression in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = compression
            info.create_system = 3  # Unix, whatever system builds
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
