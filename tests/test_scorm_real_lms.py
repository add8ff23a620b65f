"""The SCORM 1.2 packages in a real LMS installed from PyPI: wagtail-lms, on 127.0.0.1.

wagtail-lms (pinned in ``tests/real_lms/requirements.txt``) is installed into its own virtual
environment, kept in the user's cache folder per version of those pins (pip's cache makes a new one
cheap), never in the project's ``.venv``. Its Django site (``tests/real_lms/``: SQLite, Wagtail's
update check and Gravatar off) imports both languages' packages through wagtail-lms's own code and
runs on 127.0.0.1. A learner, in Debian's Chromium, opens the LMS's player: visits modules, leaves,
comes back in a browser with its storage cleared (bookmark and progress come from the LMS's record),
visits every module (completed), fails then passes the final assessment. After each step, the values
are read back from the LMS's own database and kept with a screenshot under ``<artifacts>/real-lms/``.
Every request the browser makes outside 127.0.0.1 is refused and fails the test.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import math
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import Frame, sync_playwright

from coursekit.core.languages import all_languages
from coursekit.testing.browser import HEIGHT, WIDTHS, launch
from coursekit.testing.validators import artifacts_dir
from coursekit.tools.scorm import LAUNCH_PAGE, package_file_name

LMS_DIR = Path(__file__).parent / "real_lms"
REQUIREMENTS = LMS_DIR / "requirements.txt"
LANGUAGES = all_languages()
BOOKMARKED_MODULE = 2  # the learner leaves on the third module's page
STARTUP_SECONDS = 60
WAIT_SECONDS = 30


def lms_python() -> Path:
    """The Python of the LMS's own virtual environment, installed once per version of its pins."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes() + sys.version.encode()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coursekit"
    root = cache / f"wagtail-lms-{digest}"
    installed = root / ".installed"
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / f"wagtail-lms-{digest}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test workers install it once
        if not installed.exists():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(root)], check=True)
            subprocess.run(
                [
                    root / "bin" / "python",
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "-r",
                    REQUIREMENTS,
                ],
                check=True,
            )
            installed.touch()
    return root / "bin" / "python"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def real_lms(build_dir, tmp_path_factory) -> Iterator[dict]:
    """wagtail-lms on 127.0.0.1, both packages imported: base URL, lessons, database, the learner's session."""
    python = lms_python()
    data = tmp_path_factory.mktemp("wagtail-lms")
    environment = {
        **os.environ,
        "LMS_DATA": str(data),
        "DJANGO_SETTINGS_MODULE": "settings",
        "PYTHONPATH": str(LMS_DIR),
    }
    packages = [build_dir / "scorm" / language / package_file_name(language) for language in LANGUAGES]
    setup = subprocess.run(
        [python, LMS_DIR / "lms_site.py", "setup", *map(str, packages)],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    site = json.loads(setup.stdout.strip().splitlines()[-1])
    version = subprocess.run(
        [
            python,
            "-c",
            "import importlib.metadata as m; print(*map(m.version, ('wagtail-lms', 'wagtail', 'django')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    port = free_port()
    log = (data / "runserver.log").open("w")
    server = subprocess.Popen(
        [python, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=LMS_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urlopen(f"{base}/", timeout=2):  # noqa: S310 - the local LMS
                    break
            except OSError as error:
                if getattr(error, "code", None):  # an HTTP answer: the server is up
                    break
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((data / "runserver.log").read_text()) from error
                time.sleep(0.3)
        yield {
            "base": base,
            "site": site,
            "database": data / "lms.sqlite3",
            "versions": dict(zip(["wagtail-lms", "wagtail", "django"], version, strict=True)),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


class LmsRecord:
    """What wagtail-lms stored for the learner and one package: its attempt row and its SCORM data rows."""

    def __init__(self, database: Path, package_id: int):
        self.database = database
        self.package_id = package_id

    def read(self) -> dict:
        connection = sqlite3.connect(f"{self.database.as_uri()}?mode=ro", uri=True)
        try:
            connection.row_factory = sqlite3.Row
            attempt = connection.execute(
                "SELECT * FROM wagtail_lms_scormattempt WHERE scorm_package_id = ?", (self.package_id,)
            ).fetchone()
            if attempt is None:
                return {}
            data = dict(
                connection.execute(
                    "SELECT key, value FROM wagtail_lms_scormdata WHERE attempt_id = ? ORDER BY key", (attempt["id"],)
                ).fetchall()
            )
        finally:
            connection.close()
        fields = (
            "completion_status",
            "success_status",
            "score_raw",
            "score_min",
            "score_max",
            "location",
            "suspend_data",
        )
        return {"attempt": {field: attempt[field] for field in fields}, "cmi": data}

    def wait_for(self, description: str, condition) -> dict:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            record = self.read()
            if record and condition(record):
                return record
            if time.monotonic() > deadline:
                raise AssertionError(f"the LMS never recorded {description}: {json.dumps(record, indent=1)[:3000]}")
            time.sleep(0.2)


def progress(record: dict) -> dict:
    return json.loads(record["cmi"]["cmi.suspend_data"])


class Visit:
    """One launch of the package in the LMS's player, in a browser context of its own (empty storage)."""

    def __init__(self, browser, lms: dict, lesson: dict, outside: list[str]):
        self.context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": HEIGHT})
        self.context.add_cookies([{"name": "sessionid", "value": lms["site"]["session"], "url": lms["base"]}])

        def only_local(route):
            if urlsplit(route.request.url).hostname in {"127.0.0.1"} or route.request.url.startswith(
                ("data:", "about:")
            ):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        self.context.route("**/*", only_local)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console", lambda message: self.warnings.append(message.text) if "SCORM:" in message.text else None
        )
        self.page.goto(lms["base"] + lesson["player"])

    def course(self) -> Frame:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            for frame in self.page.frames:
                if frame.parent_frame is not None and frame.parent_frame.url.endswith(LAUNCH_PAGE):
                    return frame
            time.sleep(0.1)
        raise AssertionError(f"no course frame in {[frame.url for frame in self.page.frames]}")

    def follow_link_to(self, docname: str) -> None:
        file_name = docname.rsplit("/", 1)[-1] + ".html"
        self.course().locator(f'.sidebar-tree a[href$="{file_name}"]').first.click()
        self.course().wait_for_url(f"**/{docname}.html")

    def answer_assessment(self, right_answers: int) -> None:
        course = self.course()
        questions = course.locator(".assessment .quiz-question[data-quiz-type]")
        for index in range(min(right_answers, questions.count())):
            question = questions.nth(index)
            key = [int(value) for value in question.get_attribute("data-quiz-key").split()]
            if question.get_attribute("data-quiz-type") == "ordering":
                for position, option in enumerate(key):
                    row = question.locator(f'.quiz-ordering-item[data-option="{option}"]')
                    current = question.locator(".quiz-ordering-item").evaluate_all(
                        "(rows, option) => rows.findIndex(row => row.dataset.option === String(option))", option
                    )
                    for _ in range(current - position):
                        row.locator('button[data-move="-1"]').click()
            else:
                for option in key:
                    question.locator(f'input[value="{option}"]').check()
        course.locator(".assessment .quiz-submit").click()

    def leave(self) -> None:
        """The learner leaves the LMS's player (its own unload handler ends the session)."""
        self.page.goto("about:blank")
        self.context.close()


@pytest.fixture(scope="module")
def browser(real_lms):
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_wagtail_lms_keeps_bookmark_progress_score_and_status_across_relaunches(browser, real_lms, build_dir, language):
    lesson = real_lms["site"]["lessons"][package_file_name(language)]
    structure = json.loads((build_dir / "html" / language / "_static" / "course-structure.json").read_text("utf-8"))
    modules, assessment = structure["modules"], structure["assessment"]
    record = LmsRecord(real_lms["database"], lesson["package_id"])
    artifacts = artifacts_dir("real-lms")
    log: dict = {"lms": real_lms["versions"], "language": language, "import": lesson, "steps": {}}
    outside: list[str] = []
    # The import read the manifest: SCORM 1.2, the launch page as the SCO.
    assert lesson["version"] == "1.2" and lesson["launch_url"].endswith("/" + LAUNCH_PAGE)

    # First launch: a few modules, then the learner leaves on the bookmarked one.
    visit = Visit(browser, real_lms, lesson, outside)
    visit.course().wait_for_url("**/index.html")
    for module in modules[: BOOKMARKED_MODULE + 1]:
        visit.follow_link_to(module)
    bookmark = modules[BOOKMARKED_MODULE]
    left = record.wait_for(
        "the bookmark and the visited modules",
        lambda r: (
            r["attempt"]["location"] == bookmark
            and set(modules[: BOOKMARKED_MODULE + 1]) <= set(progress(r)["visited"])
        ),
    )
    assert left["attempt"]["completion_status"] == "incomplete"
    # Sent at the start: wagtail-lms's player ends the session in its own beforeunload, before the course's pagehide.
    assert left["cmi"]["cmi.core.exit"] == "suspend"
    log["steps"]["first_launch"] = left
    errors, warnings = visit.errors, visit.warnings
    visit.leave()
    assert errors == [] and warnings == [], errors + warnings

    # Relaunch in a fresh browser context (storage cleared): the LMS's record brings back bookmark and progress.
    visit = Visit(browser, real_lms, lesson, outside)
    course = visit.course()
    course.wait_for_url(f"**/{bookmark}.html")
    restored = course.evaluate("() => CourseProgress.get()")
    assert set(modules[: BOOKMARKED_MODULE + 1]) <= set(restored["visited"]), restored
    log["steps"]["relaunched"] = record.read()
    visit.page.screenshot(path=artifacts / f"{language}-relaunched-in-wagtail-lms.png")

    # Every module: completed.
    for module in modules[BOOKMARKED_MODULE + 1 :]:
        visit.follow_link_to(module)
    completed = record.wait_for("completed", lambda r: r["attempt"]["completion_status"] == "completed")
    assert set(modules) <= set(progress(completed)["visited"])
    log["steps"]["all_modules"] = completed

    # The final assessment: one right answer short of the pass mark (failed), then exactly the pass mark (passed).
    visit.follow_link_to(assessment["page"])
    questions = visit.course().locator(".assessment .quiz-question[data-quiz-type]").count()
    mastery = assessment["passMark"]
    needed = math.ceil(mastery * questions / 100)
    visit.answer_assessment(needed - 1)
    failed = record.wait_for("failed", lambda r: r["attempt"]["completion_status"] == "failed")
    assert failed["attempt"]["score_raw"] == pytest.approx(round(100 * (needed - 1) / questions, 2))
    assert failed["cmi"]["cmi.core.score.max"] == "100" and failed["cmi"]["cmi.core.score.min"] == "0"
    log["steps"]["failed"] = failed
    visit.course().locator(".assessment .quiz-retry").click()
    visit.answer_assessment(needed)
    passed = record.wait_for("passed", lambda r: r["attempt"]["completion_status"] == "passed")
    assert passed["attempt"]["score_raw"] == pytest.approx(round(100 * needed / questions, 2))
    assert progress(passed)["assessment"]["passed"] is True
    log["steps"]["passed"] = passed
    visit.page.screenshot(path=artifacts / f"{language}-passed-in-wagtail-lms.png")
    errors, warnings = visit.errors, visit.warnings
    visit.leave()
    assert errors == [] and warnings == [], errors + warnings

    # A third launch: the status the LMS holds is kept (never set back to incomplete), progress still there.
    visit = Visit(browser, real_lms, lesson, outside)
    visit.course().wait_for_url(f"**/{assessment['page']}.html")
    again = visit.course().evaluate("() => CourseProgress.get()")
    assert again["assessment"]["passed"] is True and set(modules) <= set(again["visited"])
    time.sleep(1)  # the runtime's first writes reach the LMS asynchronously
    final = record.read()
    assert final["attempt"]["completion_status"] == "passed", final
    log["steps"]["third_launch"] = final
    visit.leave()
    assert outside == [], f"requests outside 127.0.0.1: {outside}"
    (artifacts / f"cmi-{language}.json").write_text(json.dumps(log, indent=1, ensure_ascii=False), encoding="utf-8")
