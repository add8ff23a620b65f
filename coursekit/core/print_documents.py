"""The documents of the print edition, per language: what each PDF is and what it is called.

One list for the Sphinx extension that lays them out (``coursekit.sphinxext.print_edition``), the
tool that compiles them (``coursekit.tools.pdf``), the kits that carry them and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coursekit.core.identity import identity, notebook_file_stem, slugify
from coursekit.core.notebooks import notebooks_in
from coursekit.core.ui_text import ui_text

BOOK = "book"
HANDOUT = "handout"
TRAINER_GUIDE = "trainer-guide"
# The trainer guide is the session plan page, which only there prints the facilitation notes.
SESSION_PLAN_DOC = "course/plan-de-session"


@dataclass(frozen=True)
class PrintDocument:
    start: str  # the Sphinx document it starts from
    name: str  # the file name, without .tex or .pdf
    kind: str  # BOOK, HANDOUT or TRAINER_GUIDE


def handout_name(language: str, notebook: Path) -> str:
    # A translated word becomes part of a file name: reduced to a slug, it cannot name a path.
    word = slugify(ui_text("fiche-exercice", language)) or "fiche-exercice"
    return f"{identity(language).file_stem}-{word}-{notebook_file_stem(notebook, language)}"


def trainer_guide_name(language: str) -> str:
    word = slugify(ui_text("guide-formateur", language)) or "guide-formateur"
    return f"{identity(language).file_stem}-{word}"


def print_documents(srcdir: Path, language: str) -> list[PrintDocument]:
    """The course book, a handout per exercise notebook, the trainer guide."""
    documents = [PrintDocument("index", identity(language).file_stem, BOOK)]
    for notebook in notebooks_in(srcdir / "exercises"):
        documents.append(PrintDocument(f"exercises/{notebook.stem}", handout_name(language, notebook), HANDOUT))
    documents.append(PrintDocument(SESSION_PLAN_DOC, trainer_guide_name(language), TRAINER_GUIDE))
    return documents
