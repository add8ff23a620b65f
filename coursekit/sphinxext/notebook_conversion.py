"""Notebook Markdown as the build hands it to docutils: pandoc's reStructuredText, read by docutils.

nbsphinx converts each Markdown cell with pandoc (``nbsphinx.markdown2rst``)
and gives the result to docutils. To markdown-it, ``.. literalinclude:: /x``
is a plain paragraph; pandoc's RST writer passes it through, and docutils
reads a directive. So a translated notebook message is compared with its
source *after that conversion*: the cell that holds it is converted once as
the author wrote it and once with the translation in place, each result is
read by docutils (file insertion and raw markup off, nothing reported), and
the translation must come out made of the same elements: no directive,
comment, target, substitution, literal block, footnote, role or block of any
kind that the source's conversion does not have, and none of the source's
lost (pandoc drops a line starting with ``%``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import directives, roles

from coursekit.core.notebook_i18n import UnreadableNotebook, UnsafeTranslation, _translate_markdown, read_notebook
from coursekit.sphinxext.pandoc import use_bundled_pandoc

# docutils reads the converted text only to see what it is made of: it reads no file, passes no markup,
# reads no configuration file and reports nothing.
_READ_ONLY = {
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
    "_disable_config": True,
}


@cache
def to_rst(markdown: str) -> str:
    """The reStructuredText nbsphinx makes of a Markdown cell, with the pandoc the build uses."""
    import nbsphinx

    use_bundled_pandoc()
    return nbsphinx.markdown2rst(markdown)


@contextmanager
def plain_docutils() -> Iterator[None]:
    """docutils' own directives and roles only, for the time of one parse.

    The catalog guard runs this check inside a Sphinx build, whose extensions have registered their
    directives and roles in docutils' module-wide tables (``_directives``, ``_roles``); those expect a
    Sphinx environment and fail on a plain parse ("'Values' object has no attribute 'env'"). A directive
    docutils does not know is still an element (an error node), so nothing is missed.
    """
    saved = directives._directives, roles._roles
    directives._directives, roles._roles = {}, {}
    try:
        yield
    finally:
        directives._directives, roles._roles = saved


def rst_elements(rst: str) -> Counter:
    """What docutils makes of ``rst``: how many of each element (text itself left out)."""
    with plain_docutils():
        document = publish_doctree(rst, settings_overrides=_READ_ONLY)
    return Counter(type(node).__name__ for node in document.findall(nodes.Element) if node is not document)


@cache
def _markdown_cells(notebook: Path, modified: float) -> tuple[str, ...]:
    try:
        return tuple(cell.source for cell in read_notebook(notebook).cells if cell.cell_type == "markdown")
    except UnreadableNotebook:
        return ()  # check-po names the notebook once; each message is then converted on its own


def _translated_cell(cell: str, msgid: str, msgstr: str) -> str | None:
    """``cell`` with ``msgstr`` in place of ``msgid``; None when the writer refuses it (``structure``)."""
    try:
        return _translate_markdown(cell, lambda text: msgstr if text == msgid else text)
    except UnsafeTranslation:
        return None


def conversion_changes(notebook: Path | None, msgid: str, msgstr: str) -> Counter:
    """The elements ``msgstr`` adds or loses, after the build's conversion, in each Markdown cell of
    ``notebook`` that holds ``msgid`` (in its list, quote, heading or table); a message no cell
    holds (or no notebook) is converted on its own."""
    cells = _markdown_cells(notebook, notebook.stat().st_mtime) if notebook and notebook.is_file() else ()
    pairs = [(cell, _translated_cell(cell, msgid, msgstr)) for cell in cells if msgid in " ".join(cell.split())]
    pairs = [(cell, translated) for cell, translated in pairs if translated != cell] or [
        (msgid, _translated_cell(msgid, msgid, msgstr))
    ]
    changes = Counter()
    for cell, translated in pairs:
        if translated is None:
            changes["a block the source does not have"] += 1
            continue
        before, after = rst_elements(to_rst(cell)), rst_elements(to_rst(translated))
        changes |= (after - before) + Counter({f"lost {name}": count for name, count in (before - after).items()})
    return changes
