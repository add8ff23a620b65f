"""Exercises done in the browser: each exercise cell of a notebook page as a form, on the website.

``coursekit.core.web_exercises`` says what a cell asks and how its answer is checked;
``coursekit.sphinxext.notebook_pages`` puts a :class:`web_exercise` node in the website's edition of
the page in place of the cell's code (the e-book keeps its paper form). This module writes the node
as an HTML form that works without any script (labels, fields, a button) and the data
``course-exercises.js`` checks it with: the expected seals, the hint and the notebook's own words, in
a ``<script type="application/json">`` block, so that nothing a translator wrote is ever run or parsed
as HTML (every text is escaped; ``<`` is written ``\\u003c`` inside the JSON).
"""

from __future__ import annotations

import json
from html import escape

from docutils import nodes
from sphinx.application import Sphinx

from coursekit.core.ui_text import ui_text


class web_exercise(nodes.General, nodes.Element):
    """An exercise cell as a form: ``spec`` (``coursekit.core.web_exercises.form_spec``), ``number``
    (its place on the page) and ``words`` (the form's own labels, in the page's language)."""


def form_words(language: str) -> dict[str, str]:
    return {
        "check": ui_text("Vérifier ma réponse", language),
        "compare": ui_text("Comparer avec la solution", language),
        "compared": ui_text("Comparez votre réponse avec la solution, ouverte ci-dessous.", language),
        "answer": ui_text("Votre réponse", language),
        "choose": ui_text("— Choisir —", language),
        "true": ui_text("Vrai", language),
        "false": ui_text("Faux", language),
        "place": ui_text("Position {place}", language),
        "number": ui_text("Un nombre ; la virgule ou le point pour les décimales", language),
        "notNumber": ui_text(
            "« {value} » n’est pas un nombre : écrivez seulement des chiffres, par exemple 12,5.", language
        ),
        # Shown after an allocation is checked (course-exercises.js, loadsChart).
        "loads": ui_text(
            "Charge de chaque personne avec cette répartition, en pourcentage de sa capacité ;"
            " zone visée : de {low} à {high} %.",
            language,
        ),
        "load": ui_text("{name} : {rate} %", language),
        "loadOutside": ui_text("{name} : {rate} %, hors de la zone visée", language),
        # The totals a notebook computes from an answer (showResults), e.g. the hours of each family of missions.
        "total": ui_text("{name} : {total}", language),
        "unanswered": ui_text("Sans réponse : {total}", language),
        # The scores of an answer, the lowest marked (showResults), e.g. the skills to work on first.
        "score": ui_text("{name} : {score}", language),
        "scoreLowest": ui_text("{name} : {score}, parmi les plus basses", language),
        # The points of a chart grouped by answer (showResults), e.g. the statements by the role given to each.
        "group": ui_text("{name} : {count} — {items}", language),
        "ungrouped": ui_text("Sans réponse : {count} — {items}", language),
        "horizontal": ui_text("Axe horizontal : {name}.", language),
        "vertical": ui_text("Axe vertical : {name}.", language),
    }


def _field_label(field: dict, words: dict[str, str]) -> str:
    """The field's label as HTML: its key (what the verdict's "to review" line names) and its words, which
    the results shown after a check take on their own (``field-words``)."""
    key, label = field.get("key"), field.get("label") or ""
    if key and label:
        return f'{escape(key)} — <span class="field-words">{escape(label)}</span>'
    return escape(key or label or words["answer"])


def _options(field: dict, words: dict[str, str], selected: object = None) -> str:
    options = [f'<option value="">{escape(words["choose"])}</option>']
    for code, label in field.get("choices", []):
        chosen = " selected" if selected == code else ""
        options.append(f'<option value="{escape(code)}"{chosen}>{escape(label or code)}</option>')
    return "".join(options)


