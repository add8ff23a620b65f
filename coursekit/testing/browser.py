"""A real browser on the built website, for the quality tests.

The built site is served over ``http://127.0.0.1`` by the standard library's
HTTP server (``file://`` would hide what only HTTP shows: missing files,
wrong types, the search page's fetches), and opened in the Debian Chromium
driven by Playwright. No browser is ever downloaded: Playwright gets the
system executable.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM_VARIABLE = "COURSE_CHROMIUM"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = (
    # Root in a container has no user namespace for Chromium's sandbox.
    "--no-sandbox",
    # Otherwise Chromium keeps calling Google services, which would pollute the request log.
    "--disable-background-networking",
    "--disable-component-update",
)
WIDTHS = {"desktop": 1280, "mobile": 375}
HEIGHT = 900
# axe-core's WCAG 2.1 A and AA rules. No CSS selectors in the results (the HTML of each node says enough): a
# third faster on long pages.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
    "selectors": False,
}


def axe_violations(page) -> list[tuple[str, list[str]]]:
    """axe-core's violations on a page as its scripts have left it (axe given by ``add_init_script``)."""
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        (violation["id"], [node["html"][:200] for node in violation["nodes"]]) for violation in result["violations"]
    ]


def chromium_path() -> str:
    """The system Chromium (``COURSE_CHROMIUM`` overrides), or an error saying what to install."""
    candidates = [os.environ.get(CHROMIUM_VARIABLE, ""), *CHROMIUM_CANDIDATES, shutil.which("chromium") or ""]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    raise FileNotFoundError("Chromium is missing: run `make system-deps` as root (Debian package chromium).")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yield its base URL (ending with /)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def launch(playwright):
    """Headless Debian Chromium, through a started ``sync_playwright()``."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS), headless=True)
