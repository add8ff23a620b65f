"""Same sources, same bytes: what keeps two builds of one commit identical.

Two clean builds with the same ``SOURCE_DATE_EPOCH``
(https://reproducible-builds.org/specs/source-date-epoch/) must give
byte-identical websites and e-books, so a reader, a mirror or a reviewer can
check that a published file comes from a given commit. Comparing two builds
(``diff -r``) found three sources of difference; this extension fixes the
second, the others are fixed where they arise:

* Sphinx zips the EPUB with each file's modification time: ``write_zip``
  (``coursekit.core.zips``, shared with the SCORM packages)
  dates every entry ``SOURCE_DATE_EPOCH`` (1980-01-01 without it, the
  earliest date a zip can hold) and writes the entries in a fixed order
  with fixed permissions;
* (here) the executed notebook the website offers for download changed with the
  timing of the run: nbclient stamps every cell with the time it ran
  (``metadata.execution``), and a kernel flushes printed text in chunks
  that depend on timing (``"Pas encore."`` and its newline came as one
  output or two). Once the notebook is read, the stamps are removed and
  consecutive printed outputs merged, as nbconvert already does for the
  page itself (``CoalesceStreamsPreprocessor``);
* Sphinx's ``.buildinfo`` hashes the configuration, which held the absolute
  path of the course's templates: ``coursekit.sphinxext.theme`` now adds them
  relative to ``conf.py``, so a build in another folder gives the same file.

Everything else was already stable (search index, figure ids, notebook
PNGs, ``dcterms:modified``, which Sphinx takes from ``SOURCE_DATE_EPOCH``);
``tests/test_reproducible.py`` keeps it that way.
"""

from __future__ import annotations

import nbformat
from nbconvert.preprocessors import CoalesceStreamsPreprocessor
from sphinx.application import Sphinx

from coursekit.core.notebooks import is_notebook
from coursekit.sphinxext import event_order
from coursekit.sphinxext.nbsphinx_compat import executed_notebook

EXECUTION_METADATA = "execution"


def settle_executed_notebook(app: Sphinx, doctree) -> None:
    """Remove what depends on the run's timing from the executed notebook offered for download."""
    docname = app.env.docname
    if not is_notebook(app.env.doc2path(docname)):
        return
    executed = executed_notebook(app.env, docname)
    if not executed.is_file():
        return
    notebook = nbformat.read(executed, as_version=4)
    before = nbformat.writes(notebook)
    for cell in notebook.cells:
        cell.metadata.pop(EXECUTION_METADATA, None)
    CoalesceStreamsPreprocessor().preprocess(notebook, {})
    if nbformat.writes(notebook) != before:
        nbformat.write(notebook, executed)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", settle_executed_notebook, priority=event_order.SETTLE_EXECUTED_NOTEBOOK)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
