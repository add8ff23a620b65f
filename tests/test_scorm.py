"""The SCORM 1.2 package of each language: its manifest against the schemas, its runtime in a real LMS runtime.

scorm-again (npm, pinned in ``package.json``) plays the LMS: a host page served
on 127.0.0.1 sets ``window.API = new Scorm12API(...)`` (with the manifest's
mastery score, as an LMS does on import) and opens the package's launch page
in a frame, as Moodle does. The learner, in Debian's Chromium driven by
Playwright, visits the modules, fails then passes the final assessment with
the real quiz, and closes the course; the values the LMS recorded are checked
after each step and kept under ``<artifacts>/scorm/``. A second launch, in a
fresh browser (nothing kept on the device), gets only what the LMS recorded,
and must land on the bookmark with the progress restored.
"""

from __future__ import annotations

import calendar
import json
import math
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import Frame, Page, sync_playwright

from coursekit.core.identity import identity
from coursekit.core.languages import all_languages
from coursekit.core.paths import REPO_ROOT
from coursekit.testing.browser import HEIGHT, WIDTHS, launch, serve
from coursekit.testing.validators import SCORM_AGAIN_SCORM12, artifacts_dir, ensure_node_tools, scorm12_manifest_errors
from coursekit.tools.scorm import LAUNCH_PAGE, MANIFEST, package_file_name

LANGUAGES = all_languages()
NAMESPACES = {
    "cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
}
ASSESSMENT_SOURCE = REPO_ROOT / "course" / "synthese.md"
# The elements of the SCORM 1.2 data model a SCO may write (SCORM 1.2 RTE, section 3.4): scorm-again
# accepts any other name silently, a real LMS stores it under a key it never gives back.
SCORM12_WRITABLE = {
    "cmi.core.lesson_location",
    "cmi.core.lesson_status",
    "cmi.core.score.raw",
    "cmi.core.score.min",
    "cmi.core.score.max",
    "cmi.core.exit",
    "cmi.core.session_time",
    "cmi.suspend_data",
    "cmi.comments",
    "cmi.student_preference.audio",
    "cmi.student_preference.language",
    "cmi.student_preference.speed",
    "cmi.student_preference.text",
}
BOOKMARKED_MODULE = 2  # the learner stops on the third module's page
# The LMS: scorm-again's SCORM 1.2 API, every call the package makes kept in order.
HOST_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title><script src="scorm12.min.js"></script></head>
<body style="margin:0">
<iframe id="sco" title="SCO" style="display:block;border:0;width:100vw;height:100vh"></iframe>
<script>
  window.lmsCalls = [];
  window.launchPackage = function (folder, masteryScore, saved) {
    window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
    if (saved) window.API.loadFromJSON(saved, "");
    window.API.cmi.student_data.mastery_score = masteryScore;
    ["LMSInitialize", "LMSCommit", "LMSFinish"].forEach(function (name) {
      window.API.on(name, function () { window.lmsCalls.push([name]); });
    });
    window.API.on("LMSSetValue.cmi.*", function (element, value) {
      window.lmsCalls.push(["LMSSetValue", element, value]);
    });
    document.getElementById("sco").src = folder + "/scorm-launch.html";
  };
  window.closePackage = function () { document.getElementById("sco").src = "about:blank"; };
  // What the LMS would store: its CMI data as JSON (which also shows the write-only elements).
  window.recorded = function () {
    var cmi = JSON.parse(JSON.stringify(window.API.cmi));
    return {
      lesson_location: cmi.core.lesson_location, lesson_status: cmi.core.lesson_status, exit: cmi.core.exit,
      session_time: cmi.core.session_time, score: cmi.core.score, suspend_data: cmi.suspend_data,
      mastery_score: cmi.student_data.mastery_score,
    };
  };
