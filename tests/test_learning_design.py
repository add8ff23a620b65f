"""Learning design on the real builds: timings written once and derived everywhere, honest
session plans, objectives that are all assessed, trainer material kept for trainers."""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

import pytest

from coursekit.core.editions import is_trainer_note
from coursekit.core.languages import all_languages
from coursekit.core.notebook_i18n import read_notebook, translate_notebook
from coursekit.core.notebooks import notebooks_in
from coursekit.core.terminology import forbidden_variants, normalised
from coursekit.core.translations import translator
from coursekit.sphinxext.pedagogy import front_matter_durations, module_exercise
from coursekit.testing.outputs import REPO_ROOT, run_make
from coursekit.tools.kit import trainer_guide_name
from tests.translation_corpus import replace_msgstr

MODULE_SOURCES = sorted((REPO_ROOT / "course").glob("0*.md"))
TIMED_PAGES = [*MODULE_SOURCES, REPO_ROOT / "course" / "synthese.md"]


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def table_rows(page_html: str, css_class: str) -> list[list[list[str]]]:
    """Every table of that class, as rows of cell texts (header row included)."""
    tables = re.findall(rf'<table class="[^"]*\b{css_class}\b.*?</table>', page_html, re.S)
    return [
        [
            [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
        ]
        for table in tables
    ]


def minutes_of(text: str) -> int:
    """``1 h 05``, ``1 hr 05 min``, ``40 min``, ``2 h``, ``2 hr`` → minutes."""
    match = re.fullmatch(r"(?:(\d+) hr?)?\s*(?:(\d+)(?: min)?)?", text.strip())
    assert match and any(match.groups()), f"not a duration: {text!r}"
    hours, minutes = match.groups()
    return int(hours or 0) * 60 + int(minutes or 0)


def clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def declared() -> dict[str, dict[str, int]]:
    return {page.stem: front_matter_durations(page) for page in TIMED_PAGES}


@pytest.mark.parametrize("language", all_languages())
def test_programme_table_is_derived_from_the_parts(build_dir, language):
    rows = table_rows((build_dir / "html" / language / "index.html").read_text(encoding="utf-8"), "course-overview")[0]
    body, total = rows[1:-1], rows[-1]
    parts = declared()
    assert len(body) == len(parts)
    for (name, module_parts), row in zip(parts.items(), body, strict=False):
        lesson, review, practice, whole = (minutes_of(cell) if cell != "—" else 0 for cell in row[1:])
        assert lesson == module_parts["lesson"], name
        assert review == module_parts.get("review", 0), name
        assert practice == module_parts.get("exercise", module_parts.get("assessment")), name
        assert whole == lesson + review + practice == sum(module_parts.values()), name
    assert minutes_of(total[-1]) == sum(sum(module_parts.values()) for module_parts in parts.values())


@pytest.mark.parametrize("language", all_languages())
@pytest.mark.parametrize("module", MODULE_SOURCES, ids=lambda path: path.stem)
def test_module_and_exercise_pages_show_the_declared_minutes(build_dir, language, module):
    parts = front_matter_durations(module)
    page = (build_dir / "html" / language / "course" / f"{module.stem}.html").read_text(encoding="utf-8")
    line = text_of(re.search(r'class="module-duration">(.*?)</p>', page, re.S)[1])
    total = re.search(r":\s*([^(]+?)\s*\(", line)[1]
    assert minutes_of(total) == sum(parts.values()), line
    assert [minutes_of(value) for value in re.findall(r"(\d+ min)", line.split("(", 1)[1])] == list(parts.values())
    exercise = module_exercise(module)
    exercise_page = text_of((build_dir / "html" / language / f"{exercise}.html").read_text(encoding="utf-8"))
    shown = re.search(r"(?:Durée estimée|Estimated time)\s*:\s*(\d+ min)", exercise_page)
    assert shown and minutes_of(shown[1]) == parts["exercise"], exercise


@pytest.mark.parametrize("module", MODULE_SOURCES, ids=lambda path: path.stem)
def test_exercise_minutes_match_their_rationale(module):
    """The trainer note of each notebook breaks the exercise down; its parts add up to the declared minutes."""
    notebook = read_notebook(REPO_ROOT / f"{module_exercise(module)}.ipynb")
    rationale = next(
        cell.source for cell in notebook.cells if is_trainer_note(cell) and "déroulé conseillé" in cell.source
    )
    heading, breakdown = rationale.split("**", 2)[1:]
    stated = int(re.search(r"\((\d+) minutes\)", heading)[1])
    steps = [
        int(value)
        for value in re.findall(r"(\d+) minutes", breakdown)
        if not re.search(rf"dont {value} minutes", breakdown)
    ]
    assert stated == front_matter_durations(module)["exercise"]
    assert sum(steps) == stated, steps


def agendas(build_dir: Path, language: str) -> list[tuple[str, list[tuple[int, int, str, int]]]]:
    page = (build_dir / "html" / language / "course" / "plan-de-session.html").read_text(encoding="utf-8")
    titles = [
        text_of(title) for title in re.findall(r'<p class="[^"]*\bsession-plan-title\b[^"]*">(.*?)</p>', page, re.S)
    ]
    plans = []
    for title, rows in zip(titles, table_rows(page, "session-agenda"), strict=False):
        slots = []
        for time_range, label, length in rows[1:]:
            start, end = time_range.split("–")
            slots.append((clock(start), clock(end), label, minutes_of(length)))
        plans.append((title, slots))
    assert len(plans) == 2
    return plans


PAUSES = {"fr": ("Pause", "Déjeuner"), "en": ("Break", "Lunch")}


@pytest.mark.parametrize("language", all_languages())
def test_session_plans_are_computed_and_humane(build_dir, language):
    (half_title, half), (full_title, full) = agendas(build_dir, language)
    for title, slots in ((half_title, half), (full_title, full)):
        # The heading says what the table does: its first and last times.
        start, end = re.search(r"(\d\d:\d\d)–(\d\d:\d\d)", title).groups()
        assert (clock(start), clock(end)) == (slots[0][0], slots[-1][1]), title
        learning = sum(length for _, _, label, length in slots if label not in PAUSES[language])
        assert minutes_of(re.search(r"\(([^)]*?) (?:de formation|of learning)\)", title)[1]) == learning, title
        stretch = 0
        for (start, end, label, length), following in zip(slots, [*slots[1:], None], strict=False):
            assert end - start == length, label
            if following:
                assert following[0] == end, "slots follow each other"
            stretch = 0 if label in PAUSES[language] else stretch + length
            assert stretch <= 90, f"{title}: more than 90 minutes without a break at {label}"
    assert half[-1][1] - half[0][0] <= 210
    labels = [label for _, _, label, _ in full]
    assert labels.count(PAUSES[language][1]) == 1 and labels.count(PAUSES[language][0]) >= 2
    learning = sum(length for _, _, label, length in full if label not in PAUSES[language])
    assert 5 * 60 <= learning <= 6 * 60 + 30, "a full day is about six hours of learning"
    page = text_of((build_dir / "html" / language / "course" / "plan-de-session.html").read_text(encoding="utf-8"))
    assert re.search(r"(autonomie|self-study)[^:]*: Module", page), "the modules left for self-study are listed"


def objective_map_rows(build_dir: Path, language: str) -> list[list[str]]:
    page = (build_dir / "html" / language / "course" / "plan-de-session.html").read_text(encoding="utf-8")
    return table_rows(page, "objective-map")[0][1:]


def declared_objectives() -> list[tuple[str, str]]:
    found = []
    for module in MODULE_SOURCES:
        found += re.findall(r"^- \{objective\}`(M\d+\.\d+) (\w+)`", module.read_text(encoding="utf-8"), re.M)
    return found


@pytest.mark.parametrize("language", all_languages())
def test_every_objective_is_assessed_in_its_module_and_in_the_final_assessment(build_dir, language):
    rows = objective_map_rows(build_dir, language)
    objectives = declared_objectives()
    assert [row[0].split()[0] for row in rows] == [objective for objective, _level in objectives]
    for objective, _level, module_questions, exercise, final in rows:
        assert module_questions != "—" or exercise != "—", objective
        assert final != "—", objective
    higher = [level for _objective, level in objectives if level in {"apply", "analyse", "evaluate", "create"}]
    assert 2 * len(higher) >= len(objectives), "at least half the objectives at apply, analyse or evaluate"


def quiz_questions(page_html: str) -> list[str]:
    starts = [match.start() for match in re.finditer(r'<div class="quiz-question', page_html)]
    return [page_html[start:end] for start, end in zip(starts, [*starts[1:], len(page_html)], strict=False)]


@pytest.mark.parametrize("language", all_languages())
def test_final_assessment_is_scoreable(build_dir, language):
    page = (build_dir / "html" / language / "course" / "synthese.html").read_text(encoding="utf-8")
    questions = quiz_questions(page)
    assert len(questions) >= 15
    assert re.search(r'class="pass-mark"><strong>[^<]+</strong>\s*\d+ [^<]*\d+ [^<]*\(\d+\s?%\)', page), "a pass mark"
    source = (REPO_ROOT / "course" / "synthese.md").read_text(encoding="utf-8")
    blocks = re.findall(r"::::\{quiz-question\}\n:type: ([\w-]+)\n:assesses: ([^\n]+)\n(.*?)\n::::\n", source, re.S)
    assert len(blocks) == len(questions)
    modules_per_question = []
    for (question_type, assesses, body), rendered in zip(blocks, questions, strict=False):
        flags = re.findall(r"^- \[([ x])\] ", body, re.M)
        options = re.findall(r"<li[^>]*>(.*?)</li>", rendered.split("answer-toggle")[0], re.S)
        assert len(options) == len(flags) >= 2
        letters = ", ".join("abcdefgh"[index] for index, flag in enumerate(flags) if flag == "x")
        key = text_of(re.search(r'class="quiz-key"[^>]*>(.*?)</p>', rendered, re.S)[1])
        assert key.endswith(letters), (key, letters)
        assert "[x]" not in rendered and "[ ]" not in rendered, "the flags never reach the page"
        shown = text_of(re.search(r'class="quiz-assesses"[^>]*>(.*?)</p>', rendered, re.S)[1])
        assert shown.endswith(", ".join(assesses.split())), (shown, assesses)
        assert not re.search(r"\(M\d\.\d", body), "objective ids are shown from :assesses:, never typed again"
        if question_type != "multiple":
            assert flags.count("x") == 1
        modules_per_question.append({objective.split(".")[0] for objective in assesses.split()})
    assert any(len(modules) >= 2 for modules in modules_per_question), "an integrative case across modules"
    covered = {objective for _type, assesses, _body in blocks for objective in assesses.split()}
    assert covered == {objective for objective, _level in declared_objectives()}


def test_option_flags_are_not_translatable():
    catalog = (REPO_ROOT / "locales" / "en" / "LC_MESSAGES" / "course" / "synthese.po").read_text(encoding="utf-8")
    assert not re.search(r'^msgid "\[[ x]\]', catalog, re.M)
    assert 'msgid "Directeur financier"' in catalog, "option texts are messages"


def words(text: str) -> str:
    """Letters and digits only: quotes, spaces and markup differ between Markdown, HTML and plain text."""
    return " ".join(re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", text)).lower()))


def trainer_notes(language: str) -> list[str]:
    """The opening words of every facilitation note, in that language, without their bold title."""
    notes = []
    for notebook_path in notebooks_in(REPO_ROOT / "exercises"):
        docname = f"exercises/{notebook_path.stem}"
        notebook = translate_notebook(read_notebook(notebook_path), translator(language, docname))
        for cell in notebook.cells:
            if is_trainer_note(cell):
                body = re.sub(r"^\*\*[^*]+\*\*", "", cell.source.strip())
                notes.append(" ".join(words(body).split()[:10]))
    assert len(notes) >= 6
    return notes


def epub_texts(build_dir: Path, language: str) -> dict[str, str]:
    import zipfile

    book = next((build_dir / "epub" / language).glob("*.epub"))
    with zipfile.ZipFile(book) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xhtml", ".html", ".ncx"))
        }


@pytest.mark.parametrize("language", all_languages())
def test_trainer_notes_are_only_in_the_trainer_kit(build_dir, language):
    import zipfile

    public = {
        str(page): words(page.read_text(encoding="utf-8")) for page in (build_dir / "html" / language).rglob("*.html")
    }
    public |= {name: words(text) for name, text in epub_texts(build_dir, language).items()}
    kit = build_dir / "kit" / language
    with zipfile.ZipFile(
        next(path for path in kit.glob("*.zip") if "learner" in path.name or "apprenant" in path.name)
    ) as archive:
        # The PDFs are read by tests/test_pdf.py (pdftotext), which holds them to the same rule.
        public |= {
            name: words(archive.read(name).decode("utf-8")) for name in archive.namelist() if not name.endswith(".pdf")
        }
    with zipfile.ZipFile(
        next(path for path in kit.glob("*.zip") if "trainer" in path.name or "formateur" in path.name)
    ) as archive:
        guide = next(name for name in archive.namelist() if name.endswith("/" + trainer_guide_name(language)))
        guide_text = words(archive.read(guide).decode("utf-8"))
    for note in trainer_notes(language):
        assert note in guide_text, f"the trainer guide holds every note: {note}"
        leaks = [name for name, text in public.items() if note in text]
        assert leaks == [], f"a facilitation note in public outputs: {note}"


@pytest.mark.parametrize("language", all_languages())
def test_the_ebook_is_a_readers_book(build_dir, language):
    texts = epub_texts(build_dir, language)
    assert not [name for name in texts if re.search(r"(traduire|plan-de-session)\.xhtml$", name)]
    assert not [
        name for name, text in texts.items() if re.search(r'href="[^"]*(traduire|plan-de-session)\.xhtml', text)
    ]
    for page in ("traduire", "plan-de-session"):
        assert (build_dir / "html" / language / "course" / f"{page}.html").exists(), "still on the website"


def page_text_without_terminology_table(page_html: str) -> str:
    page_html = re.sub(r'<table class="[^"]*\bterminology\b.*?</table>', " ", page_html, flags=re.S)
    # The English edition names the French titles in a marked aside, for readers who work with French companies.
    page_html = re.sub(r'<div class="[^"]*\bcountry-aside\b.*?</div>', " ", page_html, flags=re.S)
    page_html = re.sub(r"<(pre|code)\b.*?</\1>", " ", page_html, flags=re.S)
    return normalised(html.unescape(re.sub(r"<[^>]+>", " ", page_html)))


@pytest.mark.parametrize("language", all_languages())
def test_no_built_page_uses_a_forbidden_variant(build_dir, language):
    """The website and the e-book, as readers get them, use one term per concept (locales/terminology.csv)."""
    variants = forbidden_variants(language)
    assert language != "en" or len(variants) >= 10
    pages = {str(page): page.read_text(encoding="utf-8") for page in (build_dir / "html" / language).rglob("*.html")}
    pages |= epub_texts(build_dir, language)
    offenders = []
    for name, page_html in pages.items():
        if re.search(r"(^|/)(sources|glossaire)\.x?html$", name):
            continue  # the sources page quotes the article it corrects; the glossary defines the French terms
        text = page_text_without_terminology_table(page_html)
        offenders += [f"{name}: {variant.variant}" for variant in variants if variant.pattern.search(text)]
    assert offenders == []


@pytest.mark.parametrize(
    ("catalog", "msgid", "msgstr", "variant"),
    [
        ("figures.po", "CEO ou PDG", "CEO or PDG", "PDG"),
        ("exercises/01-faut-il-un-coo.po", "Chef d’exploitation", "Chef d’exploitation", "chef d’exploitation"),
    ],
    ids=["figure label", "string a notebook prints"],
)
def test_a_forbidden_variant_in_a_figure_or_a_notebook_fails_the_build(
    repository_copy, tmp_path, catalog, msgid, msgstr, variant
):
    """Figures and notebooks are read as learners read them: a French title in an English figure label or in
    a string a notebook's code prints stops the build, reported at the translator's catalog line."""
    line = replace_msgstr(repository_copy / "locales" / "en" / "LC_MESSAGES" / catalog, msgid, msgstr)
    process = run_make(
        "html-en",
        cwd=repository_copy,
        check=False,
        BUILDDIR=str(tmp_path / "build"),
        SPHINXOPTS="-D nbsphinx_execute=never",
    )
    output = normalised(process.stdout + process.stderr)
    assert process.returncode != 0
    assert f"locales/en/LC_MESSAGES/{catalog}:{line}: WARNING: terminology:" in output, output[-3000:]
    assert normalised(f"“{variant}” is a variant").lower() in output.lower(), output[-3000:]


def test_an_exercise_cell_without_a_paper_instruction_fails_the_build(repository_copy, tmp_path):
    """On paper, the form of an exercise cell comes after a cell tagged 'paper' that says what to write: an
    author who forgets it (here, the tag taken off one) is told which notebook and which cell."""
    path = repository_copy / "exercises" / "03-ceo-ou-coo.ipynb"
    text = path.read_text(encoding="utf-8")
    notebook = json.loads(text)
    paper = next(cell for cell in notebook["cells"] if cell["metadata"].get("tags") == ["paper"])
    following = notebook["cells"][notebook["cells"].index(paper) + 1]
    paper["metadata"]["tags"] = []
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    process = run_make(
        "html-fr",
        cwd=repository_copy,
        check=False,
        BUILDDIR=str(tmp_path / "build"),
        SPHINXOPTS="-D nbsphinx_execute=never",
    )
    output = process.stdout + process.stderr
    assert process.returncode != 0
    assert (
        f"exercises/03-ceo-ou-coo.ipynb: WARNING: an exercise cell without a cell tagged 'paper' before it: "
        f"on paper, nothing would say what to write (cell {following['id']})"
    ) in output, output[-3000:]


@pytest.mark.parametrize("language", all_languages())
def test_next_walks_each_module_then_its_exercise_then_the_synthesis(build_dir, language):
    """A learner pressing Next from the home page: module 1, exercise 1, module 2... exercise 6, synthesis;
    Previous walks the same way back."""
    site = build_dir / "html" / language

    def related(page: str, rel: str) -> str | None:
        found = re.search(rf'<link rel="{rel}"[^>]*href="([^"]+)"', (site / page).read_text(encoding="utf-8"))
        return posixpath.normpath(posixpath.join(posixpath.dirname(page), found[1])) if found else None

    walked, page = [], "index.html"
    while page and page != "course/synthese.html" and len(walked) < 40:
        page = related(page, "next")
        walked.append(page)
    expected = []
    for module in MODULE_SOURCES:
        expected += [f"course/{module.stem}.html", f"{module_exercise(module)}.html"]
    assert walked == [*expected, "course/synthese.html"]
    back = [related(page, "prev") for page in walked]
    assert back == ["index.html", *walked[:-1]]
