"""What the progress store reads is bounded: hostile stored values cost one length check, never a parse.

``course-progress.js`` reads its state from the device's storage on every page
load, and from the LMS's ``suspend_data`` through ``CourseProgress.restore``.
Both can hold anything: another script of the origin, a corrupt profile or an
LMS may leave a value of any size or shape. The store runs here in the
Debian Chromium (Playwright), on a page served on a test origin by
Playwright's router (no server, no network), with ``JSON.parse`` and
``JSON.stringify`` counting the characters they handle: the work a page load
does is asserted from those counts, not from a clock (speed belongs in the
benchmark).
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import sync_playwright

from coursekit.core.paths import REPO_ROOT
from coursekit.testing.browser import launch

STORE = REPO_ROOT / "coursekit" / "sphinxext" / "static" / "course-progress.js"
ORIGIN = "http://course.test"
LANGUAGE = "en"
KEY = f"course-progress:{LANGUAGE}"
PAGE_DOC = "course/01-role-du-coo"
MAX_SERIALIZED = 4096  # SCORM 1.2 cmi.suspend_data, the most the store ever writes
MAX_READ = 4 * MAX_SERIALIZED  # course-progress.js: longer values are refused unparsed
PAGE = f"""<!DOCTYPE html>
<html lang="{LANGUAGE}"><head><meta charset="utf-8">
<meta name="course-page" content="{PAGE_DOC}">
<script src="/course-progress.js"></script></head><body></body></html>"""
BLANK = f'<!DOCTYPE html><html lang="{LANGUAGE}"><head><meta charset="utf-8"></head><body></body></html>'
# Runs before any script of the page: counts what JSON.parse reads and JSON.stringify writes.
COUNT_JSON_WORK = """
window.jsonWork = { parsed: 0, longestParsed: 0, stringified: 0 };
const parse = JSON.parse, stringify = JSON.stringify;
JSON.parse = function (text, reviver) {
  const length = String(text).length;
  window.jsonWork.parsed += length;
  window.jsonWork.longestParsed = Math.max(window.jsonWork.longestParsed, length);
  return parse.call(JSON, text, reviver);
};
JSON.stringify = function (value, replacer, space) {
  const text = stringify.call(JSON, value, replacer, space);
  window.jsonWork.stringified += text === undefined ? 0 : text.length;
  return text;
};
"""


def state(visited: list[str], **extra) -> dict:
    return {"v": 1, "lang": LANGUAGE, "visited": visited, "quizzes": {}, "assessment": None, **extra}


def visits(count: int) -> list[str]:
    return [f"p{index}" for index in range(count)]


class Device:
    """One browser profile: its storage survives page loads, as a learner's does; its JSON counts do not."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context()
        self.context.route(f"{ORIGIN}/course-progress.js", lambda route: route.fulfill(path=str(STORE)))
        self.context.route(f"{ORIGIN}/page.html", lambda route: route.fulfill(body=PAGE, content_type="text/html"))
        self.context.route(f"{ORIGIN}/blank.html", lambda route: route.fulfill(body=BLANK, content_type="text/html"))
        self.context.add_init_script(COUNT_JSON_WORK)
        self.page = self.context.new_page()

    def store(self, value: str) -> None:
        """Leave ``value`` in the device's storage, on a page of the origin without the store."""
        self.page.goto(f"{ORIGIN}/blank.html")
        self.page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, value])

    def open_page(self) -> dict:
        """Load a course page; return the store's state and the JSON work the load did."""
        self.page.goto(f"{ORIGIN}/page.html")
        return self.page.evaluate("() => ({state: CourseProgress.get(), work: window.jsonWork})")

    def stored(self) -> str | None:
        return self.page.evaluate("(key) => localStorage.getItem(key)", KEY)


@pytest.fixture(scope="module")
def device():
    """One profile for the module (a context takes a second to open); each test stores its own value first."""
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield Device(chromium)
        chromium.close()


def test_a_huge_visit_list_is_refused_without_being_parsed(device):
    """80,000 visited entries (240 KB): once 68 s of every page load, now a length check."""
    hostile = json.dumps(state(visits(80_000)), separators=(",", ":"))
    assert len(hostile) > 240_000 > MAX_READ
    device.store(hostile)
    loaded = device.open_page()
    assert loaded["work"]["longestParsed"] <= MAX_SERIALIZED, "the stored value was parsed"
    assert loaded["state"] == state([PAGE_DOC]), "a refused value starts a fresh state"
    stored = device.stored()
    assert len(stored) <= MAX_SERIALIZED and json.loads(stored) == state([PAGE_DOC]), "the hostile value stays"


