"""A path through the course on the website: lesson, then its exercise, then the next lesson.

The sidebar keeps the modules and the exercises in two lists (a reader looking for
an exercise finds them together), so Sphinx's own Next and Previous, which follow
the toctrees, would lead from module 1 to module 2 and leave every exercise until
after module 6. Here each module's Next is its exercise and that exercise's Next
is the following module (Previous the other way round); the last exercise leads
to the page that follows every module and exercise in Sphinx's order (the synthesis). A module without an exercise
keeps Sphinx's links. The page's ``<link rel="next">`` follows the same path.

When the path changes (a module links another exercise, a page moves in the
toctrees), every page on the old or the new path is written again; the path of
the last finished build is kept in the doctree folder for that comparison.

The e-book and the print edition keep the toctree order: a book has no Next button,
and its reader finds each exercise in the chapters that follow the modules.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from coursekit.sphinxext.course_data import course_table
from coursekit.sphinxext.overview import ordered_modules


def reading_order(env: BuildEnvironment) -> list[str]:
    """Every page in Sphinx's order (the toctrees, depth first), from the root page."""
    relations = env.collect_relations()
    order, page = [], env.config.root_doc
    while page and page not in order:
        order.append(page)
        page = relations.get(page, [None, None, None])[2]
    return order


def learning_path(env: BuildEnvironment) -> list[str]:
    """The modules in reading order, each followed by its exercise (modules without one are not on the path)."""
    modules = course_table(env, "modules")
    path = []
    for module in ordered_modules(env):
        exercise = modules[module].exercise if modules[module].is_module else None
        if exercise and exercise in env.all_docs:
            path += [module, exercise]
    return path


def neighbours(env: BuildEnvironment, pagename: str) -> tuple[str | None, str | None] | None:
    """The previous and next page of ``pagename`` on the path (None: no such page); None off the path.

    The path starts from the page before its first page in Sphinx's order and ends on the page after its last
    one (the synthesis): whatever order the modules link their exercises in, Next never leads back.
    """
    path = learning_path(env)
    if pagename not in path:
        return None
    order = reading_order(env)
    positions = [order.index(page) for page in path]
    before = order[min(positions) - 1] if min(positions) > 0 else None
    after = order[max(positions) + 1] if max(positions) + 1 < len(order) else None
    walk = [before, *path, after]
    index = walk.index(pagename)
    return walk[index - 1], walk[index + 1]


def follow_the_path(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if not _on_website(app):
        return
    on_path = neighbours(app.env, pagename)
    if on_path is None:
        return  # Sphinx's own links
    for key, target in zip(("prev", "next"), on_path, strict=True):
        if target is None:
            context[key] = None
            continue
        link = {
            "link": app.builder.get_relative_uri(pagename, target),
            "title": app.builder.render_partial(app.env.titles[target])["title"],
        }
        context[key] = link  # the footer's link, and the page's <link rel="next"/"prev">


def _on_website(app: Sphinx) -> bool:
    return app.builder.format == "html" and not app.builder.name.startswith("epub")


def _state_path(app: Sphinx) -> Path:
    # Per output folder: `make livehtml` shares the doctree folder of `make html-<lang>`, not its pages.
    folder = hashlib.sha256(str(Path(app.outdir).resolve()).encode()).hexdigest()[:12]
    return Path(app.doctreedir) / f"course-learning-path-{app.builder.name}-{folder}.json"


def pages_on_a_changed_path(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages to write again: those on the old and the new path, when the path changed since the last build."""
    if not _on_website(app):
        return []
    try:
        previous = json.loads(_state_path(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = None
    current = learning_path(env)
    if previous == current:
        return []
    return sorted((set(previous or []) | set(current)) & set(env.all_docs))


def remember_path(app: Sphinx, exception: Exception | None) -> None:
    # Once every page is written with it (a build stopped half-way compares with the older path next time).
    if exception is None and _on_website(app):
        _state_path(app).write_text(json.dumps(learning_path(app.env)), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.course_data")
    app.setup_extension("coursekit.sphinxext.overview")
    app.connect("env-get-updated", pages_on_a_changed_path)
    app.connect("html-page-context", follow_the_path)
    app.connect("build-finished", remember_path)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
