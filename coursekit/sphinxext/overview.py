"""``{course-overview}``: the table of modules with their durations and the total.

Durations are written once, by part, in each page's front matter (the six
modules and the synthesis); this table is derived from them when every document
has been read.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from coursekit.core.durations import format_duration
from coursekit.core.ui_text import ui_text
from coursekit.sphinxext.course_data import PlaceholderDirective, course_table, derived_content
from coursekit.sphinxext.sphinx_compat import toctree_children
from coursekit.sphinxext.tables import table


class course_overview(derived_content):
    """The programme: every module's parts and total, once all module durations are known."""

    def render(self, app: Sphinx, fromdocname: str) -> list[nodes.Node]:
        return [programme_table(app, fromdocname)]


class CourseOverviewDirective(PlaceholderDirective):
    placeholder = course_overview


def ordered_modules(env) -> list[str]:
    """Module documents in reading order (the order of the root toctree)."""
    modules = course_table(env, "modules")
    order = {docname: position for position, docname in enumerate(toctree_children(env, env.config.root_doc))}
    return sorted(modules, key=lambda docname: (order.get(docname, len(order)), docname))


def programme_table(app: Sphinx, docname: str) -> nodes.table:
    env, language = app.env, app.config.language
    modules = ordered_modules(env)
    total = sum(course_table(env, "modules")[name].duration_minutes for name in modules)

    def minutes(info, *parts: str) -> str:
        found = [info.parts[part] for part in parts if part in info.parts]
        return format_duration(sum(found), language) if found else "—"

    rows = []
    for name in modules:
        link = nodes.reference("", "", internal=True, refuri=app.builder.get_relative_uri(docname, name))
        link += nodes.Text(env.titles[name].astext())
        info = course_table(env, "modules")[name]
        rows.append(
            [
                link,
                minutes(info, "lesson"),
                minutes(info, "review"),
                minutes(info, "exercise", "assessment"),
                format_duration(info.duration_minutes, language),
            ]
        )
    rows.append(
        [
            nodes.strong(text=ui_text("Durée totale", language)),
            "",
            "",
            "",
            nodes.strong(text=format_duration(total, language)),
        ]
    )
    header = [
        ui_text("Module", language),
        ui_text("Leçon", language),
        ui_text("Questions", language),
        ui_text("Exercice ou évaluation", language),
        ui_text("Durée", language),
    ]
    return table("course-overview", (44, 14, 14, 14, 14), header, rows, translatable=False)


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.pedagogy")
    app.add_node(course_overview)
    app.add_directive("course-overview", CourseOverviewDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
