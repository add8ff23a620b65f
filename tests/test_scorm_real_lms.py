"""The SCORM packages in real LMSs installed from PyPI, on 127.0.0.1: wagtail-lms (SCORM 1.2) and scormhost (2004).

Each LMS (pinned in ``tests/real_lms/requirements-*.txt``) is installed into its own virtual
environment, kept in the user's cache folder per version of its pins (pip's cache makes a new one
cheap), never in the project's ``.venv``, and runs on 127.0.0.1 with its data in a temporary folder:

* wagtail-lms 0.11.1 (Wagtail 8, Django 5.2, SQLite; ``tests/real_lms/settings.py``, Wagtail's
  update check and Gravatar off) imports both languages' SCORM 1.2 packages through its own code
  (``SCORMPackage.save``, as its admin's upload does). It does not run SCORM 2004: its import reads
  resources in the 1.2 namespace only (a 2004 package gets no launch page) and its 2004 API object
  has the 1.2 function names.
* scormhost 0.1.0 (FastAPI, uvicorn) takes both languages' SCORM 2004 packages through its upload
  API, from a trainer's account; the learner has an account too, so that progress is the LMS's.

A learner, in Debian's Chromium, opens the LMS's player: visits modules, leaves, comes back in a
browser with its storage cleared (bookmark and progress come from the LMS's record), visits every
module (completed), fails then passes the final assessment, and comes back once more (the status
is kept). After each step the values are read back from the LMS's own records (wagtail-lms's
SQLite tables, scormhost's session files) and kept, with screenshots, under
``<artifacts>/real-lms/``. Every request the browser makes outside 127.0.0.1 is refused and fails the test.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
import requests
from playwright.sync_api import Frame, Page

from coursekit.core.languages import all_languages
from coursekit.testing.browser import HEIGHT, WIDTHS
from coursekit.testing.ports import free_port
from coursekit.testing.validators import artifacts_dir
from coursekit.tools.scorm import LAUNCH_PAGE, package_file_name
from tests.scorm_host import answer_assessment

LMS_DIR = Path(__file__).parent / "real_lms"
LANGUAGES = all_languages()
BOOKMARKED_MODULE = 2  # the learner leaves on the third module's page
STARTUP_SECONDS = 60
WAIT_SECONDS = 30
# Every address but the LMS's own (on 127.0.0.1) and the browser's inline ones: a JavaScript regular expression too.
OUTSIDE = re.compile(r"^(?!https?://127\.0\.0\.1[:/]|data:|about:|blob:)")
# Where each edition keeps what the journey checks.
ELEMENTS = {
    "1.2": {
        "location": "cmi.core.lesson_location",
        "status": "cmi.core.lesson_status",
        "verdict": "cmi.core.lesson_status",
        "raw": "cmi.core.score.raw",
        "exit": "cmi.core.exit",
        "progress": "cmi.suspend_data",
    },
    "2004": {
        "location": "cmi.location",
        "status": "cmi.completion_status",
        "verdict": "cmi.success_status",
        "raw": "cmi.score.raw",
        "exit": "cmi.exit",
        "progress": "cmi.suspend_data",
    },
}


def lms_python(name: str) -> Path:
    """The Python of one LMS's own virtual environment, installed once per version of its pins."""
    requirements = LMS_DIR / f"requirements-{name}.txt"
    digest = hashlib.sha256(requirements.read_bytes() + sys.version.encode()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coursekit"
    root = cache / f"{name}-{digest}"
    installed = root / ".installed"
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / f"{name}-{digest}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test workers install it once
        if not installed.exists():
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(root)], check=True)
            pip = [root / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
            subprocess.run([*pip, "-r", requirements], check=True)
            installed.touch()
    return root / "bin" / "python"


def versions(python: Path, *distributions: str) -> dict[str, str]:
    script = f"import importlib.metadata as m; print(*map(m.version, {distributions!r}))"
    found = subprocess.run([python, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    return dict(zip(distributions, found, strict=True))


def wait_until_up(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urlopen(f"{base}/", timeout=2):  # noqa: S310 - the local LMS
                return
        except OSError as error:
            if getattr(error, "code", None):  # an HTTP answer: the server is up
                return
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(log.read_text()) from error
            time.sleep(0.3)


def packages(build_dir: Path, edition: str) -> dict[str, Path]:
    return {language: build_dir / "scorm" / language / package_file_name(language, edition) for language in LANGUAGES}


@pytest.fixture(scope="module")
def wagtail_lms(build_dir, tmp_path_factory) -> Iterator[dict]:
    """wagtail-lms with both SCORM 1.2 packages imported: base URL, lessons, database, the learner's session."""
    python = lms_python("wagtail-lms")
    data = tmp_path_factory.mktemp("wagtail-lms")
    environment = {
        **os.environ,
        "LMS_DATA": str(data),
        "DJANGO_SETTINGS_MODULE": "settings",
        "PYTHONPATH": str(LMS_DIR),
    }
    zips = packages(build_dir, "1.2")
    setup = subprocess.run(
        [python, LMS_DIR / "lms_site.py", "setup", *map(str, zips.values())],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    site = json.loads(setup.stdout.strip().splitlines()[-1])
    port = free_port()
    log_path = data / "runserver.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [python, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=LMS_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, server, log_path)
            yield {
                "base": base,
                "lessons": {language: site["lessons"][path.name] for language, path in zips.items()},
                "cookies": [{"name": "sessionid", "value": site["session"], "url": base}],
                "database": data / "lms.sqlite3",
                "versions": versions(python, "wagtail-lms", "wagtail", "django"),
            }
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def scormhost(build_dir, tmp_path_factory) -> Iterator[dict]:
    """scormhost, both SCORM 2004 packages uploaded by a trainer: base URL, packages, data folder, learner cookies."""
    python = lms_python("scormhost")
    data = tmp_path_factory.mktemp("scormhost")
    trainer = {"email": "trainer@example.org", "username": "trainer", "password": "trainer-password"}
    environment = {
        **os.environ,
        "LMS_DATA": str(data),
        "PYTHONPATH": str(LMS_DIR),
        "SCORMHOST_SECRET_KEY": "test-only-lms-key",
        "SCORMHOST_BOOTSTRAP_ADMIN_EMAIL": trainer["email"],
    }
    port = free_port()
    log_path = data / "uvicorn.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [python, "-m", "uvicorn", "scormhost_app:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=LMS_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, server, log_path)
            admin = requests.Session()
            admin.post(f"{base}/api/auth/register", json={**trainer, "display_name": "Trainer"}).raise_for_status()
            uploaded = {}
            for language, path in packages(build_dir, "2004").items():
                with path.open("rb") as handle:
                    answer = admin.post(f"{base}/api/packages", files={"file": (path.name, handle, "application/zip")})
                answer.raise_for_status()
                uploaded[language] = answer.json()
            learner = requests.Session()
            learner.post(
                f"{base}/api/auth/register",
                json={
                    "email": "learner@example.org",
                    "username": "learner",
                    "password": "learner-password",
                    "display_name": "Learner",
                },
            ).raise_for_status()
            yield {
                "base": base,
                "lessons": {
                    language: {"player": package["launch_url"], "package_id": package["id"], "import": package}
                    for language, package in uploaded.items()
                },
                "cookies": [{"name": name, "value": value, "url": base} for name, value in learner.cookies.items()],
                "sessions": data / "sessions",
                "versions": versions(python, "scormhost", "fastapi", "uvicorn"),
            }
        finally:
            server.terminate()
            server.wait(timeout=10)


def wagtail_record(lms: dict, lesson: dict) -> Callable[[], dict]:
    """What wagtail-lms stored for the learner and one package: its SCORM data rows and its attempt row."""

    def read() -> dict:
        connection = sqlite3.connect(f"{lms['database'].as_uri()}?mode=ro", uri=True)
        try:
            connection.row_factory = sqlite3.Row
            attempt = connection.execute(
                "SELECT * FROM wagtail_lms_scormattempt WHERE scorm_package_id = ?", (lesson["package_id"],)
            ).fetchone()
            if attempt is None:
                return {}
            rows = connection.execute(
                "SELECT key, value FROM wagtail_lms_scormdata WHERE attempt_id = ? ORDER BY key", (attempt["id"],)
            ).fetchall()
        finally:
            connection.close()
        fields = ("completion_status", "success_status", "score_raw", "location")
        return {**dict(rows), "attempt": {field: attempt[field] for field in fields}}

    return read


def scormhost_record(lms: dict, lesson: dict) -> Callable[[], dict]:
    """What scormhost stored for the learner and one package: its session file's CMI elements."""

    def read() -> dict:
        files = sorted((lms["sessions"] / lesson["package_id"]).glob("*.json"))
        if not files:
            return {}
        try:
            return json.loads(files[0].read_text(encoding="utf-8"))["elements"]
        except json.JSONDecodeError:
            return {}  # caught while the LMS writes it

    return read


def wait_for(read: Callable[[], dict], description: str, condition, page: Page | None = None) -> dict:
    """Read the LMS's record until the condition holds; while the learner is in the player, through ``page``.

    Playwright's synchronous API runs the browser's events, the route handler of every request included, only
    while a Playwright call is under way: a course request sent while the test slept in ``time.sleep`` waited
    for the next call. (scormhost's player sends its saves one after the other: it looked like an LMS that
    stalls a save for more than 30 s, and everything arrived as the learner left.)
    """
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        record = read()
        try:
            if record and condition(record):
                return record
        except (KeyError, ValueError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"the LMS never recorded {description}: {json.dumps(record, indent=1)[:3000]}")
        if page is None:
            time.sleep(0.2)
        else:
            page.wait_for_timeout(200)


class Visit:
    """One launch of the package in the LMS's player, in a browser context of its own (empty storage)."""

    def __init__(self, browser, lms: dict, lesson: dict, outside: list[str]):
        self.context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": HEIGHT})
        self.context.add_cookies(lms["cookies"])

        def refuse(route):
            outside.append(route.request.url)
            route.abort()

        # Only the requests that leave the machine are routed: Playwright matches a regular expression in its
        # driver, so the LMS's own requests never wait for this (synchronous) test to handle them. ("**/*" held
        # every request until the next Playwright call; a leave once timed out in it, waiting for "load".)
        self.context.route(OUTSIDE, refuse)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console", lambda message: self.warnings.append(message.text) if "SCORM:" in message.text else None
        )
        self.page.goto(lms["base"] + lesson["player"])

    def course(self) -> Frame:
        """The course page: the frame of the launch page, inside the LMS player's frame.

        Found through the frame elements (scormhost sets its frame's address twice, and Playwright's
        list of frames may keep the first, blank, one).
        """
        launch_frame = self.page.wait_for_selector(f'iframe[src$="{LAUNCH_PAGE}"]').content_frame()
        course = launch_frame.wait_for_selector("#course-frame", state="attached").content_frame()
        if course is None:
            raise AssertionError(f"no course frame in {launch_frame.url}")
        return course

    def follow_link_to(self, docname: str) -> None:
        file_name = docname.rsplit("/", 1)[-1] + ".html"
        self.course().locator(f'.sidebar-tree a[href$="{file_name}"]').first.click()
        self.course().wait_for_url(f"**/{docname}.html")

    def answer_assessment(self, right_answers: int) -> None:
        answer_assessment(self.course(), right_answers)

    def leave(self) -> list[str]:
        """The learner leaves the LMS's player; what the course logged about the LMS."""
        problems = self.errors + self.warnings
        self.page.goto("about:blank")
        self.context.close()
        return problems


def journey(browser, lms: dict, build_dir: Path, language: str, edition: str, read: Callable[[], dict]) -> dict:
    """The learner's visits, each step checked in the LMS's record; returns the values read after each step."""
    lesson = lms["lessons"][language]
    names = ELEMENTS[edition]
    structure = json.loads((build_dir / "html" / language / "_static" / "course-structure.json").read_text("utf-8"))
    modules, assessment = structure["modules"], structure["assessment"]
    artifacts = artifacts_dir("real-lms")
    steps: dict = {}
    outside: list[str] = []

    def progress(record: dict) -> dict:
        return json.loads(record[names["progress"]])

    def holds(record: dict, name: str, status: str) -> bool:
        """The status in the data model and, for an LMS that keeps a record of its own (wagtail-lms's attempt row,
        which its reports read), there too, with a verdict's score: the runtime sends a new verdict and its score
        again once its writes are stored, one after the other."""
        row = record.get("attempt")
        if record[names[name]] != status or (row is not None and row["completion_status"] != status):
            return False
        if row is None or name != "verdict":
            return True
        return row["score_raw"] is not None and abs(row["score_raw"] - float(record[names["raw"]])) < 1e-6

    # First launch: a few modules, then the learner leaves on the bookmarked one.
    visit = Visit(browser, lms, lesson, outside)
    visit.course().wait_for_url("**/index.html")
    for module in modules[: BOOKMARKED_MODULE + 1]:
        visit.follow_link_to(module)
    bookmark = modules[BOOKMARKED_MODULE]
    # Read once the learner has left: what a relaunch gets is what the LMS holds when the session ends.
    assert visit.leave() == []
    steps["first_launch"] = wait_for(
        read,
        "the bookmark and the visited modules",
        lambda r: (
            r[names["location"]] == bookmark and set(modules[: BOOKMARKED_MODULE + 1]) <= set(progress(r)["visited"])
        ),
    )
    assert steps["first_launch"][names["status"]] == "incomplete"
    # Sent from the start: an LMS may end the session in its own unload handler, before the course's pagehide.
    assert steps["first_launch"][names["exit"]] == "suspend"

    # Relaunch in a fresh browser context (storage cleared): the LMS's record brings back bookmark and progress.
    visit = Visit(browser, lms, lesson, outside)
    visit.course().wait_for_url(f"**/{bookmark}.html")
    restored = visit.course().evaluate("() => CourseProgress.get()")
    assert set(modules[: BOOKMARKED_MODULE + 1]) <= set(restored["visited"]), restored
    steps["relaunched"] = read()
    visit.page.screenshot(path=artifacts / f"{edition}-{language}-relaunched.png")

    # Every module: completed.
    for module in modules[BOOKMARKED_MODULE + 1 :]:
        visit.follow_link_to(module)
    steps["all_modules"] = wait_for(read, "completed", lambda r: holds(r, "status", "completed"), visit.page)
    assert set(modules) <= set(progress(steps["all_modules"])["visited"])

    # The final assessment: one right answer short of the pass mark (failed), then exactly the pass mark (passed).
    visit.follow_link_to(assessment["page"])
    questions = visit.course().locator(".assessment .quiz-question[data-quiz-type]").count()
    needed = math.ceil(assessment["passMark"] * questions / 100)
    visit.answer_assessment(needed - 1)
    steps["failed"] = wait_for(read, "failed", lambda r: holds(r, "verdict", "failed"), visit.page)
    assert float(steps["failed"][names["raw"]]) == pytest.approx(round(100 * (needed - 1) / questions, 2))
    visit.course().locator(".assessment .quiz-retry").click()
    visit.answer_assessment(needed)
    steps["passed"] = wait_for(read, "passed", lambda r: holds(r, "verdict", "passed"), visit.page)
    assert float(steps["passed"][names["raw"]]) == pytest.approx(round(100 * needed / questions, 2))
    assert progress(steps["passed"])["assessment"]["passed"] is True
    visit.page.screenshot(path=artifacts / f"{edition}-{language}-passed.png")
    assert visit.leave() == []

    # A third launch: the status the LMS holds is kept (never set back to incomplete), the progress still there.
    visit = Visit(browser, lms, lesson, outside)
    visit.course().wait_for_url(f"**/{assessment['page']}.html")
    again = visit.course().evaluate("() => CourseProgress.get()")
    assert again["assessment"]["passed"] is True and set(modules) <= set(again["visited"])
    visit.page.wait_for_timeout(1000)  # the runtime's first writes reach the LMS asynchronously
    steps["third_launch"] = read()
    assert steps["third_launch"][names["verdict"]] == "passed", steps["third_launch"]
    assert visit.leave() == []
    assert outside == [], f"requests outside 127.0.0.1: {outside}"
    return steps


@pytest.fixture(scope="module")
def browser(chromium):
    """Chromium without the session's website: the LMS serves the packages."""
    return chromium


@pytest.mark.parametrize("language", LANGUAGES)
def test_wagtail_lms_keeps_bookmark_progress_score_and_status_of_the_scorm_12_package(
    browser, wagtail_lms, build_dir, language
):
    lesson = wagtail_lms["lessons"][language]
    # The import read the manifest: SCORM 1.2, the launch page as the SCO.
    assert lesson["version"] == "1.2" and lesson["launch_url"].endswith("/" + LAUNCH_PAGE)
    steps = journey(browser, wagtail_lms, build_dir, language, "1.2", wagtail_record(wagtail_lms, lesson))
    # wagtail-lms's own attempt row mirrors the data model.
    assert steps["passed"]["attempt"]["completion_status"] == "passed"
    assert steps["passed"]["attempt"]["score_raw"] == pytest.approx(float(steps["passed"]["cmi.core.score.raw"]))
    record = {"lms": wagtail_lms["versions"], "language": language, "edition": "1.2", "import": lesson, "steps": steps}
    (artifacts_dir("real-lms") / f"cmi-1.2-{language}.json").write_text(
        json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_scormhost_keeps_bookmark_progress_score_and_status_of_the_scorm_2004_package(
    browser, scormhost, build_dir, language
):
    lesson = scormhost["lessons"][language]
    assert lesson["import"]["manifest"]["schema_version"] == "2004 4th Edition"
    assert [launch["href"] for launch in lesson["import"]["manifest"]["launches"]] == [LAUNCH_PAGE]
    steps = journey(browser, scormhost, build_dir, language, "2004", scormhost_record(scormhost, lesson))
    # Completion and success kept apart; the scaled score beside the raw one.
    assert steps["passed"]["cmi.completion_status"] == "completed"
    assert float(steps["passed"]["cmi.score.scaled"]) == pytest.approx(float(steps["passed"]["cmi.score.raw"]) / 100)
    record = {"lms": scormhost["versions"], "language": language, "edition": "2004", "import": lesson, "steps": steps}
    (artifacts_dir("real-lms") / f"cmi-2004-{language}.json").write_text(
        json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8"
    )


def test_only_addresses_off_the_machine_are_routed_and_refused():
    """The route's expression: the LMS on 127.0.0.1 and inline addresses pass unrouted; the rest is refused."""
    off = ["https://cdn.jsdelivr.net/npm/x.js", "http://127.0.0.1.example.com/", "http://localhost:8000/", "//x.org"]
    on = ["http://127.0.0.1:8000/lms/scorm/1/", "http://127.0.0.1/", "data:text/html,<p>", "about:blank", "blob:x"]
    assert [url for url in off if not OUTSIDE.search(url)] == []
    assert [url for url in on if OUTSIDE.search(url)] == []
