"""Where the course relies on nbsphinx internals: one place, checked against nbsphinx 0.9.8.

nbsphinx documents its configuration values, not its internals; two of them
are needed (each says what nbsphinx lacks), and
``tests/fast/test_nbsphinx_compat.py`` fails with "nbsphinx X changed Y: see
coursekit/sphinxext/nbsphinx_compat.py" when an upgrade moves either:

1. The executed notebook nbsphinx offers for download
   (``executed_notebook``): nbsphinx saves it while parsing, as
   ``<env.nbsphinx_auxdir>/<docname>.ipynb``, and copies it to the output
   when pages are written. It has no hook between the two, so the course
   edits that file from ``doctree-read`` (solutions removed, run timings
   settled: ``coursekit.sphinxext.notebook_pages``, ``reproducible``).
2. The order of nbsphinx's transforms (``BETWEEN_ANCHORS_AND_LABELS``): it
   names each notebook section after its title
   (``CreateNotebookSectionAnchors``, priority 200), then makes the labels
   other documents link to from those names (``CreateSectionLabels``, 250).
   A transform between the two gives a translated page the anchors of the
   source language (``notebook_pages.SourceLanguageAnchors``).
3. The directive that holds a code cell's output (``output_directive``,
   ``nboutput``): nbsphinx's RST template writes what a kernel printed or
   drew as ``.. raw::`` inside it. The course turns raw markup off for every
   document and back on only while that directive is parsed
   (``coursekit.sphinxext.file_insertion``).
4. What a cell printed (``printed_text``): nbsphinx writes a stream output as
   raw HTML, the text escaped in a ``<pre>`` (ANSI colours as ``<span>``s),
   beside raw LaTeX. The pen-and-paper edition sets a printed list as lines
   of text (``notebook_pages``) and reads it back from the HTML.
5. A kernel that dies as it starts (``restarting_notebook_parser``):
   jupyter_client chooses a kernel's ports, frees them, then starts the
   kernel, which binds them; another process may take one in between
   (jupyter/jupyter_client#487), and the kernel exits. Builds of both
   languages side by side start many kernels at once. nbsphinx has no retry
   and no way to ask for the IPC transport (its ``ExecutePreprocessor`` takes
   no configuration), so the course's parser, nbsphinx's own subclassed,
   parses the notebook again when nbsphinx reports that death
   (``KERNEL_DIED`` in its ``NotebookError``), a few times.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

CHECKED_AGAINST = "0.9.8"
AUXDIR_ATTRIBUTE = "nbsphinx_auxdir"
# Between nbsphinx's CreateNotebookSectionAnchors (200) and CreateSectionLabels (250).
BETWEEN_ANCHORS_AND_LABELS = 210
OUTPUT_DIRECTIVE = "nboutput"


# Where nbsphinx writes the images of cell outputs: a folder of this name below the doctrees (its auxdir).
OUTPUT_IMAGES_FOLDER = "nbsphinx"


def is_output_image(uri: str) -> bool:
    """Whether an image is a file nbsphinx wrote from a cell's output (a chart), not an author's picture."""
    return OUTPUT_IMAGES_FOLDER in PurePosixPath(uri).parts


def executed_notebook(env: BuildEnvironment, docname: str) -> Path:
    """The executed notebook nbsphinx saved for ``docname`` and will copy to the output as its download."""
    return Path(getattr(env, AUXDIR_ATTRIBUTE)) / f"{docname}.ipynb"


def output_directive() -> type:
    """nbsphinx's directive class for a code cell's output (raw HTML, LaTeX and text inside)."""
    import nbsphinx

    return nbsphinx.NbOutput


def printed_text(output: nodes.Element) -> str | None:
    """What a code cell printed, as plain text, from the output nbsphinx wrote; ``None`` for any other output
    (a chart, a table as HTML, an error)."""
    markup = [raw for raw in output.findall(nodes.raw) if raw.get("format") == "html"]
    if len(markup) != 1 or next(output.findall(nodes.image), None) is not None:
        return None
    found = re.fullmatch(r"\s*<pre>(.*)</pre>\s*", markup[0].astext(), flags=re.S)
    if found is None:
        return None
    text = html.unescape(re.sub(r"<[^>]*>", "", found.group(1)))
    return text.removeprefix("\n")  # as an HTML parser drops the line break that opens a <pre>


KERNEL_DIED = "Kernel died before replying to kernel_info"  # jupyter_client's words, in nbsphinx's error
KERNEL_STARTS = 3  # attempts per notebook: a port taken twice in a row is already rare


@cache
def restarting_notebook_parser() -> type:
    """nbsphinx's notebook parser, which starts the kernel again when it died as it started (item 5 above)."""
    import nbsphinx

    class RestartingNotebookParser(nbsphinx.NotebookParser):
        def parse(self, inputstring, document) -> None:
            for attempt in range(1, KERNEL_STARTS + 1):
                try:
                    return super().parse(inputstring, document)
                except nbsphinx.NotebookError as error:
                    if KERNEL_DIED not in str(error) or attempt == KERNEL_STARTS:
                        raise
                    logger.info(
                        "the kernel died as it started (attempt %d of %d): starting it again",
                        attempt,
                        KERNEL_STARTS,
                        location=document.settings.env.docname,
                    )

    return RestartingNotebookParser
