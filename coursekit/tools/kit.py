"""``make kit``: the training-session kit, per language.

For each language, two zip files under ``_build/kit/<lang>/``:

* the learner kit: the learner edition of every notebook (translated, no
  solution, no trainer note), the feedback helper, a pinned
  ``requirements.txt`` and a README saying how to start JupyterLab;
* the trainer kit: the same with the trainer edition of the notebooks and
  the trainer guide (Sphinx's text build of the session plan page, which
  only there adds each module's facilitation notes; the website and the
  e-book never print them).

Both also carry, under ``data/``, the data files the notebooks read: only
those listed one by one in ``course.toml`` (``[kits] data``), each a regular
file of ``exercises/data/`` with a plain, visible name. Whatever else lies in
that folder (an ``.env``, an editor's backup) is never shipped, and a listed
name that is hidden, climbs out of the folder, or is a symbolic link stops the
kit with the ``course.toml`` line that lists it.

Both carry the print edition of ``make pdf`` under ``pdf/`` (the course book
and a handout per exercise; the trainer kit also the trainer guide's PDF),
when TeX Live was there to make it.

Zip entries are sorted and dated ``SOURCE_DATE_EPOCH`` (default: 1980-01-01),
so the same sources give the same bytes.

Usage: ``python -m coursekit.tools.kit <build dir> [languages...]``
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import nbformat

from coursekit.core.downloads import kit_file_name
from coursekit.core.editions import EDITIONS, edition
from coursekit.core.identity import identity, notebook_file_stem, slugify
from coursekit.core.kit_requirements import pinned_requirements, start_commands
from coursekit.core.notebook_i18n import read_notebook, translate_notebook
from coursekit.core.notebooks import notebooks_in
from coursekit.core.paths import COURSE_FILE, REPO_ROOT
from coursekit.core.print_documents import TRAINER_GUIDE, print_documents
from coursekit.core.translations import only_published, translator
from coursekit.core.ui_text import ui_format, ui_text
from coursekit.core.zips import remove_other_outputs, write_zip
from coursekit.sphinxext.catalog_checks import (
    check_language_catalogs,
    configured_myst_extensions,
    configured_terminology_exempt,
    entries_passed,
    explain,
)
from coursekit.tools.command_line import build_folder_and_languages

NOTEBOOKS_DIR = REPO_ROOT / "exercises"
HELPER_MODULE = NOTEBOOKS_DIR / "coo_feedback.py"
DATA_DIR = NOTEBOOKS_DIR / "data"
SESSION_PLAN_DOC = "course/plan-de-session"
# A data file's name: visible (no leading dot), in the data folder itself (no separator, no `..`).
DATA_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class KitError(Exception):
    """A kit input that must not be shipped, named with the file and line that asks for it."""


def listed_data_files(course_file: Path = COURSE_FILE) -> list[tuple[str, int]]:
    """The names ``[kits] data`` lists, each with the line of ``course_file`` that lists it."""
    text = course_file.read_text(encoding="utf-8")
    names = tomllib.loads(text).get("kits", {}).get("data", [])
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise KitError(f"{shown(course_file)}: [kits] data must be a list of file names")
    lines = text.splitlines()

    def line_of(name: str) -> int:
        quoted = (f'"{name}"', f"'{name}'")
        return next((number for number, line in enumerate(lines, 1) if any(q in line for q in quoted)), 0)

    return [(name, line_of(name)) for name in names]


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file; a symbolic link is refused, not followed (one open)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise IsADirectoryError(path)
        return stream.read()


def data_files(course_file: Path = COURSE_FILE, data_dir: Path = DATA_DIR) -> dict[str, bytes]:
    """The data files the kits ship, as ``data/<name>``: those listed, each checked, none other."""
    files = {}
    for name, line in listed_data_files(course_file):
        where = f"{shown(course_file)}:{line}: [kits] data: {name!r}"
        if not DATA_FILE_NAME.fullmatch(name) or name in {".", ".."}:
            raise KitError(f"{where}: not a plain, visible file name of {shown(data_dir)}/ (hidden files never ship)")
        path = data_dir / name
        if data_dir.is_symlink() or path.is_symlink():
            link = data_dir if data_dir.is_symlink() else path
            raise KitError(f"{where}: {shown(link)} is a symbolic link: kits ship only regular files")
        try:
            files[f"data/{name}"] = read_regular_file(path)
        except FileNotFoundError:
            raise KitError(f"{where}: {shown(path)} does not exist") from None
        except OSError:
            # ELOOP: it became a symbolic link after the check above; anything else is not a regular file.
            raise KitError(f"{where}: {shown(path)} is not a regular file: kits ship only regular files") from None
    return files


def shown(path: Path) -> str:
    """A path as messages show it: relative to the repository when it is inside."""
    return path.relative_to(REPO_ROOT).as_posix() if path.is_relative_to(REPO_ROOT) else str(path)


def readme(language: str, kit_edition: str, with_pdf: bool = False) -> str:
    course = identity(language)
    heading = (
        ui_text("Kit de formation — édition apprenant", language)
        if kit_edition == "learner"
        else ui_text("Kit de formation — édition formateur", language)
    )
    lines = [
        f"# {course.title} — {heading}",
        "",
        ui_text("Ce dossier contient les carnets d’exercices du cours, prêts à ouvrir dans JupyterLab.", language),
        "",
        ui_text("## Démarrer", language),
        "",
        ui_text(
            "Installez une fois Python 3.11 ou plus récent (python.org). Ouvrez ensuite un terminal dans ce "
            "dossier et tapez les trois commandes de votre système, une par une. Les fois suivantes, "
            "seule la dernière est nécessaire.",
            language,
        ),
        "",
        *start_block(ui_text("### Windows (PowerShell)", language), "windows", "powershell"),
        *start_block(ui_text("### macOS ou Linux (Terminal)", language), "posix", "sh"),
        ui_text(
            "JupyterLab s’ouvre dans votre navigateur : ouvrez un carnet, "
            "puis exécutez ses cellules dans l’ordre, de haut en bas.",
            language,
        ),
        "",
        ui_text("## Contenu", language),
        "",
        ui_text("- `*.ipynb` : un carnet d’exercices par module ;", language),
        ui_text("- `coo_feedback.py` : le module qui vérifie vos réponses et vous donne un indice ;", language),
        ui_text("- `requirements.txt` : les versions exactes des logiciels utilisés.", language),
    ]
    if with_pdf:
        lines.append(ui_text("- `pdf/` : le cours et une fiche par exercice, à imprimer.", language))
    if kit_edition == "trainer":
        lines.append(
            ui_format(
                "- `{guide}` : le guide du formateur : horaires, carte des objectifs et notes d’animation.",
                language,
                guide=trainer_guide_name(language),
            )
        )
        lines += [
            "",
            ui_text(
                "Cette édition contient les solutions et les notes d’animation : ne la distribuez pas aux apprenants.",
                language,
            ),
        ]
    return "\n".join(lines) + "\n"


def start_block(heading: str, system: str, lexer: str) -> list[str]:
    """A README section: the system's heading, then its commands (``coursekit.core.kit_requirements``)."""
    return [heading, "", f"```{lexer}", *start_commands(system), "```", ""]


