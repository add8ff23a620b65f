"""The SCORM packages of each language: their manifest against the schemas, their runtime in two LMSs.

Two LMSs play the LMS side, each on a host page served on 127.0.0.1 that sets
the API on its window (with the manifest's mastery score, as an LMS does on
import) and opens the package's launch page in a frame, as Moodle does:
scorm-again (npm, pinned in ``package.json``), a real LMS runtime but a
permissive one, and ``strict_scorm_lms.js``, a double that refuses with the
standard's error code every element, value and call order SCORM forbids (and
stores only what was committed). The learner, in Debian's Chromium driven by
Playwright, visits the modules, fails then passes the final assessment with
the real quiz, and closes the course; the values the LMS recorded are checked
after each step and kept under ``<artifacts>/scorm/``. A second launch, in a
fresh browser (nothing kept on the device), gets only what the LMS recorded,
and must land on the bookmark with the progress restored.

The host page and the learner's moves are shared with the runtime's fast tests (``tests/scorm_host.py``): what the
runtime does when the LMS fails, lies or holds a status already is tested there, on a small course's packages
(``tests/fast/test_scorm_runtime.py``).
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
from playwright.sync_api import sync_playwright

from coursekit.core.identity import identity
from coursekit.core.languages import all_languages
from coursekit.core.paths import REPO_ROOT
from coursekit.testing.browser import launch, serve
from coursekit.testing.validators import SCORM_AGAIN, artifacts_dir, ensure_node_tools, scorm_manifest_errors
from coursekit.tools.scorm import LAUNCH_PAGE, MANIFEST, SCHEMA_DIR, SCHEMA_DIRS, package_file_name
from tests.scorm_host import EDITIONS, SESSION_TIME, Learner, host_folder

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


NAMESPACES_2004 = {
    "cp": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
    "lom": "http://ltsc.ieee.org/xsd/LOM",
}


def package_path(build_dir: Path, language: str, edition: str = "1.2") -> Path:
    return build_dir / "scorm" / language / package_file_name(language, edition)


def read_manifest(build_dir: Path, language: str, edition: str = "1.2") -> bytes:
    with zipfile.ZipFile(package_path(build_dir, language, edition)) as package:
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

    schemas = {path.name for path in SCHEMA_DIR.iterdir()}
    assert schemas <= set(names), "the schema files, at the package's root"
    files = manifest.xpath("//cp:resource/cp:file/@href", namespaces=NAMESPACES)
    assert sorted(files) == sorted(name for name in names if name != MANIFEST and name not in schemas)
    sco = manifest.xpath("//cp:resource", namespaces=NAMESPACES)
    assert len(sco) == 1 and sco[0].get("href") == LAUNCH_PAGE
    assert sco[0].get(f"{{{NAMESPACES['adlcp']}}}scormtype") == "sco"


def package_schemas(build_dir: Path, language: str, folder: Path, edition: str = "1.2") -> Path:
    """The schema files the package holds at its root, extracted into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(package_path(build_dir, language, edition)) as package:
        for name in package.namelist():
            if "/" not in name and name.endswith((".xsd", ".dtd")):
                (folder / name).write_bytes(package.read(name))
    return folder


@pytest.mark.parametrize("language", LANGUAGES)
def test_manifest_is_valid_scorm_12_and_names_title_language_and_mastery_score(build_dir, language, tmp_path):
    manifest = read_manifest(build_dir, language)
    (artifacts_dir("scorm") / f"imsmanifest-{language}.xml").write_bytes(manifest)
    root = etree.fromstring(manifest)
    # Each schema the manifest names is in the package, and the manifest is valid against those very files.
    schemas = package_schemas(build_dir, language, tmp_path / "schemas")
    locations = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
    named = dict(zip(locations[::2], locations[1::2], strict=True))
    assert set(named) == set(NAMESPACES.values())
    assert all((schemas / location).is_file() for location in named.values()), named
    assert scorm_manifest_errors(manifest, schemas, "1.2") == {"lxml": [], "xmlschema": []}
    course = identity(language)
    assert root.xpath("string(cp:metadata/cp:schemaversion)", namespaces=NAMESPACES) == "1.2"
    assert root.xpath("string(//imsmd:general/imsmd:language)", namespaces=NAMESPACES) == language
    title = root.xpath("//imsmd:general/imsmd:title/imsmd:langstring", namespaces=NAMESPACES)[0]
    assert title.text == course.full_title and title.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert root.xpath("string(//cp:organization/cp:title)", namespaces=NAMESPACES) == course.full_title
    assert root.xpath("string(//cp:item/adlcp:masteryscore)", namespaces=NAMESPACES) == str(source_pass_mark())


