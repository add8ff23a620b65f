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
from coursekit.testing.validators import SCORM_AGAIN, artifacts_dir, ensure_node_tools, scorm_manifest_errors
from coursekit.tools.scorm import LAUNCH_PAGE, MANIFEST, SCHEMA_DIR, SCHEMA_DIRS, package_file_name

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
EDITIONS = ["1.2", "2004"]


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

# The names of what the tests read back, per SCORM edition.
ELEMENTS = {
    "1.2": {
        "location": "cmi.core.lesson_location",
        "status": "cmi.core.lesson_status",
        "exit": "cmi.core.exit",
        "session_time": "cmi.core.session_time",
        "suspend_data": "cmi.suspend_data",
        "score": ("cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max"),
    },
    "2004": {
        "location": "cmi.location",
        "status": "cmi.completion_status",
        "success": "cmi.success_status",
        "exit": "cmi.exit",
        "session_time": "cmi.session_time",
        "suspend_data": "cmi.suspend_data",
        "score": ("cmi.score.raw", "cmi.score.min", "cmi.score.max"),
        "scaled": "cmi.score.scaled",
    },
}
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
SESSION_TIME = {"1.2": r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", "2004": r"PT\d+H\d+M\d+(\.\d{1,2})?S"}
API_NAMES = {
    "1.2": {"initialize": "LMSInitialize", "commit": "LMSCommit", "finish": "LMSFinish", "set": "LMSSetValue"},
    "2004": {"initialize": "Initialize", "commit": "Commit", "finish": "Terminate", "set": "SetValue"},
}
# The LMSs the runtime is tested against: scorm-again (permissive, a real LMS's runtime) and the strict double.
LMS_KINDS = ["strict", "scorm-again"]
STRICT_LMS = Path(__file__).parent / "strict_scorm_lms.js"

# The LMS host page: it opens a package's launch page in a frame, as Moodle does, with the API of one
# LMS (scorm-again's or the strict double's) on its window, keeps every call, and gives what the LMS
# recorded as a flat map of data-model elements (the next launch's record).
HOST_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.min.js"></script><script src="scorm2004.min.js"></script>
<script src="strict_scorm_lms.js"></script></head>
<body style="margin:0">
<iframe id="sco" title="SCO" style="display:block;border:0;width:100vw;height:100vh"></iframe>
<script>
  var NAMES = {
    "1.2": { global: "API", initialize: "LMSInitialize", commit: "LMSCommit", finish: "LMSFinish", set: "LMSSetValue",
             exit: "cmi.core.exit" },
    "2004": { global: "API_1484_11", initialize: "Initialize", commit: "Commit", finish: "Terminate", set: "SetValue",
              exit: "cmi.exit" },
  };
  window.lmsCalls = [];
  window.lms = null;
  function flatten(object, prefix, into) {
    Object.keys(object).forEach(function (key) {
      var value = object[key];
      if (value !== null && typeof value === "object") {
        if (!Array.isArray(value)) flatten(value, prefix + key + ".", into);
      } else {
        into[prefix + key] = value === null || value === undefined ? "" : String(value);
      }
    });
    return into;
  }
  function nested(flat) {
    var object = {};
    Object.keys(flat).forEach(function (element) {
      var parts = element.replace(/^cmi\\./, "").split(".");
      var holder = object;
      parts.slice(0, -1).forEach(function (part) { holder = holder[part] = holder[part] || {}; });
      holder[parts[parts.length - 1]] = flat[element];
    });
    return object;
  }
  window.launchPackage = function (folder, kind, edition, masteryScore, saved, changeApi) {
    var names = NAMES[edition];
    delete window.API;
    delete window.API_1484_11;
    window.lmsCalls = [];
    if (kind === "strict") {
      window.lms = new StrictScormLMS(edition, saved && { values: saved, exit: saved[names.exit] || "" },
                                      { masteryScore: Number(masteryScore) });
      var api = window.lms.install(window);
      Object.keys(api).forEach(function (name) {
        var original = api[name];
        api[name] = function () {
          if (name === names.set) window.lmsCalls.push([name, arguments[0], arguments[1]]);
          else if ([names.initialize, names.commit, names.finish].indexOf(name) !== -1) window.lmsCalls.push([name]);
          return original.apply(this, arguments);
        };
      });
    } else {
      var api = edition === "1.2" ? new Scorm12API({ autocommit: false, logLevel: 5 })
                                  : new Scorm2004API({ autocommit: false, logLevel: 5 });
      window[names.global] = api;
      if (saved) {
        var record = nested(Object.assign({}, saved));
        var core = edition === "1.2" ? record.core : record;
        delete core.exit;
        delete core.session_time;
        core.entry = saved[names.exit] === "suspend" ? "resume" : "";
        api.loadFromJSON(record, "");
      }
      if (edition === "1.2") api.cmi.student_data.mastery_score = masteryScore;
      else api.cmi.scaled_passing_score = String(Number(masteryScore) / 100);
      [names.initialize, names.commit, names.finish].forEach(function (name) {
        api.on(name, function () { window.lmsCalls.push([name]); });
      });
      api.on(names.set + ".cmi.*", function (element, value) { window.lmsCalls.push([names.set, element, value]); });
    }
    if (changeApi) (new Function("api", changeApi))(window[names.global]);
    document.getElementById("sco").src = folder + "/scorm-launch.html";
  };
  window.closePackage = function () { document.getElementById("sco").src = "about:blank"; };
  // What the LMS recorded, element by element (write-only elements included).
  window.recorded = function () {
    if (window.lms) {
      var record = window.lms.record();
      return Object.assign({}, record.values, record.writeOnly);
    }
    return flatten(JSON.parse(JSON.stringify((window.API || window.API_1484_11).cmi)), "cmi.", {});
  };
  window.refusals = function () { return window.lms ? window.lms.refusals() : []; };
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def lms(build_dir, tmp_path_factory) -> Iterator[str]:
    """The host page, scorm-again and the strict double, with each package unzipped beside them, served over HTTP."""
    ensure_node_tools()
    root = tmp_path_factory.mktemp("lms")
    for edition in EDITIONS:
        shutil.copy(SCORM_AGAIN[edition], root / SCORM_AGAIN[edition].name)
    shutil.copy(STRICT_LMS, root / STRICT_LMS.name)
    (root / "host.html").write_text(HOST_PAGE, encoding="utf-8")
    for language in LANGUAGES:
        for edition in EDITIONS:
            with zipfile.ZipFile(package_path(build_dir, language, edition)) as package:
                package.extractall(root / edition / language)
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

    def __init__(self, browser, lms: str, language: str, kind: str = "strict", edition: str = "1.2"):
        self.context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": HEIGHT})
        self.page: Page = self.context.new_page()
        self.language = language
        self.kind = kind
        self.edition = edition
        self.names = ELEMENTS[edition]
        self.api = API_NAMES[edition]
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: self.warnings.append(message.text) if "SCORM" in message.text else None)
        self.page.goto(f"{lms}host.html")

    def launch(self, mastery_score: str, saved: dict | None = None, change_api: str = "") -> None:
        self.page.evaluate(
            "([folder, kind, edition, mastery, saved, change]) =>"
            " launchPackage(folder, kind, edition, mastery, saved, change)",
            [f"{self.edition}/{self.language}", self.kind, self.edition, mastery_score, saved, change_api],
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
            """([setValue, element, page]) => {
                const told = (window.lmsCalls || []).filter((call) => call[0] === setValue && call[1] === element);
                return told.length > 0 && told[told.length - 1][2] === page;
            }""",
            arg=[self.api["set"], self.names["location"], docname],
        )

    def wait_for_record(self, name: str, value: str) -> None:
        """Wait until the LMS has recorded ``value`` (committed, for the strict LMS)."""
        self.page.wait_for_function(
            "([element, value]) => recorded()[element] === value", arg=[self.names[name], value]
        )

    def follow_link_to(self, docname: str) -> None:
        """Click the sidebar's link to a page, as a learner would, and wait until the LMS has its location."""
        file_name = docname.rsplit("/", 1)[-1] + ".html"
        self.course().locator(f'.sidebar-tree a[href$="{file_name}"]').first.click()
        self.wait_for_location(docname)

    def recorded(self) -> dict:
        return self.page.evaluate("() => recorded()")

    def value(self, name: str) -> str:
        return self.recorded()[self.names[name]]

    @property
    def verdict(self) -> str:
        """Where the final assessment's verdict is recorded: 1.2's one status, 2004's success status."""
        return "success" if self.edition == "2004" else "status"

    def check_scaled(self, percent: str) -> None:
        """SCORM 2004's scaled score is the percentage over 100."""
        if self.edition == "2004":
            assert float(self.value("scaled")) == pytest.approx(float(percent) / 100)

    def score(self) -> dict:
        record = self.recorded()
        return {element.rsplit(".", 1)[1]: record[element] for element in self.names["score"]}

    def calls(self, name: str) -> list:
        return [call for call in self.page.evaluate("() => lmsCalls") if call[0] == self.api[name]]

    def refusals(self) -> list:
        return self.page.evaluate("() => refusals()")

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
        self.page.wait_for_function("(finish) => lmsCalls.some(call => call[0] === finish)", arg=self.api["finish"])

    def screenshot(self, name: str) -> None:
        self.page.screenshot(path=artifacts_dir("scorm") / f"{name}.png")


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