def test_a_value_near_the_storage_quota_is_refused_without_being_parsed(device):
    device.store("")
    # The largest value this profile's quota accepts, to within 1 %: Chromium gives each origin a few MB.
    stored_length = device.page.evaluate(
        """(key) => {
          let low = 0, high = 16 * 1024 * 1024;
          while (high - low > high / 100) {
            const middle = Math.floor((low + high) / 2);
            try { localStorage.setItem(key, '{"v":1,"visited":["' + "x".repeat(middle) + '"]}'); low = middle; }
            catch (error) { high = middle; }
          }
          localStorage.setItem(key, '{"v":1,"visited":["' + "x".repeat(low) + '"]}');
          return localStorage.getItem(key).length;
        }""",
        KEY,
    )
    assert stored_length > 1_000_000, "the quota test stored less than a megabyte"
    loaded = device.open_page()
    assert loaded["work"]["longestParsed"] <= MAX_SERIALIZED, "the stored value was parsed"
    assert loaded["state"] == state([PAGE_DOC])
    assert len(device.stored()) <= MAX_SERIALIZED, "the value near the quota stays for the next page"


@pytest.mark.parametrize(
    "stored",
    [
        '{"v":1,"lang":"en","visited":["a"',  # cut short
        "[" * 10_000,  # nested past any parser's depth
        "not json",
        "null",
        "42",
        '"a string"',
        json.dumps(state("course/01-role-du-coo")),  # a string where a list belongs
        json.dumps(state([1, 2, 3])),
        json.dumps(state([], quizzes=[])),
        json.dumps(state([], quizzes={"q": {"score": 5, "max": 4}})),
        json.dumps(state([], quizzes={"q": {"score": "4", "max": 4}})),
        json.dumps(state([], assessment={"score": 1, "max": 2, "passMark": 500, "passed": True, "revisit": []})),
        json.dumps(state([], last={"q": "B1"})),  # last answers are lower-case letters and commas only
        json.dumps(state([], last=["a"])),
        json.dumps(state([], last={"q": "a" * 27})),
        json.dumps(state([], attempts={"q": -1})),
        json.dumps(state([], attempts={"q": "2"})),
        json.dumps(state([], v=2)),
        json.dumps(state([], lang="fr")),
    ],
    ids=lambda value: value[:40],
)
def test_malformed_or_mistyped_values_give_a_fresh_state(device, stored):
    device.store(stored)
    loaded = device.open_page()
    assert loaded["state"] == state([PAGE_DOC])
    assert json.loads(device.stored()) == state([PAGE_DOC])


def test_a_long_valid_state_is_trimmed_in_one_step(device):
    """Under the read limit but over what is kept: the newest visits stay, and the work is linear.

    Trimming one visit at a time serialised the whole state once per visit dropped: for this state,
    about a thousand serialisations of 15 KB. In one step the load serialises the state a handful of
    times.
    """
    visited = visits(2_000)
    long_state = json.dumps(state(visited), separators=(",", ":"))
    assert MAX_SERIALIZED * 3 < len(long_state) <= MAX_READ
    device.store(long_state)
    loaded = device.open_page()
    kept = loaded["state"]["visited"]
    assert kept[-1] == PAGE_DOC and kept[:-1] == visited[-(len(kept) - 1) :], "not the newest visits"
    stored = device.stored()
    assert len(stored) <= MAX_SERIALIZED
    # Close to the limit: one step drops only what it must.
    assert len(stored) > MAX_SERIALIZED - 20
    assert json.loads(stored)["visited"] == kept
    assert loaded["work"]["stringified"] <= 10 * len(long_state), loaded["work"]


def test_restore_bounds_what_it_reads(device):
    """The LMS's suspend_data goes through the same bounds as the device's storage."""
    device.store("")
    device.open_page()
    result = device.page.evaluate(
        """([huge, long]) => {
          const before = JSON.stringify(CourseProgress.get());
          window.jsonWork.longestParsed = 0;
          const refused = CourseProgress.restore(huge);
          const unchanged = JSON.stringify(CourseProgress.get()) === before;
          const parsedHuge = window.jsonWork.longestParsed >= huge.length;
          window.jsonWork.stringified = 0;
          const accepted = CourseProgress.restore(long);
          return {refused, unchanged, parsedHuge, accepted, state: CourseProgress.get(),
                  serialized: CourseProgress.serialize().length, work: window.jsonWork.stringified,
                  nonString: CourseProgress.restore(12), array: CourseProgress.restore("[]")};
        }""",
        [json.dumps(state(visits(80_000))), json.dumps(state(visits(1_500)))],
    )
    assert result["refused"] is False and result["unchanged"] and not result["parsedHuge"]
    assert result["accepted"] is True
    assert result["state"]["visited"][-1] == "p1499" and result["serialized"] <= MAX_SERIALIZED
    assert result["work"] <= 10 * MAX_READ
    assert result["nonString"] is False and result["array"] is False


def test_a_state_with_last_attempts_is_kept(device):
    """The optional last answers and attempt counts of a well-formed state survive a page load."""
    kept = state(["p0"], last={"course/m#1": "b,ac,,dbca", "assessment": "a"}, attempts={"course/m#1": 2})
    device.store(json.dumps(kept))
    loaded = device.open_page()
    assert loaded["state"]["last"] == kept["last"] and loaded["state"]["attempts"] == kept["attempts"]
