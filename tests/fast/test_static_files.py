"""The course's scripts, published minified: smaller, still valid, and the page's ``?v=`` is the published file's.

The repository keeps each script readable, with its comments; the outputs carry it minified (``rjsmin``). The
browser tests run the published scripts (the built site), so every behaviour they prove holds minified; here,
what the minifying itself must keep: each script parses, weighs much less, and pages point at the bytes they
load (Sphinx's ``?v=`` checksum is computed from the file in the output, which must already be minified).
"""

from __future__ import annotations

import re
import subprocess
import zlib

import pytest

from coursekit.sphinxext.static_files import STATIC_DIR, prepare_published_dir, published_bytes
from coursekit.testing.sphinx_project import build

SCRIPTS = sorted(path.name for path in STATIC_DIR.glob("*.js"))
CONF = 'extensions = ["coursekit.sphinxext.theme"]\nhtml_theme = "furo"\n'


def test_there_are_scripts_to_publish():
    assert {"course.js", "course-quiz.js", "course-progress.js", "course-exercises.js"} <= set(SCRIPTS)


@pytest.mark.parametrize("name", SCRIPTS)
def test_a_published_script_is_minified_and_still_parses(name, tmp_path):
    written, published = (STATIC_DIR / name).read_bytes(), published_bytes(STATIC_DIR / name)
    assert len(published) < 0.8 * len(written), f"{name}: {len(written)} → {len(published)} bytes"
    assert b"\n//" not in published  # the comments are for the repository's readers
    copy = tmp_path / name
    copy.write_bytes(published)
    checked = subprocess.run(["node", "--check", str(copy)], capture_output=True, text=True)
    assert checked.returncode == 0, f"{name}, minified: {checked.stderr}"


def test_other_static_files_are_published_as_written():
    for path in STATIC_DIR.iterdir():
        if path.suffix != ".js":
            assert published_bytes(path) == path.read_bytes(), path.name


def test_the_published_folder_follows_the_sources(tmp_path):
    source, target = tmp_path / "static", tmp_path / "published"
    source.mkdir()
    (source / "a.js").write_text("var one = 1; // one\n", encoding="utf-8")
    (source / "b.css").write_text("p { margin: 0 }\n", encoding="utf-8")
    prepare_published_dir(source, target)
    assert (target / "a.js").read_text(encoding="utf-8") == "var one=1;"
    (source / "a.js").unlink()
    (source / "b.css").write_text("p { margin: 1em }\n", encoding="utf-8")
    prepare_published_dir(source, target)
    assert sorted(path.name for path in target.iterdir()) == ["b.css"]  # a removed script is not published
    assert (target / "b.css").read_text(encoding="utf-8") == "p { margin: 1em }\n"


def test_a_page_loads_the_minified_script_under_its_own_checksum(tmp_path):
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "index.rst").write_text("Cours\n=====\n\nUne page.\n", encoding="utf-8")
    output = build(tmp_path)
    script = output / "_static" / "course.js"
    assert script.read_bytes() == published_bytes(STATIC_DIR / "course.js")
    page = (output / "index.html").read_text(encoding="utf-8")
    version = re.search(r'src="_static/course\.js\?v=([0-9a-f]+)"', page)
    assert version, "the page does not load course.js"
    assert version.group(1) == f"{zlib.crc32(script.read_bytes()):08x}"