def field_html(field: dict, prefix: str, words: dict[str, str]) -> str:
    """One field of the form: a label and its input(s), each input named after the field's key."""
    kind, name = field["kind"], escape(f"{prefix}-{field.get('key') or 'value'}")
    label = _field_label(field, words)
    if kind == "choice":
        select = f'<select id="{name}" name="{name}">{_options(field, words, field.get("initial"))}</select>'
        return f'<div class="exercise-field"><label for="{name}">{label}</label>{select}</div>'
    if kind == "boolean":
        buttons = "".join(
            f'<label class="exercise-option"><input type="radio" name="{name}" value="{value}"> '
            f"{escape(words[value])}</label>"
            for value in ("true", "false")
        )
        return f'<fieldset class="exercise-field"><legend>{label}</legend>{buttons}</fieldset>'
    if kind == "number":
        initial = field.get("initial")
        value = f' value="{escape(str(initial))}"' if initial is not None else ""
        help_id = f"{name}-help"
        return (
            f'<div class="exercise-field"><label for="{name}">{label}</label>'
            f'<input type="text" inputmode="decimal" autocomplete="off" id="{name}" name="{name}"'
            f' aria-describedby="{help_id}"{value}><span class="exercise-help" id="{help_id}">'
            f"{escape(words['number'])}</span></div>"
        )
    if kind == "text":
        return (
            f'<div class="exercise-field"><label for="{name}">{label}</label>'
            f'<textarea id="{name}" name="{name}" rows="3"></textarea></div>'
        )
    if kind == "several":
        boxes = "".join(
            f'<label class="exercise-option"><input type="checkbox" name="{name}" value="{escape(code)}"> '
            f"{escape(f'{code} — {text}' if text else code)}</label>"
            for code, text in field.get("choices", [])
        )
        return f'<fieldset class="exercise-field"><legend>{label}</legend>{boxes}</fieldset>'
    if kind == "order":
        places = "".join(
            f'<div class="exercise-place"><label for="{name}-{place}">'
            f"{escape(words['place'].format(place=place))}</label>"
            f'<select id="{name}-{place}" name="{name}">{_options(field, words)}</select></div>'
            for place in range(1, int(field.get("places", 1)) + 1)
        )
        return f'<fieldset class="exercise-field"><legend>{label}</legend>{places}</fieldset>'
    raise ValueError(f"unknown field kind {kind!r}")


def _json_for_html(data: object) -> str:
    """JSON that cannot end its ``<script>`` element, whatever a text holds."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")


def form_html(spec: dict, words: dict[str, str], number: int) -> str:
    """The form of one exercise cell (``coursekit.core.web_exercises.form_spec``), the page's ``number``-th."""
    prefix = f"exercise-{number}"
    checked = "check" in spec
    inputs = "".join(field_html(field, prefix, words) for field in spec["fields"])
    button = escape(words["check" if checked else "compare"])
    # What the script needs: the fields' keys and kinds, the check, the words (labels and choices are in the form).
    fields = [{"key": field.get("key"), "kind": field["kind"]} for field in spec["fields"]]
    data = _json_for_html({"spec": {**spec, "fields": fields}, "words": words})
    return (
        f'<form class="course-exercise" id="{prefix}" data-exercise="{number}" novalidate>'
        f'<div class="exercise-fields">{inputs}</div>'
        f'<p><button type="submit" class="exercise-submit">{button}</button></p>'
        f'<div class="exercise-feedback" role="status" aria-live="polite"></div>'
        f'<script type="application/json" class="exercise-data">{data}</script></form>\n'
    )


def visit_web_exercise_html(self, node: web_exercise) -> None:
    self.body.append(form_html(node["spec"], node["words"], node["number"]))
    raise nodes.SkipNode


def skip(self, node: nodes.Node) -> None:
    raise nodes.SkipNode  # the e-book and the PDFs keep the cell's paper form (notebook_pages)


def add_exercise_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``course-exercises.js`` only on the pages that hold a form (the page-weight budget)."""
    if app.builder.name.startswith("epub") or doctree is None:
        return
    if next(iter(doctree.findall(web_exercise)), None) is not None:
        app.add_js_file("course-exercises.js", priority=600, loading_method="defer")


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.static_files")
    app.add_node(
        web_exercise,
        html=(visit_web_exercise_html, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.connect("html-page-context", add_exercise_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
