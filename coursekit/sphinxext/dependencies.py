"""What each output depends on, declared, so an incremental build gives the bytes of a clean one.

Sphinx knows that a page depends on its source, its own catalog and the
files a directive names with ``env.note_dependency``. The course's machinery
adds inputs Sphinx cannot see; each is declared here, to Sphinx, as a
dependency of exactly what it changes:

* **The machinery's code.** A fingerprint of the code Sphinx may run
  (``coursekit/sphinxext`` and ``coursekit/core``, read from the files, not
  from what the process imported) is the configuration value
  ``course_machinery``, of rebuild kind ``env``: changed code, every page is
  read again. What Sphinx never loads (benchmark, tests, command-line tools)
  is not in it.
* **Catalogs read by the machinery.** ``coursekit.core.translations`` reports each
  use while a page is read: a UI word of ``ui.po`` (``ui_text``) is recorded
  with the translation it gave, and the page is read again only if that
  translation changes (``env-get-outdated``); a catalog used whole (a
  notebook's, by the session plan) becomes ``env.note_dependency``.
* **What every page shows.** Templates, style sheets, scripts, the UI words
  of the templates and the machinery, the list of languages (the switcher)
  and the navigation (titles, tables of contents, section labels, previous
  and next): when any of it changes, every page is written again, without
  being read (``env-get-updated``).
* **Tables derived from all modules.** The programme and the session plan
  are computed from every module's duration and objectives when pages are
  written: they are written again when those change; the session plan, whose
  directive lists the notebooks, is also read again when a document is added
  or removed.
* **Each output folder.** HTML, EPUB and the kit's text build share one
  doctree cache per language, so the first of them reads what changed and
  the others read nothing. Each output folder therefore keeps, beside the
  doctrees, the read stamp of every page it wrote: a page read since is
  written again, and the output of a page that is gone is deleted (the EPUB
  would still ship it, as Sphinx zips every file of its folder).
* **Builds that did not finish.** The pages a build reads are recorded
  before it reads them and forgotten only when it succeeds (no warning, no
  error): after a failed or interrupted build, they are read again, so their
  warnings come back instead of vanishing behind an up-to-date environment.
  The state of each output folder is saved on success only.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from coursekit.core import translations
from coursekit.core.languages import all_languages
from coursekit.core.paths import UI_DOMAIN
from coursekit.core.translations import published_languages
from coursekit.sphinxext import event_order
from coursekit.sphinxext.course_data import course_table, derived_content
from coursekit.sphinxext.sphinx_compat import images_in_use, toctree_children, warning_count
from coursekit.sphinxext.static_files import published_bytes

PACKAGE_DIR = Path(__file__).parent
# The whole package's code that Sphinx runs, not only this subpackage: the extensions run the shared
# core logic too (the Makefile's SOURCES name the same folders).
RUN_BY_SPHINX = ("sphinxext", "core")
# Files of the package that go into every page as they are (not Python code Sphinx runs).
PAGE_ASSETS = ("templates", "static", "epub_static")
# Nodes whose content is computed, when pages are written, from every page's records (the programme,
# the session plan, the objective map, "My progress"): whatever content extension draws them.
DERIVED_FROM_MODULES = derived_content
UNFINISHED_FILE = "course-unfinished.json"
# Images a builder writes itself, not from a page (the e-book's cover, coursekit.sphinxext.epub_output).
KEPT_IMAGES = ("cover.png",)


# -- Fingerprints -------------------------------------------------------------


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def machinery_fingerprint() -> str:
    """The source of every module Sphinx may run: the extensions and the core logic they share.

    Read from the files, not from what this process has imported: a build in a process that imported
    more (a test session) or less gives the same fingerprint, so it reads again exactly what a build in
    its own process would.
    """
    package = PACKAGE_DIR.parent
    files = {
        path.relative_to(package).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in [
            package / "__init__.py",
            *(path for folder in RUN_BY_SPHINX for path in sorted((package / folder).rglob("*.py"))),
        ]
    }
    return _digest(files)


def assets_fingerprint() -> str:
    # The bytes published: a static script as minified, so that another minifier changes the pages' ``?v=``.
    files = {
        path.relative_to(PACKAGE_DIR).as_posix(): hashlib.sha256(published_bytes(path)).hexdigest()
        for folder in PAGE_ASSETS
        for path in sorted((PACKAGE_DIR / folder).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    return _digest(files)


def navigation_fingerprint(env: BuildEnvironment) -> str:
    """What other pages show of each page: title, sections, place in the toctrees, labels."""
    pages = {
        docname: [
            env.titles[docname].astext() if docname in env.titles else "",
            env.tocs[docname].pformat() if docname in env.tocs else "",
            toctree_children(env, docname),
        ]
        for docname in sorted(env.all_docs)
    }
    # (docname, anchor, section title) of every label; some titles are lazy translations: compare their text.
    labels = sorted([str(part) for part in label] for label in env.get_domain("std").labels.values())
    return _digest([pages, labels])


def modules_fingerprint(env: BuildEnvironment) -> str:
    """What derived content is computed from: each module's data, and what each page asks (its quizzes'
    points, its final assessment: "My progress" counts a step per module quiz and shows the pass mark)."""
    tables = {table: course_table(env, table) for table in ("modules", "quizzes")}
    return _digest({table: {name: repr(info) for name, info in sorted(rows.items())} for table, rows in tables.items()})


def set_machinery_fingerprint(app: Sphinx, config: Config) -> None:
    config.course_machinery = machinery_fingerprint()


# -- Catalogs the machinery reads while a page is read ------------------------


class CatalogUse:
    """The catalogs and UI words one build's pages use, recorded while that build reads (one per app)."""

    def __init__(self) -> None:
        self.catalogs: set[Path] = set()
        self.messages: dict[str, str | None] = {}

    def observe(self, path: Path, message: str | None, translation: str | None) -> None:
        if message is None:
            self.catalogs.add(path)
        else:
            self.messages[f"{path.stem}\0{message}"] = translation

    def start(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        # Listening only while this build reads: another build in the same process records its own.
        self.catalogs, self.messages = set(), {}
        if self.observe not in translations.observers:
            translations.observers.append(self.observe)

    def stop(self, app: Sphinx, *args) -> None:
        if self.observe in translations.observers:
            translations.observers.remove(self.observe)

    def record(self, app: Sphinx, doctree: nodes.document) -> None:
        """Runs last for each page read: the catalogs and UI words its reading used."""
        env = app.env
        docname = env.docname
        for path in self.catalogs:
            if path.is_file():  # a missing file would make the page outdated forever
                env.note_dependency(path)
        course_table(env, "ui_words")[docname] = dict(self.messages)
        derived = list(doctree.findall(DERIVED_FROM_MODULES))
        if derived:
            course_table(env, "derived_pages")[docname] = any(node.reads_document_list for node in derived)
        self.catalogs, self.messages = set(), {}


def pages_with_changed_ui_words(env: BuildEnvironment) -> set[str]:
    language = env.config.language
    changed = set()
    for docname, words in course_table(env, "ui_words").items():
        for key, used in words.items():
            domain, message = key.split("\0", 1)
            if translations.translations(language, domain).get(message, message) != used:
                changed.add(docname)
                break
    return changed


# -- Each build -----------------------------------------------------------------


def init_records(app: Sphinx) -> None:
    # Catalogs as they are now, not as an earlier build in this process read them.
    translations.translations.cache_clear()


# -- Builds that did not finish -------------------------------------------------


class Completion:
    """What one build saves only if it succeeds (one per app: builds in one process do not mix)."""

    def __init__(self) -> None:
        self.on_success: list = []

    def note_pages_to_read(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        if docnames:
            pending = sorted(_unfinished(app) | set(docnames))
            _unfinished_path(app).write_text(json.dumps(pending), encoding="utf-8")
        self.on_success.append(lambda: _unfinished_path(app).unlink(missing_ok=True))

    def finish(self, app: Sphinx, exception: Exception | None) -> None:
        # Last of build-finished: no error and no warning (which --fail-on-warning turns into a failure).
        actions, self.on_success = self.on_success, []
        if exception is None and warning_count(app) == 0:
            for action in actions:
                action()


def _unfinished_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / UNFINISHED_FILE


def _unfinished(app: Sphinx) -> set[str]:
    try:
        return set(json.loads(_unfinished_path(app).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return set()


def outdated_pages(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> set[str]:
    outdated = pages_with_changed_ui_words(env) | _unfinished(app)
    if added or removed:
        # The session plan lists every notebook when read. The others (programme, objective map, "My
        # progress", the assessment's objectives) are drawn only when written: a changed module list
        # rewrites them, nothing to read again.
        outdated |= {docname for docname, reads in course_table(env, "derived_pages").items() if reads}
    return outdated


# -- Each output folder ----------------------------------------------------------


def _outputs_state_path(app: Sphinx) -> Path:
    folder = hashlib.sha256(str(Path(app.outdir).resolve()).encode()).hexdigest()[:12]
    return Path(app.doctreedir) / f"course-outputs-{app.builder.name}-{folder}.json"


def site_fingerprint(app: Sphinx, env: BuildEnvironment) -> str:
    return _digest(
        [
            env.config.course_machinery,
            assets_fingerprint(),
            sorted(translations.translations(env.config.language, UI_DOMAIN).items()),
            all_languages(),
            published_languages(),  # the switcher's languages
            navigation_fingerprint(env),
        ]
    )


def remove_outputs_of_removed_pages(app: Sphinx, docnames: set[str]) -> None:
    outdir = Path(app.outdir)
    for docname in docnames:
        folder, name = (outdir / docname).parent, Path(docname).name
        for output in folder.glob(f"{name}.*") if folder.is_dir() else []:
            if output.is_file():
                output.unlink()


def remove_unused_images(app: Sphinx, env: BuildEnvironment) -> None:
    """Images no page uses any more (a figure removed, a page gone, in the e-book a website-only page's):
    Sphinx copies, never deletes."""
    folder = Path(app.outdir, getattr(app.builder, "imagedir", ""))
    if not getattr(app.builder, "imagedir", "") or not folder.is_dir():
        return
    # The e-book leaves out the website-only pages and their images (coursekit.sphinxext.ebook_contents).
    left_out = set(app.config.course_web_only) if app.builder.name.startswith("epub") else set()
    used = images_in_use(env, left_out) | set(KEPT_IMAGES)
    for image in folder.iterdir():
        if image.is_file() and image.name not in used:
            image.unlink()


def pages_to_write(completion: Completion, app: Sphinx, env: BuildEnvironment) -> list[str]:
    path = _outputs_state_path(app)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = None
    # Left by Sphinx's HTML builder when its settings changed: not an output (the EPUB would ship it).
    Path(app.outdir, ".buildinfo.bak").unlink(missing_ok=True)
    current = {
        "site": site_fingerprint(app, env),
        "modules": modules_fingerprint(env),
        "docs": {docname: env.all_docs[docname] for docname in sorted(env.all_docs)},
    }
    completion.on_success.append(lambda: path.write_text(json.dumps(current), encoding="utf-8"))
    if state is not None:
        remove_outputs_of_removed_pages(app, set(state["docs"]) - set(env.all_docs))
    remove_unused_images(app, env)
    if state is None or state.get("site") != current["site"]:
        return sorted(env.all_docs)
    rewrite = {docname for docname, stamp in current["docs"].items() if state["docs"].get(docname) != stamp}
    if state.get("modules") != current["modules"]:
        rewrite |= set(course_table(env, "derived_pages")) & set(env.all_docs)
    return sorted(rewrite)


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.sphinx_compat")
    app.setup_extension("coursekit.sphinxext.course_data")
    app.setup_extension("coursekit.sphinxext.ebook_contents")  # course_web_only
    app.add_config_value("course_machinery", "", "env", types=frozenset({str}))
    app.connect("config-inited", set_machinery_fingerprint)
    app.connect("builder-inited", init_records)
    app.connect("env-get-outdated", outdated_pages)
    # State of this build only, in objects of this app: nothing outlives it in the process.
    catalog_use, completion = CatalogUse(), Completion()
    app.connect("env-before-read-docs", completion.note_pages_to_read)
    app.connect("env-before-read-docs", catalog_use.start)
    app.connect("doctree-read", catalog_use.record, priority=event_order.RECORD_CATALOG_USE)
    app.connect("env-updated", catalog_use.stop)
    app.connect("build-finished", catalog_use.stop)
    app.connect("env-get-updated", functools.partial(pages_to_write, completion))
    app.connect("build-finished", completion.finish, priority=event_order.SAVE_ON_SUCCESS)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