</script>
</body></html>
"""


def package_path(build_dir: Path, language: str) -> Path:
    return build_dir / "scorm" / language / package_file_name(language)


def read_manifest(build_dir: Path, language: str) -> bytes:
    with zipfile.ZipFile(package_path(build_dir, language)) as package:
        return package.read(MANIFEST)


def source_pass_mark() -> int:
    """The pass mark as the author wrote it, in the French source of the final assessment."""
    return int(re.search(r"^:pass-mark:\s*(\d+)", ASSESSMENT_SOURCE.read_text(encoding="utf-8"), re.MULTILINE)[1])


# -- The package and its manifest -------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_package_holds_the_website_of_its_language_and_a_manifest_of_every_file(build_dir, language):
    with zipfile.ZipFile(package_path(build_dir, language)) as package:
        names = package.namelist()
        manifest = etree.fromstring(package.read(MANIFEST))
        pages = {name: package.read(name).decode("utf-8") for name in names if name.endswith(".html")}
    assert names[0] == MANIFEST, "the manifest comes first, at the package's root"
    assert names[1:] == sorted(names[1:])
    html = build_dir / "html" / language
    for document in ("index", "course/01-role-du-coo", "course/synthese", "exercises/01-faut-il-un-coo"):
        assert f"{document}.html" in names
    assert "exercises/01-faut-il-un-coo.ipynb" in names, "the exercise downloads"
    assert {"_static/course-quiz.js", "_static/course-progress.js", "_static/course-structure.json"} <= set(names)
    for name in ("sitemap.xml", ".buildinfo", "objects.inv"):
        assert (html / name).is_file() and name not in names
    # Pages in the language of the package, without the switcher to the other languages (not in the package).
    assert all(f'lang="{language}"' in text for text in pages.values())
    assert not any("language-switcher" in text for text in pages.values())

    files = manifest.xpath("//cp:resource/cp:file/@href", namespaces=NAMESPACES)
    assert sorted(files) == sorted(name for name in names if name != MANIFEST)
    sco = manifest.xpath("//cp:resource", namespaces=NAMESPACES)
    assert len(sco) == 1 and sco[0].get("href") == LAUNCH_PAGE
    assert sco[0].get(f"{{{NAMESPACES['adlcp']}}}scormtype") == "sco"


@pytest.mark.parametrize("language", LANGUAGES)
def test_manifest_is_valid_scorm_12_and_names_title_language_and_mastery_score(build_dir, language):
    manifest = read_manifest(build_dir, language)
    (artifacts_dir("scorm") / f"imsmanifest-{language}.xml").write_bytes(manifest)
    assert scorm12_manifest_errors(manifest) == []
    root = etree.fromstring(manifest)
    course = identity(language)
    assert root.xpath("string(cp:metadata/cp:schemaversion)", namespaces=NAMESPACES) == "1.2"
    assert root.xpath("string(//imsmd:general/imsmd:language)", namespaces=NAMESPACES) == language
    title = root.xpath("//imsmd:general/imsmd:title/imsmd:langstring", namespaces=NAMESPACES)[0]
    assert title.text == course.full_title and title.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert root.xpath("string(//cp:organization/cp:title)", namespaces=NAMESPACES) == course.full_title
    assert root.xpath("string(//cp:item/adlcp:masteryscore)", namespaces=NAMESPACES) == str(source_pass_mark())


def test_schema_check_refuses_a_broken_manifest(build_dir):
    """The validation can fail: the same manifest with a SCORM 1.2 type the schemas do not know."""
    manifest = read_manifest(build_dir, LANGUAGES[0])
    broken = manifest.replace(b'adlcp:scormtype="sco"', b'adlcp:scormtype="lesson"')
    assert broken != manifest
    assert any("scormtype" in error for error in scorm12_manifest_errors(broken))


def test_package_is_rebuilt_byte_for_byte(build_dir, tmp_path, monkeypatch):
    """Same website, same date, same package: the tool run again on a copy of the build gives the same bytes."""
    from coursekit.tools.scorm import main as build_packages

    with zipfile.ZipFile(package_path(build_dir, LANGUAGES[0])) as package:
        dates = {entry.date_time for entry in package.infolist()}
    assert len(dates) == 1, "every entry dated SOURCE_DATE_EPOCH"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(calendar.timegm((*dates.pop(), 0, 0, 0))))
    copy = tmp_path / "build"
    shutil.copytree(build_dir / "html", copy / "html")
    assert build_packages([str(copy), *LANGUAGES]) == 0
    for language in LANGUAGES:
        assert package_path(copy, language).read_bytes() == package_path(build_dir, language).read_bytes()


# -- The runtime in an LMS --------------------------------------------------------------------


@pytest.fixture(scope="module")
def lms(build_dir, tmp_path_factory) -> Iterator[str]:
    """The host page and scorm-again, with each language's package unzipped beside them, served over HTTP."""
    ensure_node_tools()
    root = tmp_path_factory.mktemp("lms")
    shutil.copy(SCORM_AGAIN_SCORM12, root / "scorm12.min.js")
    (root / "host.html").write_text(HOST_PAGE, encoding="utf-8")
    for language in LANGUAGES:
        with zipfile.ZipFile(package_path(build_dir, language)) as package:
            package.extractall(root / language)
    with serve(root) as base:
        yield base


