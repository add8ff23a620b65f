"""No document of any build reads a file of the machine or passes raw markup through.

docutils runs ``.. include::``, ``.. literalinclude::``, ``.. raw::`` and
``.. csv-table:: :file:`` from any reStructuredText it is handed: MyST's
``{eval-rst}``, and the reStructuredText pandoc writes for every notebook
Markdown cell (nbsphinx), where a translated line starting with ``.. `` is
a directive. The catalog checks refuse such a translation first
(``conversion``, ``structure``); this is the defence behind them, as the
docutils security notes advise: ``file_insertion_enabled`` and
``raw_enabled`` are off for every document of every build, so a directive
that would read a file or pass markup through becomes a warning, and the
build (``-W``) stops on it.

One exception, the output of notebook code: nbsphinx writes what a kernel
printed (escaped by nbsphinx) or drew as ``.. raw:: html`` inside its
``nboutput`` directive, so raw markup is on while that directive, and only
it, is parsed. File insertion stays off there too.

A docutils configuration file (``DOCUTILSCONFIG``, ``docutils.conf``)
overrides Sphinx's defaults: a document parsed with either switch on stops
the build.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from coursekit.sphinxext import nbsphinx_compat

DISABLED = {"file_insertion_enabled": False, "raw_enabled": False}


def disable_file_insertion(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    # env.settings are the defaults of every document's docutils settings (pages and notebooks alike).
    env.settings.update(DISABLED)


def refuse_reenabled_switches(app: Sphinx, doctree: nodes.document) -> None:
    settings = doctree.settings
    enabled = [name for name in DISABLED if getattr(settings, name, True)]
    if enabled:
        raise ExtensionError(
            f"{doctree.get('source')}: docutils settings {', '.join(enabled)} are on (a docutils.conf or "
            "DOCUTILSCONFIG turns them on): the course builds with file insertion and raw markup off"
        )


class NotebookOutput(nbsphinx_compat.output_directive()):
    """nbsphinx's output directive, with raw markup on while it parses what a kernel produced."""

    def run(self) -> list[nodes.Node]:
        settings = self.state.document.settings
        settings.raw_enabled = True
        try:
            return super().run()
        finally:
            settings.raw_enabled = False


def setup(app: Sphinx) -> dict:
    app.setup_extension("nbsphinx")
    app.add_directive(nbsphinx_compat.OUTPUT_DIRECTIVE, NotebookOutput, override=True)
    app.connect("env-before-read-docs", disable_file_insertion)
    app.connect("doctree-read", refuse_reenabled_switches, priority=1)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
