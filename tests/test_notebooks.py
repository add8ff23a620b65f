"""Exercise notebooks: every language, both editions, run in a real kernel and give feedback."""

from __future__ import annotations

import ast
import json
import re
import shlex
import subprocess
import sys
import zipfile
from functools import cache
from html import unescape
from pathlib import Path

import nbclient
import nbformat
import pytest
from babel.numbers import format_decimal

from coursekit.core.answer_cells import not_literal
from coursekit.core.editions import EDITIONS, edition, is_check, is_exercise, is_model_answer, is_solution
from coursekit.core.identity import identity, notebook_file_stem
from coursekit.core.languages import all_languages
from coursekit.core.notebook_i18n import read_notebook
from coursekit.core.notebooks import notebooks_in
from coursekit.core.web_exercises import check_call
from coursekit.sphinxext.notebook_download import HELPER_CELL_ID, imports_helper
from coursekit.testing.notebooks import NOTEBOOKS, feedback_words, translated, website_forms
from coursekit.testing.outputs import REPO_ROOT, looks_french
from coursekit.tools.kit import kit_file_name


def calls_checker(cell) -> bool:
    return cell.cell_type == "code" and re.search(r"\bcheck\.\w+\(", cell.source) is not None


SEAL = re.compile(r"sha256:[0-9a-f]{16}")


def output_text(cell) -> str:
    return "".join(output.get("text", "") for output in cell.get("outputs", []) if output.output_type == "stream")


@cache
def executed(name: str, language: str, kit_edition: str) -> nbformat.NotebookNode:
    notebook = edition(translated(name, language), kit_edition)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(REPO_ROOT / "exercises")}}
    )
    client.execute()
    return notebook


@pytest.mark.parametrize("kit_edition", EDITIONS)
@pytest.mark.parametrize("language", all_languages())
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_every_check_gives_feedback(name, language, kit_edition):
    notebook = executed(name, language, kit_edition)
    words = feedback_words(notebook)
    checks = [cell for cell in notebook.cells if is_check(cell)]
    assert checks, "an exercise needs at least one check"
    assert checks == [cell for cell in notebook.cells if calls_checker(cell)], "every verdict cell is tagged check"
    for cell in checks:
        printed = output_text(cell)
        if kit_edition == "trainer":
            assert words["correct"] in printed, f"the solution is rejected: {cell.source[:80]} -> {printed}"
            assert words["not_yet"] not in printed
        else:
            assert words["not_yet"] in printed, f"a blank answer is accepted: {cell.source[:80]} -> {printed}"
            assert words["hint_label"] in printed, "a wrong answer gets a hint"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_feedback_is_in_the_notebook_language(name):
    french, english = feedback_words(translated(name, "fr")), feedback_words(translated(name, "en"))
    for key in ("correct", "not_yet", "hint_label"):
        assert french[key] != english[key]


@pytest.mark.parametrize("kit_edition", EDITIONS)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_english_notebook_has_no_french_text(name, kit_edition):
    notebook = executed(name, "en", kit_edition)
    texts = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            texts += cell.source.splitlines()
        elif cell.cell_type == "code":
            texts += [line for line in cell.source.splitlines() if "#" in line or '"' in line]
            texts += output_text(cell).splitlines()
    assert [text for text in texts if looks_french(text)] == []
    assert "_(" not in json.dumps([cell.source for cell in notebook.cells]), "translation markers left"


def solution_lines(name: str) -> set[str]:
    """Lines that only a solution cell holds: what must never reach a learner."""
    notebook = translated(name, "fr")
    others = {line.strip() for cell in notebook.cells if not is_solution(cell) for line in cell.source.splitlines()}
    return {
        line.strip()
        for cell in notebook.cells
        if is_solution(cell)
        for line in cell.source.splitlines()
        if len(line.strip()) > 12 and line.strip() not in others and not line.strip().startswith("#")
    }


def choice_words(name: str, language: str) -> dict[str, str]:
    """Each choice code of the notebook's forms, and the words its website form and paper form show for it."""
    forms = website_forms(name, language)
    return {
        code: " ".join(label.split())
        for form in forms.values()
        for field in form["fields"]
        for code, label in field.get("choices", [])
        if label
    }


def solution_values(name: str, language: str) -> list[str]:
    """Every text and number the solution cells assign, in the language's notebook, as paper writes them:
    a choice in its words, a number as the language writes it (22,2 in French)."""
    notebook = translated(name, language)
    words = choice_words(name, language)
    values = []
    for cell in notebook.cells:
        if is_solution(cell):
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float):
                    if isinstance(node.value, str):
                        values.append(words.get(node.value, node.value))
                    elif not isinstance(node.value, bool):
                        values.append(format_decimal(node.value, locale=language))
    return values