@pytest.fixture(scope="module")
def browser(lms):
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


class Learner:
    """One browser (its own storage), the LMS host page, and what the pages said."""

    def __init__(self, browser, lms: str, language: str):
        self.context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": HEIGHT})
        self.page: Page = self.context.new_page()
        self.language = language
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: self.warnings.append(message.text) if "SCORM" in message.text else None)
        self.page.goto(f"{lms}host.html")

    def launch(self, mastery_score: str, saved: dict | None = None) -> None:
        self.page.evaluate(
            "([folder, mastery, saved]) => launchPackage(folder, mastery, saved)", [self.language, mastery_score, saved]
        )

    def course(self) -> Frame:
        """The course page inside the launch page (the LMS's frame, then the launch page's)."""
        self.page.wait_for_function(
            "() => { const f = document.getElementById('sco').contentDocument;"
            " return f && f.getElementById('course-frame'); }"
        )
        for frame in self.page.frames:
            if frame.parent_frame is not None and frame.parent_frame.url.endswith(LAUNCH_PAGE):
                return frame
        raise AssertionError(f"no course frame in {[frame.url for frame in self.page.frames]}")

    def wait_for_location(self, docname: str) -> None:
        """Wait until the package, in this launch, has last told the LMS that the learner is on ``docname``."""
        self.page.wait_for_function(
            """(page) => {
                const told = (window.lmsCalls || []).filter(
                    (call) => call[0] === "LMSSetValue" && call[1] === "cmi.core.lesson_location");
                return told.length > 0 && told[told.length - 1][2] === page;
            }""",
            arg=docname,
        )

    def follow_link_to(self, docname: str) -> None:
        """Click the sidebar's link to a page, as a learner would, and wait until the LMS has its location."""
        file_name = docname.rsplit("/", 1)[-1] + ".html"
        self.course().locator(f'.sidebar-tree a[href$="{file_name}"]').first.click()
        self.wait_for_location(docname)

    def recorded(self) -> dict:
        return self.page.evaluate("() => recorded()")

    def calls(self, name: str) -> list:
        return [call for call in self.page.evaluate("() => lmsCalls") if call[0] == name]

    def answer_assessment(self, right_answers: int) -> None:
        """Answer the first ``right_answers`` questions of the final assessment right, leave the others, submit."""
        course = self.course()
        questions = course.locator(".assessment .quiz-question[data-quiz-type]")
        for index in range(questions.count()):
            if index >= right_answers:
                continue
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

    def retry_assessment(self) -> None:
        self.course().locator(".assessment .quiz-retry").click()

    def close(self) -> None:
        self.page.evaluate("() => closePackage()")
        self.page.wait_for_function("() => lmsCalls.some(call => call[0] === 'LMSFinish')")

    def screenshot(self, name: str) -> None:
        self.page.screenshot(path=artifacts_dir("scorm") / f"{name}.png")


