"""Same commit, same SOURCE_DATE_EPOCH: the same bytes, whoever builds it, wherever.

The session build is compared with a second clean build of a copy of the
repository, in another folder, with ``SOURCE_DATE_EPOCH`` set explicitly to
the date the first build was made with. Every file of the websites and every
EPUB, SCORM package and PDF must be identical, byte for byte; the differences, if any, are listed
(and saved under ``<artifacts>/reproducible/``).
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from coursekit.core.languages import all_languages
from coursekit.testing.outputs import build_epoch, describe, epub_path, run_make
from coursekit.testing.validators import artifacts_dir

COMPARED = ("html", "epub", "scorm", "pdf")
# Sphinx's caches: not outputs (Make's stamps live in _build/stamps/, outside the compared folders).
IGNORED_PARTS = {"doctrees", ".doctrees"}
IGNORED_NAMES: set[str] = set()


def output_files(build: Path) -> dict[str, bytes]:
    files = {}
    for section in COMPARED:
        for path in sorted((build / section).rglob("*")):
            relative = path.relative_to(build)
            if path.is_file() and not IGNORED_PARTS & set(relative.parts) and path.name not in IGNORED_NAMES:
                files[relative.as_posix()] = path.read_bytes()
    return files


def test_two_clean_builds_are_byte_identical(build_dir, repository_copy, tmp_path):
    epoch = build_epoch(build_dir)
    if "SOURCE_DATE_EPOCH" in os.environ:
        assert epoch == int(os.environ["SOURCE_DATE_EPOCH"]), "the first build used the exported date"
    second = tmp_path / "second-build"
    run_make("html", "epub", "scorm", "pdf", cwd=repository_copy, BUILDDIR=str(second), SOURCE_DATE_EPOCH=str(epoch))

    first_files, second_files = output_files(build_dir), output_files(second)
    assert sorted(first_files) == sorted(second_files), set(first_files) ^ set(second_files)
    for language in all_languages():
        assert f"epub/{language}/{epub_path(build_dir, language).name}" in first_files
        assert f"html/{language}/searchindex.js" in first_files
        assert any(name.startswith(f"pdf/{language}/") for name in first_files)
    different = [name for name in first_files if first_files[name] != second_files[name]]
    report = "\n\n".join(describe(name, first_files[name], second_files[name]) for name in different)
    (artifacts_dir("reproducible") / "differences.txt").write_text(report or "none\n", encoding="utf-8")
    assert different == [], report


def test_epub_zip_is_ordered_and_dated_by_source_date_epoch(build_dir):
    epoch = build_epoch(build_dir)
    for language in all_languages():
        with zipfile.ZipFile(epub_path(build_dir, language)) as epub:
            entries = epub.infolist()
        assert entries[0].filename == "mimetype" and entries[0].compress_type == zipfile.ZIP_STORED
        # Zip (DOS) times count seconds in steps of two: an odd epoch is stored one second earlier.
        expected = time.gmtime(max(epoch, 315532800))[:6]
        assert {entry.date_time for entry in entries} == {(*expected[:5], expected[5] - expected[5] % 2)}
        assert [entry.filename for entry in entries[4:]] == sorted(entry.filename for entry in entries[4:])