def notebook_lines(text: str) -> set[str]:
    notebook = nbformat.reads(text, as_version=4)
    return {line.strip() for cell in notebook.cells for line in cell.source.splitlines()}


def page_lines(html: str) -> set[str]:
    """The lines a reader sees: block elements start a line, inline markup (highlighting) does not."""
    blocks = re.sub(r"</?(?:pre|div|p|summary|li|td|th|h\d|section)\b[^>]*>", "\n", html)
    return {unescape(line).strip() for line in re.sub(r"<[^>]+>", "", blocks).splitlines()}


@pytest.mark.parametrize("language", all_languages())
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_learner_outputs_hold_no_solution(build_dir, name, language):
    secrets = solution_lines(name)
    assert secrets, "every exercise has a solution"
    downloaded = (build_dir / "html" / language / "exercises" / f"{name}.ipynb").read_text(encoding="utf-8")
    kit_name = kit_file_name(language, "learner")
    with zipfile.ZipFile(build_dir / "kit" / language / kit_name) as kit:
        kit_notebook = notebook_file_stem(REPO_ROOT / "exercises" / f"{name}.ipynb", language)
        learner_kit = kit.read(f"{Path(kit_name).stem}/{kit_notebook}.ipynb").decode("utf-8")
    page = (build_dir / "html" / language / "exercises" / f"{name}.html").read_text(encoding="utf-8")
    page_outside_toggles = re.sub(r'<details class="answer-toggle solution">.*?</details>', "", page, flags=re.S)
    with zipfile.ZipFile(next((build_dir / "epub" / language).glob("*.epub"))) as epub:
        chapter = next(item for item in epub.namelist() if item.endswith(f"exercises/{name}.xhtml"))
        epub_page = epub.read(chapter).decode("utf-8")
    epub_outside_answers = re.sub(r'<section class="gathered-answers".*?</section>', "", epub_page, flags=re.S)
    places = {
        "downloaded notebook": notebook_lines(downloaded),
        "learner kit": notebook_lines(learner_kit),
        "web page, outside the solution toggles": page_lines(page_outside_toggles),
        "e-book, outside the answers section": page_lines(epub_outside_answers),
    }
    for place, lines in places.items():
        assert secrets.isdisjoint(lines), f"{place}: {sorted(secrets & lines)[:3]}"
    # The solutions are there, for readers who ask: behind the website's toggle as code, and in the
    # e-book's answers section as the pen-and-paper edition writes them (the values, filled in).
    assert secrets <= page_lines(page)
    answers = re.search(r'<section class="gathered-answers".*?</section>', epub_page, flags=re.S)
    assert answers, "the e-book chapter has an answers section"
    answer_text = unescape(re.sub(r"<[^>]+>", " ", answers.group(0)))
    missing = [value for value in solution_values(name, language) if value not in answer_text]
    assert not missing, f"worked answers missing from the e-book's answers section: {missing}"


@pytest.mark.parametrize("language", all_languages())
def test_downloaded_notebook_is_in_the_page_language(build_dir, language):
    for name in NOTEBOOKS:
        downloaded = nbformat.read(build_dir / "html" / language / "exercises" / f"{name}.ipynb", as_version=4)
        title = downloaded.cells[0].source.splitlines()[0]
        assert title == translated(name, language).cells[0].source.splitlines()[0]
        assert not any(is_solution(cell) for cell in downloaded.cells)
        # The build ran it with the worked answers: any output (a verdict, a chart) would give them away.
        assert not any(cell.get("outputs") for cell in downloaded.cells if cell.cell_type == "code")