@pytest.mark.parametrize("edition", EDITIONS)
def test_an_lms_error_never_breaks_a_page(browser, lms, edition):
    """A session the LMS refuses (initialized before the launch), then commits that throw."""
    language = LANGUAGES[0]
    names = API_NAMES[edition]
    learner = Learner(browser, lms, language, "strict", edition)
    learner.launch("70", change_api=f'api.{names["initialize"]}("");')
    course = learner.course()
    course.wait_for_url(f"**/{language}/index.html")
    course.locator(".sidebar-tree a[href$='01-role-du-coo.html']").first.click()
    course.wait_for_url("**/course/01-role-du-coo.html")
    assert any(names["initialize"] in warning for warning in learner.warnings), learner.warnings
    learner.context.close()

    learner = Learner(browser, lms, language, "strict", edition)
    unreachable = f'api.{names["commit"]} = function () {{ throw new Error("the LMS is unreachable"); }};'
    learner.launch("70", change_api=unreachable)
    learner.wait_for_location("index")
    learner.follow_link_to("course/01-role-du-coo")
    assert learner.course().evaluate("() => CourseProgress.get().visited").count("course/01-role-du-coo") == 1
    assert learner.errors == [], learner.errors
    assert any("unreachable" in warning for warning in learner.warnings), learner.warnings
    learner.context.close()