@pytest.mark.parametrize("language", LANGUAGES)
def test_scorm_2004_package_beside_it_valid_with_its_metadata_and_passing_score(build_dir, language, tmp_path):
    """The SCORM 2004 4th edition package: same website and runtime, its own manifest, schemas and metadata."""
    with zipfile.ZipFile(package_path(build_dir, language, "2004")) as package:
        names = package.namelist()
        launch = package.read(LAUNCH_PAGE).decode("utf-8")
    with zipfile.ZipFile(package_path(build_dir, language)) as package:
        names_12 = package.namelist()
    schemas = {path.name for path in SCHEMA_DIRS["2004"].iterdir()}
    schemas_12 = {path.name for path in SCHEMA_DIRS["1.2"].iterdir()}
    assert names[0] == MANIFEST and schemas <= set(names)
    assert set(names) - schemas == set(names_12) - schemas_12, "the same website in both editions"
    facts = json.loads(launch.split('id="course-scorm-facts">', 1)[1].split("</script>", 1)[0])
    assert facts["scorm"] == "2004"

    manifest = read_manifest(build_dir, language, "2004")
    (artifacts_dir("scorm") / f"imsmanifest-2004-{language}.xml").write_bytes(manifest)
    root = etree.fromstring(manifest)
    folder = package_schemas(build_dir, language, tmp_path / "schemas", "2004")
    locations = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
    named = dict(zip(locations[::2], locations[1::2], strict=True))
    assert set(named) == set(NAMESPACES_2004.values()) - {NAMESPACES_2004["lom"]}
    assert all((folder / location).is_file() for location in named.values()), named
    assert scorm_manifest_errors(manifest, folder, "2004") == {"lxml": [], "xmlschema": []}
    ns = NAMESPACES_2004
    course = identity(language)
    assert root.xpath("string(cp:metadata/cp:schemaversion)", namespaces=ns) == "2004 4th Edition"
    assert root.xpath("string(//lom:general/lom:language)", namespaces=ns) == language
    title = root.xpath("//lom:general/lom:title/lom:string", namespaces=ns)[0]
    assert title.text == course.full_title and title.get("language") == language
    files = root.xpath("//cp:resource/cp:file/@href", namespaces=ns)
    assert sorted(files) == sorted(name for name in names if name != MANIFEST and name not in schemas)
    sco = root.xpath("//cp:resource", namespaces=ns)
    assert len(sco) == 1 and sco[0].get("href") == LAUNCH_PAGE and sco[0].get(f"{{{ns['adlcp']}}}scormType") == "sco"
    objective = root.xpath("//cp:item/imsss:sequencing/imsss:objectives/imsss:primaryObjective", namespaces=ns)[0]
    assert objective.get("satisfiedByMeasure") == "true"
    measure = objective.xpath("string(imsss:minNormalizedMeasure)", namespaces=ns)
    assert float(measure) == source_pass_mark() / 100


def test_schema_check_refuses_a_broken_manifest(build_dir, tmp_path):
    """The validation can fail, in both validators: the same manifest with a SCORM 1.2 type the schemas do not know."""
    manifest = read_manifest(build_dir, LANGUAGES[0])
    broken = manifest.replace(b'adlcp:scormtype="sco"', b'adlcp:scormtype="lesson"')
    assert broken != manifest
    errors = scorm_manifest_errors(broken, package_schemas(build_dir, LANGUAGES[0], tmp_path), "1.2")
    assert any("scormtype" in error for error in errors["lxml"]), errors
    assert errors["xmlschema"], errors
    # SCORM 2004: a passing score out of the scaled range.
    manifest = read_manifest(build_dir, LANGUAGES[0], "2004")
    broken = re.sub(rb"<imsss:minNormalizedMeasure>[^<]*<", b"<imsss:minNormalizedMeasure>70<", manifest)
    assert broken != manifest
    errors = scorm_manifest_errors(broken, package_schemas(build_dir, LANGUAGES[0], tmp_path / "2004", "2004"), "2004")
    assert errors["lxml"] and errors["xmlschema"], errors


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
        for edition in EDITIONS:
            assert (
                package_path(copy, language, edition).read_bytes()
                == package_path(build_dir, language, edition).read_bytes()
            )


