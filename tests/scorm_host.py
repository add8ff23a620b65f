"""An LMS host page for the SCORM runtime's tests: the package's launch page in a frame, an LMS's API beside it.

Two LMSs can play the LMS side: scorm-again (npm, pinned in ``package.json``), a real LMS runtime but a
permissive one, and ``strict_scorm_lms.js``, a double that refuses with the standard's error code every element,
value and call order SCORM forbids (and stores only what was committed). ``host_folder`` lays out the host page,
the LMSs and the unzipped packages in one folder to serve; ``Learner`` drives one browser profile on it. The fast
tests use it on a small course's packages (``tests/fast/test_scorm_runtime.py``), the slow ones on the real
course's (``tests/test_scorm.py``).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

from coursekit.testing.browser import HEIGHT, WIDTHS
from coursekit.testing.validators import artifacts_dir
from coursekit.tools.scorm import LAUNCH_PAGE

EDITIONS = ["1.2", "2004"]
STRICT_LMS = Path(__file__).parent / "strict_scorm_lms.js"

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
SESSION_TIME = {"1.2": r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", "2004": r"PT\d+H\d+M\d+(\.\d{1,2})?S"}
API_NAMES = {
    "1.2": {"initialize": "LMSInitialize", "commit": "LMSCommit", "finish": "LMSFinish", "set": "LMSSetValue"},
    "2004": {"initialize": "Initialize", "commit": "Commit", "finish": "Terminate", "set": "SetValue"},
}

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
          if (name === names.set) window.lmsCalls.push([name, arguments[0], arguments[1], Date.now()]);
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


def answer_assessment(course: Frame, right_answers: int) -> None:
    """Answer the first ``right_answers`` questions of the final assessment in ``course`` right, leave the others,
    submit."""
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


class Learner:
    """One browser (its own storage), the LMS host page, and what the pages said."""

    def __init__(
        self,
        browser,
        lms: str,
        language: str,
        kind: str = "strict",
        edition: str = "1.2",
        links: str = ".sidebar-tree a",
        fake_clock: bool = False,
    ):
        self.context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": HEIGHT})
        self.page: Page = self.context.new_page()
        if fake_clock:
            # Playwright's clock in every frame: time flows as usual, and the test can run the timers ahead.
            self.page.clock.install()
        self.language = language
        self.kind = kind
        self.edition = edition
        self.links = links  # where the pages' links to the other pages are (Furo's sidebar on the real course)
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
        self.course().locator(f'{self.links}[href$="{file_name}"]').first.click()
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
        answer_assessment(self.course(), right_answers)

    def retry_assessment(self) -> None:
        self.course().locator(".assessment .quiz-retry").click()

    def close(self) -> None:
        self.page.evaluate("() => closePackage()")
        self.page.wait_for_function("(finish) => lmsCalls.some(call => call[0] === finish)", arg=self.api["finish"])

    def screenshot(self, name: str) -> None:
        self.page.screenshot(path=artifacts_dir("scorm") / f"{name}.png")


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


def host_folder(root: Path, packages: dict[tuple[str, str], Path], scorm_again: dict[str, Path] | None = None) -> Path:
    """``root`` with the host page, the strict LMS (and scorm-again's, when given) and each package unzipped in
    ``<edition>/<language>/``; ``packages`` maps (edition, language) to a package file."""
    root.mkdir(parents=True, exist_ok=True)
    for script in [STRICT_LMS, *(scorm_again or {}).values()]:
        shutil.copy(script, root / script.name)
    (root / "host.html").write_text(HOST_PAGE, encoding="utf-8")
    for (edition, language), package in packages.items():
        with zipfile.ZipFile(package) as archive:
            archive.extractall(root / edition / language)
    return root
