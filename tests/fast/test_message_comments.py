"""Each page message's #. comment says what it is: the extraction builder records the node of every message."""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from coursekit.core.paths import MESSAGE_KINDS_FILE

CONF = """
extensions = ["myst_parser", "coursekit.sphinxext.message_comments"]
language = "fr"
gettext_compact = False
myst_enable_extensions = ["colon_fence", "deflist"]
"""
PAGE = """# Un titre

Un paragraphe.

- Un élément de liste.

| Colonne |
| --- |
| Une cellule |

![Un texte de remplacement](image.png)

```{glossary}
Un terme
  Sa définition.
```
"""


def test_the_extraction_records_what_each_message_is(tmp_path):
    project = tmp_path / "src"
    project.mkdir()
    (project / "conf.py").write_text(CONF, encoding="utf-8")
    (project / "index.md").write_text(PAGE, encoding="utf-8")
    (project / "image.png").write_bytes(b"")
    app = SphinxTestApp("course-gettext", srcdir=project)
    try:
        app.build()
    finally:
        app.cleanup()
    kinds = json.loads((Path(app.outdir) / MESSAGE_KINDS_FILE).read_text(encoding="utf-8"))["index"]
    assert kinds["Un titre"] == ["heading"]
    assert kinds["Un paragraphe."] == ["paragraph"]
    assert kinds["Un élément de liste."] == ["list item"]
    assert kinds["Une cellule"] == ["table cell"]
    assert kinds["Un texte de remplacement"] == ["image alt text (read by screen readers)"]
    assert kinds["Un terme"] == ["glossary term"]
    assert kinds["Sa définition."] == ["definition"]
    assert (Path(app.outdir) / "index.pot").is_file()  # Sphinx's own extraction, unchanged
