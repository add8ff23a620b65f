"""Authoring mistakes are located warnings: one ``-W`` build lists every one, each with its file and line."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

CONF = """
extensions = [
    "coursekit.sphinxext.dependencies",
    "myst_parser",
    "coursekit.sphinxext.pedagogy",
    "coursekit.sphinxext.quiz",
]
language = "fr"
myst_enable_extensions = ["colon_fence", "deflist"]
"""
# Three different mistakes on one page: a duration part that does not exist (line 1, the front matter),
# a review question that names no objective (line 6), a single-answer question with two right answers (line 14).
PAGE = """---
durations: {lesson: 10, nap: 5, exercise: 25}
---
# Module

::::{question}
Pourquoi ?

:::{answer}
Parce que.
:::
::::

::::{quiz-question}
:type: single
:assesses: M1.1

Qui ?

- [x] Le CEO
- [x] Le COO

:::{answer}
Le CEO.
:::
::::
"""


def test_three_mistakes_are_three_located_warnings_of_one_build(tmp_path):
    project = tmp_path / "src"
    project.mkdir()
    (project / "conf.py").write_text(CONF, encoding="utf-8")
    (project / "index.md").write_text(PAGE, encoding="utf-8")
    # Twice: a failed build is read again (coursekit.sphinxext.dependencies), so its warnings come back
    # instead of hiding behind an environment saved before them.
    for attempt in ("first", "second"):
        app = SphinxTestApp("html", srcdir=project, warningiserror=True)
        try:
            app.build()
        finally:
            app.cleanup()
        warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())  # without the terminal's colours
        expected = [
            (1, "unknown part(s) in 'durations': nap", "course.durations"),
            (6, "a {question} names the objectives it assesses", "course.question"),
            (14, "a single question has exactly one correct option", "course.quiz"),
        ]
        for line, message, kind in expected:
            pattern = rf"index\.md:{line}: WARNING: {re.escape(message)}.*\[{re.escape(kind)}\]"
            assert re.search(pattern, warnings), (attempt, line, warnings)
        assert app.statuscode == 1, attempt  # -W: the build fails, once every page was read and written
        assert Path(app.outdir, "index.html").exists()
