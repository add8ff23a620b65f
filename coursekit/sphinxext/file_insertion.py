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

When a translation trips a switch (the checks bypassed), the warning names
the catalog entry that holds it, ``locales/<lang>/LC_MESSAGES/<doc>.po:<msgstr
line>``, where the translator can fix it, not the French source.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import polib
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from coursekit.core.languages import source_language
from coursekit.sphinxext import event_order, nbsphinx_compat

DISABLED = {"file_insertion_enabled": False, "raw_enabled": False}
# What docutils and Sphinx say when a switch is off, and the directives that read files or pass markup.
TRIPPED = re.compile(r"disabled|deactivated", re.IGNORECASE)
INSERTING_DIRECTIVE = re.compile(r"\b(?:include|literalinclude|raw|csv-table)\s*::|\{(?:include|literalinclude|raw)\}")


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


def _msgstr_line(lines: list[str], entry: polib.POEntry) -> int:
    after = range(entry.linenum - 1, len(lines))
    return next((number + 1 for number in after if lines[number].startswith("msgstr")), entry.linenum)


class CatalogLocation(logging.Filter):
    """Names the catalog entry behind a tripped switch in a translated document."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        language = self.app.config.language
        location = str(getattr(record, "location", "") or "")
        if language == source_language() or not TRIPPED.search(str(record.msg)) or ":" not in location:
            return True
        docname = self.app.env.path2doc(location.split(":", 1)[0])
        for folder in self.app.config.locale_dirs if docname else ():
            catalog = Path(self.app.srcdir, folder, language, "LC_MESSAGES", f"{docname}.po")
            if catalog.is_file() and not catalog.is_symlink():
                lines = catalog.read_text(encoding="utf-8").split("\n")
                for entry in polib.pofile(str(catalog)):
                    if INSERTING_DIRECTIVE.search(entry.msgstr):
                        record.location = f"{catalog.relative_to(self.app.srcdir)}:{_msgstr_line(lines, entry)}"
                        record.msg = f"{record.msg} (the translation of {entry.msgid[:60]!r}: remove the directive)"
                        return True
        return True


def locate_translations(app: Sphinx) -> None:
    for handler in logging.getLogger("sphinx").handlers:
        handler.addFilter(CatalogLocation(app))


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
    app.connect("doctree-read", refuse_reenabled_switches, priority=event_order.REFUSE_FILE_INSERTION)
    app.connect("builder-inited", locate_translations)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
