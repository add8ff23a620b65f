"""Reproducible zip files: same entries, same bytes, whatever machine or day builds them.

Used for the EPUB (``coursekit.sphinxext.epub_output``) and the training kits
(``coursekit.tools.kit``). Every entry is dated ``SOURCE_DATE_EPOCH``
(https://reproducible-builds.org/specs/source-date-epoch/; 1980-01-01
without it, the earliest date a zip can hold), marked as written on Unix with
``rw-r--r--`` permissions, and written in the order given: the caller decides
the order (the EPUB's ``mimetype`` comes first, uncompressed).
"""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z: the zip format cannot date anything earlier
UNIX = 3  # ZipInfo.create_system: the same byte whatever system builds
FILE_MODE = 0o644

ZipEntry = tuple[str, bytes, int]  # (name in the archive, content, zipfile.ZIP_STORED or ZIP_DEFLATED)


def zip_date_time() -> tuple[int, int, int, int, int, int]:
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", ZIP_EPOCH)), ZIP_EPOCH)
    return time.gmtime(epoch)[:6]


def write_zip(target: Path, entries: Iterable[ZipEntry]) -> None:
    """Write ``(name, content, compression)`` entries in the given order, all with one date."""
    date_time = zip_date_time()
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        for name, content, compression in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = compression
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, content)
