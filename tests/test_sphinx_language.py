"""``sphinx-build -D language=en`` gives the English book, as in any translated Sphinx project.

Sphinx run by hand, with no Makefile and no environment variable, must give
the very outputs ``make html-en`` and ``make epub-en`` give: same title,
e-book name, language switcher, translated figures, byte for byte.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from coursekit.core.downloads import DOWNLOADS_FOLDER
from coursekit.core.identity import identity
from coursekit.core.languages import all_languages
from coursekit.testing.outputs import build_epoch, describe, epub_path, page_facts

LANGUAGE = "en"


def tree(folder: Path) -> dict[str, bytes]:
    """What Sphinx wrote: not the learner files ``make`` copies into the website afterwards (downloads/)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and ".doctrees" not in path.relative_to(folder).parts
        and path.relative_to(folder).parts[0] != DOWNLOADS_FOLDER
    }


def sphinx_build(root: Path, builder: str, output: Path, epoch: int) -> None:
    environment = dict(os.environ)
    command = [
        str(root / ".venv" / "bin" / "sphinx-build"),
        "-b",
        builder,
        "-D",
        f"language={LANGUAGE}",
        ".",
        str(output),
    ]
    process = subprocess.run(
        command, cwd=root, capture_output=True, text=True, env={**environment, "SOURCE_DATE_EPOCH": str(epoch)}
    )
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]


def test_sphinx_build_with_language_gives_the_make_outputs(build_dir, repository_copy, tmp_path):
    epoch = build_epoch(build_dir)
    html, epub = tmp_path / "html", tmp_path / "epub"
    sphinx_build(repository_copy, "html", html, epoch)
    sphinx_build(repository_copy, "epub", epub, epoch)

    course = identity(LANGUAGE)
    home = page_facts(html / "index.html")
    assert home.html_lang == LANGUAGE and course.title in home.title
    assert {code for code, _url in home.switcher_links} == set(all_languages()) - {LANGUAGE}
    assert (epub / f"{course.file_stem}.epub").is_file()
    figure = repository_copy / "course" / "figures" / "translated" / LANGUAGE / "c-suite.svg"
    assert 'xml:lang="en"' in figure.read_text(encoding="utf-8")

    by_make, by_hand = tree(build_dir / "html" / LANGUAGE), tree(html)
    assert sorted(by_make) == sorted(by_hand)
    different = [name for name in by_make if by_make[name] != by_hand[name]]
    assert different == [], "\n\n".join(describe(name, by_make[name], by_hand[name]) for name in different)
    book = epub_path(build_dir, LANGUAGE)
    assert book.read_bytes() == (epub / book.name).read_bytes(), describe(
        book.name, book.read_bytes(), (epub / book.name).read_bytes()
    )