# -- The runtime in an LMS --------------------------------------------------------------------

# SCORM 2004's read-write and write-only elements (IEEE 1484.11.1, as SCORM 2004 4th edition RTE lists them).
SCORM2004_WRITABLE = {
    "cmi.completion_status",
    "cmi.exit",
    "cmi.location",
    "cmi.progress_measure",
    "cmi.score.scaled",
    "cmi.score.raw",
    "cmi.score.min",
    "cmi.score.max",
    "cmi.session_time",
    "cmi.success_status",
    "cmi.suspend_data",
}
WRITABLE = {"1.2": SCORM12_WRITABLE, "2004": SCORM2004_WRITABLE}
# The LMSs the runtime is tested against: scorm-again (permissive, a real LMS's runtime) and the strict double.
LMS_KINDS = ["strict", "scorm-again"]


@pytest.fixture(scope="module")
def lms(build_dir, tmp_path_factory) -> Iterator[str]:
    """The host page, scorm-again and the strict double, with each package unzipped beside them, served over HTTP."""
    ensure_node_tools()
    packages = {
        (edition, language): package_path(build_dir, language, edition)
        for language in LANGUAGES
        for edition in EDITIONS
    }
    root = host_folder(tmp_path_factory.mktemp("lms"), packages, SCORM_AGAIN)
    with serve(root) as base:
        yield base


@pytest.fixture(scope="module")
def browser(lms):
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def structure(build_dir: Path, language: str) -> dict:
    return json.loads((build_dir / "html" / language / "_static" / "course-structure.json").read_text(encoding="utf-8"))


def manifest_mastery(build_dir: Path, language: str) -> str:
    return etree.fromstring(read_manifest(build_dir, language)).xpath(
        "string(//adlcp:masteryscore)", namespaces=NAMESPACES
    )