def trainer_guide_name(language: str) -> str:
    # A translated word becomes part of a file name: reduced to a slug, it cannot name a path.
    translated = ui_text("guide-formateur", language)  # outside the f-string, where extraction finds it
    return f"{slugify(translated) or 'guide-formateur'}.txt"


def notebook_edition(path: Path, language: str, kit_edition: str) -> bytes:
    docname = path.relative_to(REPO_ROOT).with_suffix("").as_posix()
    notebook = edition(translate_notebook(read_notebook(path), translator(language, docname)), kit_edition)
    notebook.metadata["language_info"] = {"name": "python"}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nbformat.writes(notebook).encode("utf-8") + b"\n"


def session_plan_text(build_dir: Path, language: str) -> bytes:
    """The session plan page, rendered by Sphinx's text builder.

    It reuses the doctrees of the language's website build (same settings), so
    nothing is read or executed again when that build is up to date.
    """
    output = build_dir / "text" / language
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "text",
        "-q",
        "--fail-on-warning",
        "-D",
        f"language={language}",
        "-d",
        str(build_dir / "doctrees" / language),
        str(REPO_ROOT),
        str(output),
    ]
    subprocess.run(command, check=True)
    return (output / f"{SESSION_PLAN_DOC}.txt").read_bytes()


def print_edition(build_dir: Path, language: str, kit_edition: str) -> dict[str, bytes]:
    """The PDFs of ``make pdf`` under ``pdf/``: the course book and the handouts in both kits, the trainer
    guide in the trainer's only. None when the PDFs were skipped (no TeX Live): the kit is the same without."""
    folder = build_dir / "pdf" / language
    files = {}
    for document in print_documents(REPO_ROOT, language):
        path = folder / f"{document.name}.pdf"
        if path.is_file() and (document.kind != TRAINER_GUIDE or kit_edition == "trainer"):
            files[f"pdf/{path.name}"] = path.read_bytes()
    return files


