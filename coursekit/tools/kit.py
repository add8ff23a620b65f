"""``make kit``: the training-session kit, per language.

For each language, two zip files under ``_build/kit/<lang>/``:

* the learner kit: the learner edition of every notebook (translated, no
  solution, no trainer note), the feedback helper, a pinned
  ``requirements.txt`` and a README saying how to start JupyterLab;
* the trainer kit: the same with the trainer edition of the notebooks and
  the trainer guide (Sphinx's text build of the session plan page, which
  only there adds each module's facilitation notes; the website and the
  e-book never print them).

Both carry the print edition of ``make pdf`` under ``pdf/`` (the course book
and a handout per exercise; the trainer kit also the trainer guide's PDF),
when TeX Live was there to make it.

Zip entries are sorted and dated ``SOURCE_DATE_EPOCH`` (default: 1980-01-01),
so the same sources give the same bytes.

Usage: ``python -m coursekit.tools.kit <build dir> [languages...]``
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat

from coursekit.core.catalog_checks import check_language_catalogs, explain
from coursekit.core.editions import EDITIONS, edition
from coursekit.core.identity import identity, slugify
from coursekit.core.kit_requirements import pinned_requirements
from coursekit.core.languages import build_folder_and_languages
from coursekit.core.notebook_i18n import read_notebook, translate_notebook
from coursekit.core.notebooks import notebooks_in
from coursekit.core.paths import REPO_ROOT
from coursekit.core.print_documents import TRAINER_GUIDE, print_documents
from coursekit.core.translations import translator
from coursekit.core.ui_text import ui_format, ui_text
from coursekit.core.zips import write_zip

NOTEBOOKS_DIR = REPO_ROOT / "exercises"
HELPER_MODULE = NOTEBOOKS_DIR / "coo_feedback.py"
DATA_DIR = NOTEBOOKS_DIR / "data"
SESSION_PLAN_DOC = "course/plan-de-session"


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
        ui_text("## Démarrer en deux commandes", language),
        "",
        ui_text("Avec Python 3.11 ou plus récent, dans ce dossier :", language),
        "",
        "```sh",
        "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt",
        ".venv/bin/jupyter lab",
        "```",
        "",
        ui_text("Sous Windows, remplacez `.venv/bin/` par `.venv\\Scripts\\`.", language),
        "",
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


def trainer_guide_name(language: str) -> str:
    # A translated word becomes part of a file name: reduced to a slug, it cannot name a path.
    translated = ui_text("guide-formateur", language)  # outside the f-string, where extraction finds it
    return f"{slugify(translated) or 'guide-formateur'}.txt"


def kit_file_name(language: str, kit_edition: str) -> str:
    source = "kit-apprenant" if kit_edition == "learner" else "kit-formateur"
    # Literal calls, so that ``make update-po`` extracts both words (a variable would be missed).
    translated = ui_text("kit-apprenant", language) if kit_edition == "learner" else ui_text("kit-formateur", language)
    # A translated word becomes part of a file name: reduced to a slug, it cannot name a path.
    suffix = slugify(translated) or source
    return f"{identity(language).file_stem}-{suffix}.zip"


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
    steps = len(languages) * len(EDITIONS)
    written = []
    step = 0
    for language in languages:
        for kit_edition in EDITIONS:
            step += 1
            target = build_dir / "kit" / language / kit_file_name(language, kit_edition)
            print(f"[{step}/{steps}] {language} {kit_edition}: {len(notebooks)} notebooks…", flush=True)
            files = {path.name: notebook_edition(path, language, kit_edition) for path in notebooks}
            files[HELPER_MODULE.name] = HELPER_MODULE.read_bytes()
            files["requirements.txt"] = pinned_requirements().encode()
            printed = print_edition(build_dir, language, kit_edition)
            files |= printed
            files["README.md"] = readme(language, kit_edition, with_pdf=bool(printed)).encode("utf-8")
            if DATA_DIR.is_dir():
                files |= {
                    f"data/{path.name}": path.read_bytes() for path in sorted(DATA_DIR.iterdir()) if path.is_file()
                }
            if kit_edition == "trainer":
                print(f"[{step}/{steps}] {language} {kit_edition}: trainer guide…", flush=True)
                files[trainer_guide_name(language)] = session_plan_text(build_dir, language)
            write_kit(target, files)
            print(
                f"[{step}/{steps}] {shown_path(target, build_dir)}",
                flush=True,
            )
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    build_dir, languages = build_folder_and_languages(sys.argv[1:] if argv is None else argv)
    # The kits read the catalogs themselves, outside Sphinx and its guard: the same checks first.
    findings = [str(finding) for language in languages for finding in check_language_catalogs(language)]
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
