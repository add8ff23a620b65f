"""The kits ship only the data files listed on purpose: regular, visible files, never a symbolic link's target.

Real files and real symbolic links in a temporary folder, read by the kit
tool's own functions; then the tool itself, run on a copy of the repository,
stops before any build work when ``course.toml`` lists a link.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.testing.working_copy import copy_of_repository
from coursekit.tools.kit import KitError, data_files


def course_file(folder: Path, *names: str) -> Path:
    path = folder / "course.toml"
    listed = "".join(f'  "{name}",\n' for name in names)  # one name per line, from line 6
    path.write_text(f'[course]\ntitle = "Le COO"\n\n[kits]\ndata = [\n{listed}]\n', encoding="utf-8")
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder as an author's working copy may hold it: data, a secret, a backup, links."""
    folder = tmp_path / "exercises" / "data"
    folder.mkdir(parents=True)
    (folder / "ventes.csv").write_text("mois,ventes\n1,10\n", encoding="utf-8")
    (folder / "equipe.csv").write_text("nom\nAda\n", encoding="utf-8")
    (folder / ".env").write_text("API_KEY=secret\n", encoding="utf-8")
    (folder / "notes.txt~").write_text("brouillon\n", encoding="utf-8")
    (folder / "mots-de-passe.csv").symlink_to("/etc/passwd")
    (folder / "lien-interne.csv").symlink_to("ventes.csv")  # even a link inside the folder
    (folder / "dossier").mkdir()
    os.mkfifo(folder / "tube")  # opening it for reading would wait for a writer
    return folder


def test_only_the_listed_files_are_shipped(tmp_path, data_dir):
    shipped = data_files(course_file(tmp_path, "ventes.csv"), data_dir)
    assert shipped == {"data/ventes.csv": b"mois,ventes\n1,10\n"}


def test_nothing_is_shipped_when_nothing_is_listed(tmp_path, data_dir):
    assert data_files(course_file(tmp_path), data_dir) == {}
    (tmp_path / "plain.toml").write_text('[course]\ntitle = "Le COO"\n', encoding="utf-8")
    assert data_files(tmp_path / "plain.toml", data_dir) == {}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("mots-de-passe.csv", "is a symbolic link: kits ship only regular files"),
        ("lien-interne.csv", "is a symbolic link: kits ship only regular files"),
        (".env", "not a plain, visible file name"),
        ("../../course.toml", "not a plain, visible file name"),
        ("sous/dossier.csv", "not a plain, visible file name"),
        ("/etc/passwd", "not a plain, visible file name"),
        ("dossier", "is not a regular file"),
        ("tube", "is not a regular file"),
        ("absent.csv", "does not exist"),
    ],
)
def test_a_listed_file_that_must_not_ship_is_refused_with_its_line(tmp_path, data_dir, name, message):
    course = course_file(tmp_path, "ventes.csv", name)
    with pytest.raises(KitError) as refused:
        data_files(course, data_dir)
    # One name per line from line 6: the refused name, second, is on line 7.
    assert str(refused.value).startswith(f"{course}:7: [kits] data: {name!r}: "), refused.value
    assert message in str(refused.value)


def test_a_data_folder_that_is_a_link_is_refused(tmp_path, data_dir):
    linked = tmp_path / "linked-data"
    linked.symlink_to(data_dir)
    with pytest.raises(KitError, match="linked-data is a symbolic link"):
        data_files(course_file(tmp_path, "ventes.csv"), linked)


def test_the_kit_tool_stops_on_a_listed_link_before_building(tmp_path):
    root = copy_of_repository(tmp_path / "repo")
    data = root / "exercises" / "data"
    data.mkdir()
    (data / "secret.csv").symlink_to("/etc/passwd")
    course = root / "course.toml"
    text = course.read_text(encoding="utf-8")
    assert "data = []" in text
    course.write_text(text.replace("data = []", 'data = ["secret.csv"]'), encoding="utf-8")
    line = next(number for number, text in enumerate(course.read_text().splitlines(), 1) if "secret.csv" in text)
    process = subprocess.run(
        [sys.executable, "-m", "coursekit.tools.kit", str(tmp_path / "build"), "en"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert process.returncode == 1
    assert (
        f"kit refused: course.toml:{line}: [kits] data: 'secret.csv': exercises/data/secret.csv is a symbolic link"
        in (process.stderr)
    )
    assert not (tmp_path / "build").exists(), "the kit tool did build work first"