def shown_path(target: Path, build_dir: Path) -> Path:
    """The path to print: relative to the build folder's parent when it is inside it."""
    return target.relative_to(build_dir.parent) if build_dir.parent in target.parents else target


def write_kit(target: Path, files: dict[str, bytes]) -> None:
    """One folder named after the zip, its files sorted by name."""
    folder = target.stem
    target.parent.mkdir(parents=True, exist_ok=True)
    write_zip(target, [(f"{folder}/{name}", files[name], zipfile.ZIP_DEFLATED) for name in sorted(files)])


def build_kits(build_dir: Path, languages: list[str]) -> list[Path]:
    notebooks = notebooks_in(NOTEBOOKS_DIR)
    data = data_files()
    steps = len(languages) * len(EDITIONS)
    written = []
    step = 0
    for language in languages:
        language_kits = []
        for kit_edition in EDITIONS:
            step += 1
            target = build_dir / "kit" / language / kit_file_name(language, kit_edition)
            print(f"[{step}/{steps}] {language} {kit_edition}: {len(notebooks)} notebooks…", flush=True)
            # Named in the kit's language (coursekit.core.identity.notebook_file_stem), as the handouts are.
            files = {
                f"{notebook_file_stem(path, language)}{path.suffix}": notebook_edition(path, language, kit_edition)
                for path in notebooks
            }
            files[HELPER_MODULE.name] = HELPER_MODULE.read_bytes()
            files["requirements.txt"] = pinned_requirements().encode()
            printed = print_edition(build_dir, language, kit_edition)
            files |= printed
            files["README.md"] = readme(language, kit_edition, with_pdf=bool(printed)).encode("utf-8")
            files |= data
            if kit_edition == "trainer":
                print(f"[{step}/{steps}] {language} {kit_edition}: trainer guide…", flush=True)
                files[trainer_guide_name(language)] = session_plan_text(build_dir, language)
            write_kit(target, files)
            print(
                f"[{step}/{steps}] {shown_path(target, build_dir)}",
                flush=True,
            )
            language_kits.append(target)
        remove_other_outputs(build_dir / "kit" / language, "*.zip", language_kits)
        written += language_kits
    return written


def checked_by_the_build(build_dir: Path, language: str) -> dict[str, set[str]]:
    """The entries the catalog guard of ``make html-<language>`` saw pass (its ledger in the doctree folder)."""
    return entries_passed(
        build_dir / "doctrees" / language, configured_myst_extensions(), configured_terminology_exempt()
    )


def main(argv: list[str] | None = None) -> int:
    build_dir, languages = build_folder_and_languages(sys.argv[1:] if argv is None else argv)
    try:
        data_files()  # first: a refused data file stops the kits before any build work
    except KitError as error:
        print(f"kit refused: {error}", file=sys.stderr)
        return 1
    languages = only_published(languages, "training kits")
    # The kits read the catalogs themselves, outside Sphinx and its guard: the same checks first, but for the
    # entries the guard of this language's build has already seen pass under the same rules.
    findings = [
        str(finding)
        for language in languages
        for finding in check_language_catalogs(language, checked_by_the_build(build_dir, language))
    ]
    if findings:
        print(
            "translation catalog refused (see TRANSLATING.md and SECURITY.md):",
            *findings,
            *explain(findings),
            sep="\n",
            file=sys.stderr,
        )
        return 1
    build_kits(build_dir, languages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
