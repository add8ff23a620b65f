"""`make livehtml`, as a translator uses it: one save of a catalog, one rebuild, and the page shows it.

What the build writes (the compiled catalog beside the .po, the catalog counts and the doctrees in the
build folder) must not look like an edit: watched, each save would start a second rebuild.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import polib

from coursekit.testing.ports import free_port

CATALOG = Path("locales/en/LC_MESSAGES/course/02-missions.po")
PAGE = "course/02-missions.html"
REBUILD_STARTED = "Rebuilding..."


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, timeout: float, what: str, output: list[str]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"livehtml: {what} within {timeout:.0f} s; its output:\n" + "".join(output[-60:]))


def test_one_save_of_a_catalog_rebuilds_once_and_shows_the_change(repository_copy):
    port = free_port()
    process = subprocess.Popen(
        ["make", "livehtml", "LANG_PREVIEW=en", f"PORT={port}"],
        cwd=repository_copy,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: make, sphinx-autobuild and Sphinx stop together
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    try:
        wait_for(lambda: fetch(url) is not None, 600, "the first build served", output)
        time.sleep(3)  # anything the first build wrote has been seen by the watcher by now
        rebuilds_before = sum(REBUILD_STARTED in line for line in output)

        catalog = polib.pofile(str(repository_copy / CATALOG), wrapwidth=79)
        entry = next(entry for entry in catalog if entry.translated() and entry.msgstr.endswith("."))
        entry.msgstr = entry.msgstr[:-1] + " (edited)."
        catalog.save()
        wait_for(lambda: "(edited)." in (fetch(url) or ""), 120, "the edited translation shown", output)
        time.sleep(8)  # a second rebuild, if the first one's own files set it off, would have started

        rebuilds = sum(REBUILD_STARTED in line for line in output) - rebuilds_before
        assert rebuilds == 1, "".join(output[-60:])
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
        reader.join(timeout=10)
        process.stdout.close()