def test_kit_runs_from_the_unpacked_zip_in_a_fresh_environment(build_dir, tmp_path):
    """Follow the learner kit's README: a new venv, its requirements, then run every notebook."""
    language = "en"
    archive = build_dir / "kit" / language / kit_file_name(language, "learner")
    with zipfile.ZipFile(archive) as kit:
        kit.extractall(tmp_path)
    folder = tmp_path / archive.stem
    readme = (folder / "README.md").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"```(\w+)\n(.*?)```", readme, re.S))
    # Windows PowerShell 5.1 has no &&, and its default policy blocks activation scripts: one command per line,
    # each run by the environment's own python.exe (not run here: this machine has no Windows).
    windows = blocks["powershell"].splitlines()
    assert windows[0] == "py -m venv .venv" and not any("&&" in line or "Activate" in line for line in windows)
    assert all(line.startswith(".\\.venv\\Scripts\\python.exe -m ") for line in windows[1:]), windows
    # macOS and Linux: the README's commands, word for word, on this machine (python3 is the test's Python).
    create, install, start = blocks["sh"].splitlines()
    assert create.startswith("python3 ")
    subprocess.run([sys.executable, *shlex.split(create)[1:]], cwd=folder, check=True)
    subprocess.run([*shlex.split(install), "--quiet"], cwd=folder, check=True)
    # The last command starts JupyterLab for good; asked for its version, the same command proves it is there.
    started = subprocess.run([*shlex.split(start), "--version"], cwd=folder, check=True, capture_output=True, text=True)
    assert started.stdout.strip()
    for notebook in notebooks_in(folder):
        subprocess.run(
            [".venv/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace", notebook.name],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        ran = nbformat.read(notebook, as_version=4)
        assert all(cell.get("execution_count") for cell in ran.cells if cell.cell_type == "code")
    assert identity(language).file_stem in archive.name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_anchors_are_the_same_in_every_language(build_dir, name):
    anchors = {
        language: re.findall(
            r'<section id="([^"]+)"',
            (build_dir / "html" / language / "exercises" / f"{name}.html").read_text(encoding="utf-8"),
        )
        for language in all_languages()
    }
    french = anchors.pop("fr")
    assert len(french) >= 2
    for language, ids in anchors.items():
        assert ids == french, language


@pytest.mark.parametrize("language", ["source", *all_languages()])
def test_exercise_cells_hold_only_literal_values(language):
    """A learner changes values, never code: in the French sources and in each language's notebook as built."""
    problems = []
    for name in NOTEBOOKS:
        if language == "source":
            notebook = read_notebook(REPO_ROOT / "exercises" / f"{name}.ipynb")
        else:
            notebook = translated(name, language)
        cells = [(index, cell) for index, cell in enumerate(notebook.cells) if is_exercise(cell)]
        assert cells, f"{name}: no exercise cell"
        for index, cell in cells:
            problems += [f"{language} {name}.ipynb, cell {index}, {problem}" for problem in not_literal(cell.source)]
    assert problems == []


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_model_answer_follows_a_text_answer(name):
    notebook = read_notebook(REPO_ROOT / "exercises" / f"{name}.ipynb")
    for index, cell in enumerate(notebook.cells):
        if is_model_answer(cell):
            before = notebook.cells[index - 1]
            assert cell.cell_type == "markdown" and is_exercise(before), f"cell {index}"
            values = [node.value for node in ast.walk(ast.parse(before.source)) if isinstance(node, ast.Constant)]
            assert values and all(isinstance(value, str) for value in values), f"cell {index - 1} asks for a text"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_source_notebook_runs_in_jupyter_as_it_is(name):
    """An author opens the French source in Jupyter and runs it top to bottom: no build needed (``_`` included)."""
    notebook = read_notebook(REPO_ROOT / "exercises" / f"{name}.ipynb")
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(REPO_ROOT / "exercises")}}
    )
    client.execute()
    words = feedback_words(translated(name, "fr"))
    for cell in notebook.cells:
        if is_check(cell):  # the source holds the solutions, run after the blanks: every check is right
            assert words["correct"] in output_text(cell), cell.source[:80]


def sealed_values(node: ast.expr) -> list:
    """The plain values of an ``expected_...`` literal (a seal, or a mapping of seals)."""
    value = ast.literal_eval(node)
    return list(value.values()) if isinstance(value, dict) else [value]


@pytest.mark.parametrize("language", all_languages())
def test_downloaded_notebook_carries_the_helper_and_only_sealed_expectations(build_dir, language):
    for name in NOTEBOOKS:
        downloaded = nbformat.read(build_dir / "html" / language / "exercises" / f"{name}.ipynb", as_version=4)
        assert not any(is_solution(cell) for cell in downloaded.cells)
        ids = [cell.get("id") for cell in downloaded.cells]
        first_import = next(index for index, cell in enumerate(downloaded.cells) if imports_helper(cell))
        assert ids.count(HELPER_CELL_ID) == 1 and ids.index(HELPER_CELL_ID) == first_import - 1, name
        expectations = 0
        for cell in downloaded.cells:
            if cell.cell_type != "code" or cell.get("id") == HELPER_CELL_ID:
                continue
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Assign) and any(
                    getattr(t, "id", "").startswith("expected_") for t in node.targets
                ):
                    values = sealed_values(node.value)
                    assert all(isinstance(value, str) and SEAL.fullmatch(value) for value in values), (name, values)
                    expectations += 1
        assert expectations, f"{name}: expectations are in the notebook, sealed"