def structure(build_dir: Path, language: str) -> dict:
    return json.loads((build_dir / "html" / language / "_static" / "course-structure.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_lms_records_location_progress_score_and_status_and_resumes_at_the_bookmark(browser, lms, build_dir, language):
    facts = structure(build_dir, language)
    modules, assessment = facts["modules"], facts["assessment"]
    mastery = etree.fromstring(read_manifest(build_dir, language)).xpath(
        "string(//adlcp:masteryscore)", namespaces=NAMESPACES
    )
    log = {"language": language, "mastery_score": mastery}

    learner = Learner(browser, lms, language)
    learner.launch(mastery)
    learner.wait_for_location("index")
    assert learner.course().url.endswith(f"/{language}/index.html")
    assert learner.recorded()["lesson_status"] == "incomplete"
    assert len(learner.calls("LMSInitialize")) == 1

    # Every module visited, the first module's quiz submitted, no assessment attempt: completed.
    for module in modules:
        learner.follow_link_to(module)
        assert learner.recorded()["lesson_status"] == ("completed" if module == modules[-1] else "incomplete")
        if module == modules[0]:
            quiz = learner.course().locator(".quiz[data-quiz-id]").first
            quiz_id = quiz.get_attribute("data-quiz-id")
            quiz.locator(".quiz-submit").click()
            learner.page.wait_for_function("(id) => API.cmi.suspend_data.includes(JSON.stringify(id))", arg=quiz_id)
    state = json.loads(learner.recorded()["suspend_data"])
    assert set(modules) <= set(state["visited"]) and state["assessment"] is None
    assert quiz_id in state["quizzes"]
    log["all_modules_visited"] = learner.recorded()

    # One right answer short of the pass mark: failed, and the score is the assessment's percentage.
    learner.follow_link_to(assessment["page"])
    questions = learner.course().locator(".assessment .quiz-question[data-quiz-type]").count()
    needed = math.ceil(int(mastery) * questions / 100)
    learner.answer_assessment(needed - 1)
    learner.page.wait_for_function("() => API.cmi.core.lesson_status === 'failed'")
    failed = learner.recorded()
    assert failed["score"] == {"raw": str(round(100 * (needed - 1) / questions, 2)), "min": "0", "max": "100"}
    assert json.loads(failed["suspend_data"])["assessment"]["passed"] is False
    log["failed"] = failed
    learner.screenshot(f"{language}-failed")

    # Exactly the pass mark: passed.
    learner.retry_assessment()
    learner.answer_assessment(needed)
    learner.page.wait_for_function("() => API.cmi.core.lesson_status === 'passed'")
    passed = learner.recorded()
    assert passed["score"] == {"raw": str(round(100 * needed / questions, 2)), "min": "0", "max": "100"}
    assert json.loads(passed["suspend_data"])["assessment"] == {
        "score": needed,
        "max": questions,
        "passMark": int(mastery),
        "passed": True,
        "revisit": json.loads(passed["suspend_data"])["assessment"]["revisit"],
    }
    log["passed"] = passed

    # The learner reads a module again, then closes the course: one LMSFinish, the bookmark kept.
    bookmark = modules[BOOKMARKED_MODULE]
    learner.follow_link_to(bookmark)
    commits_before = len(learner.calls("LMSCommit"))
    learner.close()
    closed = learner.recorded()
    log["closed"] = closed
    assert closed["lesson_location"] == bookmark and closed["exit"] == "suspend"
    assert closed["lesson_status"] == "passed" and closed["score"] == passed["score"]
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", closed["session_time"])
    assert len(learner.calls("LMSFinish")) == 1 and len(learner.calls("LMSCommit")) > commits_before
    assert len(learner.calls("LMSInitialize")) == 1, "one LMS session for the whole visit, whatever the pages"
    written = {call[1] for call in learner.calls("LMSSetValue")}
    assert written <= SCORM12_WRITABLE, f"not SCORM 1.2 data-model elements: {sorted(written - SCORM12_WRITABLE)}"
    assert learner.errors == [] and learner.warnings == [], learner.errors + learner.warnings
    learner.context.close()

    # Relaunch on another device: only what the LMS recorded comes back (exit "suspend": entry "resume").
    saved = {
        "core": {
            "lesson_location": closed["lesson_location"],
            "lesson_status": closed["lesson_status"],
            "entry": "resume",
            "score": closed["score"],
        },
        "suspend_data": closed["suspend_data"],
    }
    again = Learner(browser, lms, language)
    again.launch(mastery, saved)
    again.wait_for_location(bookmark)
    assert again.course().url.endswith(f"/{language}/{bookmark}.html")
    restored = again.course().evaluate("() => CourseProgress.get()")
    assert set(modules) <= set(restored["visited"])
    assert restored["assessment"]["passed"] is True and restored["assessment"]["score"] == needed
    assert restored["quizzes"] == json.loads(closed["suspend_data"])["quizzes"] and quiz_id in restored["quizzes"]
    assert again.recorded()["lesson_status"] == "passed"
    # The "My progress" page of the package shows it, from the restored store.
    again.follow_link_to(facts["progressPage"])
    visited_cells = again.course().locator(".progress-visited")
    assert visited_cells.count() >= len(modules)
    assert len(set(visited_cells.all_inner_texts()[: len(modules)])) == 1, "every module shows the same 'visited' word"
    again.screenshot(f"{language}-relaunched-progress")
    log["relaunched"] = again.recorded()
    assert len(again.calls("LMSInitialize")) == 1
    assert again.errors == [] and again.warnings == [], again.errors + again.warnings
    again.context.close()
    record = artifacts_dir("scorm") / f"cmi-{language}.json"
    record.write_text(json.dumps(log, indent=1, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_an_lms_the_package_is_the_plain_website(browser, lms, language):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{lms}{language}/{LAUNCH_PAGE}")
    page.wait_for_url(f"**/{language}/index.html")
    page.locator(".sidebar-tree a[href$='01-role-du-coo.html']").first.click()
    page.wait_for_url("**/course/01-role-du-coo.html")
    assert "01-role-du-coo" in page.evaluate("() => CourseProgress.get().visited.join(' ')")
    assert errors == []
    context.close()


def test_an_lms_error_never_breaks_a_page(browser, lms):
    """A session the LMS refuses (LMSInitialize called before the launch), then commits that throw."""
    language = LANGUAGES[0]
    learner = Learner(browser, lms, language)
    learner.page.evaluate("""() => {
        launchPackage = (function (launchPackage) {
          return function (folder, mastery, saved) {
            launchPackage(folder, mastery, saved);
            API.LMSInitialize("");  // the LMS's session is taken: the package's LMSInitialize fails
          };
        })(launchPackage);
    }""")
    learner.launch("70")
    course = learner.course()
    course.wait_for_url(f"**/{language}/index.html")
    course.locator(".sidebar-tree a[href$='01-role-du-coo.html']").first.click()
    course.wait_for_url("**/course/01-role-du-coo.html")
    assert any("LMSInitialize" in warning for warning in learner.warnings), learner.warnings
    learner.context.close()

    learner = Learner(browser, lms, language)
    learner.page.evaluate("""() => {
        launchPackage = (function (launchPackage) {
          return function (folder, mastery, saved) {
            launchPackage(folder, mastery, saved);
            API.LMSCommit = function () { throw new Error("the LMS is unreachable"); };
          };
        })(launchPackage);
    }""")
    learner.launch("70")
    learner.wait_for_location("index")
    learner.follow_link_to("course/01-role-du-coo")
    assert learner.course().evaluate("() => CourseProgress.get().visited").count("course/01-role-du-coo") == 1
    assert learner.errors == [], learner.errors
    assert any("unreachable" in warning for warning in learner.warnings), learner.warnings
    learner.context.close()
