"""The learner's files of each language: named once (coursekit.core.downloads), copied beside the website."""

from __future__ import annotations

import pytest

from coursekit.core.downloads import DOWNLOADS_FOLDER, EBOOK, LEARNER_KIT, downloads
from coursekit.core.paths import REPO_ROOT
from coursekit.core.print_documents import BOOK, HANDOUT, TRAINER_GUIDE, print_documents
from coursekit.tools.downloads import MissingOutput, publish_downloads


def test_learners_get_the_book_the_handouts_and_their_kit_never_the_trainers_files():
    files = downloads(REPO_ROOT, "en")
    assert [file.kind for file in files] == [EBOOK, BOOK, *[HANDOUT] * 6, LEARNER_KIT]
    assert files[0].name == "the-coo.epub" and files[0].source == "epub/en/the-coo.epub"
    assert files[-1].name == "the-coo-learner-kit.zip" and files[-1].source == "kit/en/the-coo-learner-kit.zip"
    trainer_guide = next(doc for doc in print_documents(REPO_ROOT, "en") if doc.kind == TRAINER_GUIDE)
    assert all(trainer_guide.name not in file.name and "trainer" not in file.name for file in files)
    assert [file.document for file in files if file.kind == HANDOUT][0] == "exercises/01-faut-il-un-coo"
    assert downloads(REPO_ROOT, "fr")[0].name == "le-coo.epub"


def fake_build(tmp_path, language: str = "en"):
    build = tmp_path / "_build"
    for file in downloads(REPO_ROOT, language):
        (build / file.source).parent.mkdir(parents=True, exist_ok=True)
        (build / file.source).write_bytes(file.name.encode())
    return build


def test_the_files_are_copied_once_and_an_old_name_is_removed(tmp_path):
    build = fake_build(tmp_path)
    folder = build / "html" / "en" / DOWNLOADS_FOLDER
    folder.mkdir(parents=True)
    (folder / "an-old-title.epub").write_bytes(b"old")
    written = publish_downloads(build, "en")
    assert sorted(path.name for path in folder.iterdir()) == sorted(file.name for file in downloads(REPO_ROOT, "en"))
    assert (folder / "the-coo.epub").read_bytes() == b"the-coo.epub"
    # Unchanged: not written again (a second make leaves the folder as it was).
    stamps = {path.name: path.stat().st_mtime_ns for path in written}
    publish_downloads(build, "en")
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == stamps


def test_a_file_the_build_did_not_write_is_named(tmp_path):
    build = fake_build(tmp_path)
    (build / "pdf" / "en" / "the-coo.pdf").unlink()
    with pytest.raises(MissingOutput, match=r"pdf/en/the-coo\.pdf .*TeX Live"):
        publish_downloads(build, "en")


def test_without_tex_live_the_pdfs_are_left_out_and_the_rest_copied(tmp_path, monkeypatch):
    """`make` without TeX Live builds every other output (README): the downloads too, less the PDFs."""
    from coursekit.tools import downloads as tool

    build = fake_build(tmp_path)
    for pdf in (build / "pdf" / "en").glob("*.pdf"):
        pdf.unlink()
    monkeypatch.setattr(tool, "missing_tools", lambda: ["xelatex"])
    written = publish_downloads(build, "en")
    assert sorted(path.name for path in written) == ["the-coo-learner-kit.zip", "the-coo.epub"]
