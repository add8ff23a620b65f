"""Quick rebuilds: what makes a one-page rebuild take seconds, not tens.

Most of the work stays out of Sphinx (Make's stamps skip untouched
languages; Sphinx's own environment skips unchanged pages). What is left
for an author's or translator's rebuild of one page is start-up and a few
fixed costs; four of them are trimmed here.

* Worker processes. With ``--jobs``, Sphinx 9 forks workers to read even a
  single changed document, then pickles the environment back and merges it:
  for one page that costs more than reading it. Sphinx 7 only went parallel
  above five documents; this restores that rule for the read and the write
  that follows. Cold builds and larger changes keep every core, and so does
  a build that reads nothing but rewrites pages (a changed template, a
  deleted output).
* Garbage collection. A build allocates millions of small objects that live
  to its end (modules, doctrees, the environment); CPython's default
  threshold scans them every 700 allocations. A larger threshold, as mypy
  sets for the same reason, takes about a tenth off a one-page rebuild.
  This extension comes first in ``extensions`` so that the imports of the
  heavier ones already benefit; the process gets its own threshold back
  when the build finishes (another build or a test in the same process is
  not affected).
* What lives all along. Once the extensions are loaded and the environment
  is unpickled (``env-before-read-docs``), those objects are frozen (``gc.freeze``):
  the collections during the build no longer walk them. They are unfrozen
  when the build finishes, so a process that builds again frees them.
* The last collection. When the process ends, CPython runs one more full
  collection over everything still alive, although the memory goes back
  to the system anyway: about a fifth of a second after a one-page
  rebuild. At exit the objects are frozen (``gc.freeze``), which that
  collection skips; reference counting still releases everything, and
  files are closed as before (only garbage caught in reference cycles,
  which nothing will use again, is left to the system).
"""

from __future__ import annotations

import atexit
import gc

from sphinx.application import Sphinx

from coursekit.sphinxext import event_order
from coursekit.sphinxext.sphinx_compat import read_serially

# Sphinx 7's own threshold (``len(docnames) > 5`` in ``Builder.read``).
PARALLEL_ABOVE = 5
# Allocations between two collections of the youngest generation (CPython's default: 700).
YOUNG_GENERATION_THRESHOLD = 50_000


def serial_when_small(app: Sphinx, env, docnames: list[str]) -> None:
    # The pages to write follow from the pages read: writing goes serial too.
    if 0 < len(docnames) <= PARALLEL_ABOVE:
        read_serially(app)


def freeze_at_exit() -> None:
    """Runs at interpreter exit (registered once per process, whatever the number of builds)."""
    gc.freeze()


def setup(app: Sphinx) -> dict:
    atexit.unregister(freeze_at_exit)  # one registration per process, not one per app
    atexit.register(freeze_at_exit)
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, *before[1:])
    app.connect(
        "build-finished", lambda app, exception: gc.set_threshold(*before), priority=event_order.GIVE_BACK_PROCESS
    )
    app.connect("env-before-read-docs", serial_when_small)
    # When the build starts reading (not at builder-inited: an app made and never built would leave it frozen).
    app.connect("env-before-read-docs", lambda app, env, docnames: gc.freeze())
    app.connect("build-finished", lambda app, exception: gc.unfreeze(), priority=event_order.GIVE_BACK_PROCESS)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