def error_text(cell) -> str:
    return "\n".join(line for output in cell.get("outputs", []) for line in output.get("traceback", []))


@pytest.mark.parametrize("language", all_languages())
def test_a_typing_slip_gets_words_in_the_learners_language_not_a_traceback(build_dir, language):
    """The downloaded notebook, as a learner types into it: each common slip is explained under its cell."""
    path = build_dir / "html" / language / "exercises" / "04-prioriser-et-deleguer.ipynb"
    notebook = nbformat.read(path, as_version=4)
    helper = next(cell for cell in notebook.cells if cell.get("id") == HELPER_CELL_ID)
    assert helper.metadata.get("jupyter", {}).get("source_hidden") is True, "the helper's code is out of sight"
    words = feedback_words(notebook)
    priority, delegation, focus_share, measures = [cell for cell in notebook.cells if is_exercise(cell)][:4]
    priority.source = priority.source.replace('"t1": None', '"t1": do').replace('"t2": None', '"t2": "later"')
    delegation.source = delegation.source.replace('"d1": None', '"d1": true')
    focus_share.source = re.sub(r"= None", "= 22,2", focus_share.source)
    measures.source = re.sub(r"\[\]", "[“m1”]", measures.source)
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True)
    client.execute()
    checks = {cell.source.split("\n")[1].strip(" ,"): cell for cell in notebook.cells if is_check(cell)}

    assert error_text(priority) == words["unquoted_word"].format(word="do")
    assert error_text(delegation) == words["true_false"]
    assert error_text(measures) == words["curly_quotes"]
    # The check after a failed cell says what to do, in words too.
    assert error_text(checks["delegation"]) == words["not_run"].format(word="delegation")
    assert words["decimal_comma"].format(number="22.2") in output_text(checks["focus_share"])
    for cell in notebook.cells:
        assert "Traceback" not in error_text(cell) and "Error" not in error_text(cell), cell.source[:80]

    # Corrected, the same cells run; a code outside the choices is named under its check.
    priority.source = priority.source.replace('"t1": do', '"t1": "do"')
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True)
    client.execute()
    assert not error_text(priority)
    expected_codes = words["not_a_choice"].format(value="later", choices="do, plan, delegate, drop")
    assert expected_codes in output_text(checks["priority"])


def listed_rules(name: str) -> list:
    """The ``satisfies`` checks of a notebook that list their right answers for the browser (``accepted=``)."""
    notebook = read_notebook(REPO_ROOT / "exercises" / f"{name}.ipynb")
    calls = [check_call(cell.source) for cell in notebook.cells if is_check(cell)]
    return [call for call in calls if call is not None and call.method == "satisfies" and "accepted" in call.names]


LISTED = [name for name in NOTEBOOKS if listed_rules(name)]


@pytest.mark.parametrize("name", LISTED)
def test_the_answers_a_rule_lists_for_the_browser_are_exactly_those_it_accepts(name):
    """The predicate stays the rule; its ``accepted=`` seals, which the website checks, must follow it: every
    answer the question offers (each subset of its choices) is run through the predicate in a real kernel."""
    notebook = read_notebook(REPO_ROOT / "exercises" / f"{name}.ipynb")
    probes = []
    for call in listed_rules(name):
        choices = call.keywords.get("choices")
        assert choices, f"{name}: {call.answer} lists its right answers but not the choices to try them among"
        probes.append(
            nbformat.v4.new_code_cell(
                "import itertools, json\n"
                "from coo_feedback import seal\n"
                f"_choices = {choices!r}\n"
                "_right = sorted(seal(set(subset)) for size in range(len(_choices) + 1)"
                f" for subset in itertools.combinations(_choices, size) if {call.expected}(list(subset)))\n"
                f"print(json.dumps([_right, sorted({call.names['accepted']})]))"
            )
        )
    notebook.cells += probes
    nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(REPO_ROOT / "exercises")}}
    ).execute()
    for call, probe in zip(listed_rules(name), notebook.cells[-len(probes) :], strict=True):
        right, listed = json.loads(output_text(probe))
        assert right, f"{name}: the rule {call.expected} accepts no answer at all"
        assert listed == right, f"{name}: accepted= of {call.answer} differs from what {call.expected} accepts"
