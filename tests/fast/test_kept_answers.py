"""The answers typed in an exercise form stay on the device, and what is read back is not trusted.

``course-exercises.js`` keeps each form's answers in the device's storage and types them back when the
page opens again; ``course-progress.js`` forgets them with the progress. Both run here in the Debian
Chromium (Playwright), on a page served on a test origin by Playwright's router: the page's own form
markup (``coursekit.sphinxext.web_exercises.form_html``), the two real scripts, no server, no network.
Another script of the origin, a corrupt profile or an older edition of the course may leave anything in
that storage: a value goes back only into a field of its own name, a select takes only one of its own
options, and nothing read is ever parsed as markup.
"""

from __future__ import annotations

import json

import pytest

from coursekit.core.paths import REPO_ROOT
from coursekit.sphinxext.web_exercises import form_html, form_words

STATIC = REPO_ROOT / "coursekit" / "sphinxext" / "static"
ORIGIN = "http://course.test"
DOCNAME = "exercises/04-prioriser-et-deleguer"
SPEC = {
    "name": "answers",
    "fields": [
        {"key": "t1", "kind": "choice", "label": "Approve the plan", "choices": [["do", "Do now"], ["drop", "Drop"]]},
        {"key": "d1", "kind": "boolean", "label": "Delegate a result"},
        {"key": "o", "kind": "order", "label": "Rank", "choices": [["A", "First"], ["B", "Second"]], "places": 2},
        {"key": "w", "kind": "text", "label": "Why?"},
    ],
}
ANSWERS_KEY = f"course-answers:en:{DOCNAME}#exercise-1"


def page_html(language: str) -> str:
    form = form_html(SPEC, form_words(language), 1)
    return f"""<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8"><meta name="course-page" content="{DOCNAME}">
<script src="/course-progress.js" defer></script><script src="/course-exercises.js" defer></script></head>
<body>{form}</body></html>"""


def serve(**response):
    """A route handler (Playwright passes the route and the request) that answers with ``response``."""
    return lambda route, _request: route.fulfill(**response)


class Device:
    """One browser profile: its storage survives page loads, as a learner's does."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context()
        for script in ("course-progress.js", "course-exercises.js"):
            self.context.route(f"{ORIGIN}/{script}", serve(path=STATIC / script))
        for language in ("en", "fr"):
            self.context.route(f"{ORIGIN}/{language}.html", serve(body=page_html(language), content_type="text/html"))
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, language: str = "en") -> None:
        self.page.goto(f"{ORIGIN}/{language}.html")
        self.page.wait_for_function("() => window.CourseProgress !== undefined")

    def fields(self) -> dict:
        return self.page.evaluate(
            """() => ({
              t1: document.querySelector('[name="exercise-1-t1"]').value,
              d1: [...document.querySelectorAll('[name="exercise-1-d1"]')].filter(r => r.checked).map(r => r.value),
              o: [...document.querySelectorAll('[name="exercise-1-o"]')].map(s => s.value),
              w: document.querySelector('[name="exercise-1-w"]').value,
              images: document.querySelectorAll('form img').length,
            })"""
        )

    def leave(self, key: str, value: str) -> None:
        self.page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, value])


@pytest.fixture
def device(chromium):
    """A new profile per test: nothing stored by another test."""
    device = Device(chromium)
    yield device
    assert device.errors == []
    device.context.close()


def test_the_answers_typed_are_there_again_when_the_page_opens_again(device):
    device.open()
    device.page.select_option('[name="exercise-1-t1"]', "drop")
    device.page.check('[name="exercise-1-d1"][value="false"]')
    device.page.locator('[name="exercise-1-o"]').nth(0).select_option("B")
    device.page.locator('[name="exercise-1-o"]').nth(1).select_option("A")
    device.page.fill('[name="exercise-1-w"]', "Because the board decides.")
    device.open()
    assert device.fields() == {
        "t1": "drop",
        "d1": ["false"],
        "o": ["B", "A"],
        "w": "Because the board decides.",
        "images": 0,
    }
    # Kept apart from the progress an LMS receives (its suspend data has a size limit).
    assert "board decides" not in device.page.evaluate("() => CourseProgress.serialize()")


@pytest.mark.parametrize(
    "stored",
    [
        # A select takes only one of its own options; a radio only its own values.
        json.dumps({"exercise-1-t1": ["delete-everything"], "exercise-1-d1": ["maybe"]}),
        json.dumps({"exercise-1-o": [{"value": "A"}, 7]}),  # not strings
        json.dumps({"exercise-1-t1": "do"}),  # not a list
        json.dumps(["do"]),  # not an object
        "{not json",
        json.dumps({"exercise-1-w": ["x" * 10_000]}),  # longer than anything the form writes
    ],
    ids=["not an option", "not strings", "not a list", "not an object", "not JSON", "too long"],
)
def test_a_stored_value_that_the_form_did_not_write_fills_nothing(device, stored):
    device.open()
    device.leave(ANSWERS_KEY, stored)
    device.open()
    assert device.fields() == {"t1": "", "d1": [], "o": ["", ""], "w": "", "images": 0}


def test_a_stored_text_stays_text(device):
    device.open()
    hostile = '<img src=x onerror="document.title=1">'
    device.leave(ANSWERS_KEY, json.dumps({"exercise-1-w": [hostile], "exercise-1-t1": ["do"]}))
    device.open()
    assert device.fields() == {"t1": "do", "d1": [], "o": ["", ""], "w": hostile, "images": 0}
    assert device.page.title() != "1"


def test_clearing_the_progress_forgets_the_answers_of_its_language_only(device):
    device.open("fr")
    device.page.fill('[name="exercise-1-w"]', "Parce que.")
    device.open("en")
    device.page.fill('[name="exercise-1-w"]', "Because.")
    device.page.evaluate("() => CourseProgress.reset()")
    device.open("en")
    assert device.fields()["w"] == ""
    device.open("fr")
    assert device.fields()["w"] == "Parce que."
