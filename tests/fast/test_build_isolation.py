"""Builds do not leak into each other: two Sphinx apps in one process give what two processes give.

The extensions with state beyond one page (the record of unfinished builds and of each output folder,
the catalogs a reading used, the doctree lock, the garbage collector's threshold, ``PATH`` for pandoc)
keep it per app and give the process back as they found it when the build finishes.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from coursekit.core import translations
from coursekit.sphinxext.dependencies import UNFINISHED_FILE

REPO_ROOT = Path(__file__).resolve().parents[2]
CONF = """
extensions = [
    "coursekit.sphinxext.build_speed",
    "coursekit.sphinxext.build_lock",
    "coursekit.sphinxext.dependencies",
    "coursekit.sphinxext.pandoc",
    "myst_parser",
    "coursekit.sphinxext.pedagogy",
    "coursekit.sphinxext.quiz",
]
language = "fr"
myst_enable_extensions = ["colon_fence", "deflist"]
"""
# The first project has an authoring mistake (a warning: its build must be read again next time),
# the second is clean.
TOCTREE = "```{toctree}\nother\n```\n"
PAGES = {
    "with-warning": "# Module\n\n::::{question}\nPourquoi ?\n::::\n\n" + TOCTREE,
    "clean": "# Module\n\n::::{question}\n:assesses: M1.1\n\nPourquoi ?\n::::\n\n" + TOCTREE,
}


def make_project(folder: Path, name: str) -> Path:
    project = folder / name
    project.mkdir(parents=True)
    (project / "conf.py").write_text(CONF, encoding="utf-8")
    (project / "index.md").write_text(PAGES[name], encoding="utf-8")
    (project / "other.md").write_text("# Autre\n\nTexte.\n", encoding="utf-8")
    return project


def build_and_summarise(project: Path) -> dict:
    """Builds ``project`` and says what it left: outputs, status, what the next build will read again."""
    app = SphinxTestApp("html", srcdir=project)
    try:
        app.build()
    finally:
        app.cleanup()
    outdir, doctrees = Path(app.outdir), Path(app.doctreedir)
    unfinished = doctrees / UNFINISHED_FILE
    return {
        "status": app.statuscode,
        "read": sorted(app.env.all_docs) if app.env.all_docs else [],
        "outputs": {
            path.relative_to(outdir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(outdir.rglob("*.html"))
        },
        "unfinished": json.loads(unfinished.read_text(encoding="utf-8")) if unfinished.exists() else None,
        "outputs_state_saved": any(doctrees.glob("course-outputs-*.json")),
    }


def in_own_process(project: Path) -> dict:
    script = (
        "import json, sys; from pathlib import Path; "
        "from tests.fast.test_build_isolation import build_and_summarise; "
        "print(json.dumps(build_and_summarise(Path(sys.argv[1]))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(project)], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_two_builds_in_one_process_give_what_two_processes_give(tmp_path):
    separate = {name: in_own_process(make_project(tmp_path / "separate", name)) for name in PAGES}
    threshold, path, observers = gc.get_threshold(), os.environ.get("PATH"), list(translations.observers)
    frozen = gc.get_freeze_count()

    together = {name: build_and_summarise(make_project(tmp_path / "together", name)) for name in PAGES}

    assert together == separate
    assert separate["with-warning"]["unfinished"] == ["index", "other"]  # read again next time
    assert separate["with-warning"]["outputs_state_saved"] is False
    assert separate["clean"]["unfinished"] is None and separate["clean"]["outputs_state_saved"] is True
    # The process is as the builds found it.
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == frozen  # what the build froze is unfrozen: a later build frees it
    assert os.environ.get("PATH") == path
    assert translations.observers == observers


def test_a_build_in_this_process_continues_one_made_in_another(tmp_path):
    """Same machinery, same fingerprint, whatever modules this process has imported: nothing to read again."""
    project = make_project(tmp_path, "clean")
    in_own_process(project)
    app = SphinxTestApp("html", srcdir=project)
    try:
        app.build()
    finally:
        app.cleanup()
    assert "0 source files that are out of date" in app.status.getvalue(), app.status.getvalue()
    # And the doctree lock was given back: the same folder builds again in this process.
    again = SphinxTestApp("html", srcdir=project)
    try:
        again.build()
    finally:
        again.cleanup()
    assert again.statuscode == 0


def test_a_build_process_skips_the_last_collection_at_exit(tmp_path):
    """At exit the objects are frozen (CPython's last full collection walks none of them), not before."""
    project = make_project(tmp_path, "clean")
    script = (
        "import atexit, gc, sys; from pathlib import Path; "
        # Registered before the build, so it runs after the build's own exit hook.
        "atexit.register(lambda: print('at exit', gc.get_freeze_count() > 0, flush=True)); "
        "from tests.fast.test_build_isolation import build_and_summarise; "
        "build_and_summarise(Path(sys.argv[1])); "
        "print('after the build', gc.get_freeze_count() > 0, flush=True)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(project)], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-2:] == ["after the build False", "at exit True"], done.stdout
