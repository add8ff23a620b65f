"""Records what each Sphinx run reads, for the benchmark (``make bench``).

Only active when ``COURSE_BUILD_STATS`` names a file: each run appends one JSON
line with its builder, language, the documents it read and, among them, the
notebooks (nbsphinx executes every notebook it reads).
"""

from __future__ import annotations

import json
import os

from sphinx.application import Sphinx

from coursekit.core.notebooks import is_notebook

STATS_VARIABLE = "COURSE_BUILD_STATS"


def record_reads(app: Sphinx, env, docnames: list[str]) -> None:
    target = os.environ.get(STATS_VARIABLE)
    if not target:
        return
    notebooks = [name for name in docnames if is_notebook(env.doc2path(name))]
    line = {
        "builder": app.builder.name,
        "language": app.config.language,
        "read": sorted(docnames),
        "notebooks": sorted(notebooks),
    }
    with open(target, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(line) + "\n")


def setup(app: Sphinx) -> dict:
    app.connect("env-before-read-docs", record_reads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