def test_an_lms_that_offers_lmsterminate_only_ends_the_session_with_it(browser, lms):
    """wagtail-lms's API offers LMSTerminate beside LMSFinish; an LMS with LMSTerminate only gets the session's end."""
    learner = Learner(browser, lms, LANGUAGES[0], "strict", "1.2")
    learner.launch("70", change_api="api.LMSTerminate = api.LMSFinish; delete api.LMSFinish;")
    learner.wait_for_location("index")
    learner.page.evaluate("() => closePackage()")
    learner.wait_for_record("exit", "suspend")
    assert learner.page.evaluate("() => lms.state") == "finished"
    assert re.fullmatch(SESSION_TIME["1.2"], learner.value("session_time"))
    assert learner.refusals() == [] and learner.errors == [], learner.refusals() + learner.errors
    learner.context.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_runtime_ignores_oversized_lms_values_without_parsing_them(browser, lms, edition):
    """An LMS record far over the edition's limits (a hostile or broken LMS): ignored unread, the course starts afresh.

    The time from the launch to the first page recorded is kept with the artefacts (no speed assertion here:
    the benchmark measures speed); what is asserted is that nothing of it was restored or sent back.
    """
    language = LANGUAGES[0]
    names = ELEMENTS[edition]
    huge = "[" * 2_000_000
    saved = {names["suspend_data"]: huge, names["location"]: "course/" + "x" * 2_000_000}
    learner = Learner(browser, lms, language, "strict", edition)
    learner.page.evaluate("([saved, element]) => { window.hostile = saved; }", [saved, names["suspend_data"]])
    started = learner.page.evaluate("() => performance.now()")
    learner.launch(
        "70",
        change_api="lms.values = Object.assign(lms.values, window.hostile);",
    )
    learner.wait_for_location("index")
    elapsed = learner.page.evaluate("() => performance.now()") - started
    assert learner.course().evaluate("() => CourseProgress.get().visited") == ["index"]
    assert len(learner.value("suspend_data")) < 4096
    assert any("ignored" in warning for warning in learner.warnings), learner.warnings
    assert learner.refusals() == [] and learner.errors == [], learner.refusals() + learner.errors
    (artifacts_dir("scorm") / f"hostile-record-{edition}.json").write_text(
        json.dumps({"suspend_data_chars": len(huge), "launch_to_first_page_ms": round(elapsed)}), encoding="utf-8"
    )
    learner.context.close()


