"""One build at a time per doctree cache.

Two Sphinx runs on the same doctree folder (two ``make`` in one tree, or
``make`` and ``make livehtml`` of the same language) would read and write
the same pickled environment and doctrees with no coordination, and one
could save an environment that does not match the files the other wrote.
Each run takes an exclusive lock on ``<doctrees>/.build.lock`` as soon as
its configuration is known (``config-inited``, before Sphinx loads the
environment) and releases it when the build has finished (after Sphinx
saved the environment and every output); a second run says whose folder it
waits for, then waits.

``fcntl.flock`` is released by the kernel when the process ends, however it
ends, so a crashed build never leaves a stale lock behind. The worker
processes Sphinx forks inherit the lock; they do not take it again. The
lock belongs to the app that took it, not to the process: a second build of
the same folder in one process (a test) takes it again once the first is done.
"""

from __future__ import annotations

import fcntl
import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from coursekit.sphinxext import event_order

LOCK_NAME = ".build.lock"


def lock_doctrees(app: Sphinx, config: Config) -> None:
    folder = Path(app.doctreedir)
    folder.mkdir(parents=True, exist_ok=True)
    stream = open(folder / LOCK_NAME, "a+b")  # noqa: SIM115 (kept open on purpose)
    try:
        fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"Another build is using {folder}; waiting for it to finish…", file=sys.stderr, flush=True)
        fcntl.flock(stream, fcntl.LOCK_EX)
        print(f"{folder} is free; building.", file=sys.stderr, flush=True)
    # Held until this build has finished: closing the file releases the lock.
    app.connect("build-finished", lambda app, exception: stream.close(), priority=event_order.RELEASE_DOCTREES)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", lock_doctrees, priority=event_order.LOCK_DOCTREES)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
