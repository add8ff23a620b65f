"""The learner's progress, kept on the device only, and the course facts it is measured against.

The store is ``static/course-progress.js``: ``window.CourseProgress`` keeps, in
``localStorage`` under ``course-progress:<lang>``, the pages visited, each
module quiz's best score, the final assessment's best result (a worse retry
never replaces it; a pass stays a pass) and each quiz's last attempt (its
answers, shown again after a reload, and the number of attempts, which decides
when the final assessment shows its key), and announces every change with a
``course-progress`` event. Nothing leaves the browser. Its interface is a
contract with the SCORM runtime (``coursekit/tools/scorm_static/course-scorm.js``)::

    CourseProgress.get()                       -> a copy of the state
    CourseProgress.markVisited(docname)        (called by the store on every page load)
    CourseProgress.recordQuiz(quizId, {score, max, answers?})
    CourseProgress.recordAssessment({score, max, passMark, passed, revisit, answers?})
    CourseProgress.lastAttempt(quizId | "assessment") -> {answers, attempts} | null
    CourseProgress.serialize()                 -> JSON, at most 4096 characters
    CourseProgress.restore(serialized)         -> false, changing nothing, if not a state of this language
                                                  (or longer than 16,384 characters: refused unparsed)
    CourseProgress.answersKey(formId)          -> the storage key of an exercise form's typed answers
                                                  (course-exercises.js; on the device only, never serialized)
    CourseProgress.reset()                     (forgets the typed answers of this language too)

    state = {"v": 1, "lang": "fr", "visited": [docname, …],
             "quizzes": {"course/01-role-du-coo#1": {"score": 3, "max": 4}},       (best score)
             "assessment": {"score", "max", "passMark", "passed", "revisit": [objective ids]} | null,  (best)
             "last": {"course/01-role-du-coo#1": "b,ac,,dbca", "assessment": …},   (optional: last answers,
             "attempts": {"course/01-role-du-coo#1": 2, "assessment": 1}}          the letters per question)

This extension gives the store what it needs from the build, on the website
only (the e-book has no script):

* every page names its document: ``<meta name="course-page" content="<docname>">``;
* ``_static/course-structure.json``, derived from the sources: the modules in
  reading order, the final assessment (page, pass mark, points) and the
  "My progress" page;
* ``{course-progress}``, the "My progress" page: the overall completion (steps
  done out of the steps the build lists: each module page, its quizzes, its
  exercise page, the final assessment passed) with a Resume link to the first
  step not done; a table with a row per module (visited, quiz score, exercise
  page opened) and the final assessment (with the right answers needed to pass
  as data, from ``needed_points``), filled by ``course.js`` from the store; and
  a button that resets it after a confirmation in the page;
* the words the scripts show, from ``ui.po``, in the page's head as JSON
  (``<script type="application/json" id="course-script-text">``): scripts
  never hold words of their own.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from markupsafe import escape
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from coursekit.core.languages import language_tag
from coursekit.core.ui_text import ui_text
from coursekit.sphinxext.course_data import course_table, derived_content
from coursekit.sphinxext.overview import ordered_modules
from coursekit.sphinxext.quiz import needed_points, page_quizzes
from coursekit.sphinxext.tables import table

STRUCTURE_FILE = "course-structure.json"
STORE_SCRIPT = "course-progress.js"


def script_words(language: str) -> dict[str, str]:
    """Every word the course's scripts write, in the page's language (literal calls: ``make update-po`` extracts them).

    ``{name}`` fields are filled by the scripts, as text, never as markup.
    """
    return {
        "submit": ui_text("Valider mes réponses", language),
        "retry": ui_text("Recommencer", language),
        "correct": ui_text("Bonne réponse.", language),
        "incorrect": ui_text("Réponse incorrecte.", language),
        "unanswered": ui_text("Pas de réponse.", language),
        "expected": ui_text("Réponse attendue : {answer}", language),
        "score": ui_text("Score : {score} sur {max}", language),
        "assessmentScore": ui_text("Score : {score} sur {max} — {needed} nécessaires pour réussir", language),
        "answersHidden": ui_text(
            "Les réponses attendues restent masquées jusqu’à ce que vous réussissiez l’évaluation "
            "ou terminiez la tentative n° {count}. Tentatives faites : {attempt}.",
            language,
        ),
        "passed": ui_text("Évaluation réussie.", language),
        "failed": ui_text("Évaluation non réussie : le seuil de réussite n’est pas atteint.", language),
        "revisit": ui_text("Objectifs à revoir :", language),
        "nothingToRevisit": ui_text("Aucun objectif à revoir.", language),
        "moveUp": ui_text("Monter : {item}", language),
        "moveDown": ui_text("Descendre : {item}", language),
        "moved": ui_text("{item} : position {position} sur {count}", language),
        "orderingHint": ui_text(
            "Remettez les éléments dans le bon ordre avec les boutons Monter et Descendre.", language
        ),
        "visited": ui_text("consulté", language),
        "notVisited": ui_text("pas encore consulté", language),
        "quizNotDone": ui_text("quiz pas encore fait", language),
        "quizScore": ui_text("quiz : {score} sur {max}", language),
        "exerciseScore": ui_text("questions vérifiées justes : {score} sur {max}", language),
        "assessmentNotDone": ui_text("pas encore faite", language),
        "assessmentPassed": ui_text("réussie : {score} sur {max}", language),
        "assessmentFailed": ui_text("non réussie : {score} sur {max}", language),
        "assessmentPassedNeeded": ui_text(
            "réussie : meilleur score {score} sur {max} — {needed} nécessaires pour réussir", language
        ),
        "assessmentFailedNeeded": ui_text(
            "non réussie : meilleur score {score} sur {max} — {needed} nécessaires pour réussir", language
        ),
        "overall": ui_text("Avancement : {done} étapes sur {total} ({percent} %)", language),
        "resume": ui_text("Reprendre :", language),
        "finished": ui_text("Parcours terminé : toutes les étapes sont faites.", language),
        "resetKept": ui_text("Rien n’a été effacé : votre progression est conservée.", language),
        "scrollHint": ui_text("Ce tableau est plus large que l’écran : faites-le défiler sur le côté.", language),
        "figureScrollHint": ui_text(
            "Cette figure est plus large que l’écran pour rester lisible : faites-la défiler sur le côté.", language
        ),
        "resetDone": ui_text("Votre progression a été effacée.", language),
    }


def course_structure(app: Sphinx) -> dict:
    env = app.env
    modules = [docname for docname in ordered_modules(env) if course_table(env, "modules")[docname].is_module]
    assessment = None
    for docname, asked in sorted(page_quizzes(env).items()):
        if asked.assessment is not None:
            pass_mark, points = asked.assessment
            assessment = {"page": docname, "passMark": pass_mark, "max": points}
    progress_page = next((docname for docname in sorted(course_table(env, "progress_pages"))), None)
    return {
        "lang": language_tag(app.config.language),
        "modules": modules,
        "assessment": assessment,
        "progressPage": progress_page,
    }


def write_structure(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    text = json.dumps(course_structure(app), ensure_ascii=False, indent=1) + "\n"
    target = Path(app.outdir, "_static", STRUCTURE_FILE)
    # Rewritten only when it changes: an unchanged build leaves every file as it was.
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def add_page_facts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name.startswith("epub"):
        return
    context["metatags"] = context.get("metatags", "") + f'\n    <meta name="course-page" content="{escape(pagename)}">'
    # JSON in a script element: "<" escaped, so no translation can close the element. Not a script
    # to run (its type says so); first among the page's scripts, which read it.
    words = json.dumps(script_words(app.config.language), ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    app.add_js_file(None, body=words, type="application/json", id="course-script-text", priority=100)


# -- The "My progress" page -----------------------------------------------------


class progress_table(derived_content):
    """The table of "My progress", once every page has been read (it lists the modules)."""

    def render(self, app: Sphinx, fromdocname: str) -> list[nodes.Node]:
        return [progress_summary(steps=path_steps(app, fromdocname)), progress_rows(app, fromdocname)]


class progress_summary(nodes.General, nodes.Element):
    """The overall completion and the Resume link of "My progress" (website only), filled by ``course.js``
    from the store against the steps the build lists: each module page, its quizzes, its exercise, in the
    order of the path (``coursekit.sphinxext.learning_path``), then the final assessment, passed."""


def path_steps(app: Sphinx, fromdocname: str) -> list[dict[str, str]]:
    """What "done" means, step by step, in the order a learner goes: computed from the course, never typed."""
    env = app.env
    modules, quizzes = course_table(env, "modules"), page_quizzes(env)

    def step(kind: str, page: str) -> dict[str, str]:
        return {
            "kind": kind,
            "page": page,
            "href": app.builder.get_relative_uri(fromdocname, page),
            "title": env.titles[page].astext(),
        }

    steps = []
    for module in ordered_modules(env):
        if not modules[module].is_module:
            continue
        steps.append(step("visit", module))
        if module in quizzes and quizzes[module].quizzes:
            steps.append(step("quiz", module))
        exercise = modules[module].exercise
        if exercise and exercise in env.all_docs:
            steps.append(step("visit", exercise))
    assessment = next((page for page, asked in sorted(quizzes.items()) if asked.assessment is not None), None)
    if assessment:
        steps.append(step("assessment", assessment))
    return steps


class reset_button(nodes.General, nodes.Element):
    """The button that forgets the progress, after a confirmation (website only: the e-book has no progress)."""


class assessment_cell(nodes.General, nodes.Inline, nodes.Element):
    """The final assessment's result on "My progress", with the right answers needed to pass as data."""


class CourseProgressDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        course_table(self.env, "progress_pages")[self.env.docname] = True
        placeholder = progress_table()
        self.set_source_info(placeholder)
        language = self.config.language
        button = reset_button(
            label=ui_text("Effacer ma progression", language),
            question=ui_text(
                "Effacer toute votre progression sur cet appareil ? Les pages consultées, les scores et "
                "les tentatives seront oubliés.",
                language,
            ),
            confirm=ui_text("Oui, tout effacer", language),
            cancel=ui_text("Annuler", language),
        )
        return [placeholder, button]


def progress_rows(app: Sphinx, docname: str) -> nodes.table:
    env, language = app.env, app.config.language
    structure = course_structure(app)
    rows = []

    def link_to(target: str) -> nodes.reference:
        link = nodes.reference("", "", internal=True, refuri=app.builder.get_relative_uri(docname, target))
        link += nodes.Text(env.titles[target].astext())
        return link

    def status(kind: str, target: str) -> nodes.inline:
        # Filled by course.js from the store; without a script it says nothing is known.
        return nodes.inline(
            text="—",
            classes=["progress-status", f"progress-{kind}"],
            ids=[f"progress-{kind}-{target.replace('/', '-')}"],
        )

    def assessment_status(target: str, points: int, pass_mark: int) -> assessment_cell:
        # The right answers needed, computed once (quiz.py's needed_points), for the points of this edition.
        cell = assessment_cell(needed=needed_points(points, pass_mark), max=points)
        cell += status("assessment", target)
        return cell

    modules = course_table(env, "modules")
    for module in structure["modules"]:
        exercise = modules[module].exercise
        # The exercise page opened (its answers are checked in the notebook, which the site does not see).
        exercise_cell = status("exercise", exercise) if exercise in env.all_docs else nodes.Text("—")
        rows.append([link_to(module), status("visited", module), status("quiz", module), exercise_cell])
    if structure["assessment"]:
        page = structure["assessment"]["page"]
        assessed = structure["assessment"]
        result = assessment_status(page, assessed["max"], assessed["passMark"])
        rows.append([link_to(page), status("visited", page), result, nodes.Text("—")])
    header = [
        ui_text("Module", language),
        ui_text("Consultation", language),
        ui_text("Résultat", language),
        ui_text("Exercice", language),
    ]
    return table("course-progress", (40, 20, 20, 20), header, rows, translatable=False)


