"""The course's own checks, in a two-page Sphinx project (sphinx.testing): each mistake a located warning.

Reading time, objectives assessed twice, one term per concept: each was a ``make html-fr`` on a copy of
the repository; one small build shows all three, at their file and line, in a build that fails (``-W``).
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

CONF = """
extensions = [
    "myst_parser",
    "coursekit.sphinxext.pedagogy",
    "coursekit.sphinxext.quiz",
    "coursekit.sphinxext.objectives",
    "coursekit.sphinxext.term_check",
]
language = "fr"
myst_enable_extensions = ["colon_fence", "deflist"]
"""
LESSON = " ".join(["Le COO pilote les opérations de l’entreprise au quotidien."] * 40)  # 360 words: 2 min
MODULE = f"""---
durations: {{lesson: 1, review: 5, exercise: 25}}
---
# Module

:::{{objectives}}
- {{objective}}`M1.1 apply` Répartir les missions.
- {{objective}}`M1.2 evaluate` Juger une organisation.
:::

{LESSON}

Il faut aussi garder la main sur son temps.

::::{{question}}
:assesses: M1.1 M1.2

Pourquoi ?

:::{{answer}}
Parce que.
:::
::::
"""
FINAL = """---
durations: {lesson: 5, assessment: 35}
---
# Synthèse

:::::{assessment}
:pass-mark: 70

::::{quiz-question}
:type: true-false
:assesses: M1.1

Le COO répartit les missions.

- [x] Vrai
- [ ] Faux

:::{answer}
Oui.
:::
::::
:::::
"""


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_reading_time_objectives_and_terminology_are_located_warnings_of_one_build(tmp_path):
    project = tmp_path / "src"
    project.mkdir()
    (project / "conf.py").write_text(CONF, encoding="utf-8")
    (project / "index.md").write_text("# Cours\n\n```{toctree}\nmodule\nfinal\n```\n", encoding="utf-8")
    (project / "module.md").write_text(MODULE, encoding="utf-8")
    (project / "final.md").write_text(FINAL, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=project, warningiserror=True)
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    expected = [
        (1, r"lesson time 1 min is shorter than the reading time of its \d+ words", "course.reading-time"),
        (
            line_of(MODULE, "M1.2 evaluate"),
            "objective M1.2 is assessed by no question of the final",
            "course.objectives",
        ),
        (line_of(MODULE, "garder la main"), "maîtriser son temps", "course.terminology"),
    ]
    for line, message, kind in expected:
        assert re.search(rf"module\.md:{line}: WARNING: [^\n]*{message}[^\n]*\[{re.escape(kind)}\]", warnings), (
            line,
            message,
            warnings,
        )
    assert "M1.1 is assessed" not in warnings  # assessed in its module and in the final assessment
    assert app.statuscode == 1
    assert Path(app.outdir, "module.html").exists()


def test_questions_are_numbered_and_the_assessment_names_and_links_every_objective(tmp_path):
    project = tmp_path / "src"
    project.mkdir()
    (project / "conf.py").write_text(CONF, encoding="utf-8")
    (project / "index.md").write_text("# Cours\n\n```{toctree}\nmodule\nfinal\n```\n", encoding="utf-8")
    (project / "module.md").write_text(MODULE, encoding="utf-8")
    second = FINAL.replace(":assesses: M1.1", ":assesses: M1.2").split(":::::{assessment}\n:pass-mark: 70\n")[1]
    (project / "final.md").write_text(FINAL.replace("::::\n:::::", "::::\n" + second.rstrip("\n")), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=project)
    try:
        app.build()
    finally:
        app.cleanup()
    final = Path(app.outdir, "final.html").read_text(encoding="utf-8")
    module = Path(app.outdir, "module.html").read_text(encoding="utf-8")
    # The numbers the objective map gives (Q1, Q2), on the pages.
    numbers = re.findall(r'<p class="question-number"><strong>(Question \d+)</strong></p>', final)
    assert numbers == ["Question 1", "Question 2"], final
    assert re.findall(r'class="question-number"><strong>(Question \d+)<', module) == ["Question 1"]
    # Every objective of the course, by name, linked to its place in its module, in course order.
    listed = re.search(r'<div class="assessment-objectives docutils container">(.*?)</div>', final, re.S)
    assert listed, final
    links = re.findall(
        r'<li class="revisit-(m1-\d)"><p><a class="reference internal" href="([^"]+)">([^<]+)</a>', listed[1]
    )
    assert links == [
        ("m1-1", "module.html#objective-m1-1", "M1.1 — Répartir les missions."),
        ("m1-2", "module.html#objective-m1-2", "M1.2 — Juger une organisation."),
    ], listed[1]
    assert 'id="objective-m1-1"' in module
