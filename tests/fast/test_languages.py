"""The course's languages (``coursekit.core.languages``): declared once, listed for the Makefile."""

from __future__ import annotations

import subprocess
import sys

from coursekit.core.languages import all_languages, course_settings, native_name, source_language, translated_languages
from coursekit.core.paths import LOCALES_DIR, REPO_ROOT


def test_the_source_language_comes_first_then_every_folder_of_locales():
    assert source_language() == course_settings()["source_language"]
    assert all_languages()[0] == source_language()
    folders = sorted(path.name for path in LOCALES_DIR.iterdir() if (path / "LC_MESSAGES").is_dir())
    assert translated_languages() == [code for code in folders if code != source_language()]


def test_each_language_is_named_in_itself():
    assert native_name("fr") == "Français"
    assert native_name("en") == "English"
    assert native_name("pt_BR") == "Português (Brasil)"


def test_the_makefile_reads_the_list_from_the_module():
    command = [sys.executable, "-m", "coursekit.tools.languages"]
    printed = subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True, text=True).stdout
    assert printed.split() == all_languages()


def test_a_language_the_course_does_not_have_is_said_plainly_by_a_direct_sphinx_build(tmp_path):
    command = [str(REPO_ROOT / ".venv" / "bin" / "sphinx-build"), "-b", "html", "-q", "-D", "language=xx"]
    command += ["-d", str(tmp_path / "doctrees"), ".", str(tmp_path / "html")]
    process = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
    assert process.returncode != 0
    assert "Cannot build in 'xx' (-D language=): not a course language." in process.stderr
    for crash_report in ("Configuration error", "Traceback", "report this error to the developers"):
        assert crash_report not in process.stderr, process.stderr
    assert not (tmp_path / "html").exists() or not list((tmp_path / "html").rglob("*.html"))
