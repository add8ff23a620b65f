"""What a learner can download from the website, per language, and what each file is called.

One list for the page that links the files (``coursekit.sphinxext.downloads``), the tool that puts
them beside the pages (``coursekit.tools.downloads``) and the tests. Learners' files only: the
e-book, the course book, the exercise handouts and the learner kit. The trainer guide and the
trainer kit hold the facilitation notes: they stay with trainers (``_build/kit/<lang>/``), never on
a public page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coursekit.core.identity import identity, slugify
from coursekit.core.print_documents import BOOK, HANDOUT, print_documents
from coursekit.core.ui_text import ui_text

# The folder of each language's website that holds them: _build/html/<lang>/downloads/.
DOWNLOADS_FOLDER = "downloads"
EBOOK = "ebook"
LEARNER_KIT = "learner-kit"


@dataclass(frozen=True)
class Download:
    kind: str  # EBOOK, BOOK, HANDOUT or LEARNER_KIT
    name: str  # the file's name, on the website as in the build
    source: str  # where the build writes it, relative to the build folder
    document: str | None = None  # for a handout: its exercise (a docname)


def kit_file_name(language: str, kit_edition: str) -> str:
    source = "kit-apprenant" if kit_edition == "learner" else "kit-formateur"
    # Literal calls, so that ``make update-po`` extracts both words (a variable would be missed).
    translated = ui_text("kit-apprenant", language) if kit_edition == "learner" else ui_text("kit-formateur", language)
    # A translated word becomes part of a file name: reduced to a slug, it cannot name a path.
    suffix = slugify(translated) or source
    return f"{identity(language).file_stem}-{suffix}.zip"


def downloads(srcdir: Path, language: str) -> list[Download]:
    """The learner's files of one language, in the order the page lists them."""
    stem = identity(language).file_stem
    files = [Download(EBOOK, f"{stem}.epub", f"epub/{language}/{stem}.epub")]
    for document in print_documents(srcdir, language):
        if document.kind in (BOOK, HANDOUT):
            start = document.start if document.kind == HANDOUT else None
            files.append(Download(document.kind, f"{document.name}.pdf", f"pdf/{language}/{document.name}.pdf", start))
    kit = kit_file_name(language, "learner")
    files.append(Download(LEARNER_KIT, kit, f"kit/{language}/{kit}"))
    return files