@pytest.mark.parametrize("kind", LMS_KINDS)
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_lms_records_location_progress_score_and_status_and_resumes_at_the_bookmark(
    browser, lms, build_dir, language, edition, kind
):
    facts = structure(build_dir, language)
    modules, assessment = facts["modules"], facts["assessment"]
    mastery = manifest_mastery(build_dir, language)
    log = {"language": language, "edition": edition, "lms": kind, "mastery_score": mastery}

    learner = Learner(browser, lms, language, kind, edition)
    learner.launch(mastery)
    learner.wait_for_location("index")
    assert learner.course().url.endswith(f"/{language}/index.html")
    assert learner.value("status") == "incomplete"
    assert len(learner.calls("initialize")) == 1
    log["first_page"] = learner.recorded()

    # Every module visited, the first module's quiz submitted, no assessment attempt: completed.
    for module in modules:
        learner.follow_link_to(module)
        learner.wait_for_record("status", "completed" if module == modules[-1] else "incomplete")
        if module == modules[0]:
            quiz = learner.course().locator(".quiz[data-quiz-id]").first
            quiz_id = quiz.get_attribute("data-quiz-id")
            quiz.locator(".quiz-submit").click()
            learner.page.wait_for_function(
                "([element, id]) => recorded()[element].includes(JSON.stringify(id))",
                arg=[learner.names["suspend_data"], quiz_id],
            )
    state = json.loads(learner.value("suspend_data"))
    assert set(modules) <= set(state["visited"]) and state["assessment"] is None
    assert quiz_id in state["quizzes"]
    log["all_modules_visited"] = learner.recorded()

    # One right answer short of the pass mark: failed, and the score is the assessment's percentage.
    learner.follow_link_to(assessment["page"])
    questions = learner.course().locator(".assessment .quiz-question[data-quiz-type]").count()
    needed = math.ceil(int(mastery) * questions / 100)
    learner.answer_assessment(needed - 1)
    learner.wait_for_record(learner.verdict, "failed")
    assert learner.score() == {"raw": str(round(100 * (needed - 1) / questions, 2)), "min": "0", "max": "100"}
    learner.check_scaled(learner.score()["raw"])
    assert json.loads(learner.value("suspend_data"))["assessment"]["passed"] is False
    log["failed"] = learner.recorded()
    learner.screenshot(f"{edition}-{kind}-{language}-failed")

    # Exactly the pass mark: passed.
    learner.retry_assessment()
    learner.answer_assessment(needed)
    learner.wait_for_record(learner.verdict, "passed")
    passed_score = learner.score()
    learner.check_scaled(passed_score["raw"])
    assert passed_score == {"raw": str(round(100 * needed / questions, 2)), "min": "0", "max": "100"}
    passed_state = json.loads(learner.value("suspend_data"))["assessment"]
    assert passed_state == {
        "score": needed,
        "max": questions,
        "passMark": int(mastery),
        "passed": True,
        "revisit": passed_state["revisit"],
    }
    log["passed"] = learner.recorded()

    # The learner reads a module again, then closes the course: one finish, the bookmark kept.
    bookmark = modules[BOOKMARKED_MODULE]
    learner.follow_link_to(bookmark)
    commits_before = len(learner.calls("commit"))
    learner.close()
    closed = learner.recorded()
    log["closed"] = closed
    assert learner.value("location") == bookmark and learner.value("exit") == "suspend"
    assert learner.value(learner.verdict) == "passed" and learner.score() == passed_score
    assert learner.value("status") == ("passed" if edition == "1.2" else "completed")
    assert re.fullmatch(SESSION_TIME[edition], learner.value("session_time"))
    assert len(learner.calls("finish")) == 1 and len(learner.calls("commit")) > commits_before
    assert len(learner.calls("initialize")) == 1, "one LMS session for the whole visit, whatever the pages"
    written = {call[1] for call in learner.calls("set")}
    assert written <= WRITABLE[edition], f"not SCORM {edition} writable elements: {sorted(written - WRITABLE[edition])}"
    assert learner.refusals() == [], "calls the SCORM standard refuses"
    assert learner.errors == [] and learner.warnings == [], learner.errors + learner.warnings
    learner.context.close()

    # Relaunch in a fresh browser (nothing kept on the device): only what the LMS recorded comes back.
    again = Learner(browser, lms, language, kind, edition)
    again.launch(mastery, closed)
    again.wait_for_location(bookmark)
    assert again.course().url.endswith(f"/{language}/{bookmark}.html")
    restored = again.course().evaluate("() => CourseProgress.get()")
    assert set(modules) <= set(restored["visited"])
    assert restored["assessment"]["passed"] is True and restored["assessment"]["score"] == needed
    assert restored["quizzes"] == json.loads(closed[again.names["suspend_data"]])["quizzes"]
    assert quiz_id in restored["quizzes"]
    assert again.value(again.verdict) == "passed"
    assert again.value("status") == ("passed" if edition == "1.2" else "completed")
    # The LMS had a status: the relaunch never sets one back to "incomplete".
    assert not [call for call in again.calls("set") if call[2] == "incomplete"], again.calls("set")
    # The "My progress" page of the package shows it, from the restored store.
    again.follow_link_to(facts["progressPage"])
    visited_cells = again.course().locator(".progress-visited")
    assert visited_cells.count() >= len(modules)
    assert len(set(visited_cells.all_inner_texts()[: len(modules)])) == 1, "every module shows the same 'visited' word"
    again.screenshot(f"{edition}-{kind}-{language}-relaunched-progress")
    log["relaunched"] = again.recorded()
    assert len(again.calls("initialize")) == 1
    assert again.refusals() == [], "calls the SCORM standard refuses"
    assert again.errors == [] and again.warnings == [], again.errors + again.warnings
    again.context.close()
    record = artifacts_dir("scorm") / f"cmi-{edition}-{kind}-{language}.json"
    record.write_text(json.dumps(log, indent=1, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_without_an_lms_the_package_is_the_plain_website(browser, lms, language, edition):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{lms}{edition}/{language}/{LAUNCH_PAGE}")
    page.wait_for_url(f"**/{language}/index.html")
    page.locator(".sidebar-tree a[href$='01-role-du-coo.html']").first.click()
    page.wait_for_url("**/course/01-role-du-coo.html")
    assert "01-role-du-coo" in page.evaluate("() => CourseProgress.get().visited.join(' ')")
    assert errors == []
    context.close()