def visit_reset_button(translator, node: reset_button) -> None:
    if translator.builder.name.startswith("epub"):
        raise nodes.SkipNode
    # A confirmation in the page, in its language (course.js opens it; Escape or Cancel closes it).
    translator.body.append(
        '<p class="progress-reset"><button type="button" class="progress-reset-button" hidden'
        ' aria-expanded="false" aria-controls="progress-reset-confirm">'
        f"{translator.encode(node['label'])}</button></p>"
        '<div class="progress-reset-confirm" id="progress-reset-confirm" role="group"'
        ' aria-labelledby="progress-reset-question" hidden>'
        f'<p id="progress-reset-question">{translator.encode(node["question"])}</p>'
        '<div class="progress-reset-actions">'
        f'<button type="button" class="progress-reset-yes">{translator.encode(node["confirm"])}</button>'
        f'<button type="button" class="progress-reset-no">{translator.encode(node["cancel"])}</button>'
        "</div></div>"
        '<p class="progress-reset-status" role="status"></p>'
    )
    raise nodes.SkipNode


def visit_progress_summary(translator, node: progress_summary) -> None:
    if translator.builder.name.startswith("epub"):
        raise nodes.SkipNode
    # The steps as JSON in an attribute (escaped: a title cannot close it); the script writes text only.
    steps = json.dumps(node["steps"], ensure_ascii=False, separators=(",", ":"))
    translator.body.append(
        f'<div class="progress-summary" data-steps="{escape(steps)}">'
        '<p class="progress-overall"></p><p class="progress-resume" hidden></p></div>'
    )
    raise nodes.SkipNode


def visit_assessment_cell(translator, node: assessment_cell) -> None:
    translator.body.append(
        f'<span class="progress-assessment-cell" data-needed="{node["needed"]}" data-max="{node["max"]}">'
    )


def depart_assessment_cell(translator, node: assessment_cell) -> None:
    translator.body.append("</span>")


def pass_through(translator, node: nodes.Element) -> None:
    """Plain text and print: the cell's content alone."""


def skip(translator, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.setup_extension("coursekit.sphinxext.static_files")
    app.setup_extension("coursekit.sphinxext.quiz")
    app.setup_extension("coursekit.sphinxext.overview")
    app.add_node(progress_table)
    app.add_node(reset_button, html=(visit_reset_button, None), text=(skip, None), latex=(skip, None))
    app.add_node(progress_summary, html=(visit_progress_summary, None), text=(skip, None), latex=(skip, None))
    app.add_node(
        assessment_cell,
        html=(visit_assessment_cell, depart_assessment_cell),
        text=(pass_through, pass_through),
        latex=(pass_through, pass_through),
    )
    app.add_directive("course-progress", CourseProgressDirective)
    app.add_js_file(STORE_SCRIPT, priority=400, loading_method="defer")
    app.connect("html-page-context", add_page_facts)
    app.connect("build-finished", write_structure)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
