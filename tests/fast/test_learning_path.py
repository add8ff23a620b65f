"""The website's path: each module's Next is its exercise, the exercise's Next the following module.

A small project (sphinx.testing) whose sidebar lists the modules, then the exercises, then a last page.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest

from coursekit.testing.sphinx_project import build

CONF = """
extensions = ["myst_parser", "coursekit.sphinxext.pedagogy", "coursekit.sphinxext.learning_path"]
language = "fr"
myst_enable_extensions = ["colon_fence", "deflist"]
html_theme = "furo"
"""
INDEX = """# Cours

```{toctree}
m1
m2
m3
```

```{toctree}
exercises/e1
exercises/e2
```

```{toctree}
fin
```
"""
MODULE = """---
durations:
  lesson: 5
  review: 5
  exercise: 10
---

# Module {number}

:::{{objectives}}
- Nommer une chose.
:::

Un texte court.

{exercise}
"""


@pytest.fixture
def project(tmp_path) -> Path:
    source = tmp_path / "src"
    (source / "exercises").mkdir(parents=True)
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    (source / "index.md").write_text(INDEX, encoding="utf-8")
    for number in (1, 2):
        link = f"Exercice : {{doc}}`exercises/e{number}`"
        (source / f"m{number}.md").write_text(MODULE.format(number=number, exercise=link), encoding="utf-8")
        (source / "exercises" / f"e{number}.md").write_text(f"# Exercice {number}\n\nÀ faire.\n", encoding="utf-8")
    # A module without an exercise keeps Sphinx's own links.
    (source / "m3.md").write_text(MODULE.format(number=3, exercise=""), encoding="utf-8")
    (source / "fin.md").write_text("# Synthèse\n\nFin.\n", encoding="utf-8")
    return source


def links(outdir: Path, page: str) -> dict[str, str]:
    """Where the page's <link rel="prev"/"next"> point, as page names."""
    html = (outdir / f"{page}.html").read_text(encoding="utf-8")
    here = Path(page).parent
    found = {}
    for rel in ("prev", "next"):
        match = re.search(rf'<link rel="{rel}"[^>]*href="([^"]+)\.html"', html)
        if match:
            found[rel] = posixpath.normpath(posixpath.join(here.as_posix(), match.group(1)))
    # The footer's buttons say the same.
    for rel, css in (("prev", "prev-page"), ("next", "next-page")):
        match = re.search(rf'<a class="{css}" href="([^"]+)\.html"', html)
        assert (match and posixpath.normpath(posixpath.join(here.as_posix(), match.group(1)))) == found.get(rel)
    return found


def test_each_module_leads_to_its_exercise_and_the_exercise_to_the_next_module(project):
    outdir = build(project)
    assert links(outdir, "m1") == {"prev": "index", "next": "exercises/e1"}
    assert links(outdir, "exercises/e1") == {"prev": "m1", "next": "m2"}
    assert links(outdir, "m2") == {"prev": "exercises/e1", "next": "exercises/e2"}
    # The last exercise leads where Sphinx's order goes after it; the module without one keeps its links.
    assert links(outdir, "exercises/e2") == {"prev": "m2", "next": "fin"}
    assert links(outdir, "m3") == {"prev": "m2", "next": "exercises/e1"}


def test_a_changed_path_writes_again_the_pages_on_the_old_and_the_new_one(project):
    build(project)
    # Module 2 now points at exercise 1, module 1 at exercise 2: only the two module pages change,
    # but both exercises' links change with them.
    (project / "m1.md").write_text(MODULE.format(number=1, exercise="{doc}`exercises/e2`"), encoding="utf-8")
    (project / "m2.md").write_text(MODULE.format(number=2, exercise="{doc}`exercises/e1`"), encoding="utf-8")
    outdir = build(project)
    assert links(outdir, "exercises/e2") == {"prev": "m1", "next": "m2"}
    assert links(outdir, "exercises/e1") == {"prev": "m2", "next": "fin"}  # never back to e2
    state = json.loads(next(Path(project, "_build", "doctrees").glob("course-learning-path-html-*.json")).read_text())
    assert state == ["m1", "exercises/e2", "m2", "exercises/e1"]


def test_the_e_book_keeps_the_order_of_the_book(project):
    outdir = build(project, "epub")
    assert not list(Path(project, "_build", "doctrees").glob("course-learning-path-*.json"))
    assert "m1.xhtml" in (outdir / "content.opf").read_text(encoding="utf-8")


def test_two_output_folders_sharing_one_doctree_folder_each_follow_the_path(project, tmp_path):
    """`make livehtml` shares the doctree folder of `make html-<lang>`: a path change it sees first still
    reaches the pages of the other folder."""
    from io import StringIO

    from sphinx.application import Sphinx

    doctrees = tmp_path / "doctrees"

    def build_into(outdir: Path) -> Path:
        app = Sphinx(project, project, outdir, doctrees, "html", status=StringIO(), warning=StringIO())
        app.build()
        return outdir

    site, preview = tmp_path / "site", tmp_path / "preview"
    build_into(site)
    (project / "m1.md").write_text(MODULE.format(number=1, exercise="{doc}`exercises/e2`"), encoding="utf-8")
    (project / "m2.md").write_text(MODULE.format(number=2, exercise="{doc}`exercises/e1`"), encoding="utf-8")
    build_into(preview)
    assert links(build_into(site), "exercises/e2") == {"prev": "m1", "next": "m2"}
