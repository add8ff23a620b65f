"""A small course in a Sphinx project of its own (sphinx.testing): a module quiz, a final assessment, a progress page.

The fast tests of the quiz extension, of the quiz script and of the SCORM runtime build it; each asks for the
final assessment it needs (``final_page``).
"""

from __future__ import annotations

from pathlib import Path

CONF = """
extensions = ["myst_parser", "coursekit.sphinxext.quiz", "coursekit.sphinxext.progress"]
language = "{language}"
locale_dirs = ["locales/"]
gettext_compact = False
myst_enable_extensions = ["colon_fence", "deflist"]
"""
MODULE = """# Module

:::::{quiz}

::::{quiz-question}
:type: single
:assesses: M1.1

Qui fixe les objectifs ?

- [ ] Le COO

  Non : le COO les exécute.
- [x] Le CEO

:::{answer}
Le CEO décide.
:::
::::

::::{quiz-question}
:type: ordering
:assesses: M1.2

Remettez dans l’ordre.

- [2] Choisir la personne.
- [3] Expliquer le résultat.
- [1] Choisir la tâche.

:::{answer}
La tâche, la personne, le résultat.
:::
::::
:::::
"""
TRUE_FALSE = """::::{quiz-question}
:type: true-false
:assesses: M1.1

Le COO fixe les objectifs.

- [ ] Vrai
- [x] Faux

:::{answer}
Non.
:::
::::
"""
SINGLE = """::::{quiz-question}
:type: single
:assesses: M1.2

Qui rend compte au conseil ?

- [x] Le CEO
- [ ] Le COO
- [ ] L’équipe

:::{answer}
Le CEO.
:::
::::
"""
MULTIPLE = """::::{quiz-question}
:type: multiple
:assesses: M1.3

Quelles missions sont celles du COO ?

- [x] Les processus
- [ ] La vision
- [x] Les équipes opérationnelles

:::{answer}
Les processus et les équipes.
:::
::::
"""
PAGES = ("module", "final", "progress")


def write(project: Path, name: str, text: str) -> None:
    (project / name).write_text(text, encoding="utf-8")


def final_page(*questions: str, pass_mark: int = 70) -> str:
    """A final assessment of ``questions`` (one true or false question when none is given)."""
    body = "\n".join(questions or (TRUE_FALSE,))
    return f"# Final\n\n:::::{{assessment}}\n:pass-mark: {pass_mark}\n\n{body}:::::\n"


def course_project(source: Path, final: str | None = None, language: str = "fr") -> Path:
    """The small course's sources in ``source``: a home page, the module, the final assessment, the progress page."""
    (source / "locales" / "en" / "LC_MESSAGES").mkdir(parents=True)
    write(source, "conf.py", CONF.format(language=language))
    write(source, "index.md", "# Accueil\n\n```{toctree}\n" + "\n".join(PAGES) + "\n```\n")
    write(source, "module.md", MODULE)
    write(source, "final.md", final or final_page())
    write(source, "progress.md", "# Ma progression\n\n```{course-progress}\n```\n")
    return source