STRICT_SELF_TEST = """(edition) => {
  const lms = new StrictScormLMS(edition, null, { masteryScore: 70 });
  const api = lms.install({});
  const n = edition === "1.2"
    ? { init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue", err: "LMSGetLastError" }
    : { init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue", err: "GetLastError" };
  const codes = {};
  const tries = {
    before: () => api[n.get](edition === "1.2" ? "cmi.core.lesson_status" : "cmi.completion_status"),
    init: () => api[n.init](""),
    again: () => api[n.init](""),
    unknown: () => api[n.set]("cmi.core.suspend_data", "x"),
    readOnly: () => api[n.set](edition === "1.2" ? "cmi.core.student_id" : "cmi.learner_id", "x"),
    writeOnly: () => api[n.get](edition === "1.2" ? "cmi.core.exit" : "cmi.exit"),
    vocabulary: () => api[n.set](edition === "1.2" ? "cmi.core.lesson_status" : "cmi.completion_status", "done"),
    tooLong: () => api[n.set]("cmi.suspend_data", "x".repeat(edition === "1.2" ? 4097 : 64001)),
    longest: () => api[n.set]("cmi.suspend_data", "x".repeat(edition === "1.2" ? 4096 : 64000)),
    score: () => edition === "1.2" ? api[n.set]("cmi.core.score.raw", "101") : api[n.set]("cmi.score.scaled", "1.5"),
    number: () => api[n.set]("cmi.suspend_data", 42),
    keyword: () => api[n.set](edition === "1.2" ? "cmi.core._children" : "cmi.score._children", "x"),
    finish: () => api[n.finish](""),
    after: () => api[n.set]("cmi.suspend_data", "x"),
  };
  for (const [name, attempt] of Object.entries(tries)) { attempt(); codes[name] = String(api[n.err]()); }
  return codes;
}"""
STRICT_EXPECTED = {
    "1.2": {
        "before": "301",
        "init": "0",
        "again": "101",
        "unknown": "401",
        "readOnly": "403",
        "writeOnly": "404",
        "vocabulary": "405",
        "tooLong": "405",
        "longest": "0",
        "score": "405",
        "number": "405",
        "keyword": "402",
        "finish": "0",
        "after": "301",
    },
    "2004": {
        "before": "122",
        "init": "0",
        "again": "103",
        "unknown": "401",
        "readOnly": "404",
        "writeOnly": "405",
        "vocabulary": "406",
        "tooLong": "406",
        "longest": "0",
        "score": "407",
        "number": "406",
        "keyword": "404",
        "finish": "0",
        "after": "133",
    },
}


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_strict_lms_refuses_what_the_standard_forbids_with_its_error_code(browser, lms, edition):
    """The double can fail a runtime: each forbidden element, value and call order gets the standard's code."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{lms}host.html")
    assert page.evaluate(STRICT_SELF_TEST, edition) == STRICT_EXPECTED[edition]
    context.close()
